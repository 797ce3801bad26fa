// Comments for staff (issues 11 and 15):
//   GET  /api/v1/comments          (viewer) masked free-text answers, newest first, a page at a time
//   POST /api/v1/comments/status   (manager) marks one comment new, read or acted_on
// The text is as stored, masked at ingest: nothing is masked again here. Dates follow the rules of
// GET /api/v1/summary (staff_query.hpp). Pages are keyset-paged on (submitted_ms, id), so each one
// costs one index range and a bounded number of rows, however many comments there are.
#include <charconv>
#include <cstdio>

#include "core/masking_text.hpp"
#include "core/text.hpp"
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
using limits::kCommentSearchMaxChars;
using limits::kCommentsPageDefault;
using limits::kCommentsPageMax;

bool is_comment_status(const std::string& text) {
    for (const char* status : kCommentStatuses)
        if (text == status) return true;
    return false;
}

// The cursor is a position, (submitted_ms, id), written as 32 lower-case hex digits. Clients pass it
// back as they got it; anything else is refused rather than read as some other position.
std::string encode_cursor(const CommentKey& key) {
    char text[33];
    std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(key.submitted_ms), static_cast<unsigned long long>(key.id));
    return text;
}

std::optional<CommentKey> decode_cursor(const std::string& text) {
    if (text.size() != 32) return std::nullopt;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
    unsigned long long ms = 0, id = 0;
    std::from_chars(text.data(), text.data() + 16, ms, 16);
    std::from_chars(text.data() + 16, text.data() + 32, id, 16);
    if (id == 0 || id > static_cast<unsigned long long>(INT64_MAX)) return std::nullopt;
    return CommentKey{static_cast<int64_t>(ms), static_cast<int64_t>(id)};
}

// A whole number from `low` to `high`, digits only ("25"; not "+25", "2.5", " 25").
std::optional<int> whole_number(const std::string& text, int low, int high) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || text[0] == '-' || error != std::errc() || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
    return value;
}

// Reads what narrows the comments besides survey and dates: site, q, status, cursor and limit.
std::optional<QueryProblem> read_comment_narrowing(const httplib::Request& req, CommentQuery& query) {
    const std::string q = req.get_param_value("q");
    if (!masking::is_valid_utf8(q) || masking::count_code_points(q) > kCommentSearchMaxChars || has_control_characters(q))
        return QueryProblem{400, "q must be at most " + std::to_string(kCommentSearchMaxChars) + " characters of plain text."};
    query.folded_words = masking::fold_text(q);
    query.status = req.get_param_value("status");
    if (!query.status.empty() && !is_comment_status(query.status)) return QueryProblem{400, "status must be new, read or acted_on."};
    if (req.has_param("cursor")) {
        query.after = decode_cursor(req.get_param_value("cursor"));
        if (!query.after) return QueryProblem{400, "That cursor is not one this server gave: start again without cursor."};
    }
    if (req.has_param("limit")) {
        const auto limit = whole_number(req.get_param_value("limit"), 1, kCommentsPageMax);
        if (!limit) return QueryProblem{400, "limit must be a whole number from 1 to " + std::to_string(kCommentsPageMax) + "."};
        query.limit = *limit;
    }
    return std::nullopt;
}

// Survey, site and dates: the period is matched exactly on the local date of submitted_at, inside
// the wider UTC range that the index reads.
CommentQuery comment_query(const ResponseFilter& filter, const std::optional<Period>& period) {
    CommentQuery query;
    query.survey = filter.survey;
    query.site = filter.site;
    query.since_ms = filter.since_ms.value_or(INT64_MIN);
    query.until_ms = filter.until_ms.value_or(INT64_MAX);
    if (period) {
        query.first_day = period->first_day;
        query.end_day = period->end_day;
    }
    query.limit = kCommentsPageDefault;
    return query;
}

