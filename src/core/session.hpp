#pragma once
// One person's pass through a survey: which questions they see (show-if), where they are,
// and the answers so far. The UI draws from it; it knows nothing about drawing.
#include <map>
#include <string>
#include <vector>

#include "response.hpp"
#include "survey.hpp"

namespace tellus {

class SurveySession {
public:
    explicit SurveySession(const Survey& survey) : survey_(&survey) {}

    const Survey& survey() const { return *survey_; }

    // Questions shown given the answers so far, in survey order.
    std::vector<const Question*> visible_questions() const;
    bool is_visible(const Question& question) const;

    // Position among the visible questions; equal to their count once past the last one.
    size_t position() const { return position_; }
    const Question* current() const;
    bool at_end() const { return position_ >= visible_questions().size(); }
    void next();
    void back();

    // Setting an answer may hide later questions; their answers are dropped so a hidden
    // question is never sent.
    void set_answer(const std::string& question_id, Answer value);
    void clear_answer(const std::string& question_id);
    void toggle_choice(const std::string& question_id, const std::string& option_id);  // multiple choice
    const Answer* answer(const std::string& question_id) const;
    const std::map<std::string, Answer>& answers() const { return answers_; }
    size_t answered_count() const;

private:
    void drop_hidden_answers();

    const Survey* survey_;
    std::map<std::string, Answer> answers_;
    size_t position_ = 0;
};

}  // namespace tellus
