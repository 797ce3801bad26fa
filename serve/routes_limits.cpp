// What the app needs to know about this server's limits, so that they are defined once
// (core/limits.hpp) and the app follows the server it talks to:
//   GET /api/v1/limits  {"upload":{"max_bytes":1048576,"max_responses":500}}  (core/served_limits.hpp)
// A short cache with an ETag: the limits change only with a new tellus-serve, and the app asks once
// as it starts.
#include "core/served_limits.hpp"
#include "json_reply.hpp"
#include "routes.hpp"

namespace tellus::serve {

void add_limits_routes(httplib::Server& http, AppContext&) {
    const std::string body = served_limits_document().dump();
    const std::string etag = etag_of(body);
    http.Get("/api/v1/limits", [body, etag](const httplib::Request& req, httplib::Response& res) {
        reply_json_validated(req, res, body, etag, "max-age=300");
    });
}

}  // namespace tellus::serve