json comment_filters(const httplib::Request& req) {
    json filters = json::object();
    for (const char* name : {"survey", "site", "period", "since", "until", "q", "status", "cursor", "limit"})
        if (req.has_param(name)) filters[name] = req.get_param_value(name).substr(0, 4 * kCommentSearchMaxChars);
    return filters;
}

json comment_json(const CommentRow& row) {
    return {{"id", row.id}, {"question", row.question_id}, {"text", row.text}, {"submitted_at", row.submitted_at},
            {"site", row.site}, {"locale", row.locale}, {"status", row.status}};
}

void get_comments(AppContext& context, const httplib::Request& req, httplib::Response& res) {
    const auto who = require_role(context, req, res, Role::Viewer);
    if (!who) return;
    if (req.get_param_value("survey").empty()) return reply_error(res, 400, "Add survey=ID: the survey whose comments to read.");
    ResponseFilter filter;
    std::optional<Period> period;
    if (auto problem = read_period_filter(context, req, who->role, "Comments", filter, period)) return reply_error(res, problem->status, problem->message);
    if (period) widen_to_period(*period, filter);
    CommentQuery query = comment_query(filter, period);
    if (auto problem = read_comment_narrowing(req, query)) return reply_error(res, problem->status, problem->message);
    const int page = query.limit;
    query.limit = page + 1;  // one more than asked says whether another page follows
    std::vector<CommentRow> rows;
    bool more = false;
    try {
        rows = context.store->comments(query);
        more = rows.size() > static_cast<size_t>(page);
        if (more) rows.resize(static_cast<size_t>(page));
        record_audit(context, *who, "comments", comment_filters(req), static_cast<long long>(rows.size()));
    } catch (const StoreError& e) {
        return reply_store_unavailable(res, e);
    }
    json comments = json::array();
    for (const auto& row : rows) comments.push_back(comment_json(row));
    json body = {{"comments", comments}, {"next_cursor", nullptr}, {"period", period ? json(req.get_param_value("period")) : json(nullptr)}};
    if (more) body["next_cursor"] = encode_cursor(rows.back().key());
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, body);
}

// {"id": 123, "status": "read"}: exactly these two fields.
std::optional<std::pair<int64_t, std::string>> read_status_change(const std::string& text) {
    const json body = json::parse(text, nullptr, false);
    if (!body.is_object() || body.size() != 2 || !body.contains("id") || !body.contains("status")) return std::nullopt;
    const json &id = body["id"], &status = body["status"];
    if (!id.is_number_integer() || id.get<int64_t>() < 1 || !status.is_string() || !is_comment_status(status.get<std::string>())) return std::nullopt;
    return std::pair{id.get<int64_t>(), status.get<std::string>()};
}

void post_comment_status(AppContext& context, const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    const auto who = require_role(context, req, res, Role::Manager);
    if (!who) return;
    const BodyRead read = read_body(reader);
    if (read.problem) return reply_error(res, read.problem->status, read.problem->message);
    const auto change = read_status_change(read.body);
    if (!change) return reply_error(res, 400, "Send {\"id\": 123, \"status\": \"read\"}: a comment's id and one of new, read or acted_on.");
    const auto& [id, status] = *change;
    try {
        if (!context.store->set_comment_status(id, status)) return reply_error(res, 404, "There is no comment " + std::to_string(id) + ".");
        record_audit(context, *who, "comment_status", {{"id", id}, {"status", status}}, 1);
    } catch (const StoreError& e) {
        return reply_store_unavailable(res, e);
    }
    res.set_header("Cache-Control", "no-store");
    reply_json(res, 200, {{"id", id}, {"status", status}});
}

}  // namespace

void add_comment_routes(httplib::Server& http, AppContext& context) {
    http.Get("/api/v1/comments", [&context](const httplib::Request& req, httplib::Response& res) { get_comments(context, req, res); });
    http.Post("/api/v1/comments/status", [&context](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        post_comment_status(context, req, res, reader);
    });
}

}  // namespace tellus::serve
