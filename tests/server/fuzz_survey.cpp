// Fuzz target "survey" of tellus_fuzz (fuzz_main.cpp): core load_survey over survey files as a
// clinic may edit them by hand (assets/surveys/*.json, docs/surveys.md). Any input must give a
// clean answer: a survey that keeps every rule loading promises, or at least one plain message.
// Short run: ctest -R server.fuzz.survey. Longer run: docs/api.md, "For developers".
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/survey.hpp"

using namespace tellus;

namespace {

void check(bool property) {
    if (!property) __builtin_trap();
}

// A required text is given in every language the survey lists.
void check_text(const LocalizedText& text, const Survey& survey) {
    check(!text.empty());
    for (const auto& locale : survey.locales) check(text.by_locale.count(locale) == 1);
}

void check_loaded(const Survey& s) {
    check(is_valid_id(s.id));
    check(s.version >= 1);
    check(!s.locales.empty());
    check_text(s.title, s);
    // you_said_we_did is optional and may be in fewer languages (docs/surveys.md's example has English only).
    check(!s.questions.empty());
    std::set<std::string> ids;
    for (size_t i = 0; i < s.questions.size(); ++i) {
        const Question& q = s.questions[i];
        check(is_valid_id(q.id));
        check(ids.insert(q.id).second);          // ids are unique
        check(s.question(q.id) == &q);           // and found again
        check(question_type_from(to_string(q.type)) == q.type);
        check_text(q.text, s);
        if (q.has_choices()) {
            check(!q.options.empty());
            std::set<std::string> option_ids;
            for (const auto& o : q.options) {
                check(is_valid_id(o.id));
                check(option_ids.insert(o.id).second);
                check(q.option(o.id) == &o);
            }
            const auto& builtin = builtin_option_ids(q.type);
            if (builtin.empty()) {
                for (const auto& o : q.options)
                    if (o.id != kPreferNotToSay) check_text(o.label, s);
                // "about you" questions always end with "prefer not to say", others never offer it.
                check(option_ids.count(kPreferNotToSay) == (q.about_you ? 1u : 0u));
                if (q.about_you) check(q.options.back().id == kPreferNotToSay);
            } else {
                check(q.options.size() == builtin.size());
            }
        } else {
            check(q.options.empty());
        }
        if (q.type == QuestionType::Scale) {
            check(q.min < q.max);
            check_text(q.min_label, s);
            check_text(q.max_label, s);
        }
        if (q.type == QuestionType::Text) check(q.max_length >= 1 && q.max_length <= 5000);
        if (q.show_if) {
            // Names an earlier question with choices, and only answers it has.
            const Question* earlier = s.question(q.show_if->question);
            check(earlier && earlier < &q && earlier->has_choices());
            check(!q.show_if->any_of.empty());
            for (const auto& answer : q.show_if->any_of) check(earlier->option(answer) != nullptr);
        }
    }
}

}  // namespace

int tellus_fuzz_survey(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const SurveyLoad load = load_survey(text, "fuzz.json");
    if (!load.ok()) {
        check(!load.errors.empty());  // a refusal says why
        for (const auto& e : load.errors) check(e.rfind("fuzz.json: ", 0) == 0 && e.size() > 11);  // and names the file
        return 0;
    }
    check(load.errors.empty());
    check_loaded(*load.survey);
    // Loading is a pure function of the text: the same survey again.
    const SurveyLoad again = load_survey(text, "other.json");
    check(again.ok() && again.survey->id == load.survey->id && again.survey->questions.size() == load.survey->questions.size());
    return 0;
}
