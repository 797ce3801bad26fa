#pragma once
// Every API answer is JSON; every error says what is wrong in plain words: {"error": "..."}.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace tellus::serve {

inline void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

inline void reply_error(httplib::Response& res, int status, const std::string& message) {
    reply_json(res, status, {{"error", message}});
}

}  // namespace tellus::serve
