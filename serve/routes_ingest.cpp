#include <cctype>

#include "connection_guard.hpp"
#include "ingest.hpp"
#include "json_reply.hpp"
#include "request_body.hpp"
#include "routes.hpp"

namespace tellus::serve {
namespace {

bool is_json_content_type(std::string type) {
    for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    return type == "application/json";
}

// The body is read first, whatever the answer: an answer given before it would leave the rest of
// the body to be read as the next request on this connection.
void post_responses(const AppContext& context, const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& reader) {
    const BodyRead read = read_body(reader);
    if (read.problem) {
        GuardedServer::close_after_response();
        return reply_error(res, read.problem->status, read.problem->message);
    }
    if (!is_json_content_type(req.get_header_value("Content-Type")))
        return reply_error(res, 415, "Send responses as JSON with the header Content-Type: application/json.");
    const BodyParse body = parse_request_body(read.body);
    if (body.status != 200) return reply_error(res, body.status, body.error);
    std::vector<ItemResult> results;
    try {
        results = ingest_items(body.items, context.surveys, *context.store);
    } catch (const StoreError& e) {
        // The cause (disk full, database down) goes to the operator's log, not to the device.
        std::fprintf(stderr, "tellus-serve: storing responses failed (%s); answered 503\n", e.what());
        res.set_header("Retry-After", "30");
        return reply_error(res, 503, "The server cannot store responses right now. Nothing from this request was kept; send it again later.");
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : results) list.push_back(r.to_json());
    reply_json(res, 200, {{"results", list}});
}

}  // namespace

void add_ingest_routes(httplib::Server& http, AppContext& context) {
    http.Post("/api/v1/responses", [&context](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        post_responses(context, req, res, reader);
    });
}

}  // namespace tellus::serve
