#include "routes.hpp"

namespace tellus::serve {

void add_export_routes(httplib::Server&, AppContext&) {}

}  // namespace tellus::serve
