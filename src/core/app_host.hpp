#pragma once
// Everything the app asks of the world, as one interface injected into the app's models
// (AppModel, StaffModel): the browser implements it in src/platform/web_host.cpp, tests with a
// fake that records each call and answers when the test says so. No I/O and no clock reach core
// any other way, so every journey through the app runs natively under doctest.
//
// Asynchronous calls take a callback that the host runs later, on the main thread, exactly once
// (with status 0 for a network error or a time-out). A host never runs a callback from inside the
// call that registered it.
#include <functional>
#include <string>
#include <vector>

#include "outbox.hpp"
#include "sync.hpp"

namespace tellus {

using HttpDone = std::function<void(int status, std::string body)>;

class AppHost {
public:
    virtual ~AppHost() = default;

    // [SECTION] Network
    // GET `url` (relative to the app); `done` gets the status (0 = no answer) and the body.
    virtual void fetch(const std::string& url, HttpDone done) = 0;
    // The device's last good copy of `url` (the service worker keeps one of each survey that loaded
    // and validated); `done` gets 200 and the body, or 0 when the device has none.
    virtual void fetch_cached(const std::string& url, HttpDone done) = 0;
    // A staff request with "Authorization: Bearer <bearer>" and a JSON `body` ("" for none).
    virtual void staff_request(const std::string& method, const std::string& url, const std::string& bearer,
                               const std::string& body, HttpDone done) = 0;
    // The staff session open now ("" for none), kept in the page's memory only so that closing or
    // reloading the page ends it on the server (DELETE `end_url`).
    virtual void hold_staff_session(const std::string& end_url, const std::string& bearer) = 0;
    // GET `url` with the bearer and save the answer as the download `file_name`, without passing
    // the (possibly large) body through the app; `done` gets the status.
    virtual void staff_download(const std::string& url, const std::string& bearer, const std::string& file_name,
                                std::function<void(int status)> done) = 0;

    // [SECTION] Storage and sync
    // Saves one response on the device and calls `done(true)` once the write is durable;
    // `done(false)` when the device refused it (the sync engine still holds it in memory).
    // Saving the same id again replaces it: it is never a second response.
    virtual void save_response(const std::string& id, const std::string& response_json, std::function<void(bool saved)> done) = 0;
    // What is waiting and held, and when the last upload succeeded.
    virtual SyncStatus sync_status() const = 0;
    // Every response the sync engine holds: saved, waiting, held and memory-only alike.
    virtual std::vector<OutboxItem> device_responses() const = 0;
    virtual std::vector<HeldItem> device_held() const = 0;
    // Try to upload at once ("Sync now").
    virtual void sync_now() = 0;

    // [SECTION] Clock and identity
    virtual double now_ms() const = 0;                 // monotonic
    virtual std::string now_iso8601() const = 0;       // local wall-clock time with its offset
    virtual std::string local_date_today() const = 0;  // "YYYY-MM-DD"
    virtual std::string local_time_of_day(TimePoint when) const = 0;  // "14:05"
    virtual std::string random_uuid() = 0;
    // Run the app again after `ms` even if nothing else happens (timers, time-outs).
    virtual void wake_after(double ms) = 0;

    // [SECTION] People
    virtual bool speech_available(const std::string& lang) const = 0;
    virtual void speak(const std::string& text, const std::string& lang) = 0;
    virtual void stop_speaking() = 0;
    virtual bool is_speaking() const = 0;
    // Said once by screen readers (the twin layer's live region).
    virtual void announce(const std::string& text) = 0;
    // The page's language and title, so screen readers and the tab follow the app's language.
    virtual void set_document_language(const std::string& lang, const std::string& title) = 0;

    // [SECTION] Page
    virtual void save_file(const std::string& file_name, const std::string& mime_type, const std::string& content) = 0;
    virtual void open_page(const std::string& url) = 0;
    // True when the page was opened as ".../#staff"; clear_staff_url() removes it.
    virtual bool url_asks_for_staff() const = 0;
    virtual void clear_staff_url() = 0;
    // Between two patients: start the newer version of the app if one has been installed.
    virtual void reload_if_updated() = 0;
};

}  // namespace tellus
