#pragma once
// What staff routes share: reading the filter parameters (survey, site, since, until) and the
// plain 503 when the store cannot be read.
#include <httplib.h>

#include <string>

#include "server.hpp"
#include "store.hpp"

namespace tellus::serve {

// Reads survey, site, since and until; returns a plain-words problem, or "" when all is well.
std::string read_filter(const AppContext& context, const httplib::Request& req, ResponseFilter& filter);

void reply_store_unavailable(httplib::Response& res, const StoreError& e);

}  // namespace tellus::serve
