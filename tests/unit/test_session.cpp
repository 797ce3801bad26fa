// A person's pass through a survey: show-if, skipping, going back, answers kept consistent.
#include <doctest/doctest.h>

#include "core/session.hpp"

using namespace tellus;

namespace {
Survey survey_with_show_if() {
    auto load = load_survey(R"({"id":"s","version":1,"locales":["en"],"title":"T","questions":[
      {"id":"visited","type":"yes_no_unsure","text":"Did you visit?"},
      {"id":"how","type":"faces","text":"How was it?","show_if":{"question":"visited","any_of":["yes"]}},
      {"id":"why","type":"text","text":"Why not?","show_if":{"question":"how","any_of":["bad","very_bad"]}},
      {"id":"topics","type":"multiple","text":"Topics","options":[{"id":"a","label":"A"},{"id":"b","label":"B"}]},
      {"id":"more","type":"text","text":"More on B","show_if":{"question":"topics","any_of":["b"]}}]})",
                            "s.json");
    REQUIRE(load.ok());
    return *load.survey;
}
std::vector<std::string> ids(const SurveySession& s) {
    std::vector<std::string> out;
    for (const auto* q : s.visible_questions()) out.push_back(q->id);
    return out;
}
}  // namespace

TEST_CASE("show-if questions appear only when an earlier answer matches") {
    const Survey survey = survey_with_show_if();
    SurveySession s(survey);
    CHECK(ids(s) == std::vector<std::string>{"visited", "topics"});
    s.set_answer("visited", "yes");
    CHECK(ids(s) == std::vector<std::string>{"visited", "how", "topics"});
    s.set_answer("how", "bad");
    CHECK(ids(s) == std::vector<std::string>{"visited", "how", "why", "topics"});
}

TEST_CASE("a multiple-choice answer shows a question when any chosen option matches") {
    const Survey survey = survey_with_show_if();
    SurveySession s(survey);
    s.toggle_choice("topics", "a");
    CHECK(ids(s) == std::vector<std::string>{"visited", "topics"});
    s.toggle_choice("topics", "b");
    CHECK(ids(s) == std::vector<std::string>{"visited", "topics", "more"});
    s.toggle_choice("topics", "b");
    s.toggle_choice("topics", "a");
    CHECK(s.answer("topics") == nullptr);  // unticking everything is the same as skipping
}

TEST_CASE("changing an answer drops the answers of questions it hides, in a chain") {
    const Survey survey = survey_with_show_if();
    SurveySession s(survey);
    s.set_answer("visited", "yes");
    s.set_answer("how", "very_bad");
    s.set_answer("why", "Long wait");
    s.set_answer("visited", "no");
    CHECK(s.answer("how") == nullptr);
    CHECK(s.answer("why") == nullptr);  // hidden because "how" went away
    CHECK(s.answers().size() == 1);
}

TEST_CASE("every question can be skipped; next and back move through the visible questions") {
    const Survey survey = survey_with_show_if();
    SurveySession s(survey);
    CHECK(s.current()->id == "visited");
    s.next();
    CHECK(s.current()->id == "topics");
    s.next();
    CHECK(s.at_end());
    s.back();
    s.back();
    CHECK(s.current()->id == "visited");
    s.back();
    CHECK(s.position() == 0);
    CHECK(s.answered_count() == 0);
}
