#include "comments.hpp"

#include "core/masking_text.hpp"

namespace tellus::serve {

using nlohmann::json;

namespace {

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

std::vector<NewComment> comments_of(const Survey& survey, const json& body) {
    std::vector<NewComment> comments;
    if (!body.is_object() || !body.contains("answers") || !body["answers"].is_object()) return comments;
    const json& answers = body["answers"];
    const std::string locale = body.contains("locale") && body["locale"].is_string() ? body["locale"].get<std::string>() : "";
    for (const Question& q : survey.questions) {
        if (q.type != QuestionType::Text) continue;
        const auto answer = answers.find(q.id);
        if (answer == answers.end() || !answer->is_string()) continue;
        const std::string& text = answer->get_ref<const std::string&>();
        if (is_blank(text)) continue;
        comments.push_back({q.id, locale, text, masking::fold_text(text)});
    }
    return comments;
}

CommentsOf comments_reader(const SurveyRegistry& surveys) {
    return [&surveys](const std::string& survey_id, int version, const std::string& body) {
        const Survey* survey = surveys.find(survey_id, version);
        if (!survey) survey = surveys.latest(survey_id);
        if (!survey) return std::vector<NewComment>{};
        return comments_of(*survey, json::parse(body, nullptr, false));
    };
}

}  // namespace tellus::serve
