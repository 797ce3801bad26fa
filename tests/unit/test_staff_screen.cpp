// The staff screens drawn (src/ui/staff.cpp) over a StaffModel with a fake host, with real Dear
// ImGui: the controls each role gets (their twin ids, which the browser tests and screen readers
// rely on), the panel's readable text, and presses on twins reaching the model.
#include <doctest/doctest.h>

#include <imgui.h>

#include "imgui_context.hpp"
#include "staff_fixtures.hpp"
#include "ui/staff.hpp"
#include "ui/widgets.hpp"

using namespace tellus;
using namespace tellus::test;
using namespace tellus::ui;

namespace {

struct Screen {
    tellus::test::ImGuiTestContext imgui{1024, 4000};  // tall: a whole staff page at once
    Catalog catalog;
    std::string language = "en";
    TwinLayer twins;
    StaffScreen screen;
    json layer;  // the twin layer as published after the last frame

    Screen() {
        std::string error;
        REQUIRE(catalog.load(repo_file("i18n/en.json"), error));
    }

    std::vector<std::string> unreviewed;  // languages offered that no fluent speaker checked (issue 13)

    StaffContext context() const {
        return StaffContext{catalog, language, &survey(), "primary-care-visit", "north", "kiosk", "en", "", 75'000, unreviewed};
    }

    // One frame; true when staff mode is over. Presses given as twin actions act in this frame.
    bool frame(StaffModel& model, double now_ms, std::vector<TwinAction> actions = {}) {
        ImGui::NewFrame();
        twins.begin_frame();
        for (auto& action : actions) twins.push_action(std::move(action));
        Widgets w(twins, Style{});
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("staff", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
        const bool over = screen.draw(w, model, context(), 800, now_ms);
        ImGui::End();
        twins.end_frame();
        ImGui::Render();
        if (const std::string changes = twins.take_changes(); !changes.empty()) layer = json::parse(changes);
        return over;
    }
    bool press(StaffModel& model, const std::string& id, double now_ms) { return frame(model, now_ms, {{TwinAction::Kind::Activate, id, ""}}); }

    bool has(const std::string& id) const {
        for (const auto& t : layer["twins"])
            if (t["id"] == id) return true;
        return false;
    }
    std::string status() const { return layer.value("status", ""); }
};

}  // namespace

TEST_CASE("the sign-in page: the token typed into a secret field, signed in with one press") {
    Screen s;
    FakeHost host;
    StaffModel model(host);
    model.enter(kiosk_setup(), 0);
    s.frame(model, 0);
    for (const char* id : {"staff-token", "staff-show-token", "staff-sign-in", "staff-leave"}) CHECK_MESSAGE(s.has(id), id);
    CHECK(s.layer["heading"] == "Staff sign-in");
    s.frame(model, 10, {{TwinAction::Kind::SetValue, "staff-token", kToken}});
    CHECK(model.typed_token() == kToken);
    s.press(model, "staff-sign-in", 20);
    REQUIRE(host.count("POST", "api/v1/session") == 1);
    s.frame(model, 30);
    CHECK(s.status().find("Checking") != std::string::npos);
    host.answer(0, 401, "{}");
    s.frame(model, 40);
    CHECK(s.status().find(s.catalog.get("staff.token_wrong")) != std::string::npos);
}

TEST_CASE("a manager's device page and results: every control, counts with hidden cells, leaving") {
    Screen s;
    Staff staff("manager");
    s.frame(staff.model, 100);
    for (const char* id : {"staff-tab-device", "staff-tab-results", "staff-sync-now", "staff-download-device", "staff-poster", "staff-leave"})
        CHECK_MESSAGE(s.has(id), id);
    CHECK(s.status().find("Signed in: Pat (manager)") != std::string::npos);
    CHECK(s.status().find("Waiting to send: 0") != std::string::npos);

    s.press(staff.model, "staff-tab-results", 200);
    staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, real_summary());
    s.frame(staff.model, 300);
    for (const char* id : {"staff-period-month", "staff-period-quarter", "staff-period-year", "staff-period-earlier", "staff-period-later",
                           "staff-from", "staff-to", "staff-site", "staff-apply", "staff-download-csv", "staff-download-json",
                           "staff-download-fhir", "staff-by-none", "staff-by-home_language"})
        CHECK_MESSAGE(s.has(id), id);
    const std::string panel = s.status();
    CHECK(panel.find("Period: 2026-11") != std::string::npos);
    CHECK(panel.find("20 responses") != std::string::npos);
    CHECK(panel.find("Good: 11") != std::string::npos);
    CHECK(panel.find("Bad: hidden") != std::string::npos);
    CHECK(panel.find("20 answered") != std::string::npos);

    s.press(staff.model, "staff-period-quarter", 400);
    CHECK(staff.model.period() == "2026-Q4");
    CHECK(s.press(staff.model, "staff-leave", 500));
    CHECK(staff.host.count("DELETE", "api/v1/session") == 1);
}

TEST_CASE("a viewer's pages have no downloads and no dates") {
    Screen s;
    Staff staff("viewer");
    s.frame(staff.model, 100);
    CHECK_FALSE(s.has("staff-download-device"));
    CHECK(s.status().find(s.catalog.get("staff.downloads_need_manager")) != std::string::npos);
    s.press(staff.model, "staff-tab-results", 200);
    s.frame(staff.model, 300);
    for (const char* id : {"staff-from", "staff-to", "staff-download-csv", "staff-download-json", "staff-download-fhir"}) CHECK_FALSE_MESSAGE(s.has(id), id);
    CHECK(s.has("staff-site"));
}

TEST_CASE("the device page says in one line which languages no fluent speaker has checked, or that all were") {
    {
        Screen s;  // one ImGui context at a time
        s.unreviewed = {"ਪੰਜਾਬੀ", "العربية"};
        StaffSetup setup = kiosk_setup();
        setup.unreviewed_languages = s.unreviewed;
        Staff staff("viewer", setup);
        s.frame(staff.model, 100);
        CHECK(s.status().find("Languages not yet checked by a fluent speaker: \u2068ਪੰਜਾਬੀ\u2069, \u2068العربية\u2069") != std::string::npos);
    }
    Screen all;
    Staff reviewed("viewer");
    all.frame(reviewed.model, 100);
    CHECK(all.status().find(all.catalog.get("staff.languages_reviewed")) != std::string::npos);
    CHECK(all.status().find("not yet checked") == std::string::npos);
}
