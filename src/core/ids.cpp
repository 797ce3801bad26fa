#include "ids.hpp"

#include "limits.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace tellus {
namespace {

// The server accepts offsets within +/-14:00, the Earth's real ones; a clamped offset still
// names the same instant (the local time moves with it).
constexpr int kMaxOffsetMinutes = limits::kMaxOffsetMinutes;

void append_hex(std::string& out, std::uint64_t bits, int digits) {
    static const char kHex[] = "0123456789abcdef";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(bits >> shift) & 0xF];
}

}  // namespace

double random_fraction(const RandomSource& random) {
    // The top 53 bits fill a double's mantissa exactly, so the result is uniform and never 1.
    return static_cast<double>(random() >> 11) * 0x1.0p-53;
}

std::string make_uuid_v4(const RandomSource& random) {
    std::uint64_t high = random();
    std::uint64_t low = random();
    high = (high & ~0xF000ULL) | 0x4000ULL;                        // version 4
    low = (low & ~(0xCULL << 60)) | (0x8ULL << 60);                // variant 10xx
    std::string out;
    out.reserve(36);
    append_hex(out, high >> 32, 8);
    out += '-';
    append_hex(out, high >> 16, 4);
    out += '-';
    append_hex(out, high, 4);
    out += '-';
    append_hex(out, low >> 48, 4);
    out += '-';
    append_hex(out, low, 12);
    return out;
}

std::string format_iso8601(TimePoint utc, int offset_minutes) {
    using namespace std::chrono;
    offset_minutes = std::clamp(offset_minutes, -kMaxOffsetMinutes, kMaxOffsetMinutes);
    const auto local = floor<seconds>(utc) + minutes(offset_minutes);
    const auto day = floor<days>(local);
    const year_month_day date{day};
    const hh_mm_ss time{local - day};
    const int offset = std::abs(offset_minutes);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                  offset_minutes < 0 ? '-' : '+', offset / 60, offset % 60);
    return text;
}

}  // namespace tellus
