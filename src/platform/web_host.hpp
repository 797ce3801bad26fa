#pragma once
// The browser's AppHost (core/app_host.hpp): every call handed to the platform functions in
// platform.hpp and staff.hpp (web.cpp, sync_web.cpp, staff_web.cpp), so the app's models reach the
// browser only through this one object.
#include <functional>
#include <string>

#include "core/app_host.hpp"

namespace tellus::platform {

class WebHost : public AppHost {
public:
    // Where announce() goes: the twin layer's live region lives in src/ui, which the platform does
    // not know, so the app passes it in. Until then announcements are dropped.
    void set_announcer(std::function<void(const std::string&)> announcer) { announcer_ = std::move(announcer); }

    void fetch(const std::string& url, HttpDone done) override;
    void staff_request(const std::string& method, const std::string& url, const std::string& bearer, const std::string& body,
                       HttpDone done) override;
    void hold_staff_session(const std::string& end_url, const std::string& bearer) override;
    void staff_download(const std::string& url, const std::string& bearer, const std::string& file_name,
                        std::function<void(int status)> done) override;

    void save_response(const std::string& id, const std::string& response_json, std::function<void(bool saved)> done) override;
    SyncStatus sync_status() const override;
    std::vector<OutboxItem> device_responses() const override;
    std::vector<HeldItem> device_held() const override;
    void sync_now() override;

    double now_ms() const override;
    std::string now_iso8601() const override;
    std::string local_date_today() const override;
    std::string local_time_of_day(TimePoint when) const override;
    std::string random_uuid() override;
    void wake_after(double ms) override;

    bool speech_available(const std::string& lang) const override;
    void speak(const std::string& text, const std::string& lang) override;
    void stop_speaking() override;
    bool is_speaking() const override;
    void announce(const std::string& text) override;
    void set_document_language(const std::string& lang, const std::string& title) override;

    void save_file(const std::string& file_name, const std::string& mime_type, const std::string& content) override;
    void open_page(const std::string& url) override;
    bool url_asks_for_staff() const override;
    void clear_staff_url() override;
    void reload_if_updated() override;

private:
    std::function<void(const std::string&)> announcer_;
};

}  // namespace tellus::platform
