// The server's small parts, where a mistake would be silent: option precedence, token checks,
// the rate limiter's refill, time parsing for export filters, content negotiation.
#include <doctest/doctest.h>

#include <map>

#include "auth.hpp"
#include "options.hpp"
#include "rate_limit.hpp"
#include "static_files.hpp"
#include "timestamps.hpp"

using namespace tellus::serve;

namespace {
EnvLookup env_of(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        auto it = values.find(name);
        return it == values.end() ? std::nullopt : std::optional(it->second);
    };
}
}  // namespace

TEST_CASE("options: defaults, environment fallbacks, and the command line winning") {
    auto plain = parse_command_line({}, env_of({}));
    REQUIRE(plain.command);
    CHECK(plain.command->options.host == "127.0.0.1");
    CHECK(plain.command->options.port == 8080);
    CHECK(plain.command->options.db == "data/tellus.sqlite3");
    CHECK(plain.command->options.surveys == "assets/surveys");
    CHECK(plain.command->options.staff_token_file.empty());

    auto from_env = parse_command_line({"--port", "9000"}, env_of({{"TELLUS_PORT", "7000"}, {"TELLUS_DB", "postgresql://x/y"},
                                                                   {"TELLUS_CORS_ORIGIN", "https://a.example, https://b.example"}}));
    REQUIRE(from_env.command);
    CHECK(from_env.command->options.port == 9000);
    CHECK(from_env.command->options.db == "postgresql://x/y");
    CHECK(from_env.command->options.cors_origins == std::vector<std::string>{"https://a.example", "https://b.example"});

    auto repeated = parse_command_line({"--cors-origin", "https://c.example", "--cors-origin=https://d.example"}, env_of({{"TELLUS_CORS_ORIGIN", "https://a.example"}}));
    CHECK(repeated.command->options.cors_origins == std::vector<std::string>{"https://c.example", "https://d.example"});

    CHECK(parse_command_line({}, env_of({{"TELLUS_PORT", "http"}})).error.find("TELLUS_PORT") != std::string::npos);
    CHECK(parse_command_line({"import"}, env_of({})).error.find("usage") != std::string::npos);
    CHECK(parse_command_line({"import", "f.json", "--db", "x"}, env_of({})).command->kind == CommandKind::Import);
}

TEST_CASE("staff tokens: plain and sha256 lines, comments, and nothing else accepted") {
    const std::string token = "a-long-enough-staff-token";
    const Sha256 hash = sha256("another-staff-token-value");
    const auto tokens = StaffTokens::parse("# comment\n\n" + token + "\r\nsha256:" + to_hex(hash.data(), hash.size()) + "\n", "file");
    CHECK(tokens.size() == 2);
    CHECK(tokens.accepts(token));
    CHECK(tokens.accepts("another-staff-token-value"));
    CHECK_FALSE(tokens.accepts(""));
    CHECK_FALSE(tokens.accepts(token + "x"));
    CHECK(tokens.accepts_header("Bearer " + token));
    CHECK_FALSE(tokens.accepts_header("Basic " + token));
    CHECK_THROWS_WITH_AS(StaffTokens::parse("sha256:abc\n", "f"), doctest::Contains("64 hex digits"), std::runtime_error);
    CHECK_THROWS_WITH_AS(StaffTokens::parse("# only comments\n", "f"), doctest::Contains("no staff tokens"), std::runtime_error);
    const NewToken made = make_token();
    CHECK(StaffTokens::parse(made.file_line, "f").accepts(made.token));
}

TEST_CASE("rate limit: a burst up to the budget, then refilled over the minute, per client") {
    RateLimiter limiter(60);
    const auto start = RateLimiter::Clock::now();
    for (int i = 0; i < 60; ++i) CHECK(limiter.allow("a", start));
    CHECK_FALSE(limiter.allow("a", start));
    CHECK(limiter.allow("b", start));
    CHECK(limiter.allow("a", start + std::chrono::seconds(1)));  // one more per second
    CHECK_FALSE(limiter.allow("a", start + std::chrono::seconds(1)));
    RateLimiter off(0);
    for (int i = 0; i < 1000; ++i) REQUIRE(off.allow("a", start));
}

TEST_CASE("times: offsets are applied, dates mean midnight UTC, nonsense is refused") {
    CHECK(parse_instant_ms("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_instant_ms("1970-01-01") == 0);
    CHECK(parse_instant_ms("1970-01-01T00:00:01.5Z") == 1500);
    CHECK(parse_instant_ms("2026-11-23T10:00:00-05:00") == parse_instant_ms("2026-11-23T15:00:00Z"));
    CHECK(parse_instant_ms("2026-11-23T10:00:00+01:00") == parse_instant_ms("2026-11-23T09:00:00Z"));
    CHECK_FALSE(parse_instant_ms("2026-13-01"));
    CHECK_FALSE(parse_instant_ms("2026-11-23T10:00:00"));
    CHECK_FALSE(parse_instant_ms("tuesday"));
    CHECK(now_utc_iso().size() == 24);
}

TEST_CASE("static files: MIME types and Accept-Encoding with q-values") {
    CHECK(mime_type_for("/a/tellus.wasm") == "application/wasm");
    CHECK(mime_type_for("x.WOFF2") == "font/woff2");
    CHECK(mime_type_for("x.otf") == "font/otf");
    CHECK(mime_type_for("x.svg") == "image/svg+xml");
    CHECK(mime_type_for("x.unknown") == "application/octet-stream");
    CHECK(accepts_encoding("gzip, deflate, br", "br"));
    CHECK_FALSE(accepts_encoding("gzip, br;q=0", "br"));
    CHECK(accepts_encoding("gzip;q=0.5", "gzip"));
    CHECK(accepts_encoding("*", "gzip"));
    CHECK_FALSE(accepts_encoding("", "gzip"));
    CHECK_FALSE(accepts_encoding("brotli", "br"));
}
