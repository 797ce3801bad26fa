// Language packs (issue 13): what a catalog says of its language (core/languages.hpp), and the app
// taking its languages from the server's list (GET api/v1/languages), falling back to the list
// compiled in when the server cannot be reached or answers nonsense; reviews shown to staff only.
#include <doctest/doctest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/app_model.hpp"
#include "core/languages.hpp"
#include "core/staff_model.hpp"
#include "fake_host.hpp"
#include "test_files.hpp"

using namespace tellus;
using tellus::test::FakeHost;
using nlohmann::json;

namespace {

const std::string kListUrl = "api/v1/languages";
const std::string kSurveyUrl = "api/v1/surveys/primary-care-visit";
const std::string kPortalPage = "<!DOCTYPE html><html><body>Sign in to Clinic-WiFi</body></html>";

std::string shipped(const std::string& lang) { return tellus::test::repo_file("i18n/" + lang + ".json"); }

// A test fixture: the English catalog under another language's name, as a clinic would start one.
std::string fixture_catalog(const std::string& name, const std::string& direction = "ltr", const std::string& reviewed = "no") {
    json catalog = json::parse(shipped("en"));
    catalog["language.name"] = name;
    catalog["language.direction"] = direction;
    catalog["language.reviewed"] = reviewed;
    catalog["welcome.heading"] = "[" + name + "] " + catalog["welcome.heading"].get<std::string>();
    return catalog.dump();
}

json entry(const std::string& code, const std::string& name, const std::string& direction, bool reviewed) {
    return {{"code", code}, {"name", name}, {"direction", direction}, {"reviewed", reviewed}};
}

// What tellus-serve lists for a folder holding en, fr, Punjabi (unreviewed) and Arabic (unreviewed).
std::string server_list() {
    return json{{"languages",
                 {entry("en", "English", "ltr", true), entry("ar", "العربية", "rtl", false), entry("fr", "Français", "ltr", true),
                  entry("pa", "ਪੰਜਾਬੀ", "ltr", false)}}}
        .dump();
}

struct App {
    FakeHost host;
    AppModel app;
    explicit App(AppConfig config = {}) : app(host, std::move(config)) { app.start(); }

    void answer_catalogs() {
        host.answer("i18n/en.json", 200, shipped("en"));
        host.answer("i18n/fr.json", 200, shipped("fr"));
        host.answer("i18n/zh.json", 200, shipped("zh"));
        host.answer("i18n/pa.json", 200, fixture_catalog("ਪੰਜਾਬੀ"));
        host.answer("i18n/ar.json", 200, fixture_catalog("العربية", "rtl"));
    }
    void answer_survey() { REQUIRE(host.answer(kSurveyUrl, 200, tellus::test::repo_file("assets/surveys/primary-care-visit.json"))); }
    void pause() { host.advance(kTapGuardMs + 50); }
};

std::vector<std::string> codes(const std::vector<LanguageInfo>& list) {
    std::vector<std::string> out;
    for (const auto& l : list) out.push_back(l.code);
    return out;
}

}  // namespace

// [SECTION] What a catalog says of its language

TEST_CASE("language codes: a strict BCP 47 subset, safe as a file name and in a URL") {
    for (const char* good : {"en", "fr", "pa", "fil", "zh-Hant", "pt-BR", "sr-Latn-RS", "es-MX"}) CHECK_MESSAGE(is_language_code(good), good);
    for (const char* bad : {"", "e", "EN", "En", "english", "zh-hant", "zh-HANT", "pt-br", "pt_BR", "fr-", "-fr", "fr-CA-x", "../en", "en/",
                            "en.json", "fr ", "zh-Hant-TW-x", "fr-CA-Latn", "é"})
        CHECK_FALSE_MESSAGE(is_language_code(bad), bad);
}

TEST_CASE("direction: the catalog's word, else right to left for Arabic, Persian, Urdu, Hebrew and their scripts") {
    for (const char* rtl : {"ar", "fa", "ur", "he", "ps", "pa-Arab", "ar-EG"}) CHECK_MESSAGE(default_direction(rtl) == "rtl", rtl);
    for (const char* ltr : {"en", "fr", "pa", "ta", "zh-Hant", "tl", "az-Latn"}) CHECK_MESSAGE(default_direction(ltr) == "ltr", ltr);
    Catalog catalog;
    std::string error;
    REQUIRE(catalog.load(R"({"language.name": "اردو"})", error));
    CHECK(describe_catalog("ur", catalog).direction == "rtl");  // no word: from the code
    CHECK_FALSE(describe_catalog("ur", catalog).reviewed);      // no word: not reviewed
    REQUIRE(catalog.load(R"({"language.name": "Français", "language.direction": "ltr", "language.reviewed": "yes"})", error));
    const LanguageInfo fr = describe_catalog("fr", catalog);
    CHECK(fr == LanguageInfo{"fr", "Français", "ltr", true});
    REQUIRE(catalog.load(R"({"language.name": "  ", "language.reviewed": "Yes please"})", error));
    CHECK(describe_catalog("xx", catalog).name.empty());  // a blank name names nothing
    CHECK_FALSE(describe_catalog("xx", catalog).reviewed);
}

