// Fuzz target "timestamp" of tellus_fuzz (fuzz_main.cpp): core parse_timestamp_ms and
// parse_date_or_timestamp_ms (core/timestamp.hpp), the hand-written RFC 3339 parser behind every
// time a client sends and every export filter. Properties of what is accepted:
//   - at most limits::kTimestampChars (35) characters; the same value every time, from all three
//     entry points; a plain date only from parse_date_or_timestamp_ms, as 10 characters at midnight;
//   - its date exists (checked against <chrono>'s calendar) and the instant is that day's
//     midnight UTC plus a time of day, less an offset within +/-14:00;
//   - moving the offset by one hour moves the instant by exactly one hour the other way, and
//     "Z" means the same as "+00:00" and "-00:00".
// Short run: ctest -R server.fuzz.timestamp. Longer run: docs/api.md, "For developers".
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "core/limits.hpp"
#include "core/timestamp.hpp"

using namespace tellus;

namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

void check(bool property) {
    if (!property) __builtin_trap();
}

int two_digits(std::string_view text, size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); }

// Midnight UTC of "YYYY-MM-DD" at the start of `text` by <chrono>, independent of timestamp.cpp.
std::int64_t chrono_midnight_ms(std::string_view text) {
    using namespace std::chrono;
    const int y = two_digits(text, 0) * 100 + two_digits(text, 2);
    const year_month_day date{year{y}, month{static_cast<unsigned>(two_digits(text, 5))}, day{static_cast<unsigned>(two_digits(text, 8))}};
    check(date.ok());  // accepted dates exist in the calendar
    return sys_days{date}.time_since_epoch().count() * kDayMs;
}

std::string offset_text(int minutes) {
    char buffer[8];
    const int magnitude = minutes < 0 ? -minutes : minutes;
    std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
    return buffer;
}

void check_offsets(const std::string& text, std::int64_t value) {
    if (text.back() == 'Z') {
        const std::string base = text.substr(0, text.size() - 1);
        for (const char* zero : {"+00:00", "-00:00"}) {
            const std::string same = base + zero;
            const auto parsed = parse_timestamp_ms(same);
            if (same.size() > limits::kTimestampChars) check(!parsed);  // only the length limit may refuse it
            else check(parsed == value);
        }
        return;
    }
    // "...+HH:MM" or "...-HH:MM": the offset is the last 6 characters.
    check(text.size() > 6 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-') && text[text.size() - 3] == ':');
    const std::string_view offset = std::string_view(text).substr(text.size() - 6);
    const int minutes = (offset[0] == '-' ? -1 : 1) * (two_digits(offset, 1) * 60 + two_digits(offset, 4));
    check(minutes >= -limits::kMaxOffsetMinutes && minutes <= limits::kMaxOffsetMinutes);
    const int moved = minutes + 60 <= limits::kMaxOffsetMinutes ? minutes + 60 : minutes - 60;
    const std::string shifted = text.substr(0, text.size() - 6) + offset_text(moved);
    // Local time minus offset is UTC: one hour more of offset is one hour earlier.
    check(parse_timestamp_ms(shifted) == value - (moved - minutes) * 60'000LL);
    // An offset past +/-14:00 is refused.
    const int beyond = minutes >= 0 ? limits::kMaxOffsetMinutes + 1 : -limits::kMaxOffsetMinutes - 1;
    check(!parse_timestamp_ms(text.substr(0, text.size() - 6) + offset_text(beyond)));
}

}  // namespace

int tellus_fuzz_timestamp(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::optional<std::int64_t> full = parse_timestamp_ms(text);
    const std::optional<std::int64_t> either = parse_date_or_timestamp_ms(text);
    check(is_iso8601_with_offset(text) == full.has_value());
    check(parse_timestamp_ms(text) == full && parse_date_or_timestamp_ms(text) == either);  // same answer again
    if (!either) {
        check(!full);
        return 0;
    }
    check(text.size() <= limits::kTimestampChars);
    const std::int64_t midnight = chrono_midnight_ms(text);
    check(parse_date_or_timestamp_ms(text.substr(0, 10)) == midnight);
    if (!full) {
        check(text.size() == 10 && *either == midnight);  // a plain date: its midnight UTC
        return 0;
    }
    check(*either == *full && text.size() > 10 && text[10] == 'T');
    const std::int64_t offset_bound = limits::kMaxOffsetMinutes * 60'000LL;
    check(*full >= midnight - offset_bound && *full < midnight + kDayMs + offset_bound);
    check_offsets(text, *full);
    return 0;
}
