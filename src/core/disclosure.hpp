#pragma once
// Statistical disclosure control for summaries (issue 11): which published numbers to hide so that
// no count from 1 to threshold-1 can be worked out from what is shown, by subtraction or any other
// arithmetic, and an audit that proves it.
//
// A table is a set of interior cells (the finest counts: site x group x question x answer) and the
// numbers a request could publish about them, each the sum of some cells (a cell itself, a margin,
// a total). An attacker knows every shown number, that every cell is >= 0, and the table's
// structure (every response has exactly one answer category per question: `structure` rows).
//
// audit() computes, for every hidden number, the interval [lo, hi] its value could take given all
// that, by linear programming (min and max of the number subject to the known equalities; a small
// dense simplex with Bland's rule: no recursion, no exceptions), split into independent components.
// It reports each hidden number from 1 to threshold-1 (one that could single someone out) whose
// interval is narrower than the threshold (hi - lo < threshold). A hidden larger number, hidden to
// cover a small one, may itself be worked out: what that tells is counted in the small one's LP.
//
// suppress() hides every number from 1 to threshold-1 (primary suppression) and every part of a
// hidden number (its parts would add up to it), then, while the audit finds a number it can narrow
// down, hides one more (complementary suppression): the smallest shown cell that shares a shown
// sum with it, else a shown sum around it. It stops when the audit passes; hidden numbers only grow,
// so it always ends. Numbers marked `frozen` keep their state (a coarser table decided earlier).
#include <cstdint>
#include <vector>

namespace tellus::disclosure {

struct Term {
    int cell;
    int coefficient;
};

struct Table {
    std::vector<int64_t> cells;                // interior cells (true counts)
    std::vector<std::vector<int>> sums;        // publishable numbers, each a list of cells
    std::vector<std::vector<Term>> structure;  // always known: sum of coefficient * cell = 0
    std::vector<bool> frozen;                  // per sum (may be empty): keep its shown or hidden state
};

int64_t value_of(const Table& table, int sum);

struct Finding {
    int sum;
    double lo, hi;  // the interval its value can take given what is shown
};

// Hidden numbers from 1 to threshold-1 that can be narrowed to an interval under `threshold` wide.
std::vector<Finding> audit(const Table& table, const std::vector<bool>& hidden, int threshold);

// Which sums to hide (true = hidden). `start`, when given, holds numbers already hidden.
// `work`, when given, bounds the effort (tableau entries updated by the linear programs; about one
// nanosecond each) and is decreased by what was spent. When it runs out, every number not frozen is
// hidden (safe, if unhelpful) and `*work` is negative: a request can never hold a server thread for
// long, whatever table it builds.
std::vector<bool> suppress(const Table& table, int threshold, std::vector<bool> start = {}, int64_t* work = nullptr);

}  // namespace tellus::disclosure
