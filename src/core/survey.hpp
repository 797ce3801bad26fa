#pragma once
// The survey model: what a clinic asks, as loaded from assets/surveys/*.json (docs/surveys.md).
// Loading validates everything and reports each problem in plain words, naming file, question and
// field, so a clinic editing a survey by hand learns exactly what to fix.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text.hpp"

namespace tellus {

enum class QuestionType { Faces, Single, Multiple, YesNoUnsure, Scale, Text };

const char* to_string(QuestionType type);
std::optional<QuestionType> question_type_from(const std::string& name);

struct Option {
    std::string id;
    LocalizedText label;  // empty for built-in options (faces, yes/no): labels come from the catalog
};

// Show a question only when an earlier answer is one of `any_of`.
struct ShowIf {
    std::string question;
    std::vector<std::string> any_of;
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::Single;
    LocalizedText text;
    std::vector<Option> options;  // for Faces/YesNoUnsure filled with the built-in ids
    bool about_you = false;       // optional demographic question; always offers "prefer not to say"
    int min = 0, max = 10;        // Scale
    LocalizedText min_label, max_label;
    int max_length = 500;         // Text
    std::optional<ShowIf> show_if;

    const Option* option(const std::string& option_id) const;
    bool has_choices() const { return type != QuestionType::Scale && type != QuestionType::Text; }
};

struct Survey {
    std::string id;
    int version = 0;
    LocalizedText title;
    LocalizedText you_said_we_did;  // shown on the thank-you screen
    std::vector<std::string> locales;
    std::vector<Question> questions;

    const Question* question(const std::string& question_id) const;
};

// A survey, question or option id: a-z or 0-9 first, then a-z, 0-9, '_' or '-', at most 64.
bool is_valid_id(std::string_view id);

// Ids of the options every question of a built-in type has.
const std::vector<std::string>& builtin_option_ids(QuestionType type);
inline constexpr const char* kPreferNotToSay = "prefer_not_to_say";

struct SurveyLoad {
    std::optional<Survey> survey;
    std::vector<std::string> errors;  // plain-language, one problem each
    bool ok() const { return survey.has_value(); }
};

// `source` names the file in error messages.
SurveyLoad load_survey(const std::string& json_text, const std::string& source);

}  // namespace tellus