TEST_CASE("the shipped catalogs describe their language: named in itself, direction and review stated") {
    for (const char* lang : {"en", "fr", "zh"}) {
        Catalog catalog;
        std::string error;
        REQUIRE(catalog.load(shipped(lang), error));
        CHECK(catalog.has("language.direction"));
        CHECK(catalog.has("language.reviewed"));
        CHECK_FALSE(describe_catalog(lang, catalog).name.empty());
    }
}

TEST_CASE("the list: English first then by code, and read back leaving out what is unusable") {
    std::vector<LanguageInfo> list{{"zh", "中文", "ltr", true}, {"ar", "العربية", "rtl", false}, {"en", "English", "ltr", true}};
    order_languages(list);
    CHECK(codes(list) == std::vector<std::string>{"en", "ar", "zh"});
    const auto back = parse_language_list(language_list_json(list).dump());
    REQUIRE(back);
    CHECK(*back == list);

    const auto mixed = parse_language_list(
        R"({"languages":[{"code":"fr","name":"Français"},{"code":"../etc","name":"x"},{"code":"de"},{"code":"fr","name":"again"},
            {"code":"ur","name":"اردو","reviewed":"yes"},7,{"code":"es","name":" "}]})");
    REQUIRE(mixed);
    REQUIRE(mixed->size() == 2);
    CHECK((*mixed)[0] == LanguageInfo{"fr", "Français", "ltr", false});
    CHECK((*mixed)[1] == LanguageInfo{"ur", "اردو", "rtl", false});  // direction from the code; "yes" is not true

    for (const char* bad : {"", "<html>", "[]", "{}", R"({"languages":{}})", R"({"languages":[]})", R"({"languages":[{"code":"EN","name":"x"}]})"})
        CHECK_MESSAGE(!parse_language_list(bad), bad);
}

TEST_CASE("a clinic's catalog with gaps shows English in them, but never borrows English's name or review") {
    Catalog catalog;
    std::string error;
    REQUIRE(catalog.load(R"({"language.name": "Tagalog", "welcome.start": "Simulan"})", error));
    catalog.fill_from(builtin_english());
    CHECK(catalog.get("welcome.start") == "Simulan");
    CHECK(catalog.get("nav.next") == "Next");
    CHECK(catalog.get("language.name") == "Tagalog");
    CHECK_FALSE(catalog.has("language.reviewed"));
    CHECK_FALSE(catalog.has("language.direction"));
}

// [SECTION] The app takes the server's list

TEST_CASE("the server's list drives the language screen: its languages, in its order, named in themselves") {
    App a;
    CHECK(a.host.pending(kListUrl) == 1);
    a.answer_survey();
    CHECK(a.app.screen() == Screen::Loading);  // the list is part of loading
    REQUIRE(a.host.answer(kListUrl, 200, server_list()));
    CHECK(a.app.screen() == Screen::Language);
    CHECK(a.app.language_list_from_server());
    CHECK(codes(a.app.languages()) == std::vector<std::string>{"en", "ar", "fr", "pa"});
    // Each listed catalog is fetched, including those the build never saw.
    for (const char* lang : {"ar", "pa"}) CHECK_MESSAGE(a.host.pending(std::string("i18n/") + lang + ".json") == 1, lang);
    // Offered at once: the list names each language in itself (zh is built in, but not on this server).
    CHECK(a.app.available_languages() == std::vector<std::string>{"en", "ar", "fr", "pa"});
    a.answer_catalogs();
    CHECK(a.app.available_languages() == std::vector<std::string>{"en", "ar", "fr", "pa"});  // zh is built in, but not on this server
    CHECK(a.app.language_name("pa") == "ਪੰਜਾਬੀ");
    CHECK(a.app.language_name("fr") == "Français");
    a.pause();
    CHECK_FALSE(a.app.choose_language("zh"));
    REQUIRE(a.app.choose_language("pa"));
    CHECK(a.app.tr("welcome.heading") == "[ਪੰਜਾਬੀ] Tell us about your visit");
    CHECK(a.host.document_language == "pa");
}

