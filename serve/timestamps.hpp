#pragma once
// Times as the API writes them: ISO 8601 with an offset (parsed by core/timestamp.hpp). Responses
// carry the device's local time; filters compare instants, so everything becomes milliseconds
// since 1970 UTC.
#include <cstdint>
#include <optional>
#include <string>

#include "core/timestamp.hpp"

namespace tellus::serve {

// "2026-11-23T10:15:00.5-05:00" or "...Z"; also a plain date "2026-11-23" (midnight UTC).
inline std::optional<int64_t> parse_instant_ms(const std::string& text) { return parse_date_or_timestamp_ms(text); }
std::string now_utc_iso();  // "2026-11-23T15:15:00.123Z"
int64_t now_ms();           // the same instant in milliseconds since 1970 UTC

}  // namespace tellus::serve
