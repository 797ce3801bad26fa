#include "served_limits.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace tellus {
namespace {

using nlohmann::json;

// The shape's names, defined once for the writer and the reader.
constexpr const char* kUpload = "upload";
constexpr const char* kMaxBytes = "max_bytes";
constexpr const char* kMaxResponses = "max_responses";

void add_problem(std::string& problem, const std::string& text) { problem += (problem.empty() ? "" : "; ") + text; }

// `value` clamped into [lowest, highest], or nothing when it is not a positive whole number.
// (The JSON parser reads 0 and up as unsigned, negative numbers as signed.)
std::optional<std::size_t> clamped_count(const json& value, std::size_t lowest, std::size_t highest) {
    if (!value.is_number_unsigned()) return std::nullopt;
    const std::uint64_t count = value.get<std::uint64_t>();
    if (count < 1) return std::nullopt;
    return std::clamp<std::uint64_t>(count, lowest, highest);
}

// One field of "upload": the served value clamped, or the compiled-in one with a problem said.
std::size_t read_count(const json& upload, const char* name, std::size_t lowest, std::size_t compiled, std::string& problem) {
    const auto it = upload.find(name);
    if (it == upload.end()) {
        add_problem(problem, std::string("upload.") + name + " is missing");
        return compiled;
    }
    if (auto value = clamped_count(*it, lowest, compiled)) return *value;
    add_problem(problem, std::string("upload.") + name + " is not a positive whole number");
    return compiled;
}

}  // namespace

json served_limits_document() {
    return {{kUpload, {{kMaxBytes, limits::kMaxUploadBytes}, {kMaxResponses, limits::kMaxUploadResponses}}}};
}

ServedLimits read_served_limits(int http_status, const std::string& body) {
    ServedLimits served;
    if (http_status != 200) {
        served.problem = http_status == 0 ? "no answer" : "the server answered " + std::to_string(http_status);
        return served;
    }
    const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!document.is_object() || !document.contains(kUpload) || !document[kUpload].is_object()) {
        served.problem = "the answer is not the server's limits";
        return served;
    }
    const json& upload = document[kUpload];
    served.upload.max_bytes = read_count(upload, kMaxBytes, limits::kMinServedUploadBytes, limits::kMaxUploadBytes, served.problem);
    served.upload.max_responses = read_count(upload, kMaxResponses, 1, limits::kMaxUploadResponses, served.problem);
    return served;
}

}  // namespace tellus
