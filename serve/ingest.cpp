#include "ingest.hpp"

#include "core/masking.hpp"
#include "comments.hpp"
#include <algorithm>

#include "timestamps.hpp"

namespace tellus::serve {

using nlohmann::json;

// A body nested thousands of levels would make later recursive steps (parse, dump, destruction)
// run out of stack: it is measured, without recursion, before it is parsed.
size_t nesting_depth(std::string_view body) {
    size_t depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : body) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

using limits::kMaxDepth;

BodyParse parse_request_body(const std::string& body, size_t max_items) {
    BodyParse parsed;
    // The JSON parser takes a NUL byte for the end of its input: "{...}\0anything" would pass.
    if (body.find('\0') != std::string::npos) {
        parsed.status = 400;
        parsed.error = "The body holds a NUL byte, so it is not JSON text. Send one response object, or {\"responses\": [ ... ]}.";
        return parsed;
    }
    if (nesting_depth(body) > kMaxDepth) {
        parsed.status = 400;
        parsed.error = "The body is nested too deeply to be a response (more than " + std::to_string(kMaxDepth) + " levels).";
        return parsed;
    }
    json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
        parsed.status = 400;
        parsed.error = "The body is not valid JSON (UTF-8). Send one response object, or {\"responses\": [ ... ]}.";
        return parsed;
    }
    if (document.is_object() && document.contains("responses")) {
        json& list = document["responses"];
        if (!list.is_array()) {
            parsed.status = 400;
            parsed.error = "\"responses\" must be a list of response objects.";
            return parsed;
        }
        if (list.size() > max_items) {
            parsed.status = 413;
            parsed.error = "Too many responses in one request: " + std::to_string(list.size()) + ". Send at most " +
                           std::to_string(max_items) + " at a time.";
            return parsed;
        }
        for (auto& item : list) parsed.items.push_back(std::move(item));
        return parsed;
    }
    if (!document.is_object()) {
        parsed.status = 400;
        parsed.error = "The body must be one response object, or {\"responses\": [ ... ]}.";
        return parsed;
    }
    parsed.items.push_back(std::move(document));
    return parsed;
}

json ItemResult::to_json() const {
    json list = json::array();
    for (const auto& e : errors) list.push_back(e.to_json());
    return {{"id", id}, {"status", status}, {"errors", list}};
}

std::vector<CheckedItem> check_items(const std::vector<json>& items, const SurveyRegistry& surveys, const std::string& received_at,
                                     int64_t received_ms) {
    std::vector<CheckedItem> checked;
    checked.reserve(items.size());
    const SurveyLookup lookup = surveys.lookup();
    for (const auto& item : items) {
        CheckedItem c;
        ParsedResponse parsed = parse_response(item, lookup, received_ms);
        if (item.is_object() && item.contains("id") && item["id"].is_string()) c.result.id = item["id"].get<std::string>();
        if (!parsed.ok()) {
            c.result.status = "rejected";
            c.result.errors = std::move(parsed.errors);
            checked.push_back(std::move(c));
            continue;
        }
        const Response& r = parsed.response;
        // Comment safety (issue 6, core/masking.hpp): likely personal details in free-text answers
        // are masked before anything is stored, whatever app version sent them.
        // Only the fields the contract defines are kept: anything else a client adds (a name, an
        // address...) never reaches the database.
        json stored = r.to_json();
        const Survey* survey = lookup(r.survey_id, r.survey_version);
        if (survey && stored.contains("answers")) mask_free_text_answers(*survey, stored["answers"], r.locale);
        c.row = NewResponse{r.id, r.survey_id, r.survey_version, r.site, r.submitted_at,
                            parse_instant_ms(r.submitted_at).value_or(0), received_at, stored.dump(), {}};
        if (survey) c.row.comments = comments_of(*survey, stored);  // the masked text, as stored
        checked.push_back(std::move(c));
    }
    return checked;
}

std::vector<ItemResult> ingest_items(const std::vector<json>& items, const SurveyRegistry& surveys, Store& store) {
    std::vector<CheckedItem> checked = check_items(items, surveys, now_utc_iso(), now_ms());
    std::vector<NewResponse> rows;
    for (auto& c : checked)
        if (c.valid()) rows.push_back(c.row);
    const std::vector<InsertStatus> statuses = store.insert(rows);
    std::vector<ItemResult> results;
    results.reserve(checked.size());
    size_t next_status = 0;
    for (auto& c : checked) {
        if (c.valid()) {
            switch (statuses.at(next_status++)) {
                case InsertStatus::Accepted: c.result.status = "accepted"; break;
                case InsertStatus::Duplicate: c.result.status = "duplicate"; break;
                case InsertStatus::Refused:
                    c.result.status = "rejected";
                    c.result.errors.push_back({"", "the database refused to store this response as it is (a value it cannot keep)"});
                    break;
            }
        }
        results.push_back(std::move(c.result));
    }
    return results;
}

}  // namespace tellus::serve
