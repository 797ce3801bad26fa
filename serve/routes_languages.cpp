// Language packs (issue 13): the languages this server has catalogs for, and the catalogs.
//   GET /api/v1/languages  {"languages":[{"code":"fr","name":"Français","direction":"ltr","reviewed":true}, ...]}
//                          English first, then by code; only catalogs that read well (language_folder.hpp)
//   GET /i18n/<code>.json  a listed catalog, as its file holds it; anything else under /i18n/ is 404
// Both are "no-cache" with an ETag: a corrected catalog reaches every device on its next start, and
// an unchanged one costs a 304.
#include <memory>

#include "json_reply.hpp"
#include "language_folder.hpp"
#include "routes.hpp"

namespace tellus::serve {
namespace {

void reply_validated(const httplib::Request& req, httplib::Response& res, const std::string& body, const std::string& etag) {
    reply_json_validated(req, res, body, etag, "no-cache");
}

}  // namespace

void add_language_routes(httplib::Server& http, AppContext& context) {
    std::shared_ptr<LanguageFolder> folder = context.languages;
    if (!folder) folder = std::make_shared<LanguageFolder>(context.options.i18n);
    http.Get("/api/v1/languages", [folder](const httplib::Request& req, httplib::Response& res) {
        const auto snapshot = folder->current();
        reply_validated(req, res, snapshot->list_body, snapshot->list_etag);
    });
    // Every path under /i18n/ is answered here, never by the app's files: only the exact name of a
    // listed catalog finds anything, and it is looked up in memory, not on disk.
    http.Get(R"(/i18n/.*)", [folder](const httplib::Request& req, httplib::Response& res) {
        static const std::string prefix = "/i18n/", suffix = ".json";
        const std::string& path = req.path;
        const LanguageFolder::Catalog* catalog = nullptr;
        const auto snapshot = folder->current();
        // A code and ".json" never need escaping: an escaped target is somebody trying something.
        const bool escaped = req.target.substr(0, req.target.find('?')).find('%') != std::string::npos;
        if (!escaped && path.size() > prefix.size() + suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
            const std::string code = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
            if (is_language_code(code)) catalog = snapshot->find(code);
        }
        if (!catalog) return reply_error(res, 404, "This server has no catalog for that language.");
        reply_validated(req, res, catalog->body, catalog->etag);
    });
}

}  // namespace tellus::serve
