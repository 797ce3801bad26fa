#pragma once
// What the staff tests share (test_staff_model.cpp, test_staff_screen.cpp): a fake AppHost that
// records each staff request and answers it when the test says, as the browser would, later; the
// repository's survey; and a summary as tellus-serve answers it.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "core/app_host.hpp"
#include "core/staff_model.hpp"
#include "core/summary.hpp"
#include "test_files.hpp"

namespace tellus::test {

using nlohmann::json;

inline const std::string kToken = "0123456789abcdef0123456789abcdef";
inline std::string session_reply(const std::string& role, const std::string& session = "s3cr3t") {
    return json{{"session", session}, {"role", role}, {"name", "Pat"}, {"idle_seconds", 900}, {"max_seconds", 28800}}.dump();
}

inline const Survey& survey() {
    static const Survey s = *load_survey(repo_file("assets/surveys/primary-care-visit.json"), "p").survey;
    return s;
}

// A store that keeps nothing: the outbox behind device_responses() is the sync engine's memory.
class NoStore : public OutboxStore {
public:
    void load_all() override {}
    void put(const OutboxItem&) override {}
    void remove(const std::string&) override {}
    void hold(const HeldItem&) override {}
};

class StaffFakeHost : public AppHost {
public:
    struct Request {
        std::string method, url, bearer, body;
        HttpDone done;
        bool answered = false;
    };
    struct Download {
        std::string url, bearer, file_name;
        std::function<void(int)> done;
    };
    struct SavedFile {
        std::string name, mime, content;
    };

    std::vector<Request> requests;
    std::vector<Download> downloads;
    std::vector<SavedFile> saved_files;
    std::vector<std::string> opened;
    std::string held_session;  // the bearer hold_staff_session was last given
    int staff_url_cleared = 0, syncs = 0;
    double last_wake = -1;
    NoStore store;
    Outbox outbox{store};
    SyncStatus status;

    // Answers request `index` (the browser runs the callback later, never inside the call).
    void answer(std::size_t index, int status_code, const std::string& body = "") {
        REQUIRE(index < requests.size());
        REQUIRE_FALSE(requests[index].answered);
        requests[index].answered = true;
        auto done = requests[index].done;
        done(status_code, body);
    }
    std::size_t count(const std::string& method, const std::string& path) const {
        return static_cast<std::size_t>(std::count_if(requests.begin(), requests.end(), [&](const Request& r) {
            return r.method == method && r.url.find(path) != std::string::npos;
        }));
    }
    // The index of the last request to `path`.
    std::size_t last(const std::string& method, const std::string& path) const {
        for (std::size_t i = requests.size(); i-- > 0;)
            if (requests[i].method == method && requests[i].url.find(path) != std::string::npos) return i;
        FAIL("no " << method << " " << path);
        return 0;
    }

    void fetch(const std::string&, HttpDone) override {}
    void fetch_cached(const std::string&, HttpDone) override {}
    void staff_request(const std::string& method, const std::string& url, const std::string& bearer, const std::string& body,
                       HttpDone done) override {
        requests.push_back({method, url, bearer, body, std::move(done)});
    }
    void hold_staff_session(const std::string&, const std::string& bearer) override { held_session = bearer; }
    void staff_download(const std::string& url, const std::string& bearer, const std::string& file_name,
                        std::function<void(int)> done) override {
        downloads.push_back({url, bearer, file_name, std::move(done)});
    }
    void save_response(const std::string&, const std::string&, std::function<void(bool)>) override {}
    SyncStatus sync_status() const override { return status; }
    std::vector<OutboxItem> device_responses() const override { return outbox.items(); }
    std::vector<HeldItem> device_held() const override { return outbox.held(); }
    void sync_now() override { ++syncs; }
    double now_ms() const override { return 0; }
    std::string now_iso8601() const override { return "2026-11-23T10:15:00-05:00"; }
    std::string local_date_today() const override { return "2026-11-23"; }
    std::string local_time_of_day(TimePoint) const override { return "14:05"; }
    std::string random_uuid() override { return "uuid"; }
    void wake_after(double ms) override { last_wake = ms; }
    bool speech_available(const std::string&) const override { return false; }
    void speak(const std::string&, const std::string&) override {}
    void stop_speaking() override {}
    bool is_speaking() const override { return false; }
    void announce(const std::string&) override {}
    void set_document_language(const std::string&, const std::string&) override {}
    void save_file(const std::string& name, const std::string& mime, const std::string& content) override {
        saved_files.push_back({name, mime, content});
    }
    void open_page(const std::string& url) override { opened.push_back(url); }
    bool url_asks_for_staff() const override { return false; }
    void clear_staff_url() override { ++staff_url_cleared; }
    void reload_if_updated() override {}
};

inline StaffSetup kiosk_setup() { return {&survey(), "primary-care-visit", "north", "", true, 75'000}; }

// A real summary, as tellus-serve answers: 20 answered care_when_needed, 11 "good", the rest in
// cells under 5, so some are hidden.
inline std::string real_summary(const std::string& by = {}) {
    SummaryBuilder builder(survey(), by);
    const auto add = [&](const char* face, const char* language, int times) {
        for (int i = 0; i < times; ++i) builder.add({{"care_when_needed", face}, {"home_language", language}}, "north");
    };
    add("good", "english", 11);
    add("very_good", "french", 6);
    add("bad", "french", 2);
    add("very_bad", "chinese", 1);
    return builder.result(5, "north").dump();
}

// A model signed in with `role`, its sign-in request answered.
struct Staff {
    StaffFakeHost host;
    StaffModel model{host};

    explicit Staff(const std::string& role = "manager", StaffSetup setup = kiosk_setup()) {
        model.enter(setup, 0);
        if (role.empty()) return;
        model.type_token(kToken);
        model.sign_in(10);
        host.answer(host.last("POST", "api/v1/session"), 201, session_reply(role));
    }
};

}  // namespace tellus::test
