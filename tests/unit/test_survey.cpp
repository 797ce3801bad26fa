// Survey loading: the shipped survey loads; each kind of mistake a clinic can make is named plainly.
#include <doctest/doctest.h>

#include "core/survey.hpp"
#include "test_files.hpp"

using namespace tellus;

namespace {
// True when some error message contains every one of `parts`.
bool has_error(const SurveyLoad& load, std::initializer_list<std::string> parts) {
    for (const auto& e : load.errors) {
        bool all = true;
        for (const auto& p : parts) all = all && e.find(p) != std::string::npos;
        if (all) return true;
    }
    return false;
}
SurveyLoad load_with_question(const std::string& question_json) {
    return load_survey(R"({"id":"s","version":1,"locales":["en","fr"],"title":{"en":"T","fr":"T"},"questions":[)" +
                           question_json + "]}",
                       "s.json");
}
}  // namespace

TEST_CASE("the default survey loads with every question type and every shipped language") {
    auto load = load_survey(test::repo_file("assets/surveys/primary-care-visit.json"), "primary-care-visit.json");
    INFO((load.errors.empty() ? std::string() : load.errors.front()));
    REQUIRE(load.ok());
    const Survey& s = *load.survey;
    CHECK(s.id == "primary-care-visit");
    CHECK(s.version == 1);
    CHECK(s.questions.size() >= 8);
    CHECK(s.questions.size() <= 11);
    CHECK(s.locales == std::vector<std::string>{"en", "fr", "zh", "zh-Hant", "pa", "es", "ar", "tl", "ur", "fa", "pt", "ta"});
    CHECK(s.question("care_when_needed")->type == QuestionType::Faces);
    CHECK(s.question("care_when_needed")->options.size() == 5);
    CHECK(s.question("overall")->type == QuestionType::Scale);
    CHECK(s.question("went_well")->type == QuestionType::Text);
    CHECK(s.question("age_band")->about_you);
    CHECK(s.question("age_band")->options.back().id == kPreferNotToSay);
    CHECK(s.question("listened")->text.in("fr-CA") == "Le médecin ou l’infirmière vous a-t-il écouté?");
}

TEST_CASE("a broken survey file is reported in plain words naming file, question and field") {
    SUBCASE("not JSON at all") {
        auto load = load_survey("{ not json", "bad.json");
        CHECK_FALSE(load.ok());
        CHECK(has_error(load, {"bad.json", "not valid JSON"}));
    }
    SUBCASE("missing id and version") {
        auto load = load_survey(R"({"locales":["en"],"title":"T","questions":[{"id":"q","type":"text","text":"Q"}]})", "x.json");
        CHECK_FALSE(load.ok());
        CHECK(has_error(load, {"x.json", "\"id\""}));
        CHECK(has_error(load, {"x.json", "\"version\""}));
    }
    SUBCASE("unknown question type") {
        auto load = load_with_question(R"({"id":"q1","type":"stars","text":{"en":"Q","fr":"Q"}})");
        CHECK(has_error(load, {"s.json", "question 1", "\"q1\"", "\"type\"", "stars"}));
    }
    SUBCASE("text missing in a listed language") {
        auto load = load_with_question(R"({"id":"q1","type":"text","text":{"en":"Q"}})");
        CHECK(has_error(load, {"\"q1\"", "\"text\"", "\"fr\""}));
    }
    SUBCASE("choice without options") {
        auto load = load_with_question(R"({"id":"q1","type":"single","text":{"en":"Q","fr":"Q"}})");
        CHECK(has_error(load, {"\"q1\"", "\"options\""}));
    }
    SUBCASE("duplicate question ids") {
        auto load = load_with_question(R"({"id":"q1","type":"text","text":{"en":"Q","fr":"Q"}},{"id":"q1","type":"text","text":{"en":"Q","fr":"Q"}})");
        CHECK(has_error(load, {"question 2", "\"q1\"", "another question"}));
    }
    SUBCASE("scale with max not above min") {
        auto load = load_with_question(
            R"({"id":"q1","type":"scale","min":5,"max":5,"text":{"en":"Q","fr":"Q"},"min_label":{"en":"a","fr":"a"},"max_label":{"en":"b","fr":"b"}})");
        CHECK(has_error(load, {"\"q1\"", "\"max\"", "greater"}));
    }
    SUBCASE("show_if naming a later or unknown question") {
        auto load = load_with_question(
            R"({"id":"q1","type":"text","text":{"en":"Q","fr":"Q"},"show_if":{"question":"q2","any_of":["yes"]}},{"id":"q2","type":"yes_no_unsure","text":{"en":"Q","fr":"Q"}})");
        CHECK(has_error(load, {"\"q1\"", "\"show_if\"", "not an earlier question"}));
    }
    SUBCASE("show_if naming an answer the earlier question does not have") {
        auto load = load_with_question(
            R"({"id":"q1","type":"yes_no_unsure","text":{"en":"Q","fr":"Q"}},{"id":"q2","type":"text","text":{"en":"Q","fr":"Q"},"show_if":{"question":"q1","any_of":["maybe"]}})");
        CHECK(has_error(load, {"\"q2\"", "\"show_if\"", "maybe"}));
    }
    SUBCASE("text length limit out of range") {
        auto load = load_with_question(R"({"id":"q1","type":"text","max_length":0,"text":{"en":"Q","fr":"Q"}})");
        CHECK(has_error(load, {"\"q1\"", "\"max_length\""}));
    }
}

TEST_CASE("about-you questions always offer prefer not to say, exactly once") {
    auto load = load_with_question(
        R"({"id":"age","type":"single","about_you":true,"text":{"en":"Q","fr":"Q"},"options":[{"id":"young","label":{"en":"Y","fr":"J"}},{"id":"prefer_not_to_say","label":{"en":"P","fr":"P"}}]})");
    REQUIRE(load.ok());
    const auto& options = load.survey->questions[0].options;
    CHECK(options.size() == 2);
    CHECK(options.back().id == kPreferNotToSay);
}

// Found by the survey fuzz target (issue 10).
TEST_CASE("a number too large for a double is a plain error naming the file, not a crash") {
    auto load = load_survey(R"({"version": 1e400})", "huge.json");
    CHECK_FALSE(load.ok());
    CHECK(has_error(load, {"huge.json", "not valid JSON"}));
}

TEST_CASE("a choice question whose only answer is prefer-not-to-say is refused, not loaded with no answers") {
    auto load = load_with_question(
        R"({"id":"q1","type":"single","text":{"en":"Q","fr":"Q"},"options":[{"id":"prefer_not_to_say","label":{"en":"P","fr":"P"}}]})");
    CHECK_FALSE(load.ok());
    CHECK(has_error(load, {"\"q1\"", "\"options\"", "besides"}));
}

TEST_CASE("a web page in place of the survey (a captive portal) is named as such, without exceptions") {
    auto load = load_survey("<!doctype html><title>Sign in to Clinic-WiFi</title>", "survey \"primary-care-visit\"");
    CHECK_FALSE(load.ok());
    CHECK(has_error(load, {"primary-care-visit", "web page"}));
    load = load_survey(R"({"id": "s", "version": 1,)", "s.json");
    CHECK(has_error(load, {"s.json", "not valid JSON"}));
}
