#pragma once
// Serving the built app from --web: MIME types browsers insist on (application/wasm for streaming
// compilation), precompressed siblings (X.br, X.gz) when the client accepts them, and cache headers
// that let the service worker pick up a new release cleanly.
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace tellus::serve {

std::string mime_type_for(const std::string& path);
// True when the client's Accept-Encoding allows `coding` ("br", "gzip"), honouring q=0.
bool accepts_encoding(const std::string& accept_encoding, const std::string& coding);

class StaticFiles {
public:
    explicit StaticFiles(std::string root) : root_(std::move(root)) {}
    // Answers GET/HEAD for a file under the root; sets 404 with a plain message when there is none.
    void serve(const httplib::Request& req, httplib::Response& res) const;

private:
    std::string root_;
};

}  // namespace tellus::serve
