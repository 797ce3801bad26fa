#include "response.hpp"

#include "masking.hpp"

#include <regex>
#include <set>

namespace tellus {
namespace {

using nlohmann::json;

const std::set<std::string> kChannels{"kiosk", "phone", "web"};

std::string required_string(const json& o, const char* field, std::vector<FieldError>& errors) {
    if (!o.contains(field) || !o[field].is_string()) {
        errors.push_back({field, "is missing or not text"});
        return {};
    }
    return o[field].get<std::string>();
}

std::string optional_string(const json& o, const char* field, std::vector<FieldError>& errors) {
    if (!o.contains(field) || o[field].is_null()) return {};
    if (!o[field].is_string()) {
        errors.push_back({field, "must be text"});
        return {};
    }
    return o[field].get<std::string>();
}

std::string check_choice(const Question& q, const json& value) {
    if (!value.is_string()) return "must be one answer id (text)";
    if (!q.option(value.get<std::string>())) return "\"" + value.get<std::string>() + "\" is not one of this question's answers";
    return {};
}

std::string check_answer(const Question& q, const json& value) {
    switch (q.type) {
        case QuestionType::Faces:
        case QuestionType::Single:
        case QuestionType::YesNoUnsure: return check_choice(q, value);
        case QuestionType::Multiple: {
            if (!value.is_array()) return "must be a list of answer ids";
            std::set<std::string> seen;
            for (const auto& item : value) {
                if (auto problem = check_choice(q, item); !problem.empty()) return problem;
                if (!seen.insert(item.get<std::string>()).second) return "lists \"" + item.get<std::string>() + "\" twice";
            }
            return {};
        }
        case QuestionType::Scale: {
            if (!value.is_number_integer()) return "must be a whole number";
            const auto n = value.get<long long>();
            if (n < q.min || n > q.max) return "must be from " + std::to_string(q.min) + " to " + std::to_string(q.max);
            return {};
        }
        case QuestionType::Text: {
            if (!value.is_string()) return "must be text";
            // Masking markers ("[phone number removed]") count as one character (core/masking.hpp).
            if (characters_for_limit(value.get<std::string>()) > static_cast<size_t>(q.max_length))
                return "is longer than the " + std::to_string(q.max_length) + " characters allowed";
            return {};
        }
    }
    return "has an unknown type";
}

}  // namespace

json Response::to_json() const {
    json a = json::object();
    for (const auto& [question, answer] : answers) a[question] = answer;
    return {{"id", id},
            {"survey", {{"id", survey_id}, {"version", survey_version}}},
            {"locale", locale},
            {"channel", channel},
            {"site", site},
            {"started_at", started_at},
            {"submitted_at", submitted_at},
            {"answers", a}};
}

bool is_uuid_v4(const std::string& text) {
    static const std::regex pattern("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", std::regex::icase);
    return std::regex_match(text, pattern);
}

bool is_iso8601_with_offset(const std::string& text) {
    static const std::regex pattern(
        R"(^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$)");
    return std::regex_match(text, pattern);
}

std::vector<FieldError> validate_answers(const Survey& survey, const std::map<std::string, Answer>& answers) {
    std::vector<FieldError> errors;
    for (const auto& [question_id, value] : answers) {
        const std::string field = "answers." + question_id;
        const Question* q = survey.question(question_id);
        if (!q) {
            errors.push_back({field, "is not a question of survey \"" + survey.id + "\""});
            continue;
        }
        if (value.is_null()) continue;  // a skipped question may be sent as null
        if (auto problem = check_answer(*q, value); !problem.empty()) errors.push_back({field, problem});
    }
    return errors;
}

ParsedResponse parse_response(const json& o, const SurveyLookup& surveys) {
    ParsedResponse parsed;
    auto& r = parsed.response;
    auto& errors = parsed.errors;
    if (!o.is_object()) {
        errors.push_back({"", "each response must be a JSON object"});
        return parsed;
    }
    r.id = required_string(o, "id", errors);
    if (!r.id.empty() && !is_uuid_v4(r.id)) errors.push_back({"id", "must be a UUID version 4"});
    if (!o.contains("survey") || !o["survey"].is_object() || !o["survey"].contains("id") || !o["survey"]["id"].is_string() ||
        !o["survey"].contains("version") || !o["survey"]["version"].is_number_integer()) {
        errors.push_back({"survey", "must be {\"id\": \"survey id\", \"version\": number}"});
    } else {
        r.survey_id = o["survey"]["id"].get<std::string>();
        r.survey_version = o["survey"]["version"].get<int>();
    }
    r.locale = required_string(o, "locale", errors);
    r.channel = required_string(o, "channel", errors);
    if (!r.channel.empty() && !kChannels.count(r.channel)) errors.push_back({"channel", "must be kiosk, phone or web"});
    r.site = optional_string(o, "site", errors);
    if (r.site.size() > 64) errors.push_back({"site", "must be at most 64 characters"});
    for (auto [field, target] : {std::pair{"started_at", &r.started_at}, std::pair{"submitted_at", &r.submitted_at}}) {
        *target = required_string(o, field, errors);
        if (!target->empty() && !is_iso8601_with_offset(*target))
            errors.push_back({field, "must be a date and time like 2026-11-23T10:15:00-05:00"});
    }
    if (!o.contains("answers") || !o["answers"].is_object()) {
        errors.push_back({"answers", "must be an object of answers by question id"});
        return parsed;
    }
    for (const auto& [question, value] : o["answers"].items()) r.answers[question] = value;
    if (r.survey_id.empty()) return parsed;
    const Survey* survey = surveys(r.survey_id, r.survey_version);
    if (!survey) {
        errors.push_back({"survey", "survey \"" + r.survey_id + "\" version " + std::to_string(r.survey_version) + " is not known here"});
        return parsed;
    }
    auto answer_errors = validate_answers(*survey, r.answers);
    errors.insert(errors.end(), answer_errors.begin(), answer_errors.end());
    return parsed;
}

}  // namespace tellus
