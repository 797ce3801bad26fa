#include "static_files.hpp"

#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "json_reply.hpp"

namespace tellus::serve {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The raw target must not smuggle a separator, a dot or a NUL past the decoded-path checks.
bool has_encoded_trick(const std::string& target) {
    const std::string raw = lower(target.substr(0, target.find('?')));
    for (const char* code : {"%2f", "%5c", "%00", "%2e"})
        if (raw.find(code) != std::string::npos) return true;
    return false;
}

// A decoded request path that names a place under the root: starts with one "/", no empty, "."
// or ".." segments, no hidden files, no backslashes or control characters.
bool is_plain_path(const std::string& path) {
    if (path.empty() || path[0] != '/') return false;
    for (unsigned char c : path)
        if (c < 0x20 || c == 0x7F || c == '\\' || c == ':') return false;
    size_t start = 1;
    while (start < path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string segment = path.substr(start, end - start);
        if (segment.empty() || segment[0] == '.') return false;
        start = end + 1;
    }
    return true;
}

struct Variant {
    fs::path file;
    std::string encoding;  // "" for the file itself
};

fs::path sibling_of(const fs::path& file, const char* coding) {
    return fs::path(file.string() + (std::string(coding) == "br" ? ".br" : ".gz"));
}

// index.html and the service worker must be checked on every load, or an old release lingers.
std::string cache_control_for(const std::string& name) {
    if (name == "index.html" || name == "sw.js" || name == "service-worker.js") return "no-cache";
    return "public, max-age=0, must-revalidate";
}

std::string etag_for(const fs::path& file, const std::string& encoding) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    const auto time = fs::last_write_time(file, ec).time_since_epoch().count();
    std::ostringstream tag;
    tag << "\"" << std::hex << size << "-" << time << (encoding.empty() ? "" : "-" + encoding) << "\"";
    return tag.str();
}

}  // namespace

std::string mime_type_for(const std::string& path) {
    static const std::map<std::string, std::string> types{
        {".html", "text/html; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},           {".webmanifest", "application/manifest+json"},
        {".wasm", "application/wasm"},           {".data", "application/octet-stream"},
        {".ttf", "font/ttf"},                    {".otf", "font/otf"},
        {".woff", "font/woff"},                  {".woff2", "font/woff2"},
        {".png", "image/png"},                   {".jpg", "image/jpeg"},
        {".svg", "image/svg+xml"},               {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},   {".map", "application/json"},
    };
    auto it = types.find(lower(fs::path(path).extension().string()));
    return it == types.end() ? "application/octet-stream" : it->second;
}

bool accepts_encoding(const std::string& accept_encoding, const std::string& coding) {
    std::stringstream in(accept_encoding);
    for (std::string item; std::getline(in, item, ',');) {
        std::string name = lower(trim(item.substr(0, item.find(';'))));
        if (name != coding && name != "*") continue;
        const auto q = item.find("q=");
        if (q == std::string::npos) return true;
        try {
            return std::stod(item.substr(q + 2)) > 0.0;
        } catch (const std::exception&) {
            return false;
        }
    }
    return false;
}

StaticFiles::StaticFiles(const std::string& root) {
    std::error_code ec;
    root_ = fs::canonical(root, ec);
    if (ec || !fs::is_directory(root_, ec)) root_.clear();
}

std::optional<fs::path> StaticFiles::inside_root(const fs::path& file) const {
    std::error_code ec;
    const fs::path real = fs::canonical(file, ec);
    if (ec || !fs::is_regular_file(real, ec)) return std::nullopt;
    const auto [root_end, real_it] = std::mismatch(root_.begin(), root_.end(), real.begin(), real.end());
    if (root_end != root_.end() || real_it == real.end()) return std::nullopt;
    return real;
}

std::optional<fs::path> StaticFiles::resolve(const std::string& target, const std::string& path) const {
    if (root_.empty() || has_encoded_trick(target) || !is_plain_path(path)) return std::nullopt;
    fs::path file = root_ / (path.back() == '/' ? path.substr(1) + "index.html" : path.substr(1));
    std::error_code ec;
    if (fs::is_directory(file, ec)) file /= "index.html";
    return inside_root(file);
}

void StaticFiles::serve(const httplib::Request& req, httplib::Response& res) const {
    const auto found = resolve(req.target, req.path);
    if (!found) return reply_error(res, 404, "There is no file at this address.");
    const fs::path& file = *found;
    // The brotli sibling, else gzip, else the file itself; a sibling must pass the same checks.
    Variant variant{file, ""};
    bool has_sibling = false;
    const std::string accept = req.get_header_value("Accept-Encoding");
    for (const char* coding : {"br", "gzip"}) {
        const auto sibling = inside_root(sibling_of(file, coding));
        has_sibling = has_sibling || sibling;
        if (sibling && variant.encoding.empty() && accepts_encoding(accept, coding)) variant = {*sibling, coding};
    }
    if (has_sibling) res.set_header("Vary", "Accept-Encoding");
    std::error_code ec;
    if (!variant.encoding.empty()) res.set_header("Content-Encoding", variant.encoding);
    res.set_header("Cache-Control", cache_control_for(file.filename().string()));
    const std::string etag = etag_for(variant.file, variant.encoding);
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    const auto size = fs::file_size(variant.file, ec);
    auto stream = std::make_shared<std::ifstream>(variant.file, std::ios::binary);
    if (ec || !*stream) return reply_error(res, 500, "The file could not be read.");
    res.status = 200;
    // A provider with a known length: the HTTP library sends it as is (no second compression).
    res.set_content_provider(size, mime_type_for(file.string()),
                             [stream](size_t offset, size_t length, httplib::DataSink& sink) {
                                 char buffer[64 * 1024];
                                 stream->seekg(static_cast<std::streamoff>(offset));
                                 const auto chunk = std::min(length, sizeof buffer);
                                 stream->read(buffer, static_cast<std::streamsize>(chunk));
                                 const auto got = stream->gcount();
                                 if (got <= 0) return false;
                                 sink.write(buffer, static_cast<size_t>(got));
                                 return true;
                             });
}

}  // namespace tellus::serve