TEST_CASE("languages that arrive while the language screen shows restart the tap guard: a tap never lands on a moved button") {
    App a;
    a.answer_survey();
    // No list and no copy of one: the compiled-in list, whose buttons appear with their catalogs.
    REQUIRE(a.host.answer(kListUrl, 500, ""));
    a.host.answer_cached();
    REQUIRE(a.app.screen() == Screen::Language);
    REQUIRE_FALSE(a.app.language_list_from_server());
    a.pause();
    a.host.answer("i18n/ar.json", 200, fixture_catalog("العربية", "rtl"));  // the buttons after it move
    CHECK_FALSE(a.app.choose_language("en"));
    a.pause();
    CHECK(a.app.choose_language("en"));
}

TEST_CASE("a phone fetches only the catalogs it uses; a kiosk keeps every one for days offline") {
    AppConfig phone;
    phone.mode = Mode::Phone;
    App p(phone);
    p.answer_survey();
    // More languages than the screen names in themselves: only names, no catalogs, until one is chosen.
    const std::string six = json{{"languages",
                                  {entry("en", "English", "ltr", true), entry("ar", "العربية", "rtl", false), entry("es", "Español", "ltr", false),
                                   entry("fr", "Français", "ltr", true), entry("pa", "ਪੰਜਾਬੀ", "ltr", false), entry("ta", "தமிழ்", "ltr", false)}}}
                                .dump();
    REQUIRE(p.host.answer(kListUrl, 200, six));
    CHECK(p.app.available_languages().size() == 6);
    for (const char* lang : {"ar", "fr", "pa"}) CHECK_MESSAGE(p.host.pending(std::string("i18n/") + lang + ".json") == 0, lang);
    p.pause();
    REQUIRE(p.app.choose_language("pa"));
    CHECK(p.app.screen() == Screen::Language);  // until its words come
    REQUIRE(p.host.answer("i18n/pa.json", 200, fixture_catalog("ਪੰਜਾਬੀ")));
    CHECK(p.app.screen() == Screen::Welcome);
    CHECK(p.app.tr("welcome.heading") == "[ਪੰਜਾਬੀ] Tell us about your visit");
    CHECK(p.host.pending("i18n/ar.json") == 0);

    App k;  // a kiosk
    k.answer_survey();
    REQUIRE(k.host.answer(kListUrl, 200, server_list()));
    for (const char* lang : {"ar", "fr", "pa"}) CHECK_MESSAGE(k.host.pending(std::string("i18n/") + lang + ".json") == 1, lang);
}

TEST_CASE("?lang= may name a language only the server has; one it does not have starts in English") {
    AppConfig config;
    config.start_language = "pa";
    config.language_from_url = true;
    App a(config);
    CHECK(a.host.pending("i18n/pa.json") == 1);  // asked for at once, before the list is in
    a.answer_survey();
    REQUIRE(a.host.answer(kListUrl, 200, server_list()));
    a.answer_catalogs();
    CHECK(a.app.screen() == Screen::Welcome);
    CHECK(a.app.language() == "pa");

    AppConfig other;
    other.start_language = "de";
    other.language_from_url = true;
    App b(other);
    b.answer_survey();
    REQUIRE(b.host.answer(kListUrl, 200, server_list()));
    CHECK(b.app.screen() == Screen::Welcome);
    CHECK(b.app.language() == "en");
    CHECK(b.app.config().start_language == "en");

    AppConfig hostile;
    hostile.start_language = "../../x";
    App c(hostile);
    CHECK(c.app.language() == "en");
    CHECK(c.host.pending("x") == 0);
}

