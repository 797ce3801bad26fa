#pragma once
// Serving the built app from --web: MIME types browsers insist on (application/wasm for streaming
// compilation), precompressed siblings (X.br, X.gz) when the client accepts them, and cache headers
// that let the service worker pick up a new release cleanly.
// Only regular files inside the root are ever served, decided on the canonical path (symlinks
// resolved) after decoding: absolute paths, "//", "..", hidden files, encoded separators, control
// characters and links leading out of the root are all 404.
#include <filesystem>
#include <optional>
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
    explicit StaticFiles(const std::string& root);
    // Answers GET/HEAD for a file under the root; sets 404 with a plain message when there is none.
    void serve(const httplib::Request& req, httplib::Response& res) const;
    // The file a request names: `target` as sent (for encoded separators), `path` decoded.
    std::optional<std::filesystem::path> resolve(const std::string& target, const std::string& path) const;

private:
    // `file` after following every link, when it is a regular file inside the root.
    std::optional<std::filesystem::path> inside_root(const std::filesystem::path& file) const;
    std::filesystem::path root_;  // canonical; empty when the folder does not exist
};

}  // namespace tellus::serve
