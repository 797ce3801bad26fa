#pragma once
// Headers that go on every response: security headers (a Content-Security-Policy that still lets
// the wasm app run), and CORS for the origins an operator allowed with --cors-origin.
#include <string>
#include <vector>

#include <httplib.h>

namespace tellus::serve {

httplib::Headers security_headers(const std::vector<std::string>& cors_origins);

// Text a client sent, made safe for one log line: control characters, backslashes and bytes
// outside ASCII written as \xNN (no forged lines, no terminal escapes), cut at `max_chars`.
std::string escape_for_log(const std::string& text, size_t max_chars);

// Whom a rate limit counts a request against: the connection's address, or, for a request that
// came through the trusted reverse proxy (--trust-proxy), the last address of its X-Forwarded-For
// (the one the proxy itself added). Kept in memory only, never stored or logged.
std::string client_key(const httplib::Request& req, const std::string& trusted_proxy);

class CorsPolicy {
public:
    explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}
    bool allows(const std::string& origin) const;
    // Adds Access-Control-Allow-* when the request's Origin is allowed.
    void apply(const httplib::Request& req, httplib::Response& res) const;
    // Answers a preflight OPTIONS: 204 for an allowed origin, 403 with a plain message otherwise.
    void preflight(const httplib::Request& req, httplib::Response& res) const;

private:
    std::vector<std::string> origins_;
};

}  // namespace tellus::serve
