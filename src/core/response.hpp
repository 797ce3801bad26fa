#pragma once
// One patient's submitted answers, in the wire format of docs/api.md, and its validation against
// the survey it claims to answer. The app and the server both use validate_response: one source
// of truth for what an acceptable response is.
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "survey.hpp"
#include "timestamp.hpp"

namespace tellus {

// "option id" | ["option id", ...] | number | "free text" (the question's type says which).
using Answer = nlohmann::json;

struct Response {
    std::string id;  // UUID v4 made on the device
    std::string survey_id;
    int survey_version = 0;
    std::string locale, channel, site;
    std::string started_at, submitted_at;  // ISO 8601 with offset
    std::map<std::string, Answer> answers;

    nlohmann::json to_json() const;
};

struct FieldError {
    std::string field;    // "id", "answers.overall", ...
    std::string message;  // plain words
    nlohmann::json to_json() const { return {{"field", field}, {"message", message}}; }
};

// Finds the survey a response names; returns nullptr when unknown.
using SurveyLookup = std::function<const Survey*(const std::string& id, int version)>;

struct ParsedResponse {
    Response response;
    std::vector<FieldError> errors;  // empty when valid
    bool ok() const { return errors.empty(); }
};

// Reads and validates one response object as received, with every field within core/limits.hpp.
// The id is kept in lower case (UUIDs are case-insensitive: one response is one id however a
// platform writes it). With `received_ms` (the server's clock), submitted_at may be at most
// limits::kClockSkewMs after it. At most kMaxErrorsPerResponse errors are listed.
inline constexpr std::size_t kMaxErrorsPerResponse = 20;
ParsedResponse parse_response(const nlohmann::json& object, const SurveyLookup& surveys,
                              std::optional<std::int64_t> received_ms = std::nullopt);

// The checks on answers alone (also used by the app before it saves).
std::vector<FieldError> validate_answers(const Survey& survey, const std::map<std::string, Answer>& answers);

bool is_uuid_v4(std::string_view text);  // either case

}  // namespace tellus
