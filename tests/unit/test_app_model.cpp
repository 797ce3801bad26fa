// Journeys through the patient app (core/app_model.hpp) with a fake host: what a patient, a
// hurried double tap, a captive portal and an idle kiosk do to it.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/app_model.hpp"
#include "fake_host.hpp"
#include "test_files.hpp"

using namespace tellus;
using tellus::test::FakeHost;
using nlohmann::json;

namespace {

const std::string kSurveyUrl = "api/v1/surveys/primary-care-visit";
const std::string kPortalPage = "<!DOCTYPE html><html><body>Sign in to Clinic-WiFi</body></html>";

std::string good_survey() { return tellus::test::repo_file("assets/surveys/primary-care-visit.json"); }

std::string shipped_language_list() {
    std::vector<LanguageInfo> list;
    for (const auto& lang : app_languages()) {  // every catalog in i18n/, as tellus-serve lists them
        Catalog catalog;
        std::string error;
        REQUIRE(catalog.load(tellus::test::repo_file("i18n/" + lang + ".json"), error));
        list.push_back(describe_catalog(lang, catalog));
    }
    return language_list_json(list).dump();
}

AppConfig kiosk_config() {
    AppConfig config;
    config.site = "clinic-a";
    return config;
}

// A started app with its catalogs and survey answered as given.
struct Journey {
    FakeHost host;
    AppModel app;

    explicit Journey(AppConfig config = kiosk_config()) : app(host, std::move(config)) { app.start(); }

    // The server's list of languages, as tellus-serve answers it for the repository's catalogs.
    void answer_languages() { REQUIRE(host.answer("api/v1/languages", 200, shipped_language_list())); }
    void load(int survey_status = 200, const std::string& survey = good_survey()) {
        answer_languages();
        for (const auto& lang : app_languages())
            if (lang != "en") host.answer("i18n/" + lang + ".json", 200, tellus::test::repo_file("i18n/" + lang + ".json"));
        host.answer(kSurveyUrl, survey_status, survey);
    }
    // Waits past the tap guard, as a person does between two deliberate taps.
    void pause() { host.advance(kTapGuardMs + 50); }

    void to_first_question(const std::string& lang = "en") {
        pause();
        REQUIRE(app.choose_language(lang));
        pause();
        REQUIRE(app.start_survey());
        REQUIRE(app.screen() == Screen::Question);
    }
    // Answers each question with its first option (or 7, or a comment) and stops on the last one.
    void answer_all() {
        while (true) {
            const Question* q = app.current_question();
            REQUIRE(q);
            pause();
            if (q->type == QuestionType::Scale) app.choose_number(7);
            else if (q->type == QuestionType::Text) app.set_text("Kind staff.");
            else if (!q->options.empty()) app.choose(q->options.front().id);
            if (app.on_last_question()) return;
            pause();
            REQUIRE(app.next());
        }
    }
};

}  // namespace

TEST_CASE("English is built in and the compiled-in language list comes from i18n/") {
    const json english = json::parse(tellus::test::repo_file("i18n/en.json"));
    CHECK(builtin_english().strings().size() == english.size());
    CHECK(builtin_english().get("nav.next") == english["nav.next"].get<std::string>());
    // English first, and every i18n/*.json once.
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(TELLUS_SOURCE_DIR) + "/i18n"))
        if (entry.path().extension() == ".json") files.push_back(entry.path().stem().string());
    std::sort(files.begin(), files.end());
    std::vector<std::string> offered = app_languages();
    REQUIRE_FALSE(offered.empty());
    CHECK(offered.front() == "en");
    std::sort(offered.begin(), offered.end());
    CHECK(offered == files);
    CHECK(files.size() >= 12);
    CHECK(std::is_sorted(app_languages().begin() + 1, app_languages().end()));
}

TEST_CASE("a full survey: one response, saved before thank you, with the id made at the start") {
    Journey j;
    CHECK(j.app.screen() == Screen::Loading);
    CHECK(j.app.tr("app.loading") == "Loading…");  // words from the first frame: English is built in
    j.load();
    REQUIRE(j.app.screen() == Screen::Language);
    j.to_first_question("fr");
    const std::string id = j.app.response_id();
    CHECK(id.size() == 36);
    j.answer_all();
    j.pause();
    REQUIRE(j.app.send());
    CHECK(j.app.sending());
    CHECK(j.app.screen() == Screen::Question);  // not "thank you" until the device has it
    REQUIRE(j.host.saves.size() == 1);
    const json saved = json::parse(j.host.saves[0].json);
    CHECK(saved["id"] == id);
    CHECK(saved["locale"] == "fr-CA");
    CHECK(saved["channel"] == "kiosk");
    CHECK(saved["site"] == "clinic-a");
    CHECK(saved["answers"]["overall"] == 7);
    j.host.answer_saves(true);
    CHECK(j.app.screen() == Screen::Thanks);
    CHECK_FALSE(j.app.save_failed());
    CHECK(j.app.response_id().empty());
}

