#include "survey.hpp"

#include <nlohmann/json.hpp>
#include <functional>
#include "limits.hpp"
#include <set>

namespace tellus {

// a-z or 0-9 first, then a-z, 0-9, '_' or '-': at most limits::kSurveyIdChars in all.
bool is_valid_id(std::string_view id) {
    const auto plain = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (id.empty() || id.size() > limits::kSurveyIdChars || !plain(id[0])) return false;
    for (char c : id)
        if (!plain(c) && c != '_' && c != '-') return false;
    return true;
}

namespace {

using nlohmann::json;

// Collects problems with the place they were found, so each message can stand alone.
class Problems {
public:
    explicit Problems(std::string source) : source_(std::move(source)) {}
    void at_survey(const std::string& field, const std::string& what) {
        errors.push_back(source_ + ": field \"" + field + "\" " + what);
    }
    void at_question(size_t index, const std::string& qid, const std::string& field, const std::string& what) {
        std::string where = "question " + std::to_string(index + 1);
        if (!qid.empty()) where += " (\"" + qid + "\")";
        errors.push_back(source_ + ": " + where + ", field \"" + field + "\" " + what);
    }
    void raw(const std::string& message) { errors.push_back(source_ + ": " + message); }
    std::vector<std::string> errors;

private:
    std::string source_;
};

std::optional<LocalizedText> read_text(const json& value) {
    LocalizedText text;
    if (value.is_string()) {
        text.by_locale["en"] = value.get<std::string>();
        return text;
    }
    if (!value.is_object() || value.empty()) return std::nullopt;
    for (const auto& [locale, string] : value.items()) {
        if (!string.is_string() || string.get<std::string>().empty()) return std::nullopt;
        text.by_locale[locale] = string.get<std::string>();
    }
    return text;
}

// Reads a required or optional localized text field; reports what is wrong.
LocalizedText text_field(const json& object, const char* field, bool required, const std::function<void(std::string)>& report) {
    if (!object.contains(field)) {
        if (required) report("is missing: give the text, for example {\"en\": \"...\", \"fr\": \"...\"}");
        return {};
    }
    auto text = read_text(object[field]);
    if (!text) {
        report("must be text, or an object of non-empty texts by language, for example {\"en\": \"...\", \"fr\": \"...\"}");
        return {};
    }
    return *text;
}

void check_locales(const LocalizedText& text, const std::vector<std::string>& locales,
                   const std::function<void(std::string)>& report) {
    for (const auto& locale : locales)
        if (!text.by_locale.count(locale)) report("has no \"" + locale + "\" text, but the survey lists that language");
}

void read_options(const json& q, Question& question, size_t index, const std::vector<std::string>& locales, Problems& problems) {
    if (!question.has_choices()) return;
    const auto& builtin = builtin_option_ids(question.type);
    if (!builtin.empty()) {
        if (q.contains("options")) problems.at_question(index, question.id, "options", "is not allowed: this question type has its own fixed answers");
        for (const auto& id : builtin) question.options.push_back({id, {}});
        return;
    }
    if (!q.contains("options") || !q["options"].is_array() || q["options"].empty()) {
        problems.at_question(index, question.id, "options", "must be a list with at least one answer");
        return;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < q["options"].size(); ++i) {
        const auto& o = q["options"][i];
        const std::string field = "options[" + std::to_string(i + 1) + "]";
        auto report = [&](std::string what) { problems.at_question(index, question.id, field, what); };
        if (!o.is_object() || !o.contains("id") || !o["id"].is_string() || !is_valid_id(o["id"].get<std::string>())) {
            report("needs an \"id\" of lower-case letters, digits, - or _");
            continue;
        }
        Option option{o["id"].get<std::string>(), text_field(o, "label", true, [&](std::string w) { report("label " + w); })};
        if (!seen.insert(option.id).second) report("repeats the answer id \"" + option.id + "\"");
        if (option.id == kPreferNotToSay) continue;  // added below for "about you" questions
        check_locales(option.label, locales, [&](std::string w) { report("label " + w); });
        question.options.push_back(std::move(option));
    }
    if (question.about_you) question.options.push_back({kPreferNotToSay, {}});
    else if (question.options.empty() && seen.count(kPreferNotToSay))
        problems.at_question(index, question.id, "options", "needs at least one answer besides \"prefer_not_to_say\"");
}

void read_kind_specific(const json& q, Question& question, size_t index, const std::vector<std::string>& locales, Problems& problems) {
    auto report = [&](const char* field) { return [&, field](std::string what) { problems.at_question(index, question.id, field, what); }; };
    if (question.type == QuestionType::Scale) {
        for (const char* field : {"min", "max"}) {
            if (!q.contains(field)) continue;
            if (!q[field].is_number_integer()) { report(field)("must be a whole number"); continue; }
            (field[1] == 'i' ? question.min : question.max) = q[field].get<int>();
        }
        if (question.min >= question.max) report("max")("must be greater than \"min\"");
        question.min_label = text_field(q, "min_label", true, report("min_label"));
        question.max_label = text_field(q, "max_label", true, report("max_label"));
        check_locales(question.min_label, locales, report("min_label"));
        check_locales(question.max_label, locales, report("max_label"));
    }
    if (question.type == QuestionType::Text && q.contains("max_length")) {
        if (!q["max_length"].is_number_integer() || q["max_length"].get<int>() < 1 || q["max_length"].get<int>() > 5000)
            report("max_length")("must be a whole number from 1 to 5000");
        else
            question.max_length = q["max_length"].get<int>();
    }
    read_options(q, question, index, locales, problems);
}

void read_show_if(const json& q, Question& question, size_t index, const Survey& survey, Problems& problems) {
    if (!q.contains("show_if")) return;
    auto report = [&](std::string what) { problems.at_question(index, question.id, "show_if", what); };
    const auto& s = q["show_if"];
    if (!s.is_object() || !s.contains("question") || !s["question"].is_string() || !s.contains("any_of") ||
        !s["any_of"].is_array() || s["any_of"].empty()) {
        report("must look like {\"question\": \"an earlier question id\", \"any_of\": [\"answer id\", ...]}");
        return;
    }
    ShowIf show_if{s["question"].get<std::string>(), {}};
    const Question* earlier = survey.question(show_if.question);
    if (!earlier) {
        report("names \"" + show_if.question + "\", which is not an earlier question");
        return;
    }
    if (!earlier->has_choices()) {
        report("names \"" + show_if.question + "\", which has no answers to choose from");
        return;
    }
    for (const auto& answer : s["any_of"]) {
        if (!answer.is_string() || !earlier->option(answer.get<std::string>())) {
            report("lists " + answer.dump() + ", which is not an answer of \"" + show_if.question + "\"");
            continue;
        }
        show_if.any_of.push_back(answer.get<std::string>());
    }
    question.show_if = std::move(show_if);
}

void read_question(const json& q, size_t index, Survey& survey, std::set<std::string>& ids, Problems& problems) {
    Question question;
    if (!q.is_object()) {
        problems.at_question(index, "", "", "must be an object with \"id\", \"type\" and \"text\"");
        return;
    }
    if (!q.contains("id") || !q["id"].is_string() || !is_valid_id(q["id"].get<std::string>())) {
        problems.at_question(index, "", "id", "is missing or not made of lower-case letters, digits, - or _");
    } else {
        question.id = q["id"].get<std::string>();
        if (!ids.insert(question.id).second) problems.at_question(index, question.id, "id", "is used by another question too");
    }
    const std::string type_name = q.contains("type") && q["type"].is_string() ? q["type"].get<std::string>() : "";
    if (auto type = question_type_from(type_name)) {
        question.type = *type;
    } else {
        problems.at_question(index, question.id, "type",
                             "must be one of faces, single, multiple, yes_no_unsure, scale, text (found \"" + type_name + "\")");
        return;
    }
    if (q.contains("about_you")) {
        if (!q["about_you"].is_boolean()) problems.at_question(index, question.id, "about_you", "must be true or false");
        else question.about_you = q["about_you"].get<bool>();
    }
    auto report_text = [&](std::string what) { problems.at_question(index, question.id, "text", what); };
    question.text = text_field(q, "text", true, report_text);
    check_locales(question.text, survey.locales, report_text);
    read_kind_specific(q, question, index, survey.locales, problems);
    read_show_if(q, question, index, survey, problems);
    survey.questions.push_back(std::move(question));
}

}  // namespace

const char* to_string(QuestionType type) {
    switch (type) {
        case QuestionType::Faces: return "faces";
        case QuestionType::Single: return "single";
        case QuestionType::Multiple: return "multiple";
        case QuestionType::YesNoUnsure: return "yes_no_unsure";
        case QuestionType::Scale: return "scale";
        case QuestionType::Text: return "text";
    }
    return "?";
}

std::optional<QuestionType> question_type_from(const std::string& name) {
    for (auto type : {QuestionType::Faces, QuestionType::Single, QuestionType::Multiple, QuestionType::YesNoUnsure,
                      QuestionType::Scale, QuestionType::Text})
        if (name == to_string(type)) return type;
    return std::nullopt;
}

const std::vector<std::string>& builtin_option_ids(QuestionType type) {
    static const std::vector<std::string> faces{"very_bad", "bad", "okay", "good", "very_good"};
    static const std::vector<std::string> yes_no{"yes", "no", "not_sure"};
    static const std::vector<std::string> none;
    if (type == QuestionType::Faces) return faces;
    if (type == QuestionType::YesNoUnsure) return yes_no;
    return none;
}

const Option* Question::option(const std::string& option_id) const {
    for (const auto& o : options)
        if (o.id == option_id) return &o;
    return nullptr;
}

const Question* Survey::question(const std::string& question_id) const {
    for (const auto& q : questions)
        if (q.id == question_id) return &q;
    return nullptr;
}

SurveyLoad load_survey(const std::string& json_text, const std::string& source) {
    Problems problems(source);
    // Without exceptions: the wasm build ignores them, so a throw there would end the app.
    const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        const auto first = json_text.find_first_not_of(" \t\r\n");
        problems.raw(first != std::string::npos && json_text[first] == '<'
                         ? "is not valid JSON: it is a web page (a Wi-Fi sign-in page, or an error page), not a survey"
                         : "is not valid JSON (check for a missing comma, quote or bracket, or a number too large)");
        return {std::nullopt, problems.errors};
    }
    if (!doc.is_object()) {
        problems.raw("must be a JSON object with \"id\", \"version\" and \"questions\"");
        return {std::nullopt, problems.errors};
    }
    Survey survey;
    if (!doc.contains("id") || !doc["id"].is_string() || !is_valid_id(doc["id"].get<std::string>()))
        problems.at_survey("id", "is missing or not made of lower-case letters, digits, - or _");
    else
        survey.id = doc["id"].get<std::string>();
    if (!doc.contains("version") || !doc["version"].is_number_integer() || doc["version"].get<int>() < 1)
        problems.at_survey("version", "must be a whole number, 1 or more");
    else
        survey.version = doc["version"].get<int>();
    if (doc.contains("locales") && doc["locales"].is_array() && !doc["locales"].empty()) {
        for (const auto& l : doc["locales"])
            if (l.is_string()) survey.locales.push_back(l.get<std::string>());
            else problems.at_survey("locales", "must be a list of language codes such as \"en\", \"fr\"");
    } else {
        problems.at_survey("locales", "must list the languages every text is given in, for example [\"en\", \"fr\"]");
    }
    auto survey_report = [&](const char* field) { return [&, field](std::string what) { problems.at_survey(field, what); }; };
    survey.title = text_field(doc, "title", true, survey_report("title"));
    check_locales(survey.title, survey.locales, survey_report("title"));
    survey.you_said_we_did = text_field(doc, "you_said_we_did", false, survey_report("you_said_we_did"));
    if (!doc.contains("questions") || !doc["questions"].is_array() || doc["questions"].empty()) {
        problems.at_survey("questions", "must be a list with at least one question");
    } else {
        std::set<std::string> ids;
        for (size_t i = 0; i < doc["questions"].size(); ++i) read_question(doc["questions"][i], i, survey, ids, problems);
    }
    if (!problems.errors.empty()) return {std::nullopt, problems.errors};
    return {std::move(survey), {}};
}

}  // namespace tellus
