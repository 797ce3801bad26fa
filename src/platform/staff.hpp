#pragma once
// What staff mode needs from the browser (issues 6, 11): requests with a staff session (or, once,
// the token that makes it) and files saved as downloads. This device's queued and held responses
// come from the sync engine itself (platform.hpp: device_responses, device_held).
// Nothing that grants access is stored by the browser side.
// Browser implementation: staff_web.cpp, calling shell/tellus-staff.js (window.TellusStaff).
#include <functional>
#include <string>

namespace tellus::platform {

// True when the page was opened as ".../#staff".
bool url_asks_for_staff();
// Removes "#staff" from the address, so a reload after leaving starts the patient screens.
void clear_staff_url();

// `method` `url` with "Authorization: Bearer <bearer>" and a JSON `body` ("" for none); `done` gets
// the status (0 = network error) and body.
void staff_request(const std::string& method, const std::string& url, const std::string& bearer, const std::string& body,
                   std::function<void(int status, std::string body)> done);
// The session open now ("" for none), kept in the page's memory only so that closing or reloading
// the page ends it on the server (DELETE `end_url`).
void hold_staff_session(const std::string& end_url, const std::string& bearer);

// GET `url` with the bearer and save the answer as the download `file_name`, without passing the
// (possibly large) body through the app; `done` gets the HTTP status (0 = network error).
void staff_download(const std::string& url, const std::string& token, const std::string& file_name,
                    std::function<void(int status)> done);

// Saves `content` as the download `file_name`.
void save_file(const std::string& file_name, const std::string& mime_type, const std::string& content);

// Ask the sync engine to try at once (the "Sync now" button).
void sync_now();

// Opens `url` (relative to the app) in a new tab: the printable phone poster.
void open_page(const std::string& url);

// Today's local date, "YYYY-MM-DD".
std::string local_date_today();

}  // namespace tellus::platform