TEST_CASE("double and triple Send, clicks, taps and Enter alike, make one response") {
    Journey j;
    j.load();
    j.to_first_question();
    j.answer_all();
    j.pause();
    CHECK(j.app.send());
    j.host.advance(30);
    CHECK_FALSE(j.app.send());  // a second click 30 ms later
    j.host.advance(400);
    CHECK_FALSE(j.app.send());  // Enter pressed again while the write is pending
    j.host.advance(5000);
    CHECK_FALSE(j.app.send());
    CHECK(j.host.saves.size() == 1);
    j.host.answer_saves(true);
    CHECK(j.app.screen() == Screen::Thanks);
    j.host.advance(40);
    CHECK_FALSE(j.app.send());  // the touch tap that arrives after "thank you"
    CHECK_FALSE(j.app.start_again());  // nor does it start the next person (tap guard)
    CHECK(j.host.saves.size() == 1);
}

TEST_CASE("a double tap on Next moves one question, not two") {
    Journey j;
    j.load();
    j.to_first_question();
    j.pause();
    REQUIRE(j.app.next());
    const size_t after_first = j.app.session()->position();
    for (double gap : {150.0, 150.0}) {  // taps 150 and 300 ms after the first
        j.host.advance(gap);
        CHECK_FALSE(j.app.next());
        CHECK_FALSE(j.app.choose("yes"));
    }
    CHECK(j.app.session()->position() == after_first);
    CHECK(j.app.session()->answers().empty());
    j.host.advance(200);  // 500 ms: a deliberate tap
    CHECK(j.app.next());
    CHECK(j.app.session()->position() == after_first + 1);
}

TEST_CASE("a tap right after the language screen does not start the survey") {
    Journey j;
    j.load();
    j.pause();
    REQUIRE(j.app.choose_language("en"));
    j.host.advance(100);
    CHECK_FALSE(j.app.start_survey());
    CHECK(j.app.screen() == Screen::Welcome);
}

TEST_CASE("a captive portal's page, broken JSON or no answer: the device's copy, else the front-desk screen") {
    struct Case {
        const char* name;
        int status;
        std::string body;
        LoadProblem::Kind kind;
    };
    const std::vector<Case> cases = {{"portal page", 200, kPortalPage, LoadProblem::Kind::NotJson},
                                     {"broken JSON", 200, "{\"id\": \"primary-care-visit\", \"questions\": [", LoadProblem::Kind::Invalid},
                                     {"empty body", 200, "", LoadProblem::Kind::NotJson},
                                     {"JSON but not a survey", 200, "{\"hello\": 1}", LoadProblem::Kind::Invalid},
                                     {"server error", 502, "Bad gateway", LoadProblem::Kind::HttpStatus},
                                     {"offline", 0, "", LoadProblem::Kind::NoAnswer}};
    for (const auto& c : cases) {
        for (bool has_copy : {false, true}) {
            CAPTURE(c.name);
            CAPTURE(has_copy);
            Journey j;
            if (has_copy) j.host.device_copies[kSurveyUrl] = good_survey();
            j.load(c.status, c.body);
            CHECK(j.app.screen() == Screen::Loading);  // asking the device for its copy
            j.host.answer_cached();
            if (has_copy) {
                CHECK(j.app.screen() == Screen::Language);
                REQUIRE(j.app.survey());
                CHECK(j.app.survey()->id == "primary-care-visit");
            } else {
                CHECK(j.app.screen() == Screen::Problem);
                CHECK(j.app.problem().kind == c.kind);
                CHECK_FALSE(j.app.problem_details().empty());
                CHECK(j.app.tr("error.survey_unavailable").find("front desk") != std::string::npos);
            }
        }
    }
}

