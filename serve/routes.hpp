#pragma once
// One function per group of routes, each in its own routes_*.cpp.
#include <httplib.h>

#include "server.hpp"

namespace tellus::serve {

void add_health_routes(httplib::Server& http, AppContext& context);
void add_ingest_routes(httplib::Server& http, AppContext& context);
void add_export_routes(httplib::Server& http, AppContext& context);
void add_summary_routes(httplib::Server& http, AppContext& context);
void add_comment_routes(httplib::Server& http, AppContext& context);
void add_staff_routes(httplib::Server& http, AppContext& context);
void add_survey_routes(httplib::Server& http, AppContext& context);
void add_language_routes(httplib::Server& http, AppContext& context);
void add_limits_routes(httplib::Server& http, AppContext& context);
void add_static_routes(httplib::Server& http, AppContext& context);

}  // namespace tellus::serve
