// Every patient's language (issue 13): each i18n/<code>.json is complete against English, says its
// direction and whether a fluent speaker reviewed it, and the default survey speaks every language
// the app offers. The checks are functions, run on the shipped files and on broken copies, so a
// missing key or text is seen to fail.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "core/catalog.hpp"
#include "core/masking.hpp"
#include "core/response.hpp"
#include "core/survey.hpp"
#include "test_files.hpp"

using namespace tellus;
using nlohmann::json;

namespace {

// The catalogs folder, found as every test finds the repository's files (TELLUS_SOURCE_DIR).
const std::filesystem::path kCatalogDir = std::filesystem::path(TELLUS_SOURCE_DIR) / "i18n";
const std::string kSurvey = "assets/surveys/primary-care-visit.json";

// Every i18n/*.json, by code (the file name without .json), sorted.
std::vector<std::string> catalog_codes() {
    std::vector<std::string> codes;
    for (const auto& entry : std::filesystem::directory_iterator(kCatalogDir))
        if (entry.is_regular_file() && entry.path().extension() == ".json") codes.push_back(entry.path().stem().string());
    std::sort(codes.begin(), codes.end());
    return codes;
}

std::string catalog_text(const std::string& code) { return test::read_file((kCatalogDir / (code + ".json")).string()); }

// What is wrong with the catalog `text` for language `code`, against the English reference.
std::vector<std::string> catalog_problems(const Catalog& english, const std::string& code, const std::string& text) {
    Catalog catalog;
    std::string error;
    if (!catalog.load(text, error)) return {code + ": " + error};
    std::vector<std::string> problems = compare_catalogs(english, catalog, code);
    if (!catalog.has("language.name") || catalog.get("language.name").empty())
        problems.push_back(code + ": language.name is missing or empty");
    const std::string direction = catalog.has("language.direction") ? catalog.get("language.direction") : "";
    const bool right_to_left = code == "ar" || code == "ur" || code == "fa";
    if (direction != "ltr" && direction != "rtl")
        problems.push_back(code + ": language.direction is \"" + direction + "\", not \"ltr\" or \"rtl\"");
    else if ((direction == "rtl") != right_to_left)
        problems.push_back(code + ": language.direction is \"" + direction + "\", but the script runs " +
                           (right_to_left ? "right to left" : "left to right"));
    const std::string reviewed = catalog.has("language.reviewed") ? catalog.get("language.reviewed") : "";
    if (reviewed != "yes" && reviewed != "no")
        problems.push_back(code + ": language.reviewed is \"" + reviewed + "\", not \"yes\" or \"no\"");
    else if ((code == "en" || code == "fr") && reviewed != "yes")
        problems.push_back(code + ": English and French are reviewed by fluent speakers: language.reviewed must be \"yes\"");
    return problems;
}

// What is wrong with the survey `text`: a localized field without a non-empty text in a language
// it lists, or a catalog language it does not list (and the reverse).
std::vector<std::string> survey_problems(const std::string& text, const std::vector<std::string>& catalogs) {
    const SurveyLoad load = load_survey(text, "survey");
    if (!load.ok()) return load.errors;
    const Survey& survey = *load.survey;
    std::vector<std::string> problems;
    const auto check = [&](const LocalizedText& t, const std::string& where) {
        for (const auto& locale : survey.locales) {
            auto it = t.by_locale.find(locale);
            if (it == t.by_locale.end() || it->second.empty()) problems.push_back(where + " has no \"" + locale + "\" text");
        }
    };
    check(survey.title, "title");
    check(survey.you_said_we_did, "you_said_we_did");
    for (const auto& q : survey.questions) {
        check(q.text, q.id + " text");
        if (q.type == QuestionType::Scale) {
            check(q.min_label, q.id + " min_label");
            check(q.max_label, q.id + " max_label");
        }
        for (const auto& o : q.options)
            if (!o.label.empty()) check(o.label, q.id + " option " + o.id);  // built-in answers use the catalog
    }
    const std::set<std::string> listed(survey.locales.begin(), survey.locales.end());
    for (const auto& code : catalogs)
        if (!listed.count(code)) problems.push_back("the survey does not list \"" + code + "\", which the app offers");
    for (const auto& locale : survey.locales)
        if (std::find(catalogs.begin(), catalogs.end(), locale) == catalogs.end())
            problems.push_back("the survey lists \"" + locale + "\", which has no i18n/" + locale + ".json");
    return problems;
}

const Catalog& english() {
    static const Catalog catalog = [] {
        Catalog c;
        std::string error;
        REQUIRE_MESSAGE(c.load(catalog_text("en"), error), error);
        return c;
    }();
    return catalog;
}

bool mentions(const std::vector<std::string>& problems, const std::string& part) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(part) != std::string::npos; });
}

}  // namespace

