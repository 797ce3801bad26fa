#pragma once
// Making the identifiers and timestamps a response carries (response.hpp checks them). Time and
// randomness are passed in, so the same code runs natively, in tests with fixed values, and in the
// browser over Date.now() and crypto.getRandomValues().
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace tellus {

using Millis = std::chrono::milliseconds;
// Wall-clock time in milliseconds since 1970 UTC: what Date.now() gives in the browser.
using TimePoint = std::chrono::time_point<std::chrono::system_clock, Millis>;
inline TimePoint time_from_unix_ms(std::int64_t ms) { return TimePoint(Millis(ms)); }

// Each call returns 64 uniformly random bits.
using RandomSource = std::function<std::uint64_t()>;

// A number in [0, 1) from one draw of `random`.
double random_fraction(const RandomSource& random);

// "3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f": lower-case, version 4, RFC 4122 variant.
std::string make_uuid_v4(const RandomSource& random);

// "2026-11-23T10:15:00-05:00": `utc` as local time at `offset_minutes` east of UTC (-300 in
// Montréal in winter). JavaScript's getTimezoneOffset() has the opposite sign: pass its negation.
// Whole seconds; offsets beyond ±23:59 are clamped so the result always passes the validator.
std::string format_iso8601(TimePoint utc, int offset_minutes);

}  // namespace tellus
