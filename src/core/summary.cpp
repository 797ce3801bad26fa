#include "summary.hpp"

#include <algorithm>
#include <tuple>

#include "disclosure.hpp"
#include "limits.hpp"

namespace tellus {
namespace {

using nlohmann::json;

inline constexpr const char* kNoAnswer = "no_answer";

// The numbers a summary can publish, as sums of the finest cells (site x group x variable x
// category), each named by (site or -1 for all, group or -1 for all, what it counts).
struct Cube {
    int sites = 0, groups = 0, width = 0;  // width: categories of all variables, side by side
    std::vector<int> offset;               // first category of each variable
    disclosure::Table table;
    std::map<std::tuple<int, int, std::string>, int> numbers;
    std::map<std::vector<int>, int> by_members;  // the same cells are one number, whatever it is called

    int cell(int s, int g, int v, int c) const { return (s * groups + g) * width + offset[static_cast<size_t>(v)] + c; }
    int add(int s, int g, const std::string& name, std::vector<int> members) {
        std::sort(members.begin(), members.end());
        auto [it, fresh] = by_members.emplace(members, static_cast<int>(table.sums.size()));
        if (fresh) table.sums.push_back(std::move(members));
        numbers[{s, g, name}] = it->second;
        return it->second;
    }
    // The cells of variable `v`, categories [from, to), in the view (s, g).
    std::vector<int> members(int s, int g, int v, int from, int to) const {
        std::vector<int> out;
        for (int ss = 0; ss < sites; ++ss)
            for (int gg = 0; gg < groups; ++gg)
                if ((s < 0 || s == ss) && (g < 0 || g == gg))
                    for (int c = from; c < to; ++c) out.push_back(cell(ss, gg, v, c));
        return out;
    }
};

json number_json(const Cube& cube, const std::vector<bool>& hidden, int s, int g, const std::string& name) {
    if (s >= cube.sites) return {{"count", 0}};
    const auto it = cube.numbers.find({s, g, name});
    if (it == cube.numbers.end()) return {{"count", 0}};
    if (hidden[static_cast<size_t>(it->second)]) return {{"count", nullptr}, {"suppressed", true}};
    return {{"count", disclosure::value_of(cube.table, it->second)}};
}

}  // namespace

SummaryBuilder::SummaryBuilder(const Survey& survey, std::string by) : survey_(survey), by_(std::move(by)) {
    if (by_.empty()) {
        groups_ = {""};
    } else {
        for (const auto& o : survey_.question(by_)->options) groups_.push_back(o.id);
        groups_.push_back(kNoAnswer);
    }
    for (const auto& q : survey_.questions) {
        if (q.type == QuestionType::Text) {
            variables_.push_back({&q, Variable::Kind::Answered, {}, {"yes", "no"}});
        } else if (q.type == QuestionType::Multiple) {
            variables_.push_back({&q, Variable::Kind::Answered, {}, {"yes", "no"}});
            for (const auto& o : q.options) variables_.push_back({&q, Variable::Kind::Option, o.id, {"yes", "no"}});
        } else {
            Variable v{&q, Variable::Kind::Answers, {}, {}};
            if (q.type == QuestionType::Scale) {
                for (int n = q.min; n <= q.max; ++n) v.categories.push_back(std::to_string(n));
            } else {
                for (const auto& o : q.options) v.categories.push_back(o.id);
            }
            v.categories.push_back(kNoAnswer);
            variables_.push_back(std::move(v));
        }
    }
}

std::string SummaryBuilder::check_breakdown(const Survey& survey, const std::string& by) {
    if (by.empty()) return {};
    const Question* q = survey.question(by);
    if (!q) return "\"" + by + "\" is not a question of survey \"" + survey.id + "\"";
    if (!q->about_you || !q->has_choices())
        return "\"" + by + "\" cannot be used for a breakdown: choose an \"about you\" question with fixed answers";
    return {};
}

int SummaryBuilder::category_of(const Variable& v, const json& answers) const {
    const auto it = answers.find(v.question->id);
    const bool answered = it != answers.end() && !it->is_null();
    const int no = static_cast<int>(v.categories.size()) - 1;
    switch (v.kind) {
        case Variable::Kind::Answered: return answered ? 0 : 1;
        case Variable::Kind::Option: {
            if (!answered || !it->is_array()) return 1;
            return std::any_of(it->begin(), it->end(), [&](const json& x) { return x.is_string() && x.get<std::string>() == v.option; }) ? 0 : 1;
        }
        case Variable::Kind::Answers: break;
    }
    if (!answered) return no;
    std::string key;
    if (it->is_string()) key = it->get<std::string>();
    else if (it->is_number_integer()) key = std::to_string(it->get<long long>());
    const auto found = std::find(v.categories.begin(), v.categories.end() - 1, key);
    return found == v.categories.end() - 1 ? no : static_cast<int>(found - v.categories.begin());
}

void SummaryBuilder::add(const json& answers_in, const std::string& site) {
    const json& answers = answers_in.is_object() ? answers_in : json::object();
    int group = 0;
    if (!by_.empty()) {
        group = static_cast<int>(groups_.size()) - 1;  // no answer
        if (auto it = answers.find(by_); it != answers.end() && it->is_string()) {
            const auto found = std::find(groups_.begin(), groups_.end() - 1, it->get<std::string>());
            if (found != groups_.end() - 1) group = static_cast<int>(found - groups_.begin());
        }
    }
    auto& per_variable = counts_[site][group];
    if (per_variable.empty())
        for (const auto& v : variables_) per_variable.emplace_back(v.categories.size(), 0);
    for (size_t v = 0; v < variables_.size(); ++v) ++per_variable[v][static_cast<size_t>(category_of(variables_[v], answers))];
}

json SummaryBuilder::result(int suppress_below, const std::string& site) const {
    // The sites with responses, whichever is asked for: the decision must not depend on the request.
    std::vector<std::string> sites;
    for (const auto& [s, _] : counts_) sites.push_back(s);
    if (sites.empty()) sites.push_back("");

    // Builds the cube with `group_count` groups (1: the breakdown folded away) and its numbers.
    const auto build = [&](int group_count) {
        Cube cube;
        cube.sites = static_cast<int>(sites.size());
        cube.groups = group_count;
        for (const auto& v : variables_) {
            cube.offset.push_back(cube.width);
            cube.width += static_cast<int>(v.categories.size());
        }
        cube.table.cells.assign(static_cast<size_t>(cube.sites * cube.groups * cube.width), 0);
        for (int s = 0; s < cube.sites; ++s) {
            const auto site_counts = counts_.find(sites[static_cast<size_t>(s)]);
            if (site_counts == counts_.end()) continue;
            for (const auto& [g, per_variable] : site_counts->second)
                for (size_t v = 0; v < variables_.size(); ++v)
                    for (size_t c = 0; c < per_variable[v].size(); ++c)
                        cube.table.cells[static_cast<size_t>(cube.cell(s, group_count == 1 ? 0 : g, static_cast<int>(v), static_cast<int>(c)))] +=
                            per_variable[v][c];
        }
        // The breakdown-free views first, in the same order whatever the breakdown.
        for (int pass = 0; pass < (group_count == 1 ? 1 : 2); ++pass)
            for (int s = -1; s < cube.sites; ++s)
                for (int g = (pass == 0 ? -1 : 0); g < (pass == 0 ? 0 : group_count); ++g) {
                    const int all = static_cast<int>(variables_.front().categories.size());
                    cube.add(s, g, "responses", cube.members(s, g, 0, 0, all));
                    for (size_t v = 0; v < variables_.size(); ++v) {
                        const Variable& var = variables_[v];
                        const std::string& id = var.question->id;
                        const int n = static_cast<int>(var.categories.size());
                        if (var.kind == Variable::Kind::Answers) {
                            cube.add(s, g, id + ":answered", cube.members(s, g, static_cast<int>(v), 0, n - 1));
                            for (int c = 0; c + 1 < n; ++c)
                                cube.add(s, g, id + ":" + var.categories[static_cast<size_t>(c)], cube.members(s, g, static_cast<int>(v), c, c + 1));
                        } else if (var.kind == Variable::Kind::Answered) {
                            cube.add(s, g, id + ":answered", cube.members(s, g, static_cast<int>(v), 0, 1));
                        } else {
                            cube.add(s, g, id + ":" + var.option, cube.members(s, g, static_cast<int>(v), 0, 1));
                        }
                    }
                }
        // Every response has one category of every variable: the same total in each (per cell of
        // site and group), which anyone knows.
        for (int s = 0; s < cube.sites; ++s)
            for (int g = 0; g < cube.groups; ++g)
                for (size_t v = 1; v < variables_.size(); ++v) {
                    std::vector<disclosure::Term> equation;
                    for (size_t c = 0; c < variables_[v].categories.size(); ++c) equation.push_back({cube.cell(s, g, static_cast<int>(v), static_cast<int>(c)), 1});
                    for (size_t c = 0; c < variables_[0].categories.size(); ++c) equation.push_back({cube.cell(s, g, 0, static_cast<int>(c)), -1});
                    cube.table.structure.push_back(std::move(equation));
                }
        // Everyone in a group gave that group's answer to the breakdown question: its other
        // answers are 0 there, which anyone knows (hidden or not).
        if (group_count > 1)
            for (size_t v = 0; v < variables_.size(); ++v) {
                if (variables_[v].kind != Variable::Kind::Answers || variables_[v].question->id != by_) continue;
                for (int s = 0; s < cube.sites; ++s)
                    for (int g = 0; g < cube.groups; ++g)
                        for (int c = 0; c < static_cast<int>(variables_[v].categories.size()); ++c)
                            if (c != g) cube.table.structure.push_back({{cube.cell(s, g, static_cast<int>(v), c), 1}});
            }
        return cube;
    };

    // One budget for the whole request: a summary must never hold a server thread for long.
    int64_t work = limits::kSummaryWork;
    Cube overall = build(1);
    std::vector<bool> hidden = disclosure::suppress(overall.table, suppress_below, {}, &work);
    const bool overall_out_of_work = work < 0;
    Cube cube = std::move(overall);
    if (!by_.empty()) {
        // The breakdown may hide more, but never changes a number the summary without it shows.
        const std::vector<bool> decided = hidden;
        const Cube first = std::move(cube);
        cube = build(static_cast<int>(groups_.size()));
        std::vector<bool> start(cube.table.sums.size(), false);
        cube.table.frozen.assign(cube.table.sums.size(), false);
        for (const auto& [name, index] : cube.numbers) {
            if (std::get<1>(name) != -1) continue;
            const auto earlier = first.numbers.find(name);
            if (earlier == first.numbers.end()) continue;
            start[static_cast<size_t>(index)] = decided[static_cast<size_t>(earlier->second)];
            cube.table.frozen[static_cast<size_t>(index)] = true;
        }
        hidden = disclosure::suppress(cube.table, suppress_below, start, &work);
    }

    // A site with no responses has nothing to hide: every number is 0 (number_json's default).
    const int s = site.empty() ? -1 : static_cast<int>(std::find(sites.begin(), sites.end(), site) - sites.begin());
    const auto view = [&](int g) {
        json questions = json::array();
        for (const auto& q : survey_.questions) {
            json entry{{"id", q.id}, {"type", to_string(q.type)}, {"answered", number_json(cube, hidden, s, g, q.id + ":answered")}};
            if (q.type != QuestionType::Text) {
                json options = json::array();
                std::vector<std::string> keys;
                if (q.type == QuestionType::Scale) {
                    for (int n = q.min; n <= q.max; ++n) keys.push_back(std::to_string(n));
                } else {
                    for (const auto& o : q.options) keys.push_back(o.id);
                }
                for (const auto& key : keys) {
                    json cell = number_json(cube, hidden, s, g, q.id + ":" + key);
                    cell["id"] = key;
                    options.push_back(cell);
                }
                entry["options"] = options;
            }
            questions.push_back(entry);
        }
        return json{{"responses", number_json(cube, hidden, s, g, "responses")}, {"questions", questions}};
    };
    json out = view(-1);
    out["survey"] = {{"id", survey_.id}, {"version", survey_.version}};
    out["suppressed_below"] = suppress_below;
    // Too many small numbers to prove safe within the budget: what could not be proven is hidden,
    // and staff are told why (a longer period or one site asks for less).
    if (overall_out_of_work) out["too_detailed"] = "summary";
    else if (work < 0) out["too_detailed"] = "breakdown";
    if (!site.empty()) out["site"] = site;
    if (by_.empty()) return out;
    out["by"] = by_;
    json groups = json::array();
    for (int g = 0; g < static_cast<int>(groups_.size()); ++g) {
        json group = view(g);
        group["id"] = groups_[static_cast<size_t>(g)];
        groups.push_back(group);
    }
    out["groups"] = groups;
    return out;
}

}  // namespace tellus
