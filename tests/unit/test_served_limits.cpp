// GET /api/v1/limits as the app reads it: whatever comes back, the sync engine gets limits that are
// safe to use, and a plain reason when it did not get the server's own.
#include <doctest/doctest.h>

#include "core/served_limits.hpp"

using namespace tellus;

namespace {

ServedLimits served(const std::string& upload_json) { return read_served_limits(200, R"({"upload":)" + upload_json + "}"); }

bool compiled_in(const UploadLimits& upload) {
    return upload.max_bytes == limits::kMaxUploadBytes && upload.max_responses == limits::kMaxUploadResponses;
}

}  // namespace

TEST_CASE("the server's own document reads back as the compiled-in limits, with no problem") {
    const ServedLimits limits = read_served_limits(200, served_limits_document().dump());
    CHECK(limits.problem.empty());
    CHECK(compiled_in(limits.upload));
    CHECK(served_limits_document() == nlohmann::json::parse(R"({"upload":{"max_bytes":1048576,"max_responses":500}})"));
}

TEST_CASE("smaller limits are taken as served") {
    const ServedLimits limits = served(R"({"max_bytes":200000,"max_responses":20})");
    CHECK(limits.problem.empty());
    CHECK(limits.upload.max_bytes == 200000);
    CHECK(limits.upload.max_responses == 20);
}

TEST_CASE("values are clamped: never above the compiled-in limits, never below the smallest believable") {
    SUBCASE("too large") {
        const ServedLimits limits = served(R"({"max_bytes":1e12,"max_responses":18446744073709551615})");
        CHECK(limits.upload.max_responses == limits::kMaxUploadResponses);
        // 1e12 is not a whole number in JSON's eyes (it has an exponent): the compiled-in value, said.
        CHECK(limits.upload.max_bytes == limits::kMaxUploadBytes);
        CHECK(limits.problem == "upload.max_bytes is not a positive whole number");
    }
    SUBCASE("too small") {
        const ServedLimits limits = served(R"({"max_bytes":10,"max_responses":1})");
        CHECK(limits.problem.empty());
        CHECK(limits.upload.max_bytes == limits::kMinServedUploadBytes);
        CHECK(limits.upload.max_responses == 1);
    }
}

TEST_CASE("absurd values keep the compiled-in ones, each said in plain words") {
    for (const char* upload : {R"({"max_bytes":0,"max_responses":0})", R"({"max_bytes":-5,"max_responses":-1})",
                               R"({"max_bytes":"1MiB","max_responses":null})", R"({"max_bytes":1.5,"max_responses":[500]})"}) {
        CAPTURE(upload);
        const ServedLimits limits = served(upload);
        CHECK(compiled_in(limits.upload));
        CHECK(limits.problem == "upload.max_bytes is not a positive whole number; upload.max_responses is not a positive whole number");
    }
    const ServedLimits missing = served(R"({"max_responses":20})");
    CHECK(missing.upload.max_responses == 20);
    CHECK(missing.upload.max_bytes == limits::kMaxUploadBytes);
    CHECK(missing.problem == "upload.max_bytes is missing");
}

TEST_CASE("a failed fetch or an answer that is not the limits keeps the compiled-in ones, without throwing") {
    struct Case {
        int status;
        const char* body;
        const char* problem;
    };
    for (const Case& c : {Case{0, "", "no answer"}, Case{404, R"({"error":"not found"})", "the server answered 404"},
                          Case{200, "<!doctype html><title>Sign in to Wi-Fi</title>", "the answer is not the server's limits"},
                          Case{200, R"({"upload": )", "the answer is not the server's limits"},
                          Case{200, R"({"upload": 5})", "the answer is not the server's limits"},
                          Case{200, "[]", "the answer is not the server's limits"}}) {
        CAPTURE(c.body);
        const ServedLimits limits = read_served_limits(c.status, c.body);
        CHECK(compiled_in(limits.upload));
        CHECK(limits.problem == c.problem);
    }
}
