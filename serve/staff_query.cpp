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

void reply_store_unavailable(httplib::Response& res, const StoreError& e) {
    std::fprintf(stderr, "tellus-serve: reading responses failed (%s); answered 503\n", e.what());
    reply_error(res, 503, "The server cannot read responses right now. Try again in a minute.");
}

}  // namespace tellus::serve
