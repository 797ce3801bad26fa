// Disclosure control (core/disclosure.hpp): the audit finds every hidden count that arithmetic on
// the shown numbers narrows down, and suppression leaves none, on thousands of random tables.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "core/disclosure.hpp"

using namespace tellus::disclosure;

namespace {

// An r x c table with its row totals, column totals and grand total, all publishable.
struct Grid {
    Table table;
    int rows, cols;
    int cell(int r, int c) const { return r * cols + c; }
    int cell_sum(int r, int c) const { return r * cols + c; }  // sums 0..r*c-1 are the cells
    int row_sum(int r) const { return rows * cols + r; }
    int col_sum(int c) const { return rows * cols + rows + c; }
    int total() const { return rows * cols + rows + cols; }
};

Grid grid(const std::vector<std::vector<int64_t>>& values) {
    Grid g;
    g.rows = static_cast<int>(values.size());
    g.cols = static_cast<int>(values[0].size());
    for (const auto& row : values)
        for (int64_t v : row) g.table.cells.push_back(v);
    for (int i = 0; i < g.rows * g.cols; ++i) g.table.sums.push_back({i});
    for (int r = 0; r < g.rows; ++r) {
        std::vector<int> members;
        for (int c = 0; c < g.cols; ++c) members.push_back(g.cell(r, c));
        g.table.sums.push_back(members);
    }
    for (int c = 0; c < g.cols; ++c) {
        std::vector<int> members;
        for (int r = 0; r < g.rows; ++r) members.push_back(g.cell(r, c));
        g.table.sums.push_back(members);
    }
    std::vector<int> all(static_cast<size_t>(g.rows * g.cols));
    for (int i = 0; i < g.rows * g.cols; ++i) all[static_cast<size_t>(i)] = i;
    g.table.sums.push_back(all);
    return g;
}

// A site x group x answer cube with every margin publishable (what one summary question needs).
Table cube(std::mt19937& random, int sites, int groups, int answers, int most) {
    Table t;
    std::uniform_int_distribution<int> count(0, most);
    auto index = [&](int s, int g, int a) { return (s * groups + g) * answers + a; };
    for (int i = 0; i < sites * groups * answers; ++i) t.cells.push_back(count(random) == 0 ? 0 : count(random));
    // Every combination of "one value or all" over the three dimensions.
    for (int s = -1; s < sites; ++s)
        for (int g = -1; g < groups; ++g)
            for (int a = -1; a < answers; ++a) {
                std::vector<int> members;
                for (int ss = 0; ss < sites; ++ss)
                    for (int gg = 0; gg < groups; ++gg)
                        for (int aa = 0; aa < answers; ++aa)
                            if ((s < 0 || s == ss) && (g < 0 || g == gg) && (a < 0 || a == aa)) members.push_back(index(ss, gg, aa));
                t.sums.push_back(members);
            }
    return t;
}

}  // namespace

TEST_CASE("the audit sees through subtraction: one hidden cell next to a shown total is known exactly") {
    // The case: overall "very bad" 6 shown, English 5 shown, French 1 hidden.
    Grid g = grid({{5, 20}, {1, 12}});
    std::vector<bool> hidden(g.table.sums.size(), false);
    hidden[static_cast<size_t>(g.cell_sum(1, 0))] = true;
    const auto found = audit(g.table, hidden, 5);
    REQUIRE(found.size() == 1);
    CHECK(found[0].sum == g.cell_sum(1, 0));
    CHECK(found[0].lo == doctest::Approx(1));
    CHECK(found[0].hi == doctest::Approx(1));

    // Today's rule (a second cell hidden in the same row) still leaves the column to subtract from.
    hidden[static_cast<size_t>(g.cell_sum(1, 1))] = true;
    CHECK_FALSE(audit(g.table, hidden, 5).empty());
    // Hiding the column's other cell and the row's too closes it: every hidden count is 0..6 wide or more.
    hidden[static_cast<size_t>(g.cell_sum(0, 0))] = true;
    hidden[static_cast<size_t>(g.cell_sum(0, 1))] = true;
    CHECK(audit(g.table, hidden, 5).empty());
}

TEST_CASE("the audit narrows through chains of tables, not just one line") {
    // Two hidden cells in each row and column, but their sums pin them: a 2x2 block with values
    // 1, 1, 1, 1 whose margins are all 2 still leaves each in [0, 2], under 5.
    Grid g = grid({{1, 1, 30}, {1, 1, 30}, {30, 30, 30}});
    std::vector<bool> hidden(g.table.sums.size(), false);
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c) hidden[static_cast<size_t>(g.cell_sum(r, c))] = true;
    const auto found = audit(g.table, hidden, 5);
    CHECK(found.size() == 4);
    for (const auto& f : found) CHECK(f.hi - f.lo == doctest::Approx(2));
    // A larger hidden number that can be worked out is not itself a finding.
    Grid big = grid({{12, 30}, {9, 30}});
    std::vector<bool> h(big.table.sums.size(), false);
    h[static_cast<size_t>(big.cell_sum(0, 0))] = true;
    CHECK(audit(big.table, h, 5).empty());
    // suppress() widens it until nothing is narrower than the threshold.
    const auto fixed = suppress(g.table, 5, hidden);
    CHECK(audit(g.table, fixed, 5).empty());
}

