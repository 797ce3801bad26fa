#include "json_reply.hpp"
#include "routes.hpp"

namespace tellus::serve {

void add_health_routes(httplib::Server& http, AppContext&) {
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { reply_json(res, 200, {{"status", "ok"}}); });
}

}  // namespace tellus::serve
