#pragma once
// Counts for staff: how many chose each answer of each question, optionally broken down by one
// "about you" question (language, age band...), as health-equity reporting asks, for all sites or
// one. Counts from 1 to threshold-1 are hidden ({"count": null, "suppressed": true}), and so are
// enough other numbers that no hidden one can be worked out from what is shown, across answers,
// groups, sites and totals (core/disclosure.hpp decides, and its audit checks).
//
// Every request for the same responses is answered from one decision, so they agree: the numbers
// for "all sites" are the same whichever site or breakdown is asked for, and a breakdown's overall
// numbers are those of the summary without one (decided first, then frozen).
// Free text is never counted per answer, only how many wrote something.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "survey.hpp"

namespace tellus {

inline constexpr int kSuppressBelow = 5;

class SummaryBuilder {
public:
    // `by` names an about_you question with choices, or is empty.
    SummaryBuilder(const Survey& survey, std::string by = {});
    // Plain-language reason when `by` cannot be used for a breakdown; empty when it can.
    static std::string check_breakdown(const Survey& survey, const std::string& by);

    // One response: its site and its "answers" object.
    void add(const nlohmann::json& answers, const std::string& site = {});
    // The summary for `site` (empty: all sites), numbers under `suppress_below` hidden.
    nlohmann::json result(int suppress_below = kSuppressBelow, const std::string& site = {}) const;

private:
    struct Variable {
        const Question* question;
        enum class Kind { Answers, Answered, Option } kind;
        std::string option;               // Option: the option of a multiple-choice question
        std::vector<std::string> categories;  // Answers: option keys then "no_answer"; else {"yes", "no"}
    };
    int category_of(const Variable& v, const nlohmann::json& answers) const;

    const Survey& survey_;
    std::string by_;
    std::vector<std::string> groups_;  // the breakdown's option ids then "no_answer"; {""} without one
    std::vector<Variable> variables_;
    // (site, group, variable, category) -> count
    std::map<std::string, std::map<int, std::vector<std::vector<long long>>>> counts_;
};

}  // namespace tellus
