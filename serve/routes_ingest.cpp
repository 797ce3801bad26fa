#include "routes.hpp"

namespace tellus::serve {

void add_ingest_routes(httplib::Server&, AppContext&) {}

}  // namespace tellus::serve
