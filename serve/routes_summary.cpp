// GET /api/v1/summary: counts per answer for staff, small counts suppressed (core/summary.hpp).
#include "core/summary.hpp"
#include "json_reply.hpp"
#include "routes.hpp"
#include "staff_access.hpp"
#include "staff_query.hpp"

namespace tellus::serve {
namespace {

using nlohmann::json;

void get_summary(AppContext& context, const httplib::Request& req, httplib::Response& res) {
    const auto who = require_role(context, req, res, Role::Viewer);
    if (!who) return;
    if (!req.has_param("survey")) return reply_error(res, 400, "Add survey=ID: the survey to count answers for.");
    ResponseFilter filter;
    if (auto problem = read_filter(context, req, filter); !problem.empty()) return reply_error(res, 400, problem);
    const Survey& survey = *context.surveys.latest(filter.survey);
    const std::string by = req.get_param_value("by");
    if (auto problem = SummaryBuilder::check_breakdown(survey, by); !problem.empty()) return reply_error(res, 400, problem);
    SummaryBuilder summary(survey, by);
    try {
        auto cursor = context.store->select(filter);
        StoredResponse row;
        while (cursor->next(row)) {
            const json body = json::parse(row.body, nullptr, false);
            if (body.is_object() && body.contains("answers")) summary.add(body["answers"]);
        }
    } catch (const StoreError& e) {
        return reply_store_unavailable(res, e);
    }
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, summary.result(context.options.min_cell));
}

}  // namespace

void add_summary_routes(httplib::Server& http, AppContext& context) {
    http.Get("/api/v1/summary", [&context](const httplib::Request& req, httplib::Response& res) { get_summary(context, req, res); });
}

}  // namespace tellus::serve
