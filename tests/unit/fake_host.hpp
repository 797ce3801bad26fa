#pragma once
// The AppHost of every native test (the patient app's and staff mode's): a clock the test moves,
// and every request, download and save recorded with its callback so the test decides what
// answers, when, and whether anything answers at all. device_responses() and device_held() come
// from a real Outbox (over a store that keeps nothing) that the test fills.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/app_host.hpp"

namespace tellus::test {

// A store that keeps nothing: the outbox behind device_responses() is the sync engine's memory.
class NoStore : public OutboxStore {
public:
    void load_all() override {}
    void put(const OutboxItem&) override {}
    void remove(const std::string&) override {}
    void hold(const HeldItem&) override {}
};

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
    struct Download {
        std::string url, bearer, file_name;
        std::function<void(int)> done;
    };
    struct SavedFile {
        std::string name, mime, content;
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
    NoStore store;
    Outbox outbox{store};  // what device_responses() and device_held() give: add, save and hold in it
    SyncStatus status;     // what sync_status() gives

    void advance(double ms) { now += ms; }

    // Answers the oldest unanswered request whose URL contains `url_part`; false when none waits.
    bool answer(const std::string& url_part, int status_code, const std::string& body) {
        for (auto& r : requests) {
            if (r.answered || r.url.find(url_part) == std::string::npos) continue;
            r.answered = true;
            auto done = r.done;  // the callback may add requests
            done(status_code, body);
            return true;
        }
        return false;
    }
    // Answers request `index` (as the browser does, later: never inside the call that made it).
    void answer(std::size_t index, int status_code, const std::string& body = "") {
        REQUIRE(index < requests.size());
        REQUIRE_FALSE(requests[index].answered);
        requests[index].answered = true;
        auto done = requests[index].done;
        done(status_code, body);
    }
    // How many requests (answered or not) went to a URL containing `url_part` with `method`.
    std::size_t count(const std::string& method, const std::string& url_part) const {
        return static_cast<std::size_t>(std::count_if(requests.begin(), requests.end(), [&](const Request& r) {
            return r.method == method && r.url.find(url_part) != std::string::npos;
        }));
    }
    // The index of the last such request; fails the test when there is none.
    std::size_t last(const std::string& method, const std::string& url_part) const {
        for (std::size_t i = requests.size(); i-- > 0;)
            if (requests[i].method == method && requests[i].url.find(url_part) != std::string::npos) return i;
        FAIL("no " << method << " " << url_part);
        return 0;
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
        downloads.push_back({url, bearer, file_name, std::move(done)});
    }
    void save_response(const std::string& id, const std::string& json, std::function<void(bool)> done) override {
        saves.push_back({id, json, std::move(done)});
    }
    SyncStatus sync_status() const override { return status; }
    std::vector<OutboxItem> device_responses() const override { return outbox.items(); }
    std::vector<HeldItem> device_held() const override { return outbox.held(); }
    void sync_now() override { ++syncs; }
    double now_ms() const override { return now; }
    std::string now_iso8601() const override { return "2026-11-23T10:15:00-05:00"; }
    std::string local_date_today() const override { return "2026-11-23"; }
    std::string local_time_of_day(TimePoint) const override { return "10:15"; }
    std::string random_uuid() override {
        ++uuids;
        return "00000000-0000-4000-8000-" + std::string(12 - std::to_string(uuids).size(), '0') + std::to_string(uuids);
    }
    void wake_after(double ms) override {
        wakes.push_back(ms);
        last_wake = ms;
    }
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
    void save_file(const std::string& file_name, const std::string& mime, const std::string& content) override {
        files_saved.push_back(file_name);
        file_contents[file_name] = content;
        saved_files.push_back({file_name, mime, content});
    }
    void open_page(const std::string& url) override { opened.push_back(url); }
    bool url_asks_for_staff() const override { return staff_url; }
    void clear_staff_url() override {
        staff_url = false;
        ++staff_url_cleared;
    }
    void reload_if_updated() override { ++reloads; }

    std::string held_session;  // the bearer hold_staff_session was last given
    std::vector<Download> downloads;  // staff_download, in order (not in `requests`)
    std::map<std::string, std::string> file_contents;
    std::vector<SavedFile> saved_files;  // save_file, in order, with the mime type
    std::vector<std::string> opened;
    bool staff_url = false;
    int syncs = 0, staff_url_cleared = 0;
    double last_wake = -1;  // the last wake_after (-1: none)
};

}  // namespace tellus::test
