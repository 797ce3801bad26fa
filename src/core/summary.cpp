#include "summary.hpp"

#include <algorithm>

namespace tellus {
namespace {

using nlohmann::json;

inline constexpr const char* kNoAnswer = "no_answer";

struct Cell {
    std::string id;
    long long count;
    bool suppressed = false;
};

void suppress_small(std::vector<Cell>& cells, int suppress_below) {
    size_t hidden = 0;
    for (auto& c : cells) {
        c.suppressed = c.count > 0 && c.count < suppress_below;
        hidden += c.suppressed;
    }
    // One hidden cell next to a visible total is no secret: hide the smallest other one as well.
    if (hidden != 1) return;
    Cell* smallest = nullptr;
    for (auto& c : cells)
        if (!c.suppressed && c.count > 0 && (!smallest || c.count < smallest->count)) smallest = &c;
    if (smallest) smallest->suppressed = true;
}

json cell_json(const Cell& c) {
    json out{{"id", c.id}};
    if (c.suppressed) {
        out["count"] = nullptr;
        out["suppressed"] = true;
    } else {
        out["count"] = c.count;
    }
    return out;
}

json total_json(long long count, int suppress_below) {
    if (count > 0 && count < suppress_below) return {{"count", nullptr}, {"suppressed", true}};
    return {{"count", count}};
}

}  // namespace

SummaryBuilder::SummaryBuilder(const Survey& survey, std::string by) : survey_(survey), by_(std::move(by)) {}

std::string SummaryBuilder::check_breakdown(const Survey& survey, const std::string& by) {
    if (by.empty()) return {};
    const Question* q = survey.question(by);
    if (!q) return "\"" + by + "\" is not a question of survey \"" + survey.id + "\"";
    if (!q->about_you || !q->has_choices())
        return "\"" + by + "\" cannot be used for a breakdown: choose an \"about you\" question with fixed answers";
    return {};
}

std::vector<std::string> SummaryBuilder::option_keys(const Question& q) const {
    std::vector<std::string> keys;
    if (q.type == QuestionType::Scale) {
        for (int v = q.min; v <= q.max; ++v) keys.push_back(std::to_string(v));
    } else {
        for (const auto& o : q.options) keys.push_back(o.id);
    }
    return keys;
}

void SummaryBuilder::count_into(Counts& counts, const json& answers) const {
    ++counts.responses;
    for (const auto& q : survey_.questions) {
        if (!answers.contains(q.id) || answers[q.id].is_null()) continue;
        const json& value = answers[q.id];
        ++counts.answered[q.id];
        if (q.type == QuestionType::Text) continue;  // never counted per answer: it is free text
        auto& per_option = counts.choices[q.id];
        if (value.is_array()) {
            for (const auto& v : value)
                if (v.is_string()) ++per_option[v.get<std::string>()];
        } else if (value.is_string()) {
            ++per_option[value.get<std::string>()];
        } else if (value.is_number_integer()) {
            ++per_option[std::to_string(value.get<long long>())];
        }
    }
}

void SummaryBuilder::add(const json& answers) {
    const json& a = answers.is_object() ? answers : json::object();
    count_into(all_, a);
    if (by_.empty()) return;
    std::string group = kNoAnswer;
    if (a.contains(by_) && a[by_].is_string()) group = a[by_].get<std::string>();
    count_into(groups_[group], a);
}

json SummaryBuilder::counts_json(const Counts& counts, int suppress_below) const {
    json questions = json::array();
    for (const auto& q : survey_.questions) {
        const auto answered_it = counts.answered.find(q.id);
        const long long answered = answered_it == counts.answered.end() ? 0 : answered_it->second;
        json entry{{"id", q.id}, {"type", to_string(q.type)}, {"answered", total_json(answered, suppress_below)}};
        if (q.type != QuestionType::Text) {
            std::vector<Cell> cells;
            const auto choices_it = counts.choices.find(q.id);
            for (const auto& key : option_keys(q)) {
                long long n = 0;
                if (choices_it != counts.choices.end())
                    if (auto found = choices_it->second.find(key); found != choices_it->second.end()) n = found->second;
                cells.push_back({key, n});
            }
            suppress_small(cells, suppress_below);
            json options = json::array();
            for (const auto& c : cells) options.push_back(cell_json(c));
            entry["options"] = options;
        }
        questions.push_back(entry);
    }
    return {{"responses", total_json(counts.responses, suppress_below)}, {"questions", questions}};
}

json SummaryBuilder::result(int suppress_below) const {
    json out = counts_json(all_, suppress_below);
    out["survey"] = {{"id", survey_.id}, {"version", survey_.version}};
    out["suppressed_below"] = suppress_below;
    if (by_.empty()) return out;
    out["by"] = by_;
    json groups = json::array();
    std::vector<std::string> keys;
    for (const auto& o : survey_.question(by_)->options) keys.push_back(o.id);
    keys.push_back(kNoAnswer);
    for (const auto& key : keys) {
        const auto it = groups_.find(key);
        json group = counts_json(it == groups_.end() ? Counts{} : it->second, suppress_below);
        group["id"] = key;
        groups.push_back(group);
    }
    out["groups"] = groups;
    return out;
}

}  // namespace tellus
