#pragma once
// Every API answer is JSON; every error says what is wrong in plain words: {"error": "..."}.
#include <httplib.h>

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace tellus::serve {

// Exactly this media type, with no charset (JSON is UTF-8 by definition, RFC 8259): the HTTP
// library compresses an answer (br or gzip, as the client accepts) only when its type is exactly
// "application/json"; with a charset, a survey or catalog went out at four times its size.
inline constexpr const char* kJsonType = "application/json";

inline void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump(), kJsonType);
}

// A strong validator for a body: its 64-bit FNV-1a hash, quoted.
inline std::string etag_of(const std::string& body) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : body) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    char text[24];
    std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(hash));
    return text;
}

// A JSON body that clients keep and revalidate: 304 when the client's copy (If-None-Match) is this
// one, the body otherwise. `cache_control` says how long a copy may be used without asking.
inline void reply_json_validated(const httplib::Request& req, httplib::Response& res, const std::string& body,
                                 const std::string& etag, const char* cache_control) {
    res.set_header("Cache-Control", cache_control);
    res.set_header("ETag", etag);
    const std::string asked = req.get_header_value("If-None-Match");
    if (asked == etag || asked == "*") {
        res.status = 304;
        return;
    }
    res.status = 200;
    res.set_content(body, kJsonType);
}

inline void reply_error(httplib::Response& res, int status, const std::string& message) {
    reply_json(res, status, {{"error", message}});
}

}  // namespace tellus::serve