TEST_CASE("suppression hides small counts, the parts of a hidden total, and enough others; a hidden 0 is no secret") {
    Grid g = grid({{0, 12, 3}, {0, 9, 8}});
    const auto hidden = suppress(g.table, 5);
    CHECK(hidden[static_cast<size_t>(g.cell_sum(0, 2))]);  // the 3
    CHECK(audit(g.table, hidden, 5).empty());
    // Shown numbers stay shown when nothing forces them: the grand total is known.
    CHECK_FALSE(hidden[static_cast<size_t>(g.total())]);
    // A row total under the threshold hides its whole row, zeros included.
    Grid small = grid({{0, 2, 1}, {7, 9, 8}});
    const auto h = suppress(small.table, 5);
    for (int c = 0; c < 3; ++c) CHECK(h[static_cast<size_t>(small.cell_sum(0, c))]);
    CHECK(h[static_cast<size_t>(small.row_sum(0))]);
    CHECK(audit(small.table, h, 5).empty());
}

TEST_CASE("frozen numbers keep their state: a breakdown never changes what the overall table showed") {
    Grid g = grid({{6, 1}, {6, 9}});
    // Overall (column totals and the total) decided first and frozen shown.
    g.table.frozen.assign(g.table.sums.size(), false);
    for (int c = 0; c < 2; ++c) g.table.frozen[static_cast<size_t>(g.col_sum(c))] = true;
    g.table.frozen[static_cast<size_t>(g.total())] = true;
    const auto hidden = suppress(g.table, 5);
    for (int c = 0; c < 2; ++c) CHECK_FALSE(hidden[static_cast<size_t>(g.col_sum(c))]);
    CHECK_FALSE(hidden[static_cast<size_t>(g.total())]);
    CHECK(audit(g.table, hidden, 5).empty());
}

TEST_CASE("property: on thousands of random tables, nothing hidden can be narrowed under the threshold") {
    std::mt19937 random(20261123);
    int checked = 0, with_hidden = 0;
    for (int round = 0; round < 1500; ++round) {
        std::uniform_int_distribution<int> dim(1, 4), threshold_of(3, 11), most_of(2, 25);
        const int threshold = threshold_of(random);
        Table t;
        switch (round % 3) {
            case 0: t = cube(random, 1, 1, dim(random) + 1, most_of(random)); break;             // one line
            case 1: t = cube(random, 1, dim(random) + 1, dim(random) + 1, most_of(random)); break;  // groups x answers
            default: t = cube(random, 2, dim(random), dim(random) + 1, most_of(random)); break;     // sites x groups x answers
        }
        const auto hidden = suppress(t, threshold);
        const auto found = audit(t, hidden, threshold);
        CAPTURE(round);
        CHECK(found.empty());
        // Every small count is hidden.
        for (size_t k = 0; k < t.sums.size(); ++k) {
            const int64_t v = value_of(t, static_cast<int>(k));
            if (v > 0 && v < threshold) REQUIRE(hidden[k]);
        }
        ++checked;
        with_hidden += std::count(hidden.begin(), hidden.end(), true) > 0;
    }
    CHECK(checked == 1500);
    CHECK(with_hidden > 500);  // the tables are small enough that suppression has work to do
}

TEST_CASE("a work budget: what could not be proven safe in time is hidden, frozen numbers keep their state") {
    std::mt19937 random(20261124);
    Table t = cube(random, 3, 5, 6, 6);  // many small counts: a long search
    t.frozen.assign(t.sums.size(), false);
    t.frozen.back() = true;  // the grand total, decided earlier and shown

    int64_t plenty = 50'000'000'000;
    const auto proven = suppress(t, 5, {}, &plenty);
    CHECK(plenty >= 0);
    CHECK(proven == suppress(t, 5));  // a budget that suffices changes nothing
    CHECK(std::count(proven.begin(), proven.end(), false) > 1);  // something besides the total is shown

    int64_t little = 10'000;
    const auto gave_up = suppress(t, 5, {}, &little);
    CHECK(little < 0);  // the caller learns it ran out
    for (size_t k = 0; k + 1 < t.sums.size(); ++k) REQUIRE(gave_up[k]);
    CHECK_FALSE(gave_up.back());
    CHECK(audit(t, gave_up, 5).empty());
}
