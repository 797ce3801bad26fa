#pragma once
// The arithmetic and data shaping behind the staff screens (issue 6), kept out of the UI so it is
// unit-tested: the share of positive answers from a summary, date filters, and the file of one
// device's waiting and held responses that `tellus-serve import` takes.
#include <string>

#include <nlohmann/json.hpp>

#include "period.hpp"
#include "survey.hpp"

namespace tellus {

// The share of positive answers ("good" and "very good" faces, "yes") among those who answered
// one question, from that question's entry in a /api/v1/summary answer, as a whole percentage.
// -1 when the question has no positive answers, nobody answered, or a needed count is suppressed.
int positive_share(const Question& q, const nlohmann::json& question_counts);

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

// {"responses":[...]} from a device's outbox records (each {"id", "body": "<response JSON>", ...}),
// queued first, then held, each response once; records whose body is not JSON are skipped.
nlohmann::json device_export(const nlohmann::json& queued, const nlohmann::json& held);

}  // namespace tellus
