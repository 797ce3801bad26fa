// GET /api/v1/summary: counts per answer for staff, small counts hidden so that nobody can be
// singled out (core/summary.hpp, core/disclosure.hpp).
//   viewers:  period=YYYY-MM | YYYY-Qn | YYYY (fixed calendar periods, by the clinic's own dates)
//   managers: also since/until (any range), or no dates at all (they can export the rows anyway)
// Every site's responses for the period are read, so "all sites" and each site are decided
// together and cannot be subtracted from each other.
#include "core/period.hpp"
#include "core/summary.hpp"
#include "json_reply.hpp"
#include "limits.hpp"
#include "routes.hpp"
#include "staff_access.hpp"
#include "staff_query.hpp"
#include "timestamps.hpp"

namespace tellus::serve {
namespace {

using nlohmann::json;

json summary_filters(const httplib::Request& req) {
    json filters = json::object();
    for (const char* name : {"survey", "site", "period", "since", "until", "by"})
        if (req.has_param(name)) filters[name] = req.get_param_value(name).substr(0, 100);
    return filters;
}

// One of limits::kMaxSummariesAtOnce places to work out a summary, held for the request.
class SummarySlot {
public:
    explicit SummarySlot(std::atomic<int>& running) : running_(running), taken_(running.fetch_add(1) < limits::kMaxSummariesAtOnce) {}
    ~SummarySlot() { running_.fetch_sub(1); }
    SummarySlot(const SummarySlot&) = delete;
    SummarySlot& operator=(const SummarySlot&) = delete;
    bool taken() const { return taken_; }

private:
    std::atomic<int>& running_;
    bool taken_;
};

void get_summary(AppContext& context, const httplib::Request& req, httplib::Response& res) {
    const auto who = require_role(context, req, res, Role::Viewer);
    if (!who) return;
    if (req.get_param_value("survey").empty()) return reply_error(res, 400, "Add survey=ID: the survey to count answers for.");
    ResponseFilter filter;
    std::optional<Period> period;
    if (auto problem = read_period_filter(context, req, who->role, "Summaries", filter, period)) return reply_error(res, problem->status, problem->message);
    const std::string site = filter.site;
    filter.site.clear();  // every site, decided together
    if (period) widen_to_period(*period, filter);
    const Survey& survey = *context.surveys.latest(filter.survey);
    const std::string by = req.get_param_value("by");
    if (auto problem = SummaryBuilder::check_breakdown(survey, by); !problem.empty()) return reply_error(res, 400, problem);
    const SummarySlot slot(context.summaries_running);
    if (!slot.taken()) {
        res.set_header("Retry-After", std::to_string(limits::kSummaryRetryAfterSeconds));
        return reply_error(res, 503, "Results are being worked out for other staff just now. Try again in a few seconds.");
    }
    SummaryBuilder summary(survey, by);
    long long rows = 0;
    try {
        auto cursor = context.store->select(filter);
        StoredResponse row;
        while (cursor->next(row)) {
            if (period && !in_period(row.submitted_at, *period)) continue;
            const json body = json::parse(row.body, nullptr, false);
            if (!body.is_object() || !body.contains("answers")) continue;
            summary.add(body["answers"], row.site);
            ++rows;
        }
        record_audit(context, *who, "summary", summary_filters(req), rows);
    } catch (const StoreError& e) {
        return reply_store_unavailable(res, e);
    }
    json result = summary.result(context.options.min_cell, site);
    if (period) result["period"] = req.get_param_value("period");
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, result);
}

}  // namespace

void add_summary_routes(httplib::Server& http, AppContext& context) {
    http.Get("/api/v1/summary", [&context](const httplib::Request& req, httplib::Response& res) { get_summary(context, req, res); });
}

}  // namespace tellus::serve
