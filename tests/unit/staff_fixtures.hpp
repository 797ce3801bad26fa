#pragma once
// What the staff tests share (test_staff_model.cpp, test_staff_screen.cpp), over the one fake host
// (fake_host.hpp): a token and the server's answer to it, the repository's survey, a summary as
// tellus-serve answers it, and a model already signed in.
#include <doctest/doctest.h>

#include <string>

#include "core/staff_model.hpp"
#include "core/summary.hpp"
#include "fake_host.hpp"
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

// A model signed in with `role`, its sign-in request answered. The host's clock starts at 0 here,
// with the times these tests give the model.
struct Staff {
    FakeHost host;
    StaffModel model{host};

    explicit Staff(const std::string& role = "manager", StaffSetup setup = kiosk_setup()) {
        host.now = 0;
        model.enter(setup, 0);
        if (role.empty()) return;
        model.type_token(kToken);
        model.sign_in(10);
        host.answer(host.last("POST", "api/v1/session"), 201, session_reply(role));
    }
};

}  // namespace tellus::test
