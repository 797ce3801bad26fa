// Staff mode as a model (core/staff_model.hpp): every staff journey run against a fake host that
// records each request and answers it when the test says, as the browser would, later.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>

#include "core/staff_model.hpp"
#include "staff_fixtures.hpp"

using namespace tellus;
using namespace tellus::test;
using nlohmann::json;

namespace {

json response_json(const std::string& id) {
    return {{"id", id}, {"survey", {{"id", "primary-care-visit"}, {"version", 1}}}, {"answers", {{"care_when_needed", "good"}}}};
}

}  // namespace

// [SECTION] Sign-in

TEST_CASE("signing in: the token makes a session, the token is forgotten, and the device page opens") {
    FakeHost host;
    StaffModel model(host);
    model.enter(kiosk_setup(), 0);
    CHECK(host.staff_url_cleared == 1);
    CHECK(model.page() == StaffPage::Token);
    CHECK_FALSE(model.can_sign_in());
    model.type_token("  " + kToken + "\n");
    CHECK(model.can_sign_in());
    model.sign_in(10);
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests[0].method == "POST");
    CHECK(host.requests[0].url == "api/v1/session");
    CHECK(host.requests[0].bearer == kToken);  // trimmed
    CHECK(model.busy());
    CHECK(model.message().key == "staff.checking");
    host.answer(0, 201, session_reply("viewer"));
    CHECK(model.page() == StaffPage::Device);
    CHECK(model.typed_token().empty());
    CHECK_FALSE(model.token_shown());
    CHECK(model.message().empty());
    CHECK(model.name() == "Pat");
    CHECK(model.role() == StaffRole::Viewer);
    CHECK(host.held_session == "s3cr3t");
}

TEST_CASE("a double tap on Sign in makes one request") {
    FakeHost host;
    StaffModel model(host);
    model.enter(kiosk_setup(), 0);
    model.type_token(kToken);
    model.sign_in(10);
    CHECK_FALSE(model.can_sign_in());
    model.sign_in(20);
    model.sign_in(30);
    CHECK(host.count("POST", "api/v1/session") == 1);
}

TEST_CASE("a refused, unreachable or garbled sign-in stays on the token page with a plain message") {
    struct Case {
        int status;
        std::string body;
        std::string key;
    };
    const Case cases[] = {{401, R"({"error":"no"})", "staff.token_wrong"},
                          {403, "{}", "staff.token_wrong"},
                          {0, "", "staff.token_offline"},
                          {200, "<html>Wi-Fi login</html>", "staff.server_problem"},
                          {500, "Internal error", "staff.server_problem"}};
    for (const auto& [status, body, key] : cases) {
        CAPTURE(status);
        FakeHost host;
        StaffModel model(host);
        model.enter(kiosk_setup(), 0);
        model.type_token(kToken);
        model.sign_in(10);
        host.answer(0, status, body);
        CHECK(model.page() == StaffPage::Token);
        CHECK(model.message().key == key);
        CHECK_FALSE(model.busy());
        CHECK(model.typed_token() == kToken);  // to correct a typo, not to type it all again
        CHECK(model.can_sign_in());
    }
}

TEST_CASE("a sign-in answered after staff left is ended on the server, not picked up") {
    FakeHost host;
    StaffModel model(host);
    model.enter(kiosk_setup(), 0);
    model.type_token(kToken);
    model.sign_in(10);
    model.leave();
    model.enter(kiosk_setup(), 20);  // the next person opens staff mode
    host.answer(0, 201, session_reply("admin", "orphan"));
    CHECK(model.page() == StaffPage::Token);
    CHECK_FALSE(model.can(StaffRole::Viewer));
    const auto end = host.last("DELETE", "api/v1/session");
    CHECK(host.requests[end].bearer == "orphan");
}

// [SECTION] Leaving and idle limits