TEST_CASE("a survey that never answers: after 10 s the device's copy or the problem screen, and a retry") {
    Journey j;
    j.answer_languages();
    j.host.answer("i18n/fr.json", 200, tellus::test::repo_file("i18n/fr.json"));
    j.host.advance(kLoadTimeoutMs - 1);
    j.app.tick();
    CHECK(j.app.screen() == Screen::Loading);
    CHECK(std::find(j.host.wakes.begin(), j.host.wakes.end(), kLoadTimeoutMs) != j.host.wakes.end());  // a timer is set
    j.host.advance(1);
    j.app.tick();
    j.host.answer_cached();
    REQUIRE(j.app.screen() == Screen::Problem);
    CHECK(j.app.problem().kind == LoadProblem::Kind::TimedOut);
    // The late answer changes nothing: the patient is not moved under their finger.
    j.host.answer(kSurveyUrl, 200, good_survey());
    CHECK(j.app.screen() == Screen::Problem);
    j.pause();
    REQUIRE(j.app.retry());
    CHECK(j.app.screen() == Screen::Loading);
    CHECK(j.host.pending("i18n/fr.json") == 0);  // what arrived is not fetched again
    j.answer_languages();
    j.host.answer(kSurveyUrl, 200, good_survey());
    CHECK(j.app.screen() == Screen::Language);
}

TEST_CASE("staff mode opens from the problem screen, and leaving it goes back there") {
    Journey j;
    j.load(200, kPortalPage);
    j.host.answer_cached();
    REQUIRE(j.app.screen() == Screen::Problem);
    j.app.enter_staff();
    CHECK(j.app.screen() == Screen::Staff);
    j.app.leave_staff();
    CHECK(j.app.screen() == Screen::Problem);
}

TEST_CASE("a failed catalog falls back to English, never to raw keys") {
    Journey j;
    j.answer_languages();
    j.host.answer("i18n/fr.json", 200, kPortalPage);
    j.host.answer("i18n/zh.json", 404, "");
    j.host.answer(kSurveyUrl, 200, good_survey());
    REQUIRE(j.app.screen() == Screen::Language);
    CHECK(j.app.catalog_for("fr").get("nav.next") == "Next");
    // Still offered (the server lists it, named in itself); chosen, its catalog is asked again...
    j.pause();
    REQUIRE(j.app.choose_language("fr"));
    CHECK(j.app.screen() == Screen::Language);
    CHECK_FALSE(j.app.choose_language("en"));  // one choice at a time
    // ...and when that fails too, the survey goes on in English words, never raw keys.
    REQUIRE(j.host.answer("i18n/fr.json", 200, kPortalPage));
    CHECK(j.app.screen() == Screen::Welcome);
    CHECK(j.app.tr("nav.next") == "Next");
    CHECK(j.app.tr("welcome.start") == "Start");
}

TEST_CASE("a chosen language whose catalog never answers goes on in English after the load time-out") {
    AppConfig config = kiosk_config();
    config.mode = Mode::Phone;
    Journey j(config);
    j.load();
    REQUIRE(j.app.screen() == Screen::Language);
    j.pause();
    j.host.wakes.clear();
    REQUIRE(j.app.choose_language("pa"));
    CHECK(j.host.pending("i18n/pa.json") == 1);
    // Untouched, the phone still moves on: the wait asks the host for a wake at the time-out.
    REQUIRE_FALSE(j.host.wakes.empty());
    CHECK(j.host.last_wake == doctest::Approx(kLoadTimeoutMs));
    j.host.advance(kLoadTimeoutMs - 1);
    CHECK_FALSE(j.app.due());
    j.app.tick();
    CHECK(j.app.screen() == Screen::Language);
    CHECK(j.host.last_wake == doctest::Approx(50));  // asked again each tick, for what is left (at least 50 ms)
    j.host.advance(2);
    CHECK(j.app.due());
    j.app.tick();
    CHECK(j.app.screen() == Screen::Welcome);
    CHECK(j.app.language() == "pa");
    CHECK(j.app.tr("welcome.start") == "Start");
    // A late answer still brings the words.
    REQUIRE(j.host.answer("i18n/pa.json", 200, tellus::test::repo_file("i18n/pa.json")));
    CHECK(j.app.tr("welcome.start") != "Start");
}

TEST_CASE("a link that names a language whose catalog failed still shows words") {
    AppConfig config = kiosk_config();
    config.start_language = "fr";
    config.language_from_url = true;
    Journey j(config);
    j.answer_languages();
    j.host.answer("i18n/fr.json", 0, "");
    j.host.answer(kSurveyUrl, 200, good_survey());
    CHECK(j.app.screen() == Screen::Welcome);
    CHECK(j.app.tr("welcome.start") == builtin_english().get("welcome.start"));
}

