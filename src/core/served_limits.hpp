#pragma once
// What tellus-serve tells the app about its limits (GET /api/v1/limits), written and read here so
// that the server and the app agree on one shape:
//   {"upload": {"max_bytes": 1048576, "max_responses": 500}}
// The server writes limits::kMaxUploadBytes and kMaxUploadResponses; the app's sync engine keeps
// its batches within what the server says, and never trusts it past the compiled-in values.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "limits.hpp"

namespace tellus {

struct UploadLimits {
    std::size_t max_bytes = limits::kMaxUploadBytes;          // one request's decoded body
    std::size_t max_responses = limits::kMaxUploadResponses;  // responses in one request
};

// The answer of GET /api/v1/limits, from the compiled-in limits (tellus-serve sends this).
nlohmann::json served_limits_document();

struct ServedLimits {
    UploadLimits upload;  // always safe to use: clamped, or the compiled-in values
    std::string problem;  // plain words when some or all of the answer was not used; "" when it all was
};

// Reads the answer of GET /api/v1/limits without throwing. A failed fetch, a body that is not
// that JSON (a portal's page) or a value that is not a positive whole number keeps the compiled-in
// value; a whole number is clamped into [the smallest believable value, the compiled-in value]:
// a server may ask for less than the app would send, never more.
ServedLimits read_served_limits(int http_status, const std::string& body);

}  // namespace tellus
