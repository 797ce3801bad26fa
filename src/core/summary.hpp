#pragma once
// Counts for staff: how many chose each answer of each question, optionally broken down by one
// "about you" question (language, age band...), as health-equity reporting asks. Counts from 1 to
// threshold-1 are suppressed ({"count": null, "suppressed": true}) so nobody can be singled out,
// and when a question or group would have exactly one suppressed cell, the next smallest is
// suppressed too, so the hidden one cannot be worked out by subtraction from the total.
// Free text is never counted per answer, only how many wrote something.
#include <map>
#include <optional>
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

    void add(const nlohmann::json& answers);  // the "answers" object of one response
    nlohmann::json result(int suppress_below = kSuppressBelow) const;

private:
    struct Counts {
        long long responses = 0;
        std::map<std::string, long long> answered;                        // question -> responses that answered
        std::map<std::string, std::map<std::string, long long>> choices;  // question -> option -> count
    };
    void count_into(Counts& counts, const nlohmann::json& answers) const;
    nlohmann::json counts_json(const Counts& counts, int suppress_below) const;
    std::vector<std::string> option_keys(const Question& q) const;

    const Survey& survey_;
    std::string by_;
    Counts all_;
    std::map<std::string, Counts> groups_;
};

}  // namespace tellus
