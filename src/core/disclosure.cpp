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

// A simplex tableau over `n` variables and one artificial per row, stored flat (row-major, the
// right-hand side last), with the reduced costs of the current objective kept as an extra row so
// that choosing an entering column costs one pass over that row, not a pass over the whole tableau.
class Tableau {
public:
    Tableau(int n, const std::vector<Row>& rows) : n_(n), m_(static_cast<int>(rows.size())), cols_(n + m_ + 1) {
        t_.assign(static_cast<size_t>(m_ + 1) * static_cast<size_t>(cols_), 0.0);
        basis_.resize(static_cast<size_t>(m_));
        for (int i = 0; i < m_; ++i) {
            const Row& row = rows[static_cast<size_t>(i)];
            const double sign = row.rhs < 0 ? -1.0 : 1.0;  // keep every right-hand side >= 0
            for (const auto& [v, c] : row.terms) at(i, v) += sign * c;
            at(i, n_ + i) = 1.0;
            at(i, cols_ - 1) = sign * row.rhs;
            basis_[static_cast<size_t>(i)] = n_ + i;
        }
    }

    // Sets the objective to minimise (a cost per column) and prices it against the current basis.
    void set_cost(const std::vector<double>& cost) {
        cost_ = cost;
        for (int j = 0; j < cols_; ++j) reduced(j) = j < cols_ - 1 ? cost_[static_cast<size_t>(j)] : 0.0;
        for (int i = 0; i < m_; ++i) {
            const double cb = cost_[static_cast<size_t>(basis_[static_cast<size_t>(i)])];
            if (cb == 0.0) continue;
            for (int j = 0; j < cols_; ++j) reduced(j) -= cb * at(i, j);
        }
    }

    // Minimises over columns [0, allowed). False when unbounded or when `work` runs out (then
    // `work` is negative). Dantzig's rule (the most negative reduced cost) takes few pivots; after
    // a run of pivots that do not move (degenerate), Bland's rule (the first negative) takes over,
    // which cannot cycle.
    bool minimise(int allowed, int64_t& work) {
        int stalled = 0;
        while (true) {
            const bool bland = stalled > 50;
            int enter = -1;
            double most = -kEps;
            for (int j = 0; j < allowed; ++j)
                if (reduced(j) < most) {
                    enter = j;
                    if (bland) break;
                    most = reduced(j);
                }
            if (enter < 0) return true;
            int leave = -1;
            double best = kInf;
            for (int i = 0; i < m_; ++i) {
                if (at(i, enter) <= kEps) continue;
                const double ratio = at(i, cols_ - 1) / at(i, enter);
                if (ratio < best - kEps || (ratio < best + kEps && leave >= 0 && basis_[static_cast<size_t>(i)] < basis_[static_cast<size_t>(leave)])) {
                    best = ratio;
                    leave = i;
                }
            }
            if (leave < 0) return false;
            stalled = best < kEps ? stalled + 1 : 0;
            work -= pivot(leave, enter);
            if (work < 0) return false;
        }
    }

    // After phase 1: false when the rows cannot all hold (never for a real table). An artificial
    // left in the basis at 0 is swapped for a real variable where one can take its place; a row
    // where none can is a repeat of others and goes. The artificial columns go too: phase 2 never
    // lets them in, and without them every pivot touches a third fewer entries.
    bool drop_artificials() {
        for (int i = 0; i < m_; ++i)
            if (basis_[static_cast<size_t>(i)] >= n_ && at(i, cols_ - 1) > 1e-6) return false;
        for (int i = 0; i < m_; ++i) {
            if (basis_[static_cast<size_t>(i)] < n_) continue;
            for (int j = 0; j < n_; ++j)
                if (std::fabs(at(i, j)) > kEps) {
                    pivot(i, j);
                    break;
                }
        }
        std::vector<int> kept;
        for (int i = 0; i < m_; ++i)
            if (basis_[static_cast<size_t>(i)] < n_) kept.push_back(i);
        const int cols = n_ + 1;
        std::vector<double> t(static_cast<size_t>(kept.size() + 1) * static_cast<size_t>(cols), 0.0);
        std::vector<int> basis;
        for (size_t r = 0; r < kept.size(); ++r) {
            for (int j = 0; j < n_; ++j) t[r * static_cast<size_t>(cols) + static_cast<size_t>(j)] = at(kept[r], j);
            t[r * static_cast<size_t>(cols) + static_cast<size_t>(n_)] = at(kept[r], cols_ - 1);
            basis.push_back(basis_[static_cast<size_t>(kept[r])]);
        }
        t_ = std::move(t);
        basis_ = std::move(basis);
        m_ = static_cast<int>(kept.size());
        cols_ = cols;
        return true;
    }

