// Staff sign-in and the audit trail:
//   POST   /api/v1/session   a staff token (bearer) makes a session for the app
//   GET    /api/v1/session   who the bearer is, and how long its session has left
//   DELETE /api/v1/session   ends the bearer's session
//   GET    /api/v1/audit     (admin) who read or exported what, newest first, paged
//   POST   /api/v1/audit     (manager) the app records a download of a device's own responses
#include <algorithm>

#include "json_reply.hpp"
#include "limits.hpp"
#include "request_body.hpp"
#include "routes.hpp"
#include "staff_access.hpp"
#include "staff_query.hpp"
#include "store.hpp"

namespace tellus::serve {
namespace {

using nlohmann::json;

constexpr int kAuditPageDefault = 100, kAuditPageMax = 1000;

json identity_json(const AppContext& context, const StaffIdentity& who) {
    return {{"role", to_string(who.role)},
            {"name", who.name},
            {"idle_seconds", context.options.staff_session_idle_seconds},
            {"max_seconds", context.options.staff_session_max_seconds}};
}

void post_session(AppContext& context, const httplib::Request& req, httplib::Response& res) {
    try {
        const auto made = create_session(context, req, res);
        if (!made) return;
        json body = identity_json(context, made->who);
        body["session"] = made->secret;
        res.set_header("Cache-Control", "no-store");
        reply_json(res, 201, body);
    } catch (const StoreError& e) {
        reply_store_unavailable(res, e);
    }
}

void get_session(AppContext& context, const httplib::Request& req, httplib::Response& res) {
    const auto who = require_role(context, req, res, Role::Viewer);
    if (!who) return;
    json body = identity_json(context, *who);
    body["kind"] = who->session_hash.empty() ? "token" : "session";
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, body);
}

void delete_session(AppContext& context, const httplib::Request& req, httplib::Response& res) {
    const auto who = require_role(context, req, res, Role::Viewer);
    if (!who) return;
    if (who->session_hash.empty()) return reply_error(res, 400, "Send the session to end (a staff token is not a session).");
    try {
        context.store->end_session(who->session_hash);
    } catch (const StoreError& e) {
        return reply_store_unavailable(res, e);
    }
    res.status = 204;
}

void get_audit(AppContext& context, const httplib::Request& req, httplib::Response& res) {
    const auto who = require_role(context, req, res, Role::Admin);
    if (!who) return;
    int limit = kAuditPageDefault;
    std::optional<int64_t> before;
    try {
        if (req.has_param("limit")) limit = std::stoi(req.get_param_value("limit"));
        if (req.has_param("before")) before = std::stoll(req.get_param_value("before"));
    } catch (const std::exception&) {
        return reply_error(res, 400, "limit and before must be whole numbers.");
    }
    if (limit < 1 || limit > kAuditPageMax) return reply_error(res, 400, "limit must be from 1 to 1000.");
    try {
        const auto rows = context.store->audit_rows(limit, before);
        json entries = json::array();
        for (const auto& r : rows)
            entries.push_back({{"id", r.id}, {"at", r.at}, {"name", r.name}, {"role", r.role}, {"action", r.action},
                               {"filters", json::parse(r.filters, nullptr, false)}, {"rows", r.row_count}});
        const json next = static_cast<int>(rows.size()) == limit ? json(rows.back().id) : json(nullptr);
        res.set_header("Cache-Control", "no-store");
        reply_json(res, 200, {{"entries", entries}, {"next", next}});
    } catch (const StoreError& e) {
        reply_store_unavailable(res, e);
    }
}

void post_audit(AppContext& context, const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    const auto who = require_role(context, req, res, Role::Manager);
    if (!who) return;
    const BodyRead read = read_body(reader);
    if (read.problem) return reply_error(res, read.problem->status, read.problem->message);
    const json body = json::parse(read.body, nullptr, false);
    if (!body.is_object() || body.value("action", "") != "device_download" || !body.contains("rows") || !body["rows"].is_number_unsigned() ||
        body["rows"].get<uint64_t>() > 1'000'000'000ULL)
        return reply_error(res, 400, "Send {\"action\": \"device_download\", \"rows\": N}: the only thing the app records here.");
    try {
        record_audit(context, *who, "device_download", json::object(), static_cast<long long>(body["rows"].get<uint64_t>()));
    } catch (const StoreError& e) {
        return reply_store_unavailable(res, e);
    }
    res.status = 204;
}

}  // namespace

void add_staff_routes(httplib::Server& http, AppContext& context) {
    // Content-reader handlers whose reader is never called: with a plain handler the HTTP library
    // waits for a body until the connection closes when a POST or DELETE comes without
    // Content-Length (as `curl -X DELETE` sends it). gate_body() has refused any body already.
    http.Post("/api/v1/session", [&context](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader&) {
        post_session(context, req, res);
    });
    http.Get("/api/v1/session", [&context](const httplib::Request& req, httplib::Response& res) { get_session(context, req, res); });
    http.Delete("/api/v1/session", [&context](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader&) {
        delete_session(context, req, res);
    });
    http.Get("/api/v1/audit", [&context](const httplib::Request& req, httplib::Response& res) { get_audit(context, req, res); });
    http.Post("/api/v1/audit", [&context](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        post_audit(context, req, res, reader);
    });
}

}  // namespace tellus::serve
