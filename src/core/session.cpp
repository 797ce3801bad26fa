#include "session.hpp"

#include <algorithm>

namespace tellus {

bool SurveySession::is_visible(const Question& question) const {
    if (!question.show_if) return true;
    const auto* given = answer(question.show_if->question);
    if (!given) return false;
    const auto& any_of = question.show_if->any_of;
    auto matches = [&](const Answer& a) {
        return a.is_string() && std::find(any_of.begin(), any_of.end(), a.get<std::string>()) != any_of.end();
    };
    if (given->is_array()) return std::any_of(given->begin(), given->end(), matches);
    return matches(*given);
}

std::vector<const Question*> SurveySession::visible_questions() const {
    std::vector<const Question*> shown;
    for (const auto& q : survey_->questions)
        if (is_visible(q)) shown.push_back(&q);
    return shown;
}

const Question* SurveySession::current() const {
    const auto shown = visible_questions();
    return position_ < shown.size() ? shown[position_] : nullptr;
}

void SurveySession::next() {
    if (!at_end()) ++position_;
}

void SurveySession::back() {
    if (position_ > 0) --position_;
}

void SurveySession::set_answer(const std::string& question_id, Answer value) {
    answers_[question_id] = std::move(value);
    drop_hidden_answers();
}

void SurveySession::clear_answer(const std::string& question_id) {
    answers_.erase(question_id);
    drop_hidden_answers();
}

void SurveySession::toggle_choice(const std::string& question_id, const std::string& option_id) {
    Answer list = answers_.count(question_id) && answers_[question_id].is_array() ? answers_[question_id] : Answer::array();
    auto it = std::find(list.begin(), list.end(), option_id);
    if (it != list.end()) list.erase(it);
    else list.push_back(option_id);
    if (list.empty()) clear_answer(question_id);
    else set_answer(question_id, std::move(list));
}

const Answer* SurveySession::answer(const std::string& question_id) const {
    auto it = answers_.find(question_id);
    return it == answers_.end() ? nullptr : &it->second;
}

size_t SurveySession::answered_count() const { return answers_.size(); }

void SurveySession::drop_hidden_answers() {
    // Repeat until stable: hiding one question can hide another that depends on it.
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& q : survey_->questions) {
            if (answers_.count(q.id) && !is_visible(q)) {
                answers_.erase(q.id);
                changed = true;
            }
        }
    }
}

}  // namespace tellus
