#pragma once
// What staff mode needs from the browser (issue 6): fetches with the staff token, the token kept
// in this device's storage, files saved as downloads, and this device's queued and held responses.
// Browser implementation: staff_web.cpp, calling shell/tellus-staff.js (window.TellusStaff).
#include <functional>
#include <string>

namespace tellus::platform {

// True when the page was opened as ".../#staff".
bool url_asks_for_staff();
// Removes "#staff" from the address, so a reload after leaving starts the patient screens.
void clear_staff_url();

// The staff token remembered on this device ("" when none), and changing or forgetting it.
std::string stored_staff_token();
void store_staff_token(const std::string& token);
void forget_staff_token();

// GET `url` with "Authorization: Bearer <token>"; `done` gets the status (0 = network error) and body.
void staff_fetch(const std::string& url, const std::string& token, std::function<void(int status, std::string body)> done);

// GET `url` with the token and save the answer as the download `file_name`, without passing the
// (possibly large) body through the app; `done` gets the HTTP status (0 = network error).
void staff_download(const std::string& url, const std::string& token, const std::string& file_name,
                    std::function<void(int status)> done);

// Saves `content` as the download `file_name`.
void save_file(const std::string& file_name, const std::string& mime_type, const std::string& content);

// This device's outbox as JSON: {"queued":[{id, body, queued_at, ...}], "held":[{id, body, errors, ...}]}.
void read_device_responses(std::function<void(std::string json)> done);

// Ask the sync engine to try at once (the "Sync now" button).
void sync_now();

// Opens `url` (relative to the app) in a new tab: the printable phone poster.
void open_page(const std::string& url);

// Today's local date, "YYYY-MM-DD".
std::string local_date_today();

}  // namespace tellus::platform
