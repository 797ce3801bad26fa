#pragma once
// The limits of one response record, defined once and shared by the app (before it saves) and
// tellus-serve (before it stores). docs/api.md "Limits and security" lists each with its value.
// Characters are Unicode code points, not bytes: 64 means 64 in French, Punjabi or Chinese too.
#include <cstddef>
#include <cstdint>

namespace tellus::limits {

inline constexpr std::size_t kIdChars = 36;         // a UUID: 8-4-4-4-12 hex digits
inline constexpr std::size_t kSurveyIdChars = 64;   // survey ids: a-z, 0-9, '-' and '_'
inline constexpr std::size_t kLocaleChars = 35;     // a BCP 47 tag (RFC 5646 keeps tags this short)
inline constexpr std::size_t kSiteChars = 64;       // a clinic's own site id
inline constexpr std::size_t kTimestampChars = 35;  // 2026-11-23T10:15:00.123456789-05:00
inline constexpr std::int64_t kMaxSurveyVersion = 1'000'000;

// One upload: what tellus-serve takes (413 past either) and what the app's sync engine sends.
inline constexpr std::size_t kMaxUploadBytes = 1024 * 1024;  // the decoded body
inline constexpr std::size_t kMaxUploadResponses = 500;      // responses in one request
// The smallest body limit the app believes from a server (GET /api/v1/limits). Below it a mistyped
// value would hold every response as "too large" for good; a server that really takes less still
// answers 413, and the sync engine shrinks its batches from that.
inline constexpr std::size_t kMinServedUploadBytes = 64 * 1024;
inline constexpr int kMaxOffsetMinutes = 14 * 60;  // UTC-12:00 .. UTC+14:00 are the Earth's real offsets
// A device clock may run a little fast: submitted_at may be at most this far after the server's time.
inline constexpr std::int64_t kClockSkewMs = 24LL * 60 * 60 * 1000;

// The effort one summary may spend proving that no hidden count can be worked out (core/disclosure:
// tableau entries updated, about a nanosecond each here, so about 3 s of one core). Past it, what is
// not yet proven is hidden. bench/server/summary shows where real tables fall.
inline constexpr std::int64_t kSummaryWork = 3'000'000'000;

}  // namespace tellus::limits
