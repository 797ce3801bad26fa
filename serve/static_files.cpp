#include "static_files.hpp"

#include <httplib.h>

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

// A request path that stays inside the root: no "..", no hidden files, no backslashes.
bool is_safe_path(const std::string& path) {
    if (path.empty() || path[0] != '/' || path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) return false;
    std::stringstream in(path);
    for (std::string segment; std::getline(in, segment, '/');)
        if (segment == ".." || (!segment.empty() && segment[0] == '.')) return false;
    return true;
}

struct Variant {
    fs::path file;
    std::string encoding;  // "" for the file itself
};

// The best file to send: the brotli sibling, else gzip, else the file itself.
Variant pick_variant(const fs::path& file, const std::string& accept_encoding) {
    std::error_code ec;
    for (const char* coding : {"br", "gzip"}) {
        fs::path sibling = file;
        sibling += std::string(".") + (std::string(coding) == "br" ? "br" : "gz");
        if (accepts_encoding(accept_encoding, coding) && fs::is_regular_file(sibling, ec)) return {sibling, coding};
    }
    return {file, ""};
}

bool has_compressed_sibling(const fs::path& file) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(file.string() + ".br"), ec) || fs::is_regular_file(fs::path(file.string() + ".gz"), ec);
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

void StaticFiles::serve(const httplib::Request& req, httplib::Response& res) const {
    std::string path = req.path;
    if (!is_safe_path(path)) return reply_error(res, 404, "There is no file at this address.");
    if (path.back() == '/') path += "index.html";
    fs::path file = fs::path(root_) / path.substr(1);
    std::error_code ec;
    if (fs::is_directory(file, ec)) file /= "index.html";
    if (!fs::is_regular_file(file, ec)) return reply_error(res, 404, "There is no file at this address.");

    const Variant variant = pick_variant(file, req.get_header_value("Accept-Encoding"));
    if (has_compressed_sibling(file)) res.set_header("Vary", "Accept-Encoding");
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
