#pragma once
// Times as the API writes them: ISO 8601 with an offset. Responses carry the device's local time;
// filters compare instants, so everything is converted to milliseconds since 1970 UTC.
#include <cstdint>
#include <optional>
#include <string>

namespace tellus::serve {

// "2026-11-23T10:15:00.5-05:00" or "...Z"; also a plain date "2026-11-23" (midnight UTC).
std::optional<int64_t> parse_instant_ms(const std::string& text);
std::string now_utc_iso();  // "2026-11-23T15:15:00.123Z"

}  // namespace tellus::serve
