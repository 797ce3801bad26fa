#pragma once
// Taking responses in: the request body is split into response objects, each is validated with
// core's parse_response against the loaded surveys, and the valid ones are stored in one
// transaction. Used by POST /api/v1/responses and by `tellus-serve import`.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "limits.hpp"
#include "store.hpp"
#include "surveys.hpp"

namespace tellus::serve {

using limits::kMaxBatch;

// Deepest nesting of [ and { outside JSON strings (a response is 3 levels deep).
size_t nesting_depth(std::string_view text);

struct BodyParse {
    std::vector<nlohmann::json> items;
    int status = 200;   // 400 not JSON / wrong shape, 413 too many items
    std::string error;  // plain words when status != 200
};

// One response object, or {"responses": [ ... ]} with at most `max_items`.
BodyParse parse_request_body(const std::string& body, size_t max_items = kMaxBatch);

struct ItemResult {
    std::string id;
    std::string status;  // "accepted" | "duplicate" | "rejected"
    std::vector<FieldError> errors;
    nlohmann::json to_json() const;
};

struct CheckedItem {
    ItemResult result;   // status "rejected" when invalid, else empty until stored
    NewResponse row;     // filled when valid
    bool valid() const { return result.status.empty(); }
};

// Validation only: no storage. `received_at` (the server's clock, also in `received_ms`) is
// stamped on every valid row.
std::vector<CheckedItem> check_items(const std::vector<nlohmann::json>& items, const SurveyRegistry& surveys,
                                     const std::string& received_at, int64_t received_ms);

// Validates and stores; returns one result per item, in order. Throws StoreError (nothing stored).
std::vector<ItemResult> ingest_items(const std::vector<nlohmann::json>& items, const SurveyRegistry& surveys, Store& store);

}  // namespace tellus::serve