TEST_CASE("offline, or a bad answer: the device's copy of the list, else the compiled-in list; never a blank list") {
    struct Case {
        const char* name;
        int status;
        std::string body;
    };
    const std::vector<Case> cases{{"offline", 0, ""},
                                  {"portal page", 200, kPortalPage},
                                  {"server error", 500, R"({"error":"x"})"},
                                  {"an old server without the list", 404, R"({"error":"There is nothing at this address."})"},
                                  {"an empty list", 200, R"({"languages":[]})"},
                                  {"entries all unusable", 200, R"({"languages":[{"code":"../../etc/passwd","name":"x"}]})"},
                                  {"cut off", 200, server_list().substr(0, 40)}};
    for (const auto& c : cases) {
        for (bool device_copy : {false, true}) {
            CAPTURE(c.name);
            CAPTURE(device_copy);
            App a;
            if (device_copy) a.host.device_copies[kListUrl] = server_list();
            a.answer_survey();
            REQUIRE(a.host.answer(kListUrl, c.status, c.body));
            CHECK(a.app.screen() == Screen::Loading);  // asking the device
            a.host.answer_cached();
            REQUIRE(a.app.screen() == Screen::Language);
            a.answer_catalogs();
            if (device_copy) {
                CHECK(codes(a.app.languages()) == std::vector<std::string>{"en", "ar", "fr", "pa"});
                CHECK(a.app.available_languages() == std::vector<std::string>{"en", "ar", "fr", "pa"});
            } else {
                CHECK_FALSE(a.app.language_list_from_server());
                CHECK(codes(a.app.languages()) == app_languages());
                const auto offered = a.app.available_languages();
                for (const char* lang : {"en", "fr", "zh"})
                    CHECK_MESSAGE(std::find(offered.begin(), offered.end(), lang) != offered.end(), lang);
                CHECK(a.app.language_name("zh") == "简体中文");  // names from the catalogs
            }
        }
    }
}

TEST_CASE("a list that never answers: after 10 s the compiled-in list; nothing at all still offers English") {
    App a;
    a.answer_survey();
    a.host.advance(kLoadTimeoutMs - 1);
    a.app.tick();
    CHECK(a.app.screen() == Screen::Loading);
    a.host.advance(1);
    a.app.tick();
    a.host.answer_cached();
    REQUIRE(a.app.screen() == Screen::Language);
    CHECK(codes(a.app.languages()) == app_languages());
    // No catalog ever comes: English, built in, is still there with words.
    CHECK(a.app.available_languages() == std::vector<std::string>{"en"});
    CHECK(a.app.language_name("en") == "English");
    CHECK(a.app.tr("language.choose") == "Choose your language");
    // The late list changes nothing: what the patient sees does not move under their finger.
    a.host.answer(kListUrl, 200, server_list());
    CHECK_FALSE(a.app.language_list_from_server());
}

TEST_CASE("direction(): the current language's, from its catalog; left to right while English stands in") {
    AppConfig config;
    config.start_language = "ar";
    App a(config);
    a.answer_survey();
    REQUIRE(a.host.answer(kListUrl, 200, server_list()));
    CHECK(a.app.language() == "ar");
    CHECK(a.app.direction() == "ltr");  // no Arabic catalog yet: the words shown are English
    a.answer_catalogs();
    CHECK(a.app.direction() == "rtl");
    CHECK(a.app.direction_of("fr") == "ltr");
    a.pause();
    REQUIRE(a.app.choose_language("fr"));
    CHECK(a.app.direction() == "ltr");
}

TEST_CASE("reviews: staff hear which languages nobody fluent has checked; the patients' screens never show it") {
    App a;
    a.answer_survey();
    REQUIRE(a.host.answer(kListUrl, 200, server_list()));
    a.answer_catalogs();
    CHECK(a.app.language_reviewed("en"));
    CHECK(a.app.language_reviewed("fr"));
    CHECK_FALSE(a.app.language_reviewed("pa"));
    CHECK(a.app.unreviewed_language_names() == std::vector<std::string>{"العربية", "ਪੰਜਾਬੀ"});

    // Staff mode gets them, as one line of the device page.
    FakeHost staff_host;
    StaffModel staff(staff_host);
    StaffSetup setup;
    setup.unreviewed_languages = a.app.unreviewed_language_names();
    staff.enter(setup, 0);
    const StaffMessage note = staff.languages_note();
    CHECK(note.key == "staff.languages_unreviewed");
    // Each name isolated (FSI ... PDI), so Arabic then Punjabi keep their order in any sentence.
    CHECK(note.values.at("languages") == "\u2068العربية\u2069, \u2068ਪੰਜਾਬੀ\u2069");
    CHECK(builtin_english().format(note.key, note.values) ==
          "Languages not yet checked by a fluent speaker: \u2068العربية\u2069, \u2068ਪੰਜਾਬੀ\u2069");
    StaffModel all_reviewed(staff_host);
    all_reviewed.enter(StaffSetup{}, 0);
    CHECK(all_reviewed.languages_note().key == "staff.languages_reviewed");

    // The patients' screens (src/ui/app.cpp) draw names and texts only: unit.language_screen
    // reads every twin and paragraph of the language screen and the picker for this line.
}
