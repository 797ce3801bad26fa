#include "disclosure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <cstdlib>

namespace tellus::disclosure {
namespace {

constexpr double kEps = 1e-9;
constexpr double kInf = std::numeric_limits<double>::infinity();

// One linear equality over free variables: sum of coefficient * x = rhs.
struct Row {
    std::vector<std::pair<int, double>> terms;  // (variable, coefficient)
    double rhs = 0;
};

// min (or max) of sum of x[v] for v in `objective`, subject to `rows` and x >= 0, over `n`
// variables: a dense two-phase simplex, Bland's rule (no cycling). nullopt when infeasible
// (which cannot happen for a real table); +/-infinity when unbounded.
std::optional<double> optimise(int n, const std::vector<Row>& rows, const std::vector<int>& objective, bool maximise) {
    const int m = static_cast<int>(rows.size());
    const int cols = n + m + 1;  // variables, artificials, right-hand side
    std::vector<std::vector<double>> t(static_cast<size_t>(m), std::vector<double>(static_cast<size_t>(cols), 0.0));
    std::vector<int> basis(static_cast<size_t>(m));
    for (int i = 0; i < m; ++i) {
        const double sign = rows[static_cast<size_t>(i)].rhs < 0 ? -1.0 : 1.0;
        for (const auto& [v, c] : rows[static_cast<size_t>(i)].terms) t[static_cast<size_t>(i)][static_cast<size_t>(v)] += sign * c;
        t[static_cast<size_t>(i)][static_cast<size_t>(n + i)] = 1.0;
        t[static_cast<size_t>(i)][static_cast<size_t>(cols - 1)] = sign * rows[static_cast<size_t>(i)].rhs;
        basis[static_cast<size_t>(i)] = n + i;
    }
    auto at = [&](int i, int j) -> double& { return t[static_cast<size_t>(i)][static_cast<size_t>(j)]; };
    auto pivot = [&](int r, int c) {
        const double p = at(r, c);
        for (int j = 0; j < cols; ++j) at(r, j) /= p;
        for (int i = 0; i < m; ++i) {
            if (i == r || std::fabs(at(i, c)) < kEps) continue;
            const double f = at(i, c);
            for (int j = 0; j < cols; ++j) at(i, j) -= f * at(r, j);
        }
        basis[static_cast<size_t>(r)] = c;
    };
    // Minimises cost . x over columns [0, allowed); returns false when unbounded.
    auto run = [&](const std::vector<double>& cost, int allowed) {
        for (int guard = 0; guard < 50'000; ++guard) {
            int enter = -1;
            for (int j = 0; j < allowed && enter < 0; ++j) {
                double reduced = cost[static_cast<size_t>(j)];
                for (int i = 0; i < m; ++i) reduced -= cost[static_cast<size_t>(basis[static_cast<size_t>(i)])] * at(i, j);
                if (reduced < -kEps) enter = j;
            }
            if (enter < 0) return true;
            int leave = -1;
            double best = kInf;
            for (int i = 0; i < m; ++i) {
                if (at(i, enter) <= kEps) continue;
                const double ratio = at(i, cols - 1) / at(i, enter);
                if (ratio < best - kEps || (ratio < best + kEps && leave >= 0 && basis[static_cast<size_t>(i)] < basis[static_cast<size_t>(leave)])) {
                    best = ratio;
                    leave = i;
                }
            }
            if (leave < 0) return false;
            pivot(leave, enter);
        }
        return true;
    };
    // Phase 1: drive the artificials out.
    std::vector<double> cost(static_cast<size_t>(cols - 1), 0.0);
    for (int i = 0; i < m; ++i) cost[static_cast<size_t>(n + i)] = 1.0;
    run(cost, n + m);
    for (int i = 0; i < m; ++i)
        if (basis[static_cast<size_t>(i)] >= n && at(i, cols - 1) > 1e-6) return std::nullopt;
    // An artificial left in the basis at 0 is swapped for a real variable where one can take its place.
    for (int i = 0; i < m; ++i) {
        if (basis[static_cast<size_t>(i)] < n) continue;
        for (int j = 0; j < n; ++j)
            if (std::fabs(at(i, j)) > kEps) {
                pivot(i, j);
                break;
            }
    }
    // Phase 2 over the real variables only.
    std::fill(cost.begin(), cost.end(), 0.0);
    for (int v : objective) cost[static_cast<size_t>(v)] += maximise ? -1.0 : 1.0;
    for (int i = 0; i < m; ++i)
        if (basis[static_cast<size_t>(i)] >= n) cost[static_cast<size_t>(basis[static_cast<size_t>(i)])] = 0.0;
    if (!run(cost, n)) return maximise ? kInf : -kInf;
    double value = 0;
    for (int i = 0; i < m; ++i) {
        const int b = basis[static_cast<size_t>(i)];
        if (b < n && std::find(objective.begin(), objective.end(), b) != objective.end())
            value += at(i, cols - 1) * static_cast<double>(std::count(objective.begin(), objective.end(), b));
    }
    return value;
}

int find_root(std::vector<int>& parent, int x) {
    while (parent[static_cast<size_t>(x)] != x) x = parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
    return x;
}

// What the shown numbers pin down: cells shown on their own are known; everything else is a
// free variable, bound by the shown sums and the structure.
struct System {
    std::vector<int> variable_of;  // cell -> free variable, or -1 when the cell is shown
    std::vector<int> cell_of;      // free variable -> cell
    std::vector<Row> rows;
    std::vector<int> component_of_row;
    std::vector<int> component_of_variable;
    std::vector<std::optional<double>> fixed;  // free variables the presolve worked out
};

System build_system(const Table& table, const std::vector<bool>& hidden) {
    System s;
    const size_t n_cells = table.cells.size();
    std::vector<bool> known(n_cells, false);
    for (size_t k = 0; k < table.sums.size(); ++k)
        if (!hidden[k] && table.sums[k].size() == 1) known[static_cast<size_t>(table.sums[k][0])] = true;
    s.variable_of.assign(n_cells, -1);
    for (size_t c = 0; c < n_cells; ++c)
        if (!known[c]) {
            s.variable_of[c] = static_cast<int>(s.cell_of.size());
            s.cell_of.push_back(static_cast<int>(c));
        }
    auto add_row = [&](const std::vector<std::pair<int, double>>& cell_terms, double rhs) {
        Row row;
        std::map<int, double> merged;
        for (const auto& [cell, coefficient] : cell_terms) {
            const int v = s.variable_of[static_cast<size_t>(cell)];
            if (v < 0) rhs -= coefficient * static_cast<double>(table.cells[static_cast<size_t>(cell)]);
            else merged[v] += coefficient;
        }
        for (const auto& [v, c] : merged)
            if (std::fabs(c) > kEps) row.terms.emplace_back(v, c);
        if (row.terms.empty()) return;
        row.rhs = rhs;
        s.rows.push_back(std::move(row));
    };
    for (size_t k = 0; k < table.sums.size(); ++k) {
        if (hidden[k] || table.sums[k].size() == 1) continue;
        std::vector<std::pair<int, double>> terms;
        for (int cell : table.sums[k]) terms.emplace_back(cell, 1.0);
        add_row(terms, static_cast<double>(value_of(table, static_cast<int>(k))));
    }
    for (const auto& equation : table.structure) {
        std::vector<std::pair<int, double>> terms;
        for (const auto& term : equation) terms.emplace_back(term.cell, term.coefficient);
        add_row(terms, 0.0);
    }
    // Presolve: a row left with one unknown fixes it (a "no answer" count is responses minus
    // answered); substitute and repeat. This keeps the LPs to the few counts truly in doubt.
    std::vector<std::optional<double>> fixed(s.cell_of.size());
    for (bool changed = true; changed;) {
        changed = false;
        for (auto& row : s.rows) {
            std::vector<std::pair<int, double>> open;
            double rhs = row.rhs;
            for (const auto& [v, c] : row.terms) {
                if (fixed[static_cast<size_t>(v)]) rhs -= c * *fixed[static_cast<size_t>(v)];
                else open.emplace_back(v, c);
            }
            if (open.size() == 1) {
                fixed[static_cast<size_t>(open[0].first)] = rhs / open[0].second;
                changed = true;
                open.clear();
            }
            row.terms = std::move(open);
            row.rhs = rhs;
        }
    }
    s.rows.erase(std::remove_if(s.rows.begin(), s.rows.end(), [](const Row& r) { return r.terms.empty(); }), s.rows.end());
    s.fixed = std::move(fixed);
    // Components: variables joined by a row.
    std::vector<int> parent(s.cell_of.size());
    std::iota(parent.begin(), parent.end(), 0);
    for (const auto& row : s.rows)
        for (size_t i = 1; i < row.terms.size(); ++i)
            parent[static_cast<size_t>(find_root(parent, row.terms[i].first))] = find_root(parent, row.terms[0].first);
    s.component_of_variable.resize(s.cell_of.size());
    for (size_t v = 0; v < s.cell_of.size(); ++v) s.component_of_variable[v] = find_root(parent, static_cast<int>(v));
    for (const auto& row : s.rows) s.component_of_row.push_back(s.component_of_variable[static_cast<size_t>(row.terms[0].first)]);
    return s;
}

// The interval of one hidden sum: its shown part is known, its free part is optimised over the
// components it touches.
Finding interval_of(const Table& table, const System& s, int sum) {
    double known = 0;
    std::vector<int> free_cells;
    for (int cell : table.sums[static_cast<size_t>(sum)]) {
        const int v = s.variable_of[static_cast<size_t>(cell)];
        if (v < 0) known += static_cast<double>(table.cells[static_cast<size_t>(cell)]);
        else if (s.fixed[static_cast<size_t>(v)]) known += *s.fixed[static_cast<size_t>(v)];
        else free_cells.push_back(cell);
    }
    if (free_cells.empty()) return {sum, known, known};
    std::vector<int> components;
    for (int cell : free_cells) components.push_back(s.component_of_variable[static_cast<size_t>(s.variable_of[static_cast<size_t>(cell)])]);
    std::sort(components.begin(), components.end());
    components.erase(std::unique(components.begin(), components.end()), components.end());
    // Renumber the variables of those components 0..n-1.
    std::map<int, int> local;
    for (size_t v = 0; v < s.cell_of.size(); ++v)
        if (!s.fixed[v] && std::binary_search(components.begin(), components.end(), s.component_of_variable[v]))
            local.emplace(static_cast<int>(v), static_cast<int>(local.size()));
    std::vector<Row> rows;
    for (size_t r = 0; r < s.rows.size(); ++r) {
        if (!std::binary_search(components.begin(), components.end(), s.component_of_row[r])) continue;
        Row row{{}, s.rows[r].rhs};
        for (const auto& [v, c] : s.rows[r].terms) row.terms.emplace_back(local.at(v), c);
        rows.push_back(std::move(row));
    }
    std::vector<int> objective;
    for (int cell : free_cells) objective.push_back(local.at(s.variable_of[static_cast<size_t>(cell)]));
    const int n = static_cast<int>(local.size());
    const auto lo = optimise(n, rows, objective, false);
    const auto hi = optimise(n, rows, objective, true);
    return {sum, known + (lo ? *lo : 0.0), known + (hi ? *hi : kInf)};
}

}  // namespace

std::vector<Finding> audit_until(const Table& table, const std::vector<bool>& hidden, int threshold, bool first_only);

int64_t value_of(const Table& table, int sum) {
    int64_t total = 0;
    for (int cell : table.sums[static_cast<size_t>(sum)]) total += table.cells[static_cast<size_t>(cell)];
    return total;
}

std::vector<Finding> audit(const Table& table, const std::vector<bool>& hidden, int threshold) {
    return audit_until(table, hidden, threshold, false);
}

std::vector<Finding> audit_until(const Table& table, const std::vector<bool>& hidden, int threshold, bool first_only) {
    const System s = build_system(table, hidden);
    std::vector<Finding> findings;
    for (size_t k = 0; k < table.sums.size(); ++k) {
        const int64_t value = value_of(table, static_cast<int>(k));
        // The numbers that could single someone out: from 1 to threshold-1. A hidden larger one
        // (hidden to cover a small one) may be worked out: the LP for the small one counts that in.
        if (!hidden[k] || value <= 0 || value >= threshold) continue;
        const Finding f = interval_of(table, s, static_cast<int>(k));
        if (f.hi - f.lo < static_cast<double>(threshold) - 1e-6) findings.push_back(f);
        if (first_only && !findings.empty()) break;
    }
    return findings;
}

std::vector<bool> suppress(const Table& table, int threshold, std::vector<bool> hidden) {
    const size_t n = table.sums.size();
    if (hidden.size() != n) hidden.assign(n, false);
    const auto frozen = [&](size_t k) { return k < table.frozen.size() && table.frozen[k]; };
    // The sums that are a single cell, by cell.
    std::vector<int> singleton(table.cells.size(), -1);
    for (size_t k = 0; k < n; ++k)
        if (table.sums[k].size() == 1) singleton[static_cast<size_t>(table.sums[k][0])] = static_cast<int>(k);
    // Primary: small numbers; and the parts of a hidden number, which would add up to it.
    for (size_t k = 0; k < n; ++k) {
        const int64_t v = value_of(table, static_cast<int>(k));
        if (!frozen(k) && v > 0 && v < threshold) hidden[k] = true;
    }
    for (size_t k = 0; k < n; ++k) {
        if (!hidden[k] || table.sums[k].size() == 1) continue;
        for (int cell : table.sums[k])
            if (const int part = singleton[static_cast<size_t>(cell)]; part >= 0 && !frozen(static_cast<size_t>(part))) hidden[static_cast<size_t>(part)] = true;
    }
    // Complementary: one more at a time until nothing hidden can be narrowed down.
    for (size_t round = 0; round <= n; ++round) {
        const auto findings = audit_until(table, hidden, threshold, true);
        if (findings.empty()) return hidden;
        // What can be narrowed: the finding's cells and every cell not shown on its own that is
        // tied to them through shown sums or the structure (the component the LP solved).
        std::vector<bool> in_reach(table.cells.size(), false), is_shown_cell(table.cells.size(), false);
        for (size_t k = 0; k < n; ++k)
            if (!hidden[k] && table.sums[k].size() == 1) is_shown_cell[static_cast<size_t>(table.sums[k][0])] = true;
        std::vector<int> queue;
        for (int c : table.sums[static_cast<size_t>(findings.front().sum)])
            if (!is_shown_cell[static_cast<size_t>(c)] && !in_reach[static_cast<size_t>(c)]) {
                in_reach[static_cast<size_t>(c)] = true;
                queue.push_back(c);
            }
        std::vector<std::vector<int>> links;  // shown sums and structure rows, as cell lists
        for (size_t k = 0; k < n; ++k)
            if (!hidden[k] && table.sums[k].size() > 1) links.push_back(table.sums[k]);
        for (const auto& equation : table.structure) {
            std::vector<int> cells;
            for (const auto& t : equation) cells.push_back(t.cell);
            links.push_back(std::move(cells));
        }
        for (size_t head = 0; head < queue.size(); ++head)
            for (const auto& link : links) {
                if (std::find(link.begin(), link.end(), queue[head]) == link.end()) continue;
                for (int c : link)
                    if (!is_shown_cell[static_cast<size_t>(c)] && !in_reach[static_cast<size_t>(c)]) {
                        in_reach[static_cast<size_t>(c)] = true;
                        queue.push_back(c);
                    }
            }
        // Candidates: on a shown sum through the finding's own cells first, then through the rest
        // of the component; in each, a shown cell with a real count (the smallest), else the sum
        // itself, else a cell on a frozen sum, else a shown 0.
        const auto& own = table.sums[static_cast<size_t>(findings.front().sum)];
        int best = -1;
        std::tuple<int, int, int64_t> best_rank{};
        for (size_t k = 0; k < n; ++k) {
            if (hidden[k]) continue;
            const auto& members = table.sums[k];
            if (members.size() == 1 || std::none_of(members.begin(), members.end(), [&](int c) { return in_reach[static_cast<size_t>(c)]; })) continue;
            const int distance = std::any_of(members.begin(), members.end(), [&](int c) { return std::find(own.begin(), own.end(), c) != own.end(); }) ? 0 : 1;
            auto offer = [&](int option, int kind) {
                const std::tuple<int, int, int64_t> rank{distance, kind, value_of(table, option)};
                if (best < 0 || rank < best_rank) {
                    best = option;
                    best_rank = rank;
                }
            };
            // Through a sum decided earlier (frozen), a cell only breaks a tie it cannot move:
            // hiding a margin of this table first frees its unpublished "no answer" counts.
            for (int c : members)
                if (const int part = singleton[static_cast<size_t>(c)]; part >= 0 && !hidden[static_cast<size_t>(part)] && !frozen(static_cast<size_t>(part)))
                    offer(part, value_of(table, part) == 0 ? 3 : frozen(k) ? 2 : 0);
            if (!frozen(k)) offer(static_cast<int>(k), 1);
        }
        if (best < 0) break;
        hidden[static_cast<size_t>(best)] = true;
    }
    // Nothing left to pick near what is exposed: hide every number that may change.
    for (size_t k = 0; k < n; ++k)
        if (!frozen(k)) hidden[k] = true;
    return hidden;
}

}  // namespace tellus::disclosure
