#include <memory>

#include "routes.hpp"
#include "static_files.hpp"

namespace tellus::serve {

// Registered last: every GET the API does not claim is a file of the app.
void add_static_routes(httplib::Server& http, AppContext& context) {
    auto files = std::make_shared<StaticFiles>(context.options.web);
    http.Get(R"(/.*)", [files](const httplib::Request& req, httplib::Response& res) { files->serve(req, res); });
}

}  // namespace tellus::serve
