#pragma once
// Times as the API writes them: ISO 8601 / RFC 3339 with an offset ("2026-11-23T10:15:00-05:00",
// "...Z", an optional fraction of a second). Parsed by hand, in one pass, without <regex>: a date
// must exist in the calendar (no 2026-02-31), hours 00-23, minutes and seconds 00-59, and the
// offset within +/-14:00 (limits.hpp). Shared by the app, the server's validation and its filters.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tellus {

// Milliseconds since 1970-01-01T00:00:00Z of a full timestamp with an offset; nullopt otherwise.
std::optional<std::int64_t> parse_timestamp_ms(std::string_view text);
// The same, also taking a plain calendar date ("2026-11-23", meaning midnight UTC): for filters.
std::optional<std::int64_t> parse_date_or_timestamp_ms(std::string_view text);
// True when parse_timestamp_ms accepts `text`.
bool is_iso8601_with_offset(std::string_view text);

}  // namespace tellus