TEST_CASE("the shipped languages: English, French and the languages most spoken at home in Canada") {
    const std::vector<std::string> codes = catalog_codes();
    for (const char* code : {"en", "fr", "zh", "zh-Hant", "pa", "es", "ar", "tl", "ur", "fa", "pt", "ta"}) {
        CAPTURE(code);
        CHECK(std::find(codes.begin(), codes.end(), code) != codes.end());
    }
}

TEST_CASE("every catalog is complete against English, with its name, direction and review status") {
    const std::vector<std::string> codes = catalog_codes();
    REQUIRE(codes.size() >= 12);
    for (const auto& code : codes) {
        CAPTURE(code);
        for (const auto& problem : catalog_problems(english(), code, catalog_text(code))) FAIL_CHECK(problem);
    }
    // Each language is named in itself, and no two alike (the language screen shows these names).
    std::set<std::string> names;
    for (const auto& code : codes) {
        Catalog c;
        std::string error;
        REQUIRE(c.load(catalog_text(code), error));
        CHECK_MESSAGE(names.insert(c.get("language.name")).second, code, " repeats the name ", c.get("language.name"));
    }
}

TEST_CASE("the catalog checks fail on a broken catalog") {
    json broken = json::parse(catalog_text("es"));
    CHECK(catalog_problems(english(), "es", broken.dump()).empty());
    SUBCASE("a missing key") {
        broken.erase("nav.next");
        CHECK(mentions(catalog_problems(english(), "es", broken.dump()), "\"nav.next\""));
    }
    SUBCASE("an empty text") {
        broken["welcome.emergency"] = "";
        CHECK(mentions(catalog_problems(english(), "es", broken.dump()), "\"welcome.emergency\""));
    }
    SUBCASE("a placeholder translated by mistake") {
        broken["nav.progress"] = "Pregunta {n} de {totales}";
        CHECK(mentions(catalog_problems(english(), "es", broken.dump()), "placeholders"));
    }
    SUBCASE("a wrong direction") {
        CHECK(mentions(catalog_problems(english(), "ar", broken.dump()), "right to left"));
        broken["language.direction"] = "rtl";
        CHECK(mentions(catalog_problems(english(), "es", broken.dump()), "left to right"));
        broken["language.direction"] = "right";
        CHECK(mentions(catalog_problems(english(), "es", broken.dump()), "language.direction"));
    }
    SUBCASE("a review status that is not yes or no, or French not reviewed") {
        broken["language.reviewed"] = "maybe";
        CHECK(mentions(catalog_problems(english(), "es", broken.dump()), "language.reviewed"));
        broken["language.reviewed"] = "no";
        CHECK(mentions(catalog_problems(english(), "fr", broken.dump()), "language.reviewed"));
    }
    SUBCASE("no name") {
        broken.erase("language.name");
        CHECK(mentions(catalog_problems(english(), "es", broken.dump()), "language.name"));
    }
    SUBCASE("not a catalog") {
        CHECK(mentions(catalog_problems(english(), "es", "<html>"), "es"));
    }
}

TEST_CASE("the default survey has every text in every language it lists, and lists every catalog's language") {
    for (const auto& problem : survey_problems(test::repo_file(kSurvey), catalog_codes())) FAIL_CHECK(problem);
}

