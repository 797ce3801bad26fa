#include "web_host.hpp"

#include "platform.hpp"
#include "staff.hpp"

namespace tellus::platform {

// [SECTION] Network

void WebHost::fetch(const std::string& url, HttpDone done) { platform::fetch(url, std::move(done)); }

void WebHost::staff_request(const std::string& method, const std::string& url, const std::string& bearer, const std::string& body,
                            HttpDone done) {
    platform::staff_request(method, url, bearer, body, std::move(done));
}

void WebHost::hold_staff_session(const std::string& end_url, const std::string& bearer) { platform::hold_staff_session(end_url, bearer); }

void WebHost::staff_download(const std::string& url, const std::string& bearer, const std::string& file_name,
                             std::function<void(int status)> done) {
    platform::staff_download(url, bearer, file_name, std::move(done));
}

// [SECTION] Storage and sync

// The sync engine reads the response's own id; `id` is the same one.
void WebHost::save_response(const std::string&, const std::string& response_json, std::function<void(bool saved)> done) {
    platform::save_response(response_json, std::move(done));
}

SyncStatus WebHost::sync_status() const { return platform::sync_status(); }
std::vector<OutboxItem> WebHost::device_responses() const { return platform::device_responses(); }
std::vector<HeldItem> WebHost::device_held() const { return platform::device_held(); }
void WebHost::sync_now() { platform::sync_now(); }

// [SECTION] Clock and identity

double WebHost::now_ms() const { return platform::now_ms(); }
std::string WebHost::now_iso8601() const { return platform::now_iso8601(); }
std::string WebHost::local_date_today() const { return platform::local_date_today(); }
std::string WebHost::local_time_of_day(TimePoint when) const { return platform::local_time_of_day(when); }
std::string WebHost::random_uuid() { return platform::random_uuid(); }
void WebHost::wake_after(double ms) { platform::wake_after(ms); }

// [SECTION] People

bool WebHost::speech_available(const std::string& lang) const { return platform::speech_available(lang); }
void WebHost::speak(const std::string& text, const std::string& lang) { platform::speak(text, lang); }
void WebHost::stop_speaking() { platform::stop_speaking(); }
bool WebHost::is_speaking() const { return platform::is_speaking(); }

void WebHost::announce(const std::string& text) {
    if (announcer_) announcer_(text);
}

void WebHost::set_document_language(const std::string& lang, const std::string& title) { platform::set_document_language(lang, title); }

// [SECTION] Page

void WebHost::save_file(const std::string& file_name, const std::string& mime_type, const std::string& content) {
    platform::save_file(file_name, mime_type, content);
}

void WebHost::open_page(const std::string& url) { platform::open_page(url); }
bool WebHost::url_asks_for_staff() const { return platform::url_asks_for_staff(); }
void WebHost::clear_staff_url() { platform::clear_staff_url(); }
void WebHost::reload_if_updated() { platform::reload_if_updated(); }

}  // namespace tellus::platform
