#include "response.hpp"

#include "limits.hpp"
#include "masking.hpp"
#include "text.hpp"
#include "timestamp.hpp"

#include <cctype>
#include <set>
#include <tuple>

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

std::string field_name(const std::string& question_id) {
    // An unknown key can be any length: name it, but not at any length.
    return "answers." + (count_characters(question_id) > limits::kSurveyIdChars ? question_id.substr(0, limits::kSurveyIdChars) + "…" : question_id);
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
            // U+0000 cannot be stored as PostgreSQL text, and no keyboard types it.
            if (value.get_ref<const std::string&>().find('\0') != std::string::npos) return "must not contain the character U+0000";
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

// 8-4-4-4-12 hex digits in either case, version nibble 4, variant 8, 9, a or b.
bool is_uuid_v4(std::string_view text) {
    if (text.size() != limits::kIdChars) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_here != (c == '-')) return false;
        if (!dash_here && !std::isxdigit(static_cast<unsigned char>(c))) return false;
    }
    const char variant = static_cast<char>(std::tolower(static_cast<unsigned char>(text[19])));
    return text[14] == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
}

static std::string lower_ascii(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::vector<FieldError> validate_answers(const Survey& survey, const std::map<std::string, Answer>& answers) {
    std::vector<FieldError> errors;
    for (const auto& [question_id, value] : answers) {
        if (errors.size() >= kMaxErrorsPerResponse) break;
        const std::string field = field_name(question_id);
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

namespace {

// A short text field: present (unless optional), text, within `max_chars`, no control characters.
std::string short_text(const json& o, const char* field, std::size_t max_chars, bool required, std::vector<FieldError>& errors) {
    const std::string text = required ? required_string(o, field, errors) : optional_string(o, field, errors);
    if (count_characters(text) > max_chars) {
        errors.push_back({field, "must be at most " + std::to_string(max_chars) + " characters"});
        return {};
    }
    if (has_control_characters(text)) {
        errors.push_back({field, "must not contain control characters"});
        return {};
    }
    return text;
}

void read_survey_reference(const json& o, Response& r, std::vector<FieldError>& errors) {
    const char* shape = "must be {\"id\": \"survey id\", \"version\": number}";
    if (!o.contains("survey") || !o["survey"].is_object()) return errors.push_back({"survey", shape});
    const json& survey = o["survey"];
    if (!survey.contains("id") || !survey["id"].is_string() || !is_valid_id(survey["id"].get_ref<const std::string&>()))
        return errors.push_back({"survey.id", "must be a survey id (a-z, 0-9, - and _, at most " +
                                                  std::to_string(limits::kSurveyIdChars) + " characters)"});
    const json& version = survey.contains("version") ? survey["version"] : json();
    const bool in_range = version.is_number_unsigned()
                              ? version.get<std::uint64_t>() >= 1 && version.get<std::uint64_t>() <= limits::kMaxSurveyVersion
                              : version.is_number_integer() && version.get<std::int64_t>() >= 1 &&
                                    version.get<std::int64_t>() <= limits::kMaxSurveyVersion;
    if (!in_range)
        return errors.push_back({"survey.version", "must be a whole number from 1 to " + std::to_string(limits::kMaxSurveyVersion)});
    r.survey_id = survey["id"].get<std::string>();
    r.survey_version = static_cast<int>(version.get<std::int64_t>());
}

// started_at <= submitted_at <= the server's time + skew, each a real calendar time.
void read_times(const json& o, Response& r, std::optional<std::int64_t> received_ms, std::vector<FieldError>& errors) {
    std::optional<std::int64_t> started, submitted;
    for (auto [field, text, instant] : {std::tuple{"started_at", &r.started_at, &started},
                                        std::tuple{"submitted_at", &r.submitted_at, &submitted}}) {
        *text = required_string(o, field, errors);
        if (text->empty()) continue;
        *instant = parse_timestamp_ms(*text);
        if (!*instant) errors.push_back({field, "must be a real date and time like 2026-11-23T10:15:00-05:00 (offset within ±14:00)"});
    }
    if (started && submitted && *started > *submitted) errors.push_back({"started_at", "must not be after submitted_at"});
    if (submitted && received_ms && *submitted > *received_ms + limits::kClockSkewMs)
        errors.push_back({"submitted_at", "is more than a day ahead of the server's clock (check the device's date)"});
}

}  // namespace

ParsedResponse parse_response(const json& o, const SurveyLookup& surveys, std::optional<std::int64_t> received_ms) {
    ParsedResponse parsed;
    auto& r = parsed.response;
    auto& errors = parsed.errors;
    if (!o.is_object()) {
        errors.push_back({"", "each response must be a JSON object"});
        return parsed;
    }
    r.id = required_string(o, "id", errors);
    if (!r.id.empty() && !is_uuid_v4(r.id)) errors.push_back({"id", "must be a UUID version 4"});
    r.id = lower_ascii(r.id);
    read_survey_reference(o, r, errors);
    const size_t errors_before_locale = errors.size();
    r.locale = short_text(o, "locale", limits::kLocaleChars, true, errors);
    if (errors.size() == errors_before_locale && !is_language_tag(r.locale))
        errors.push_back({"locale", "must be a language tag like fr-CA"});
    r.channel = required_string(o, "channel", errors);
    if (!r.channel.empty() && !kChannels.count(r.channel)) errors.push_back({"channel", "must be kiosk, phone or web"});
    r.site = short_text(o, "site", limits::kSiteChars, false, errors);
    read_times(o, r, received_ms, errors);
    if (!o.contains("answers") || !o["answers"].is_object()) {
        errors.push_back({"answers", "must be an object of answers by question id"});
    } else {
        for (const auto& [question, value] : o["answers"].items()) r.answers[question] = value;
    }
    if (r.survey_id.empty()) return parsed;
    const Survey* survey = surveys(r.survey_id, r.survey_version);
    if (!survey) {
        errors.push_back({"survey", "survey \"" + r.survey_id + "\" version " + std::to_string(r.survey_version) + " is not known here"});
        return parsed;
    }
    auto answer_errors = validate_answers(*survey, r.answers);
    if (answer_errors.size() > kMaxErrorsPerResponse) answer_errors.resize(kMaxErrorsPerResponse);
    errors.insert(errors.end(), answer_errors.begin(), answer_errors.end());
    return parsed;
}

}  // namespace tellus
