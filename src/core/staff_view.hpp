#pragma once
// The arithmetic and data shaping behind the staff screens (issues 6, 12), kept out of the UI so it
// is unit-tested: the server's summary and comments read into plain structs (never raw JSON as UI
// state), the share of positive answers and the length of each bar, date filters, and the file of
// one device's waiting and held responses that `tellus-serve import` takes.
//
// Everything here reads what the network brought without exceptions (the app is built without
// them): a body that is not what the server sends, such as a Wi-Fi login page, gives nothing.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "outbox.hpp"
#include "period.hpp"
#include "survey.hpp"

namespace tellus {

// [SECTION] Summaries (GET /api/v1/summary)

// A number from a summary; nullopt when the server hid it ({"count": null, "suppressed": true}).
using ShownCount = std::optional<long long>;

struct OptionCount {
    std::string id;
    ShownCount count;
};

struct QuestionCounts {
    std::string id;
    ShownCount answered;               // how many answered this question
    std::vector<OptionCount> options;  // empty for free text, which is only counted as answered
};

// The counts of everyone (a summary) or of one group of a breakdown.
struct Counts {
    ShownCount responses;
    std::vector<QuestionCounts> questions;
    const QuestionCounts* question(const std::string& id) const;
};

struct GroupCounts {
    std::string id;  // the breakdown question's option id, or "no_answer"
    Counts counts;
};

struct SummaryView {
    Counts overall;
    int suppressed_below = 5;
    std::string by;                   // the breakdown question, or ""
    std::vector<GroupCounts> groups;  // one per answer to `by`
    // "summary" or "breakdown" when the server could not prove those numbers safe in its time
    // budget and hid them (core/summary.hpp); "" when everything it could show is shown.
    std::string too_detailed;
};

// The server's summary; nullopt when `body` is not a JSON object (an error page, a cut-off body).
// Anything missing or of the wrong type reads as hidden or empty.
std::optional<SummaryView> parse_summary(std::string_view body);

// The share of positive answers ("good" and "very good" faces, "yes") among those who answered
// one question, as a whole percentage. -1 when the question has no positive answers, nobody
// answered, or a needed count is hidden.
int positive_share(const Question& q, const QuestionCounts& counts);
// The same from that question's entry in a summary as JSON.
int positive_share(const Question& q, const nlohmann::json& question_counts);

// How much of a full bar one answer fills: its count over the number who answered the question
// (not over the largest count shown, which with the others hidden would draw one bar full width).
// 0 when either number is hidden or nobody answered; at most 1.
float bar_fraction(const QuestionCounts& question, const OptionCount& option);

// [SECTION] Comments (GET /api/v1/comments: every staff role; masked when they were stored)

struct StaffComment {
    std::int64_t id = 0;
    std::string submitted_at;  // ISO 8601, as the device wrote it
    std::string question_id;   // a free-text question of the survey
    std::string text;          // as stored: personal details were masked before storing
    std::string status;        // "new", "read" or "acted_on"
};

// One page of comments, newest first, and where the next one starts ("" when this is the last).
struct CommentsPage {
    std::vector<StaffComment> comments;
    std::string next_cursor;
};

// nullopt when `body` is not a page of comments (an error page, a cut-off body); comments with a
// field missing or of the wrong type are left out.
std::optional<CommentsPage> parse_comments_page(std::string_view body);

// [SECTION] This device

// A response the server refused, as staff see it: its id and the server's reasons on one line.
struct HeldLine {
    std::string id;
    std::string reasons;  // "answers.x unknown question; ..."
};
std::vector<HeldLine> held_lines(const std::vector<HeldItem>& held);

// {"responses":[...]} from the sync engine's own outbox: queued first (saved on the device or kept
// only in memory), then held, each response once; items whose body is not JSON are skipped.
nlohmann::json device_export(const std::vector<OutboxItem>& queued, const std::vector<HeldItem>& held);

// [SECTION] Filters

// True for a real calendar date written "YYYY-MM-DD".
bool is_date(const std::string& text);
// The day after a "YYYY-MM-DD" date ("2026-11-30" -> "2026-12-01"); "" when `date` is not one.
std::string next_day(const std::string& date);

// The query parameters of a date range picked by staff: from the start of `from` to the end of
// `to` (both "YYYY-MM-DD", either may be empty), in local time given by `utc_offset` ("-05:00"),
// as the server's inclusive `since` and exclusive `until`. Values are URL-encoded.
std::string date_range_query(const std::string& from, const std::string& to, const std::string& utc_offset);

// Percent-encodes everything but letters, digits and -._~ (for query parameters).
std::string url_encode(const std::string& text);

}  // namespace tellus