TEST_CASE("kiosk: idle asks, a touch keeps the session, the countdown resets everything") {
    Journey j;
    j.load();
    j.to_first_question("fr");
    j.app.cycle_text_size();
    j.app.toggle_contrast();
    j.pause();
    j.app.choose(j.app.current_question()->options.front().id);
    j.app.activity();
    j.host.advance(kDefaultIdleMs - 1);
    j.app.tick();
    CHECK_FALSE(j.app.asking_still_there());
    j.host.advance(1);
    j.app.tick();
    REQUIRE(j.app.asking_still_there());
    CHECK(j.app.countdown_seconds() == 15);
    CHECK(j.app.still_here());
    CHECK_FALSE(j.app.asking_still_there());
    CHECK(j.app.session()->answers().size() == 1);  // answers kept
    j.host.advance(kDefaultIdleMs);
    j.app.tick();
    REQUIRE(j.app.asking_still_there());
    j.host.advance(kCountdownMs - 1000);
    j.app.tick();
    CHECK(j.app.countdown_seconds() == 1);
    j.host.advance(1000);
    j.app.tick();
    CHECK(j.app.screen() == Screen::Language);
    CHECK(j.app.session() == nullptr);
    CHECK(j.app.language() == "en");
    CHECK(j.app.text_size() == 0);
    CHECK_FALSE(j.app.high_contrast());
    CHECK(j.host.saves.empty());  // an abandoned survey is not a response
    CHECK(j.host.reloads == 1);   // a new version starts between two people
}

TEST_CASE("a start draws nothing for half a second: its first screen, or then the loading screen") {
    // Survey and words in time: the first frame drawn is the language screen, never "Loading".
    Journey quick;
    CHECK(std::find(quick.host.wakes.begin(), quick.host.wakes.end(), kQuietStartMs) != quick.host.wakes.end());  // a timer is set
    CHECK(quick.app.hold_first_frame());
    quick.host.advance(100);
    quick.host.wakes.clear();
    quick.app.arm_next_wake();  // the page keeps one timer: the quiet start's end is asked again
    REQUIRE(quick.host.wakes.size() == 1);
    CHECK(quick.host.last_wake == doctest::Approx(kQuietStartMs - 100));
    quick.host.advance(kQuietStartMs / 2 - 100);
    CHECK(quick.app.hold_first_frame());
    quick.load();
    REQUIRE(quick.app.screen() == Screen::Language);
    CHECK_FALSE(quick.app.hold_first_frame());
    CHECK_FALSE(quick.app.due());  // nothing left for a timer to draw
    // Nothing in time: when the quiet half second ends, the loading screen is due, once.
    Journey slow;
    CHECK_FALSE(slow.app.due());
    slow.host.advance(kQuietStartMs);
    CHECK(slow.app.due());
    CHECK_FALSE(slow.app.hold_first_frame());
    CHECK_FALSE(slow.app.due());
    CHECK_FALSE(slow.app.hold_first_frame());  // for good, and a retry's loading screen shows at once
    slow.host.advance(kLoadTimeoutMs);
    slow.app.tick();
    slow.host.answer_cached();  // the device has no copy either
    REQUIRE(slow.app.screen() == Screen::Problem);
    slow.pause();
    slow.app.retry();
    REQUIRE(slow.app.screen() == Screen::Loading);
    CHECK_FALSE(slow.app.hold_first_frame());
}

TEST_CASE("a timer that finds nothing due draws nothing, and asks again for the next deadline") {
    Journey j;
    // The quiet start ends and the loading screen is drawn.
    j.host.advance(kQuietStartMs);
    CHECK_FALSE(j.app.hold_first_frame());
    // Still loading: the load time-out is due when it passes, not before.
    j.host.advance(kLoadTimeoutMs - kQuietStartMs - 1);
    CHECK_FALSE(j.app.due());
    j.load();
    j.to_first_question("fr");
    j.app.activity();
    const double touched = j.host.now;
    // The load time-out's timer fires long after the load finished: nothing is due (no frames),
    // and the kiosk's idle deadline is asked for again, which the host dropped for the earlier one.
    j.host.advance(kLoadTimeoutMs);
    CHECK_FALSE(j.app.due());
    j.host.wakes.clear();
    j.app.arm_next_wake();
    REQUIRE(j.host.wakes.size() == 1);
    CHECK(j.host.last_wake == doctest::Approx(touched + kDefaultIdleMs - j.host.now));
    // At that deadline the kiosk asks whether anyone is there: due, and then once a second.
    j.host.advance(j.host.last_wake);
    CHECK(j.app.due());
    j.app.tick();
    REQUIRE(j.app.asking_still_there());
    j.host.advance(1);
    CHECK(j.app.due());
    // A phone has no idle deadline: after loading nothing is ever due.
    AppConfig phone = kiosk_config();
    phone.mode = Mode::Phone;
    Journey p(phone);
    p.load();
    p.to_first_question();
    p.host.advance(kDefaultIdleMs * 10);
    CHECK_FALSE(p.app.due());
    p.host.wakes.clear();
    p.app.arm_next_wake();
    CHECK(p.host.wakes.empty());
}

