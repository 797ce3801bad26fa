#pragma once
// Every API answer is JSON; every error says what is wrong in plain words: {"error": "..."}.
#include <httplib.h>

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

inline void reply_error(httplib::Response& res, int status, const std::string& message) {
    reply_json(res, status, {{"error", message}});
}

}  // namespace tellus::serve