    int64_t size() const { return static_cast<int64_t>(t_.size()); }

    // The objective's value at the current basis (its cost, not reduced).
    double value() const {
        double total = 0;
        for (int i = 0; i < m_; ++i) total += cost_[static_cast<size_t>(basis_[static_cast<size_t>(i)])] * at(i, cols_ - 1);
        return total;
    }

    int variables() const { return n_; }
    int width() const { return cols_ - 1; }

private:
    double& at(int i, int j) { return t_[static_cast<size_t>(i) * static_cast<size_t>(cols_) + static_cast<size_t>(j)]; }
    double at(int i, int j) const { return t_[static_cast<size_t>(i) * static_cast<size_t>(cols_) + static_cast<size_t>(j)]; }
    double& reduced(int j) { return at(m_, j); }

    // Returns the entries it updated: the work it took.
    int64_t pivot(int r, int c) {
        const double p = at(r, c);
        double* pivot_row = &at(r, 0);
        for (int j = 0; j < cols_; ++j) pivot_row[j] /= p;
        int64_t rows_updated = 1;
        for (int i = 0; i <= m_; ++i) {  // every row and the reduced costs
            if (i == r) continue;
            const double f = at(i, c);
            if (std::fabs(f) < kEps) continue;
            double* row = &at(i, 0);
            for (int j = 0; j < cols_; ++j) row[j] -= f * pivot_row[j];
            ++rows_updated;
        }
        basis_[static_cast<size_t>(r)] = c;
        return rows_updated * cols_;
    }

    int n_, m_, cols_;
    std::vector<double> t_;
    std::vector<int> basis_;
    std::vector<double> cost_;
};

struct Range {
    std::optional<double> lo, hi;  // nullopt: infeasible (never for a real table); +/-inf: unbounded
    bool out_of_work = false;
};

// Phase 1 for `rows` over `n` variables: a feasible basis to start from, without the artificials.
// nullopt when the rows cannot all hold (never for a real table) or `work` ran out.
std::optional<Tableau> phase_one(int n, const std::vector<Row>& rows, int64_t& work) {
    Tableau t(n, rows);
    work -= t.size();
    std::vector<double> cost(static_cast<size_t>(t.width()), 0.0);
    for (int i = n; i < t.width(); ++i) cost[static_cast<size_t>(i)] = 1.0;
    t.set_cost(cost);
    t.minimise(t.width(), work);
    if (work < 0 || !t.drop_artificials()) return std::nullopt;
    return t;
}

// The least and the greatest sum of x[v] for v in `objective` (a variable may appear more than
// once), from a feasible basis: each direction from a copy of it.
Range optimise(const Tableau& feasible, const std::vector<int>& objective, int64_t& work) {
    Range range;
    std::vector<double> cost(static_cast<size_t>(feasible.width()), 0.0);
    for (const bool maximise : {false, true}) {
        Tableau t = feasible;
        work -= t.size();
        std::fill(cost.begin(), cost.end(), 0.0);
        for (int v : objective) cost[static_cast<size_t>(v)] += maximise ? -1.0 : 1.0;
        t.set_cost(cost);
        const bool bounded = t.minimise(feasible.variables(), work);
        if (work < 0) return {{}, {}, true};
        const double best = bounded ? (maximise ? -t.value() : t.value()) : (maximise ? kInf : -kInf);
        (maximise ? range.hi : range.lo) = best;
    }
    return range;
}

int find_root(std::vector<int>& parent, int x) {
    while (parent[static_cast<size_t>(x)] != x) x = parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
    return x;
}

// The linear program over some components of a System: their variables renumbered 0..n-1, and a
// feasible basis, found once and shared by every hidden sum over the same components.
struct Region {
    std::map<int, int> local;  // free variable -> its number here
    std::optional<Tableau> feasible;
};

