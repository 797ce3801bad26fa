#include "request_body.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "limits.hpp"

namespace tellus::serve {
namespace {

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string too_large_message() {
    return "The request is too large: the limit is 1 MiB (" + std::to_string(limits::kMaxBodyBytes) +
           " bytes, after decompression). Send fewer responses per batch.";
}

}  // namespace

bool takes_body(const std::string& method, const std::string& path) {
    static constexpr std::array<std::pair<const char*, const char*>, 3> kBodyRoutes{{
        {"POST", "/api/v1/responses"},
        {"POST", "/api/v1/audit"},            // the app records a device download (routes_staff.cpp)
        {"POST", "/api/v1/comments/status"},  // a manager marks a comment (routes_comments.cpp)
    }};
    return std::any_of(kBodyRoutes.begin(), kBodyRoutes.end(), [&](const auto& route) { return method == route.first && path == route.second; });
}

bool has_body(const httplib::Request& req) {
    return req.has_header("Transfer-Encoding") || (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
}

std::optional<BodyProblem> gate_body(const httplib::Request& req) {
    if (req.get_header_value_count("Content-Length") > 1 || req.get_header_value_count("Transfer-Encoding") > 1 ||
        (req.has_header("Content-Length") && req.has_header("Transfer-Encoding")))
        return BodyProblem{400, "The request's length is given more than once. Send Content-Length or chunked, not both."};
    if (req.has_header("Transfer-Encoding") && lower(req.get_header_value("Transfer-Encoding")) != "chunked")
        return BodyProblem{501, "Only the chunked transfer encoding is understood here."};
    if (req.has_header("Content-Length")) {
        const std::string text = req.get_header_value("Content-Length");
        unsigned long long length = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
        if (text.empty() || error != std::errc() || end != text.data() + text.size())
            return BodyProblem{400, "The Content-Length header is not a number."};
        if (length > limits::kMaxWireBodyBytes) return BodyProblem{413, too_large_message()};
    }
    if (!has_body(req)) return std::nullopt;
    const std::string encoding = lower(req.get_header_value("Content-Encoding"));
    if (!encoding.empty() && encoding != "identity" && encoding != "gzip" && encoding != "deflate" && encoding != "br")
        return BodyProblem{415, "The body's Content-Encoding must be gzip, deflate, br or none."};
    if (!takes_body(req.method, req.path)) {
        if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS")
            return BodyProblem{400, "This request must not have a body."};
        return BodyProblem{404, "There is nothing at this address that takes a body."};
    }
    return std::nullopt;
}

BodyRead read_body(const httplib::ContentReader& reader) {
    BodyRead read;
    bool too_large = false;
    const bool whole = reader([&](const char* data, size_t length) {
        if (read.body.size() + length > limits::kMaxBodyBytes) {
            too_large = true;
            return false;
        }
        read.body.append(data, length);
        return true;
    });
    if (too_large) read.problem = BodyProblem{413, too_large_message()};
    else if (!whole) read.problem = BodyProblem{400, "The body could not be read whole (broken chunks or compression, or it came too slowly)."};
    return read;
}

}  // namespace tellus::serve
