#include "staff_query.hpp"

#include <algorithm>
#include <cstdio>

#include "json_reply.hpp"
#include "timestamps.hpp"

namespace tellus::serve {

std::string read_filter(const AppContext& context, const httplib::Request& req, ResponseFilter& filter) {
    filter.survey = req.get_param_value("survey");
    filter.site = req.get_param_value("site");
    if (!filter.survey.empty() && !context.surveys.latest(filter.survey))
        return "survey \"" + filter.survey + "\" is not known here";
    for (auto [name, target] : {std::pair{"since", &filter.since_ms}, std::pair{"until", &filter.until_ms}}) {
        if (!req.has_param(name)) continue;
        // An unencoded "+01:00" offset arrives as " 01:00" (a query string's + means space).
        std::string text = req.get_param_value(name);
        std::replace(text.begin(), text.end(), ' ', '+');
        auto instant = parse_instant_ms(text);
        if (!instant) return std::string(name) + " must be a date like 2026-11-01 or a time like 2026-11-01T08:00:00-05:00";
        *target = instant;
    }
    return {};
}

std::optional<QueryProblem> read_period_filter(const AppContext& context, const httplib::Request& req, Role role, const std::string& what,
                                               ResponseFilter& filter, std::optional<Period>& period) {
    const bool dates = req.has_param("since") || req.has_param("until");
    const bool period_given = req.has_param("period");
    if (role < Role::Manager && (dates || !period_given))
        return QueryProblem{403, what + " are by month, quarter or year: add period=2026-11, period=2026-Q4 or period=2026. "
                                        "Other date ranges need a manager's staff token."};
    if (dates && period_given) return QueryProblem{400, "Give either period or since/until, not both."};
    if (period_given) {
        period = parse_period(req.get_param_value("period"));
        if (!period) return QueryProblem{400, "period must be a month like 2026-11, a quarter like 2026-Q4, or a year like 2026."};
    }
    if (auto problem = read_filter(context, req, filter); !problem.empty()) return QueryProblem{400, problem};
    return std::nullopt;
}

void widen_to_period(const Period& period, ResponseFilter& filter) {
    filter.since_ms = *parse_instant_ms(period.first_day) - kWidestOffsetMs;
    filter.until_ms = *parse_instant_ms(period.end_day) + kWidestOffsetMs;
}

void reply_store_unavailable(httplib::Response& res, const StoreError& e) {
    std::fprintf(stderr, "tellus-serve: reading responses failed (%s); answered 503\n", e.what());
    reply_error(res, 503, "The server cannot read responses right now. Try again in a minute.");
}

}  // namespace tellus::serve
