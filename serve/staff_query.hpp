#pragma once
// What staff routes share: reading the filter parameters (survey, site, since, until), the
// period rules of summaries and comments, and the plain 503 when the store cannot be read.
#include <httplib.h>

#include <optional>
#include <string>

#include "auth.hpp"
#include "core/period.hpp"
#include "server.hpp"
#include "store.hpp"

namespace tellus::serve {

// Reads survey, site, since and until; returns a plain-words problem, or "" when all is well.
std::string read_filter(const AppContext& context, const httplib::Request& req, ResponseFilter& filter);

// Local dates can be up to 14 hours either side of UTC: a period is read that much wider in UTC,
// then narrowed to the rows whose own local date is in it.
inline constexpr int64_t kWidestOffsetMs = 14LL * 3600 * 1000;

struct QueryProblem {
    int status;           // 400 or 403
    std::string message;  // plain words
};

// The dates of a staff read (issue 11), the same for summaries and comments: a viewer names a
// fixed calendar period (period=2026-11, 2026-Q4 or 2026, by the clinic's own dates); a manager
// may give since/until instead, or no dates at all (they can export the rows anyway); never both.
// Fills `filter` (read_filter) and `period`; `what` starts the 403's words ("Summaries").
std::optional<QueryProblem> read_period_filter(const AppContext& context, const httplib::Request& req, Role role, const std::string& what,
                                               ResponseFilter& filter, std::optional<Period>& period);

// The UTC instants that hold every local date of `period`.
void widen_to_period(const Period& period, ResponseFilter& filter);

void reply_store_unavailable(httplib::Response& res, const StoreError& e);

}  // namespace tellus::serve