TEST_CASE("the survey checks fail on a broken survey") {
    json survey = json::parse(test::repo_file(kSurvey));
    const std::vector<std::string> codes = catalog_codes();
    REQUIRE(survey_problems(survey.dump(), codes).empty());
    SUBCASE("a language without its thank-you text") {
        survey["you_said_we_did"].erase("ta");
        CHECK(mentions(survey_problems(survey.dump(), codes), "you_said_we_did has no \"ta\""));
    }
    SUBCASE("an option without its label (the survey is refused)") {
        survey["questions"][4]["options"][0]["label"].erase("pa");
        CHECK(mentions(survey_problems(survey.dump(), codes), "\"pa\""));
    }
    SUBCASE("a catalog language the survey does not list") {
        auto& locales = survey["locales"];
        locales.erase(std::find(locales.begin(), locales.end(), "fa"));
        CHECK(mentions(survey_problems(survey.dump(), codes), "does not list \"fa\""));
    }
    SUBCASE("a listed language without a catalog") {
        std::vector<std::string> fewer = codes;
        fewer.erase(std::find(fewer.begin(), fewer.end(), "ur"));
        CHECK(mentions(survey_problems(survey.dump(), fewer), "no i18n/ur.json"));
    }
}

TEST_CASE("a language with a script subtag: zh-Hant is a survey language, its own text, and a response locale") {
    const auto load = load_survey(R"({"id":"s","version":1,"locales":["en","zh","zh-Hant"],
        "title":{"en":"Your visit","zh":"您的就诊","zh-Hant":"您的就診"},
        "questions":[{"id":"q","type":"faces","text":{"en":"How was it?","zh":"怎么样？","zh-Hant":"怎麼樣？"}}]})", "s.json");
    INFO((load.errors.empty() ? std::string() : load.errors.front()));
    REQUIRE(load.ok());
    const Survey& s = *load.survey;
    CHECK(s.title.in("zh-Hant") == "您的就診");
    CHECK(s.title.in("zh-Hant-HK") == "您的就診");  // a longer tag finds its script's text
    CHECK(s.title.in("zh") == "您的就诊");
    CHECK(s.title.in("zh-CN") == "您的就诊");
    CHECK(s.title.in("fr-CA") == "Your visit");  // no French: English
    // Without the Traditional text in a language the survey lists, the survey is refused.
    CHECK_FALSE(load_survey(R"({"id":"s","version":1,"locales":["en","zh-Hant"],"title":{"en":"T","zh-Hant":"T"},
        "questions":[{"id":"q","type":"faces","text":{"en":"Q"}}]})", "s.json").ok());

    // The default survey's Traditional text, as the app asks for it.
    const auto survey = load_survey(test::repo_file(kSurvey), "p");
    REQUIRE(survey.ok());
    const Question* listened = survey.survey->question("listened");
    REQUIRE(listened);
    CHECK(listened->text.in("zh-Hant") != listened->text.in("zh"));
    CHECK(listened->text.in("zh-Hant") == json::parse(test::repo_file(kSurvey))["questions"][1]["text"]["zh-Hant"].get<std::string>());

    // The server takes a response whose locale is zh-Hant (or pa-Guru-CA), and masks in that script.
    const auto lookup = [&](const std::string& id, int version) -> const Survey* {
        return id == "primary-care-visit" && version == 1 ? &*survey.survey : nullptr;
    };
    for (const char* locale : {"zh-Hant", "zh-Hant-HK", "pa-Guru-CA", "ar", "fa-IR", "tl"}) {
        CAPTURE(locale);
        const json response = {{"id", "3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f"},
                               {"survey", {{"id", "primary-care-visit"}, {"version", 1}}},
                               {"locale", locale}, {"channel", "kiosk"}, {"site", "north"},
                               {"started_at", "2026-11-23T10:15:00-05:00"}, {"submitted_at", "2026-11-23T10:16:02-05:00"},
                               {"answers", {{"care_when_needed", "good"}, {"went_well", "很好"}}}};
        const ParsedResponse parsed = parse_response(response, lookup);
        CHECK(parsed.ok());
        CHECK(parsed.response.locale == locale);
    }
    CHECK(mask_personal_details("我的電話是416-555-0199", "zh-Hant").text ==
          "我的電話是" + json::parse(catalog_text("zh-Hant"))["mask.phone"].get<std::string>());
}
