#pragma once
// An AppHost for native tests: a clock the test moves, and every request recorded with its
// callback so the test decides what answers, when, and whether anything answers at all.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/app_host.hpp"

namespace tellus::test {

class FakeHost : public AppHost {
public:
    struct Request {
        std::string method, url, bearer, body;
        HttpDone done;
        bool answered = false;
    };
    struct Save {
        std::string id, json;
        std::function<void(bool)> done;
        bool answered = false;
    };

    // [SECTION] What the test controls
    double now = 1'000'000;
    std::map<std::string, std::string> device_copies;  // url -> body the device holds (fetch_cached)
    bool speech = true;
    std::vector<Request> requests;  // fetch and staff_request, in order
    std::vector<Request> cached_requests;
    std::vector<Save> saves;
    std::vector<std::string> announced, spoken, files_saved;
    std::vector<double> wakes;
    std::string document_language, document_title;
    int reloads = 0, uuids = 0;
    bool speaking = false;
    std::vector<OutboxItem> outbox;
    std::vector<HeldItem> held;

    void advance(double ms) { now += ms; }

    // Answers the oldest unanswered request whose URL contains `url_part`; false when none waits.
    bool answer(const std::string& url_part, int status, const std::string& body) {
        for (auto& r : requests) {
            if (r.answered || r.url.find(url_part) == std::string::npos) continue;
            r.answered = true;
            auto done = r.done;  // the callback may add requests
            done(status, body);
            return true;
        }
        return false;
    }
    // Answers every pending fetch_cached from `device_copies`.
    void answer_cached() {
        for (size_t i = 0; i < cached_requests.size(); ++i) {
            if (cached_requests[i].answered) continue;
            cached_requests[i].answered = true;
            auto it = device_copies.find(cached_requests[i].url);
            auto done = cached_requests[i].done;
            if (it == device_copies.end()) done(0, "");
            else done(200, it->second);
        }
    }
    size_t pending(const std::string& url_part) const {
        return std::count_if(requests.begin(), requests.end(),
                             [&](const Request& r) { return !r.answered && r.url.find(url_part) != std::string::npos; });
    }
    // Confirms (or refuses) every save not yet answered.
    void answer_saves(bool ok) {
        for (size_t i = 0; i < saves.size(); ++i) {
            if (saves[i].answered) continue;
            saves[i].answered = true;
            auto done = saves[i].done;
            done(ok);
        }
    }

    // [SECTION] AppHost
    void fetch(const std::string& url, HttpDone done) override { requests.push_back({"GET", url, "", "", std::move(done)}); }
    void fetch_cached(const std::string& url, HttpDone done) override { cached_requests.push_back({"GET", url, "", "", std::move(done)}); }
    void staff_request(const std::string& method, const std::string& url, const std::string& bearer, const std::string& body,
                       HttpDone done) override {
        requests.push_back({method, url, bearer, body, std::move(done)});
    }
    void hold_staff_session(const std::string&, const std::string& bearer) override { held_session = bearer; }
    void staff_download(const std::string& url, const std::string& bearer, const std::string& file_name,
                        std::function<void(int)> done) override {
        requests.push_back({"DOWNLOAD", url, bearer, file_name, [done](int status, std::string) { done(status); }});
    }
    void save_response(const std::string& id, const std::string& json, std::function<void(bool)> done) override {
        saves.push_back({id, json, std::move(done)});
    }
    SyncStatus sync_status() const override { return {}; }
    std::vector<OutboxItem> device_responses() const override { return outbox; }
    std::vector<HeldItem> device_held() const override { return held; }
    void sync_now() override { ++syncs; }
    double now_ms() const override { return now; }
    std::string now_iso8601() const override { return "2026-11-23T10:15:00-05:00"; }
    std::string local_date_today() const override { return "2026-11-23"; }
    std::string local_time_of_day(TimePoint) const override { return "10:15"; }
    std::string random_uuid() override {
        ++uuids;
        return "00000000-0000-4000-8000-" + std::string(12 - std::to_string(uuids).size(), '0') + std::to_string(uuids);
    }
    void wake_after(double ms) override { wakes.push_back(ms); }
    bool speech_available(const std::string&) const override { return speech; }
    void speak(const std::string& text, const std::string&) override {
        spoken.push_back(text);
        speaking = true;
    }
    void stop_speaking() override { speaking = false; }
    bool is_speaking() const override { return speaking; }
    void announce(const std::string& text) override { announced.push_back(text); }
    void set_document_language(const std::string& lang, const std::string& title) override {
        document_language = lang;
        document_title = title;
    }
    void save_file(const std::string& file_name, const std::string&, const std::string& content) override {
        files_saved.push_back(file_name);
        file_contents[file_name] = content;
    }
    void open_page(const std::string& url) override { opened.push_back(url); }
    bool url_asks_for_staff() const override { return staff_url; }
    void clear_staff_url() override { staff_url = false; }
    void reload_if_updated() override { ++reloads; }

    std::string held_session;
    std::map<std::string, std::string> file_contents;
    std::vector<std::string> opened;
    bool staff_url = false;
    int syncs = 0;
};

}  // namespace tellus::test