TEST_CASE("a phone never asks whether anyone is there") {
    AppConfig config = kiosk_config();
    config.mode = Mode::Phone;
    Journey j(config);
    j.load();
    j.to_first_question();
    j.host.advance(10 * kDefaultIdleMs);
    j.app.tick();
    CHECK_FALSE(j.app.asking_still_there());
    CHECK(j.app.screen() == Screen::Question);
}

TEST_CASE("staff mode: entered from the first screens only, and leaving starts the next person") {
    Journey j;
    j.load();
    j.app.enter_staff();
    CHECK(j.app.screen() == Screen::Staff);
    j.host.advance(10 * kDefaultIdleMs);
    j.app.tick();
    CHECK_FALSE(j.app.asking_still_there());  // staff mode has its own limit
    j.app.leave_staff();
    CHECK(j.app.screen() == Screen::Language);
    j.to_first_question();
    j.app.enter_staff();
    CHECK(j.app.screen() == Screen::Question);  // never from the middle of someone's survey
}

TEST_CASE("a device that refuses or never confirms the write: thank you with a plain warning, once") {
    for (bool never_answers : {false, true}) {
        CAPTURE(never_answers);
        Journey j;
        j.load();
        j.to_first_question();
        j.answer_all();
        j.pause();
        REQUIRE(j.app.send());
        if (never_answers) {
            j.host.advance(kSaveTimeoutMs);
            j.app.tick();
        } else {
            j.host.answer_saves(false);
        }
        CHECK(j.app.screen() == Screen::Thanks);
        CHECK(j.app.save_failed());
        j.host.answer_saves(true);  // a late confirmation changes nothing
        CHECK(j.app.screen() == Screen::Thanks);
        CHECK(j.host.saves.size() == 1);
    }
}

TEST_CASE("the language picker keeps the answers and names the current language") {
    Journey j;
    j.load();
    j.to_first_question("fr");
    j.pause();
    j.app.choose(j.app.current_question()->options.front().id);
    j.pause();
    REQUIRE(j.app.open_language_picker());
    CHECK(j.app.picker_open());
    CHECK_FALSE(j.app.next());  // the picker is modal
    j.host.advance(100);
    CHECK_FALSE(j.app.choose_language("zh"));  // the tap that opened it does not choose
    j.pause();
    REQUIRE(j.app.choose_language("zh"));
    CHECK_FALSE(j.app.picker_open());
    CHECK(j.app.language() == "zh");
    CHECK(j.app.session()->answers().size() == 1);
    CHECK(j.host.document_language == "zh");
}

TEST_CASE("a comment keeps whole characters up to the question's limit") {
    Journey j;
    j.load();
    j.to_first_question();
    while (j.app.current_question()->type != QuestionType::Text) {
        j.pause();
        REQUIRE(j.app.next());
    }
    const int limit = j.app.current_question()->max_length;
    std::string long_text;
    for (int i = 0; i < limit + 10; ++i) long_text += "é";
    REQUIRE(j.app.set_text(long_text));
    const Answer* a = j.app.session()->answer(j.app.current_question()->id);
    REQUIRE(a);
    CHECK(a->get<std::string>().size() == static_cast<size_t>(limit) * 2);
    REQUIRE(j.app.set_text(""));
    CHECK(j.app.session()->answer(j.app.current_question()->id) == nullptr);
}

TEST_CASE("reading aloud: the question and its answers, and a second press stops") {
    Journey j;
    j.load();
    j.to_first_question();
    j.app.speak_question();
    REQUIRE(j.host.spoken.size() == 1);
    CHECK(j.host.spoken[0].find(j.app.current_question()->text.in("en")) == 0);
    j.app.speak_question();
    CHECK_FALSE(j.host.speaking);
}
