#include "http_policy.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "json_reply.hpp"

namespace tellus::serve {

httplib::Headers security_headers(const std::vector<std::string>& cors_origins) {
    std::string connect = "'self'";
    for (const auto& origin : cors_origins) connect += " " + origin;
    // 'wasm-unsafe-eval' lets the page compile WebAssembly without allowing JavaScript eval.
    const std::string csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src " + connect +
                            "; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
                            "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
                            "form-action 'self'; frame-ancestors 'none'";
    return {{"Content-Security-Policy", csp},
            {"X-Content-Type-Options", "nosniff"},
            {"X-Frame-Options", "DENY"},
            {"Referrer-Policy", "no-referrer"},
            {"Cross-Origin-Opener-Policy", "same-origin"},
            {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"}};
}

std::string escape_for_log(const std::string& text, size_t max_chars) {
    std::string out;
    for (unsigned char c : text) {
        if (out.size() >= max_chars) {
            out += "...";
            break;
        }
        if (c < 0x20 || c >= 0x7F || c == '\\') {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string client_key(const httplib::Request& req, const std::string& trusted_proxy) {
    if (trusted_proxy.empty() || req.remote_addr != trusted_proxy) return req.remote_addr;
    const std::string forwarded = req.get_header_value("X-Forwarded-For");
    std::string last = forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1);
    last.erase(0, last.find_first_not_of(" \t"));
    last.erase(last.find_last_not_of(" \t") + 1);
    unsigned char address[16];
    const bool is_ip = inet_pton(AF_INET, last.c_str(), address) == 1 || inet_pton(AF_INET6, last.c_str(), address) == 1;
    return is_ip ? last : req.remote_addr;
}

bool CorsPolicy::allows(const std::string& origin) const {
    return !origin.empty() && std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

void CorsPolicy::apply(const httplib::Request& req, httplib::Response& res) const {
    const std::string origin = req.get_header_value("Origin");
    if (!allows(origin)) return;
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Vary", "Origin");
}

void CorsPolicy::preflight(const httplib::Request& req, httplib::Response& res) const {
    const std::string origin = req.get_header_value("Origin");
    if (!allows(origin)) {
        return reply_error(res, 403, "This origin is not allowed to call the API. Add it with --cors-origin.");
    }
    res.status = 204;
    // Allow-Origin and Vary are already set by apply(), which runs before every route: a second
    // copy would make browsers refuse the preflight.
    res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
    res.set_header("Access-Control-Max-Age", "600");
}

}  // namespace tellus::serve