TEST_CASE("leaving ends the session on the server and forgets everything loaded") {
    Staff staff("manager");
    staff.model.show_results();
    const auto summary = staff.host.last("GET", "api/v1/summary");
    staff.model.leave();
    const auto end = staff.host.last("DELETE", "api/v1/session");
    CHECK(staff.host.requests[end].bearer == "s3cr3t");
    CHECK(staff.host.held_session.empty());
    CHECK(staff.model.page() == StaffPage::Token);
    // The summary asked for before leaving comes back: nobody sees it.
    staff.host.answer(summary, 200, real_summary());
    CHECK_FALSE(staff.model.summary());
    CHECK_FALSE(staff.model.busy());
    // Leaving twice (the app resets after staff left) ends nothing more.
    staff.model.leave();
    CHECK(staff.host.count("DELETE", "api/v1/session") == 1);
}

TEST_CASE("a kiosk left in staff mode goes back to patients at its idle limit, and the session ends") {
    Staff staff("viewer");
    staff.model.activity(1'000);
    CHECK_FALSE(staff.model.tick(70'000));
    CHECK(staff.host.last_wake > 0);  // it looks again at the deadline with no input
    CHECK(staff.model.tick(76'000));
    CHECK(staff.host.count("DELETE", "api/v1/session") == 1);
    CHECK(staff.model.page() == StaffPage::Token);
}

TEST_CASE("on a staff member's phone the kiosk limit does not apply; the session's own does") {
    StaffSetup phone = kiosk_setup();
    phone.kiosk = false;
    Staff staff("viewer", phone);
    CHECK_FALSE(staff.model.tick(76'000));
    CHECK(staff.model.tick(15 * 60'000.0 + 11));
    CHECK(staff.host.count("DELETE", "api/v1/session") == 1);
}

TEST_CASE("a kiosk's sign-in page left untouched goes back to patients too") {
    Staff staff("");  // not signed in
    CHECK_FALSE(staff.model.tick(74'000));
    staff.model.activity(74'000);  // someone typing
    CHECK_FALSE(staff.model.tick(148'000));
    CHECK(staff.model.tick(149'000));
}

TEST_CASE("a 401 on any staff request signs out at once and says so") {
    Staff staff("manager");
    staff.model.show_results();
    staff.host.answer(staff.host.last("GET", "api/v1/summary"), 401, R"({"error":"session ended"})");
    CHECK(staff.model.page() == StaffPage::Token);
    CHECK(staff.model.message().key == "staff.session_ended");
    CHECK_FALSE(staff.model.can(StaffRole::Viewer));
    CHECK(staff.host.count("DELETE", "api/v1/session") == 1);
}

// [SECTION] Roles and pages

TEST_CASE("a viewer sees results by fixed periods only, and masked comments: no raw rows, no downloads, no dates") {
    Staff staff("viewer");
    staff.model.download_device();
    CHECK(staff.host.count("POST", "api/v1/audit") == 0);
    staff.model.show_results();
    CHECK(staff.model.period() == "2026-11");
    CHECK(staff.host.count("GET", "api/v1/responses") == 0);
    CHECK(staff.host.requests[staff.host.last("GET", "api/v1/comments")].url ==
          "api/v1/comments?survey=primary-care-visit&site=north&period=2026-11&limit=25");
    const auto& summary = staff.host.requests[staff.host.last("GET", "api/v1/summary")];
    CHECK(summary.url == "api/v1/summary?survey=primary-care-visit&site=north&period=2026-11");
    CHECK(summary.bearer == "s3cr3t");
    staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, real_summary());
    staff.model.set_dates("2026-11-01", "2026-11-30");
    CHECK_FALSE(staff.model.dates_chosen());
    staff.model.show_summary();
    CHECK(staff.host.requests.back().url.find("period=2026-11") != std::string::npos);
    staff.model.download(ExportFormat::Csv);
    CHECK(staff.host.downloads.empty());
}

TEST_CASE("a manager also gets comments, any dates, and downloads; an admin the same") {
    for (const std::string role : {"manager", "admin"}) {
        CAPTURE(role);
        Staff staff(role);
        staff.model.show_results();
        CHECK(staff.host.count("GET", "api/v1/comments") == 1);
        CHECK(staff.host.count("GET", "api/v1/responses") == 0);  // comments no longer come from the raw rows
        staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, real_summary());
        staff.model.set_dates("2026-11-01", "2026-11-30");
        CHECK(staff.model.dates_chosen());
        staff.model.show_summary();
        CHECK(staff.host.requests.back().url ==
              "api/v1/summary?survey=primary-care-visit&site=north&since=2026-11-01T00%3A00%3A00-05%3A00&until=2026-12-01T00%3A00%3A00-05%3A00");
        staff.model.download(ExportFormat::Fhir);
        REQUIRE(staff.host.downloads.size() == 1);
        CHECK(staff.host.downloads[0].file_name == "tellus-primary-care-visit-north-2026-11-01-to-2026-11-30.fhir.json");
        CHECK(staff.host.downloads[0].url.find("api/v1/responses?format=fhir&survey=primary-care-visit") == 0);
        staff.host.downloads[0].done(200);
        CHECK(staff.model.message() == StaffMessage{"staff.saved", {{"file", "tellus-primary-care-visit-north-2026-11-01-to-2026-11-30.fhir.json"}}});
    }
}

TEST_CASE("the period chooser: month, quarter, year, earlier and later; one load at a time") {
    Staff staff("viewer");
    staff.model.show_results();
    CHECK(staff.model.period_kind() == PeriodKind::Month);
    staff.model.choose_period(PeriodKind::Quarter);  // busy: the month's summary has not come back
    CHECK(staff.model.period() == "2026-11");
    staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, real_summary());
    staff.model.choose_period(PeriodKind::Quarter);
    CHECK(staff.model.period() == "2026-Q4");
    CHECK(staff.model.period_kind() == PeriodKind::Quarter);
    CHECK(staff.host.requests.back().url.find("period=2026-Q4") != std::string::npos);
    staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, real_summary());
    staff.model.step_period(-1);
    CHECK(staff.model.period() == "2026-Q3");
    staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, real_summary());
    staff.model.choose_period(PeriodKind::Year);
    staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, real_summary());
    staff.model.step_period(1);
    CHECK(staff.model.period() == "2027");
    CHECK(staff.model.period_kind() == PeriodKind::Year);
}

TEST_CASE("an older summary that comes back after a newer one was asked for is not shown") {
    Staff staff("viewer");
    staff.model.show_results();
    const auto first = staff.host.last("GET", "api/v1/summary");
    staff.model.set_breakdown("home_language");
    const auto second = staff.host.last("GET", "api/v1/summary");
    CHECK(staff.host.requests[second].url.find("&by=home_language") != std::string::npos);
    staff.host.answer(second, 200, real_summary("home_language"));
    staff.host.answer(first, 200, real_summary());
    REQUIRE(staff.model.summary());
    CHECK(staff.model.summary()->by == "home_language");
}

// [SECTION] What the results show

TEST_CASE("a summary is read into plain numbers, hidden cells as hidden") {
    Staff staff("viewer");
    staff.model.show_results();
    staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, real_summary());
    REQUIRE(staff.model.summary());
    const SummaryView& summary = *staff.model.summary();
    CHECK(summary.overall.responses == 20);
    CHECK(summary.suppressed_below == 5);
    const QuestionCounts* care = summary.overall.question("care_when_needed");
    REQUIRE(care);
    CHECK(care->answered == 20);
    REQUIRE(care->options.size() == 5);
    const auto option = [&](const std::string& id) {
        for (const auto& o : care->options)
            if (o.id == id) return o;
        FAIL("no option " << id);
        return OptionCount{};
    };
    CHECK(option("good").count == 11);
    CHECK_FALSE(option("bad").count);       // 2: under 5
    CHECK_FALSE(option("very_bad").count);  // 1: under 5
    CHECK(summary.overall.question("went_well") != nullptr);
    CHECK(summary.overall.question("went_well")->options.empty());
    CHECK(summary.groups.empty());
    CHECK_FALSE(staff.model.busy());
    CHECK(staff.model.message().empty());
}

TEST_CASE("a breakdown's groups are read too") {
    const auto view = parse_summary(real_summary("home_language"));
    REQUIRE(view);
    CHECK(view->by == "home_language");
    REQUIRE_FALSE(view->groups.empty());
    const auto english = std::find_if(view->groups.begin(), view->groups.end(), [](const GroupCounts& g) { return g.id == "english"; });
    REQUIRE(english != view->groups.end());
    CHECK(english->counts.question("care_when_needed") != nullptr);
}

TEST_CASE("a summary body that is not one (an error page, a cut-off answer, wrong types) shows nothing and crashes nothing") {
    const std::string bodies[] = {
        "<html><body>Sign in to the clinic Wi-Fi</body></html>",
        "",
        "null",
        "[1,2,3]",
        R"({"responses":{"count":2)",
        R"({"responses":"many","questions":"none","groups":7,"suppressed_below":"five","by":3})",
        R"({"responses":{"count":"7"},"questions":[5,null,{"id":5,"answered":[],"options":[1,{"id":null,"count":1.5},{"count":-3}]}],
            "groups":[{"id":"english","responses":null,"questions":{}},"x"]})",
    };
    for (const auto& body : bodies) {
        CAPTURE(body);
        const auto view = parse_summary(body);
        if (view) {
            CHECK_FALSE(view->overall.responses);
            for (const auto& q : view->overall.questions)
                for (const auto& o : q.options) CHECK(bar_fraction(q, o) == 0.0f);
        }
        Staff staff("viewer");
        staff.model.show_results();
        staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, body);
        CHECK_FALSE(staff.model.busy());
        if (!staff.model.summary()) CHECK(staff.model.message().key == "staff.server_problem");
    }
}

TEST_CASE("bars are relative to the number who answered, so one shown cell among hidden ones is not drawn full width") {
    const QuestionCounts care{"care_when_needed", 20, {{"very_bad", std::nullopt}, {"bad", std::nullopt}, {"good", 11}, {"very_good", 6}}};
    CHECK(bar_fraction(care, care.options[2]) == doctest::Approx(0.55));
    CHECK(bar_fraction(care, care.options[3]) == doctest::Approx(0.30));
    CHECK(bar_fraction(care, care.options[0]) == 0.0f);
    const QuestionCounts hidden_total{"q", std::nullopt, {{"a", 7}}};
    CHECK(bar_fraction(hidden_total, hidden_total.options[0]) == 0.0f);
    const QuestionCounts nobody{"q", 0, {{"a", 0}}};
    CHECK(bar_fraction(nobody, nobody.options[0]) == 0.0f);
    // Multiple choice can count more than answered in total, never more than all of them per answer.
    const QuestionCounts odd{"q", 5, {{"a", 9}}};
    CHECK(bar_fraction(odd, odd.options[0]) == 1.0f);
    // And from the real summary: "good" is 11 of 20, not the largest shown cell (which is itself).
    const auto view = parse_summary(real_summary());
    REQUIRE(view);
    const QuestionCounts* real = view->overall.question("care_when_needed");
    REQUIRE(real);
    for (const auto& o : real->options)
        if (o.id == "good") CHECK(bar_fraction(*real, o) == doctest::Approx(0.55));
}

TEST_CASE("positive share from typed counts: hidden positive cells give none") {
    const Question& care = *survey().question("care_when_needed");
    CHECK(positive_share(care, QuestionCounts{"care_when_needed", 20, {{"good", 11}, {"very_good", 6}, {"bad", std::nullopt}}}) == 85);
    CHECK(positive_share(care, QuestionCounts{"care_when_needed", 20, {{"good", 11}, {"very_good", std::nullopt}}}) == -1);
    CHECK(positive_share(care, QuestionCounts{"care_when_needed", std::nullopt, {{"good", 11}}}) == -1);
}

TEST_CASE("comments: a page at a time as the server sends them, More fetches the next, new filters start again") {
    Staff staff("viewer");
    staff.model.show_results();
    const json first{{"comments", json::array({
                         {{"id", 9}, {"question", "do_better"}, {"text", "Écrivez-moi : [courriel retiré]"}, {"submitted_at", "2026-11-23T10:00:00-05:00"}, {"status", "new"}},
                         {{"id", "7"}, {"question", "went_well"}, {"text", "an id that is not a number"}},
                         {{"id", 8}, {"question", "went_well"}, {"text", ""}},
                         "junk",
                     })},
                     {"next_cursor", "00ab"}};
    staff.host.answer(staff.host.last("GET", "api/v1/comments"), 200, first.dump());
    REQUIRE(staff.model.comments().size() == 1);
    CHECK(staff.model.comments()[0].id == 9);
    CHECK(staff.model.comments()[0].question_id == "do_better");
    CHECK(staff.model.comments()[0].text == "Écrivez-moi : [courriel retiré]");  // shown as stored, never unmasked
    CHECK(staff.model.more_comments_to_load());
    staff.model.more_comments();
    staff.model.more_comments();  // a double tap asks once
    CHECK(staff.host.count("GET", "cursor=00ab") == 1);
    staff.host.answer(staff.host.last("GET", "cursor=00ab"), 200,
                      json{{"comments", json::array({{{"id", 3}, {"question", "went_well"}, {"text", "The nurse"}}})}, {"next_cursor", nullptr}}.dump());
    REQUIRE(staff.model.comments().size() == 2);
    CHECK(staff.model.comments()[1].text == "The nurse");
    CHECK_FALSE(staff.model.more_comments_to_load());
    // Another period: the list starts again, and a late page for the old one is dropped.
    staff.model.more_comments();
    CHECK(staff.host.count("GET", "cursor=") == 1);
    staff.host.answer(staff.host.last("GET", "api/v1/summary"), 200, real_summary());
    staff.model.step_period(-1);
    CHECK(staff.model.comments().empty());
    CHECK(staff.host.requests[staff.host.last("GET", "api/v1/comments")].url.find("period=2026-10") != std::string::npos);
    CHECK_FALSE(parse_comments_page("<html>"));
    CHECK_FALSE(parse_comments_page(R"({"error":"no"})"));
    CHECK(parse_comments_page(R"({"comments":[]})")->comments.empty());
}

TEST_CASE("a summary too detailed to prove safe in time says so in plain words") {
    auto view = parse_summary(R"({"responses":{"count":40},"questions":[],"too_detailed":"breakdown"})");
    REQUIRE(view);
    CHECK(view->too_detailed == "breakdown");
    CHECK(parse_summary(real_summary())->too_detailed.empty());
}

// [SECTION] This device

TEST_CASE("the device download has every response the sync engine holds, memory-only and held too, saved after the audit") {
    Staff staff("manager");
    // One saved on the device, one the device refused to store (kept only in memory), one held.
    staff.host.outbox.add(response_json("saved-1"), TimePoint{} + Millis(1));
    staff.host.outbox.on_saved("saved-1", true);
    staff.host.outbox.add(response_json("memory-only"), TimePoint{} + Millis(2));
    staff.host.outbox.on_saved("memory-only", false);
    staff.host.outbox.add(response_json("refused"), TimePoint{} + Millis(3));
    staff.host.outbox.on_saved("refused", true);
    staff.host.outbox.hold("refused", outbox_error("answers.favourite_colour", "unknown question"), TimePoint{});
    REQUIRE(staff.host.outbox.unsaved() == 1);

    staff.model.tick(20);  // the device page reads the held list
    REQUIRE(staff.model.held().size() == 1);
    CHECK(staff.model.held()[0].id == "refused");
    CHECK(staff.model.held()[0].reasons == "answers.favourite_colour unknown question");

    staff.model.download_device();
    CHECK(staff.host.saved_files.empty());  // not before the server has recorded it
    const auto audit = staff.host.last("POST", "api/v1/audit");
    CHECK(json::parse(staff.host.requests[audit].body) == json{{"action", "device_download"}, {"rows", 3}});
    CHECK(staff.host.requests[audit].bearer == "s3cr3t");
    staff.host.answer(audit, 201, "{}");
    REQUIRE(staff.host.saved_files.size() == 1);
    const auto& file = staff.host.saved_files[0];
    CHECK(file.name == "tellus-primary-care-visit-device-north-2026-11-23.json");
    CHECK(file.mime == "application/json");
    const json saved = json::parse(file.content);
    std::vector<std::string> ids;
    for (const auto& r : saved["responses"]) ids.push_back(r["id"].get<std::string>());
    CHECK(ids == std::vector<std::string>{"saved-1", "memory-only", "refused"});
    CHECK(staff.model.message().key == "staff.saved");
}

TEST_CASE("no device file when the server does not record the download") {
    struct Case {
        int status;
        std::string key;
        StaffPage page;
    };
    const Case cases[] = {{401, "staff.session_ended", StaffPage::Token}, {403, "staff.not_allowed", StaffPage::Device},
                          {0, "staff.offline", StaffPage::Device}};
    for (const auto& [status, key, page] : cases) {
        CAPTURE(status);
        Staff staff("manager");
        staff.host.outbox.add(response_json("a"), TimePoint{});
        staff.model.download_device();
        staff.host.answer(staff.host.last("POST", "api/v1/audit"), status, "{}");
        CHECK(staff.host.saved_files.empty());
        CHECK(staff.model.message().key == key);
        CHECK(staff.model.page() == page);
    }
}

TEST_CASE("sync now, the status line and the poster") {
    Staff staff("viewer");
    staff.host.status.waiting = 2;
    CHECK(staff.model.sync_status().waiting == 2);
    CHECK(staff.model.last_sync_time().empty());
    staff.host.status.last_success = TimePoint{};
    CHECK(staff.model.last_sync_time() == "10:15");
    staff.model.sync_now();
    CHECK(staff.host.syncs == 1);
    CHECK(staff.model.message().key == "staff.sync_started");
    staff.model.open_poster();
    CHECK(staff.host.opened == std::vector<std::string>{"poster.html?survey=primary-care-visit&site=north"});
}

// [SECTION] The corner press

TEST_CASE("the corner press: 3 seconds inside the top-left corner, and only there") {
    CornerPress corner;
    CHECK_FALSE(corner.held(true, 10, 10, 0));
    CHECK(corner.pressing());
    CHECK_FALSE(corner.held(true, 10, 10, 2'999));
    CHECK(corner.held(true, 12, 12, 3'000));
    CHECK_FALSE(corner.pressing());
    // Let go early: starts over.
    CHECK_FALSE(corner.held(true, 10, 10, 10'000));
    CHECK_FALSE(corner.held(false, 10, 10, 11'000));
    CHECK_FALSE(corner.held(true, 10, 10, 12'000));
    CHECK_FALSE(corner.held(true, 10, 10, 14'000));
    // Sliding out of the corner: starts over.
    CHECK_FALSE(corner.held(true, 200, 10, 14'500));
    CHECK_FALSE(corner.pressing());
    CHECK_FALSE(corner.held(true, 10, 10, 15'000));
    CHECK(corner.held(true, 10, 10, 18'000));

    FakeHost host;
    StaffModel model(host);
    CHECK_FALSE(model.corner_held(true, 5, 5, 0));
    CHECK(host.last_wake == 100);  // looks again while the finger stays down
}
