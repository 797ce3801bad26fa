// The server's small parts, where a mistake would be silent: option precedence, token checks,
// the rate limiter's refill, time parsing for export filters, content negotiation.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <thread>
#include <optional>
#include <sstream>

#include "auth.hpp"
#include "group_commit.hpp"
#include "import_reader.hpp"
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
    const NewToken made = make_token(Role::Viewer, "QI lead");
    CHECK(StaffTokens::parse(made.file_line, "f").accepts(made.token));
    CHECK(StaffTokens::parse(made.file_line, "f").find(made.token)->name == "QI lead");
}

TEST_CASE("staff token lines: ROLE NAME SECRET, a bare token is an admin, and mistakes are named") {
    const auto tokens = StaffTokens::parse("viewer QI lead a-viewer-token-0123456789\n"
                                           "manager  Office   manager  a-manager-token-0123456789\n"
                                           "admin Dr. Ann Lee sha256:" + std::string(64, 'a') + "\n"
                                           "a-bare-admin-token-0123456789\n",
                                           "tokens");
    CHECK(tokens.size() == 4);
    CHECK(tokens.find("a-viewer-token-0123456789")->role == Role::Viewer);
    CHECK(tokens.find("a-viewer-token-0123456789")->name == "QI lead");
    CHECK(tokens.find("a-manager-token-0123456789")->role == Role::Manager);
    CHECK(tokens.find("a-manager-token-0123456789")->name == "Office   manager");
    CHECK(tokens.find("a-bare-admin-token-0123456789")->role == Role::Admin);
    CHECK(tokens.count(Role::Viewer) == 1);
    CHECK(tokens.count(Role::Admin) == 2);
    CHECK_THROWS_WITH_AS(StaffTokens::parse("owner Ann a-long-enough-token-0123\n", "f"), doctest::Contains("f line 1: write ROLE NAME SECRET"),
                         std::runtime_error);
    CHECK_THROWS_WITH_AS(StaffTokens::parse("viewer a-long-enough-token-0123\n", "f"), doctest::Contains("ROLE NAME SECRET"), std::runtime_error);
    CHECK_THROWS_WITH_AS(StaffTokens::parse("viewer Ann short\n", "f"), doctest::Contains("at least 16"), std::runtime_error);
    CHECK_THROWS_WITH_AS(StaffTokens::parse("viewer Ann a-long-enough-token-0123\nadmin Bob a-long-enough-token-0123\n", "f"),
                         doctest::Contains("f line 2: this token is already in the file"), std::runtime_error);
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

// `tellus-serve import`'s reader, without a database: formats, limits and line numbers.
namespace {
struct ReadResult {
    std::vector<nlohmann::json> items;
    std::optional<ImportFormat> format;
    std::string error;  // ImportError's line, empty when the whole input was read
    size_t error_line = 0;
};
ReadResult read_all(const std::string& text, const ImportLimits& limits = {}) {
    ReadResult r;
    std::istringstream in(text);
    try {
        r.format = read_import(in, [&](ImportItem&& item) { r.items.push_back(std::move(item.value)); }, limits);
    } catch (const ImportError& e) {
        r.error = e.what();
        r.error_line = e.line();
    }
    return r;
}
std::string nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST_CASE("import reader: a JSON array, {responses}, one object and NDJSON, each item whole") {
    const std::string a = R"({"id": "a", "answers": {"q": [1, 2, {"deep": null}]}})", b = R"({"id": "b", "n": -1.5e3, "t": true})";
    auto array = read_all("[\n  " + a + ",\n  " + b + "\n]\n");
    CHECK(array.error == "");
    CHECK(array.format == ImportFormat::Array);
    REQUIRE(array.items.size() == 2);
    CHECK(array.items[0] == nlohmann::json::parse(a));
    CHECK(array.items[1] == nlohmann::json::parse(b));
    CHECK(read_all("[" + a + "," + b + "]").items.size() == 2);  // on one line, no newline at the end
    CHECK(read_all("[]").items.empty());

    auto device = read_all(R"({"device": {"site": "north"}, "responses": [)" + a + "," + b + R"(], "held": [[1], {"x": 2}]})");
    CHECK(device.error == "");
    CHECK(device.format == ImportFormat::ResponsesObject);
    REQUIRE(device.items.size() == 2);
    CHECK(device.items[1]["id"] == "b");

    auto one = read_all("{\n  \"id\": \"a\",\n  \"answers\": {}\n}\n");
    CHECK(one.format == ImportFormat::OneObject);
    REQUIRE(one.items.size() == 1);
    CHECK(one.items[0] == nlohmann::json({{"id", "a"}, {"answers", nlohmann::json::object()}}));
    CHECK(read_all(a).items.size() == 1);

    auto lines = read_all("\n" + a + "\r\n\n   \n" + b + "\n\n");
    CHECK(lines.error == "");
    CHECK(lines.format == ImportFormat::Ndjson);
    REQUIRE(lines.items.size() == 2);
    CHECK(lines.items[1]["id"] == "b");
    CHECK(read_all(a + "\n" + b).items.size() == 2);  // no newline after the last line

    auto empty = read_all(" \n\n");
    CHECK(empty.error == "");
    CHECK(empty.items.empty());
}

TEST_CASE("import reader: problems name their line and stop after the items before them") {
    const std::string good = R"({"id": "x"})";
    auto broken = read_all(good + "\n" + good + "\n{\"id\": oops}\n" + good + "\n");
    CHECK(broken.items.size() == 2);
    CHECK(broken.error_line == 3);
    CHECK(broken.error.rfind("line 3 is not JSON (", 0) == 0);

    auto document = read_all("[\n" + good + ",\n" + good + ",\n{\"id\" \"x\"}\n]\n");
    CHECK(document.items.size() == 2);
    CHECK(document.error_line == 4);
    CHECK(document.error.find("line 4 is not JSON") != std::string::npos);

    auto truncated = read_all("[\n" + good + ",\n{\"id\": \"y\",\n");
    CHECK(truncated.items.size() == 1);
    CHECK(truncated.error_line == 3);
    CHECK(truncated.error.find("ends in the middle") != std::string::npos);

    auto junk = read_all("hello\n");
    CHECK(junk.error.rfind("line 1 is not JSON", 0) == 0);
    CHECK(read_all("42").error.find("line 1 is not a JSON array") != std::string::npos);
    CHECK(read_all(R"({"responses": {"id": "x"}})").error.find("\"responses\" that is not a list") != std::string::npos);
    auto two = read_all("[" + good + "] [" + good + "]");
    CHECK(two.items.size() == 1);
    CHECK(two.error.find("not JSON") != std::string::npos);
}

TEST_CASE("import reader: nesting and size limits, without using the stack or holding a big value") {
    auto deep = read_all(nested(10000));  // one line: the document reader
    CHECK(deep.items.empty());
    CHECK(deep.error.find("nested deeper than 32 levels") != std::string::npos);
    auto deep_lines = read_all("{}\n[" + nested(100000) + "]\n");
    CHECK(deep_lines.items.size() == 1);
    CHECK(deep_lines.error_line == 2);
    auto deep_open = read_all(std::string(100000, '['));  // never closed
    CHECK(deep_open.error.find("nested deeper") != std::string::npos);
    // 32 levels is allowed, in a line and in a document ([ is the first level).
    CHECK(read_all(nested(32)).error == "");
    CHECK(read_all("[" + nested(31) + "]").items.size() == 1);
    CHECK(read_all("[" + nested(32) + "]").error != "");

    ImportLimits small;
    small.max_item_bytes = 100;
    const std::string item = R"({"id": "x", "note": ")" + std::string(60, 'n') + R"("})";
    // Many small items in a document far larger than the limit are fine, on one line or several.
    std::string array = "[";
    for (int i = 0; i < 50; ++i) array += (i ? "," : "") + item;
    array += "]";
    CHECK(read_all(array, small).items.size() == 50);
    const std::string big = R"({"id": "x", "note": ")" + std::string(200, 'n') + R"("})";
    auto big_in_array = read_all("[\n" + item + ",\n" + big + "\n]", small);
    CHECK(big_in_array.items.size() == 1);
    CHECK(big_in_array.error == "the response starting on line 3 is larger than 100 bytes, the most one response may take");
    auto huge_string = read_all("[\"" + std::string(5'000'000, 's') + "\"]", small);  // stopped long before the end
    CHECK(huge_string.error.find("more than 100 bytes without completing a response") != std::string::npos);
    auto long_line = read_all(item + "\n" + item + "\n" + big + "\n" + item + "\n", small);
    CHECK(long_line.items.size() == 2);
    CHECK(long_line.error == "line 3 is longer than 100 bytes, the most one response may take");
    auto long_first = read_all(big + "\n" + item + "\n", small);
    CHECK(long_first.items.empty());
    CHECK(long_first.error_line == 1);
}

TEST_CASE("import reader: parse_import_line, the fuzzed entry point") {
    auto ok = parse_import_line(R"({"id": "x", "a": [1, {"b": "c"}]})" "\r");
    CHECK(ok.error == "");
    CHECK_FALSE(ok.blank);
    CHECK(ok.value["a"][1]["b"] == "c");
    CHECK(parse_import_line("").blank);
    CHECK(parse_import_line(" \t\r").blank);
    CHECK(parse_import_line("{} {}").error.rfind("is not JSON (", 0) == 0);
    CHECK(parse_import_line("{\"id\": \"x\"").error.rfind("is not JSON (", 0) == 0);
    CHECK(parse_import_line(nested(33)).error.find("nested deeper than 32") != std::string::npos);
    CHECK(parse_import_line(nested(400000)).error.find("nested deeper") != std::string::npos);
    CHECK(parse_import_line(nested(32)).error == "");
    CHECK(parse_import_line(std::string(limits::kMaxBodyBytes + 1, ' ')).error.find("longer than") != std::string::npos);
    CHECK(parse_import_line("\"\xff\"").error.find("not JSON") != std::string::npos);  // not UTF-8
    // The reason never quotes the line: it may hold a patient's comment.
    CHECK(parse_import_line("{\"went_well\": \"private words\" oops}").error.find("private") == std::string::npos);
}

TEST_CASE("options: backup FILE") {
    auto backup = parse_command_line({"backup", "copy.sqlite3", "--db", "x.sqlite3"}, env_of({}));
    REQUIRE(backup.command);
    CHECK(backup.command->kind == CommandKind::Backup);
    CHECK(backup.command->backup_file == "copy.sqlite3");
    CHECK(backup.command->options.db == "x.sqlite3");
    CHECK(parse_command_line({"backup"}, env_of({})).error.find("usage: tellus-serve backup FILE") != std::string::npos);
    CHECK(parse_command_line({"backup", "--db", "x"}, env_of({})).error.find("usage") != std::string::npos);
    CHECK(help_text().find("tellus-serve backup FILE") != std::string::npos);
}

// ---- Group commit: one bad row (issue 10) ----


TEST_CASE("group commit: a row refused for its data fails alone; a failure of the database fails the group") {
    using namespace tellus::serve;
    std::atomic<bool> database_down{false};
    // A commit function with the stores' promise: all or nothing per call.
    GroupCommit commit(
        [&](const GroupCommit::Batches& batches) {
            if (database_down) throw StoreError("the disk is full");
            std::vector<std::vector<InsertStatus>> all;
            for (const auto* batch : batches) {
                auto& statuses = all.emplace_back();
                for (const auto& r : *batch) {
                    if (r.site == "poison") throw StoreError("cannot store that value", /*row_problem=*/true);
                    statuses.push_back(InsertStatus::Accepted);
                }
            }
            return all;
        },
        1);
    auto make = [](std::string id, std::string site = "north") {
        NewResponse r;
        r.id = std::move(id);
        r.site = std::move(site);
        return r;
    };
    std::vector<std::thread> clients;
    std::atomic<int> accepted{0};
    for (int t = 0; t < 4; ++t)
        clients.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i)
                for (auto s : commit.insert({make(std::to_string(t) + "-" + std::to_string(i))})) accepted += s == InsertStatus::Accepted;
        });
    const auto statuses = commit.insert({make("a"), make("b", "poison"), make("c")});
    for (auto& c : clients) c.join();
    CHECK(statuses == std::vector{InsertStatus::Accepted, InsertStatus::Refused, InsertStatus::Accepted});
    CHECK(accepted == 200);
    database_down = true;
    CHECK_THROWS_AS(commit.insert({make("d")}), StoreError);
}

TEST_CASE("an import line with a NUL byte is an error, not a response cut short") {
    using namespace tellus::serve;
    const auto line = parse_import_line(std::string_view("{\"id\":\"a\"}\0{\"id\":\"b\"}", 21), ImportLimits{});
    CHECK(line.value.is_null());
    CHECK(line.error.find("NUL") != std::string::npos);
}
