#pragma once
// What the app needs from its host, and nothing more. The browser implementation is web.cpp
// (calls into shell/tellus-web.js); tests use native doubles. Keeping this small keeps src/ui
// free of browser calls.
#include <functional>
#include <string>
#include <vector>

#include "core/sync.hpp"

namespace tellus::platform {

// Async GET; `done` runs later on the main thread with the HTTP status (0 = network error).
using FetchDone = std::function<void(int status, std::string body)>;
void fetch(const std::string& url, FetchDone done);
// The service worker's last good copy of `url`: 200 and the body, or 0 when there is none.
void fetch_cached(const std::string& url, FetchDone done);

// The one registry of calls waiting for JavaScript: `done` runs when tellus-web.js calls
// tellus_done(id, ...) with this id, once, on the main thread.
int remember_call(FetchDone done);
// Runs `done` soon, never from inside the caller (a host's callbacks are always asynchronous).
void call_soon(FetchDone done, int status, std::string body = {});

// A query-string parameter of the page URL ("" when absent).
std::string url_parameter(const std::string& name);

// Mirror the twin layer (JSON from ui::TwinLayer::take_changes) into the page's DOM.
void publish_twins(const std::string& layer_json);

// The page's <title> and <html lang>, so screen readers and the tab follow the app's language.
void set_document_language(const std::string& lang, const std::string& title);

// Starts offline-first sync to `api_base` + "api/v1/responses" (api_base "" = this server).
void start_sync(const std::string& api_base);
// Saves one response on the device (IndexedDB) and calls `done(true)` only once the write is
// confirmed durable; `done(false)` when storage is full, refused or unavailable. Saved responses
// are then uploaded, and kept until the server has confirmed them.
void save_response(const std::string& id, const std::string& response_json, std::function<void(bool saved)> done);
// What is waiting, held and when the last upload succeeded, for the status line.
SyncStatus sync_status();
// Every response the sync engine holds, from its own outbox rather than from storage, so that
// responses kept only in memory (the device refused to store them) are there too; and the held ones.
std::vector<OutboxItem> device_responses();
std::vector<HeldItem> device_held();
// "14:05": a moment as local wall-clock time, for the status line.
std::string local_time_of_day(TimePoint when);

// A random UUID version 4 from the platform's cryptographic generator.
std::string random_uuid();
// Local time now, ISO 8601 with the UTC offset ("2026-11-23T10:15:00-05:00").
std::string now_iso8601();

// Between two patients: start the newer version of the app if one has been installed.
void reload_if_updated();

// Read aloud with the browser's speech synthesis. `speech_available` is false when the device has
// no voice for that language (never read French with an English voice).
bool speech_available(const std::string& lang);
void speak(const std::string& text, const std::string& lang);
void stop_speaking();
bool is_speaking();

// The app cannot start (no WebGL 2 context, SDL failed): the page says so in words, in place of
// "Loading" (shell/index.html's #starting).
void report_start_failure(const char* why);

// A named moment ("webgl-ready") on the page's performance timeline, for bench/app's start-up
// breakdown: where the time to the first question goes.
void mark(const char* moment);

// Milliseconds from a monotonic clock.
double now_ms();

// Render on demand: input, timers and async results ask for a few frames; the main loop draws
// only while some are owed, so an idle kiosk burns almost no CPU.
void request_frames(int count = 3);
bool take_frame();
// Wake the loop after `ms` (timers such as the kiosk's idle countdown).
void wake_after(double ms);

}  // namespace tellus::platform
