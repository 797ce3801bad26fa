// GET /api/v1/limits: the server tells the app the upload limits it enforces, from the same
// constants it enforces them with (core/limits.hpp). The real executable over HTTP.
#include <doctest/doctest.h>

#include "core/limits.hpp"
#include "harness.hpp"

using namespace tellus::test;

TEST_CASE("GET /api/v1/limits answers the compiled-in upload limits as JSON, compressible, cached briefly, with an ETag") {
    ServerProcess server;
    auto client = server.client();
    client.set_decompress(false);  // look at the bytes as sent

    auto plain = client.Get("/api/v1/limits", {{"Accept-Encoding", "identity"}});
    REQUIRE(plain);
    CHECK(plain->status == 200);
    // Exactly this type: the only one the HTTP library compresses (serve/json_reply.hpp).
    CHECK(plain->get_header_value("Content-Type") == "application/json");
    CHECK(plain->get_header_value("Cache-Control") == "max-age=300");
    const json limits = json::parse(plain->body);
    CHECK(limits["upload"]["max_bytes"] == tellus::limits::kMaxUploadBytes);
    CHECK(limits["upload"]["max_responses"] == tellus::limits::kMaxUploadResponses);
    CHECK(limits == json::parse(R"({"upload":{"max_bytes":1048576,"max_responses":500}})"));

    const std::string etag = plain->get_header_value("ETag");
    REQUIRE(!etag.empty());
    auto again = client.Get("/api/v1/limits", {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());

    auto br = client.Get("/api/v1/limits", {{"Accept-Encoding", "gzip, br"}});
    REQUIRE(br);
    CHECK(br->get_header_value("Content-Encoding") == "br");
}
