#pragma once
// tellus-serve's limits and deadlines, defined once. docs/api.md "Limits and security" lists each
// with its value and what a client gets past it; the record limits are in core/limits.hpp.
#include <chrono>
#include <cstddef>

#include "core/limits.hpp"

namespace tellus::serve::limits {

using std::chrono::seconds;

// Bodies
inline constexpr std::size_t kMaxBodyBytes = tellus::limits::kMaxUploadBytes;  // decoded (after gzip/deflate/br): 413 past it
inline constexpr std::size_t kMaxWireBodyBytes = 2 * kMaxBodyBytes;  // bytes on the wire, chunk framing included
inline constexpr std::size_t kMaxHeadBytes = 16 * 1024;           // request line and headers together
inline constexpr std::size_t kMaxBatch = tellus::limits::kMaxUploadResponses;  // responses in one request: 413 past it
inline constexpr std::size_t kMaxDepth = 32;                       // nesting of [ and { in a body or import item

// Time: each is a deadline for the whole phase, not a timeout per byte.
inline constexpr seconds kHeadDeadline{10};    // from a request's first byte to the end of its headers
inline constexpr seconds kBodyDeadline{60};    // the whole body: 1 MiB over a weak 3G link takes ~20 s
inline constexpr seconds kKeepAliveIdle{5};    // an idle keep-alive connection is closed after this
inline constexpr seconds kWriteStall{30};      // a client that reads nothing of our answer for this long
inline constexpr seconds kShutdownGrace{10};   // SIGTERM: in-flight requests get this long, then are cut
inline constexpr seconds kLingerAfterEarlyAnswer{2};  // reading what a refused client still sends

// Comments (GET /api/v1/comments): a page is at most this many, and the words searched for at most
// this many characters (a search reads every comment of the period in the worst case).
inline constexpr int kCommentsPageDefault = 25;
inline constexpr int kCommentsPageMax = 100;
inline constexpr std::size_t kCommentSearchMaxChars = 100;

// Summaries: each may take up to core's limits::kSummaryWork (a few seconds of one core) to prove
// its hidden counts safe; past this many at once, 503 with Retry-After, so uploads keep their CPU.
inline constexpr int kMaxSummariesAtOnce = 2;
inline constexpr int kSummaryRetryAfterSeconds = 5;

// Connections (each open connection has a thread of its own; beyond the caps: plain 503, closed)
inline constexpr int kDefaultMaxConnections = 512;
inline constexpr int kDefaultMaxConnectionsPerClient = 64;  // a clinic's kiosks may share one NAT address

}  // namespace tellus::serve::limits