// What the shown numbers pin down: cells shown on their own are known; everything else is a
// free variable, bound by the shown sums and the structure.
struct System {
    std::vector<int> variable_of;  // cell -> free variable, or -1 when the cell is shown
    std::vector<int> cell_of;      // free variable -> cell
    std::vector<Row> rows;
    std::vector<int> component_of_row;
    std::vector<int> component_of_variable;
    std::vector<std::optional<double>> fixed;  // free variables the presolve worked out
    std::map<std::vector<int>, Region> regions;  // by component list, made as needed
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

Region make_region(const System& s, const std::vector<int>& components, int64_t& work) {
    Region region;
    for (size_t v = 0; v < s.cell_of.size(); ++v)
        if (!s.fixed[v] && std::binary_search(components.begin(), components.end(), s.component_of_variable[v]))
            region.local.emplace(static_cast<int>(v), static_cast<int>(region.local.size()));
    std::vector<Row> rows;
    for (size_t r = 0; r < s.rows.size(); ++r) {
        if (!std::binary_search(components.begin(), components.end(), s.component_of_row[r])) continue;
        Row row{{}, s.rows[r].rhs};
        for (const auto& [v, c] : s.rows[r].terms) row.terms.emplace_back(region.local.at(v), c);
        rows.push_back(std::move(row));
    }
    region.feasible = phase_one(static_cast<int>(region.local.size()), rows, work);
    return region;
}

// The interval of one hidden sum: its shown part is known, its free part is optimised over the
// components it touches. When `work` runs out the interval is reported as a point: unproven
// counts as unsafe.
Finding interval_of(const Table& table, System& s, int sum, int64_t& work) {
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
    auto found = s.regions.find(components);
    if (found == s.regions.end()) found = s.regions.emplace(components, make_region(s, components, work)).first;
    const Region& region = found->second;
    if (work < 0) return {sum, known, known};
    if (!region.feasible) return {sum, known, known + kInf};  // cannot happen for a real table
    std::vector<int> objective;
    for (int cell : free_cells) objective.push_back(region.local.at(s.variable_of[static_cast<size_t>(cell)]));
    const Range range = optimise(*region.feasible, objective, work);
    if (range.out_of_work) return {sum, known, known};
    return {sum, known + range.lo.value_or(0.0), known + range.hi.value_or(kInf)};
}

}  // namespace

// Hiding more only takes equations away, so an interval can only widen: a number once proven safe
// (`proven`, when given) stays safe for the rest of a suppression and is not solved again.
std::vector<Finding> audit_until(const Table& table, const std::vector<bool>& hidden, int threshold, bool first_only,
                                 int64_t& work, std::vector<bool>* proven = nullptr);

int64_t value_of(const Table& table, int sum) {
    int64_t total = 0;
    for (int cell : table.sums[static_cast<size_t>(sum)]) total += table.cells[static_cast<size_t>(cell)];
    return total;
}

std::vector<Finding> audit(const Table& table, const std::vector<bool>& hidden, int threshold) {
    int64_t work = std::numeric_limits<int64_t>::max();
    return audit_until(table, hidden, threshold, false, work);
}

std::vector<Finding> audit_until(const Table& table, const std::vector<bool>& hidden, int threshold, bool first_only,
                                 int64_t& work, std::vector<bool>* proven) {
    System s = build_system(table, hidden);
    std::vector<Finding> findings;
    for (size_t k = 0; k < table.sums.size(); ++k) {
        const int64_t value = value_of(table, static_cast<int>(k));
        // The numbers that could single someone out: from 1 to threshold-1. A hidden larger one
        // (hidden to cover a small one) may be worked out: the LP for the small one counts that in.
        if (!hidden[k] || value <= 0 || value >= threshold || (proven && (*proven)[k])) continue;
        const Finding f = interval_of(table, s, static_cast<int>(k), work);
        if (f.hi - f.lo < static_cast<double>(threshold) - 1e-6) findings.push_back(f);
        else if (proven) (*proven)[k] = true;
        if (first_only && !findings.empty()) break;
    }
    return findings;
}

std::vector<bool> suppress(const Table& table, int threshold, std::vector<bool> hidden, int64_t* work_left) {
    int64_t unlimited = std::numeric_limits<int64_t>::max();
    int64_t& work = work_left ? *work_left : unlimited;
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
    std::vector<bool> proven(n, false);
    for (size_t round = 0; round <= n; ++round) {
        const auto findings = audit_until(table, hidden, threshold, true, work, &proven);
        if (findings.empty()) return hidden;
        if (work < 0) break;
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
    // Nothing left to pick near what is exposed, or no work left to prove what is shown safe: hide
    // every number that may change.
    for (size_t k = 0; k < n; ++k)
        if (!frozen(k)) hidden[k] = true;
    return hidden;
}

}  // namespace tellus::disclosure
