// tellus-serve over real HTTP: the real executable on a loopback port with a real database,
// checked line by line against the contract (docs/api.md).
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "backend.hpp"

using namespace tellus::test;

namespace {

ServerConfig config_with(std::vector<std::string> extra = {}) {
    ServerConfig config;
    config.extra_args = std::move(extra);
    return config;
}

// A server on the backend under test (SQLite file, or a fresh PostgreSQL database).
struct Served {
    TempDir scratch;
    ServerProcess server;
    explicit Served(ServerConfig config = {}) : server(with_db(std::move(config), scratch)) {}
    static ServerConfig with_db(ServerConfig config, TempDir& scratch) {
        if (config.db.empty() && backend().is_postgres()) config.db = backend().new_db(scratch.path());
        return config;
    }
};

httplib::Result post_json(ServerProcess& server, const std::string& body, const std::string& type = "application/json") {
    return server.client().Post("/api/v1/responses", body, type.c_str());
}

json results_of(const httplib::Result& r) {
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    return json::parse(r->body)["results"];
}

void check_error(const httplib::Result& r, int status, const std::string& words) {
    REQUIRE(r);
    CHECK(r->status == status);
    const json body = json::parse(r->body, nullptr, false);
    REQUIRE(body.is_object());
    INFO(r->body);
    CHECK(body["error"].get<std::string>().find(words) != std::string::npos);
}

std::string get_export(ServerProcess& server, const std::string& query) {
    auto r = server.client().Get(("/api/v1/responses?" + query).c_str(), server.staff());
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    return r->body;
}

std::vector<json> ndjson_rows(const std::string& text) {
    std::vector<json> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) rows.push_back(json::parse(line));
    return rows;
}

// RFC 4180 reader, enough to check what a spreadsheet would see.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += '"', ++i;
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.emplace_back(1);
            ++i;
        } else {
            rows.back().back() += c;
        }
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
    return rows;
}

}  // namespace

TEST_CASE("GET /healthz answers ok, with security headers") {
    Served s;
    auto r = s.server.client().Get("/healthz");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(json::parse(r->body) == json{{"status", "ok"}});
    const std::string csp = r->get_header_value("Content-Security-Policy");
    CHECK(csp.find("script-src 'self' 'wasm-unsafe-eval'") != std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value("Referrer-Policy") == "no-referrer");
}

TEST_CASE("the app's files are served with their MIME types, precompressed when accepted, and revalidated") {
    Served s;
    const auto web = s.server.dir() / "web";
    write_text(web / "tellus.wasm", std::string("\0asm\1\0\0\0", 8));
    write_text(web / "tellus.js", "console.log('plain');");
    write_text(web / "tellus.js.gz", "GZIP-BYTES");
    write_text(web / "tellus.js.br", "BROTLI-BYTES");
    write_text(web / "sw.js", "self.addEventListener('fetch', () => {});");
    write_text(web / "manifest.webmanifest", "{}");
    auto client = s.server.client();
    client.set_decompress(false);  // look at the bytes as sent

    auto wasm = client.Get("/tellus.wasm");
    REQUIRE(wasm);
    CHECK(wasm->get_header_value("Content-Type") == "application/wasm");
    CHECK(wasm->body.size() == 8);
    CHECK(client.Get("/manifest.webmanifest")->get_header_value("Content-Type") == "application/manifest+json");

    auto br = client.Get("/tellus.js", {{"Accept-Encoding", "gzip, br"}});
    REQUIRE(br);
    CHECK(br->get_header_value("Content-Encoding") == "br");
    CHECK(br->get_header_value("Vary") == "Accept-Encoding");
    CHECK(br->body == "BROTLI-BYTES");
    auto gz = client.Get("/tellus.js", {{"Accept-Encoding", "gzip, br;q=0"}});
    REQUIRE(gz);
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
    CHECK(gz->body == "GZIP-BYTES");
    auto plain = client.Get("/tellus.js", {{"Accept-Encoding", "identity"}});
    REQUIRE(plain);
    CHECK_FALSE(plain->has_header("Content-Encoding"));
    CHECK(plain->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);

    auto index = client.Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->get_header_value("Cache-Control") == "no-cache");
    CHECK(index->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(client.Get("/sw.js")->get_header_value("Cache-Control") == "no-cache");
    auto again = client.Get("/", {{"If-None-Match", index->get_header_value("ETag")}});
    CHECK(again->status == 304);

    // The survey and the API's JSON go out compressed to a client that accepts it (a survey in
    // twelve languages is four times smaller in brotli), and whole to one that does not.
    auto survey_br = client.Get("/api/v1/surveys/primary-care-visit", {{"Accept-Encoding", "gzip, br"}});
    REQUIRE(survey_br);
    CHECK(survey_br->status == 200);
    CHECK(survey_br->get_header_value("Content-Encoding") == "br");
    auto survey_plain = client.Get("/api/v1/surveys/primary-care-visit", {{"Accept-Encoding", "identity"}});
    REQUIRE(survey_plain);
    CHECK_FALSE(survey_plain->has_header("Content-Encoding"));
    CHECK(survey_br->body.size() * 2 < survey_plain->body.size());
    CHECK(survey_plain->get_header_value("Content-Type") == "application/json");

    check_error(client.Get("/missing.js"), 404, "no file");
    CHECK(client.Get("/%2e%2e/%2e%2e/etc/passwd")->status == 404);
    CHECK(client.Get("/missing.js")->has_header("Content-Security-Policy"));
}

TEST_CASE("a valid response is accepted; sent again it is a duplicate and stored once") {
    Served s;
    const json response = sample_response();
    auto first = results_of(post_json(s.server, response.dump()));
    REQUIRE(first.size() == 1);
    CHECK(first[0]["id"] == response["id"]);
    CHECK(first[0]["status"] == "accepted");
    CHECK(first[0]["errors"].empty());
    json changed = response;
    changed["answers"]["overall"] = 2;
    CHECK(results_of(post_json(s.server, changed.dump()))[0]["status"] == "duplicate");
    const auto rows = ndjson_rows(get_export(s.server, "format=ndjson"));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["answers"]["overall"] == 9);
}

TEST_CASE("fields outside the contract are never stored (privacy: no names or addresses slipped in)") {
    Served s;
    json response = sample_response();
    response["patient_name"] = "Jane Tremblay";
    response["ip"] = "203.0.113.7";
    CHECK(results_of(post_json(s.server, response.dump()))[0]["status"] == "accepted");
    const auto rows = ndjson_rows(get_export(s.server, "format=ndjson"));
    REQUIRE(rows.size() == 1);
    CHECK_FALSE(rows[0].contains("patient_name"));
    CHECK_FALSE(rows[0].contains("ip"));
    CHECK(rows[0]["answers"] == response["answers"]);
}

TEST_CASE("a mixed batch gets one result per item, in order; valid items are stored") {
    Served s;
    const json good = sample_response();
    json bad = sample_response();
    bad["answers"]["overall"] = 11;
    bad["answers"]["care_when_needed"] = "splendid";
    json no_id = sample_response("not-a-uuid");
    const json batch{{"responses", {good, bad, no_id, good}}};
    const json results = results_of(post_json(s.server, batch.dump()));
    REQUIRE(results.size() == 4);
    CHECK(results[0]["status"] == "accepted");
    CHECK(results[1]["status"] == "rejected");
    CHECK(results[1]["id"] == bad["id"]);
    std::set<std::string> fields;
    for (const auto& e : results[1]["errors"]) fields.insert(e["field"].get<std::string>());
    CHECK(fields == std::set<std::string>{"answers.overall", "answers.care_when_needed"});
    CHECK(results[2]["status"] == "rejected");
    CHECK(results[2]["errors"][0]["field"] == "id");
    CHECK(results[3]["status"] == "duplicate");
    CHECK(ndjson_rows(get_export(s.server, "format=ndjson")).size() == 1);
}

TEST_CASE("unknown survey or version, and wrong types, are rejected with the field named") {
    Served s;
    json unknown = sample_response();
    unknown["survey"]["version"] = 99;
    json wrong_type = sample_response();
    wrong_type["answers"]["overall"] = "nine";
    json bad_time = sample_response();
    bad_time["submitted_at"] = "yesterday";
    const json results = results_of(post_json(s.server, json{{"responses", {unknown, wrong_type, bad_time}}}.dump()));
    CHECK(results[0]["errors"][0]["field"] == "survey");
    CHECK(results[1]["errors"][0]["field"] == "answers.overall");
    CHECK(results[2]["errors"][0]["field"] == "submitted_at");
    for (const auto& r : results) CHECK(r["status"] == "rejected");
}

TEST_CASE("each request-level error has its status and says what is wrong") {
    Served s;
    check_error(post_json(s.server, "{not json"), 400, "not valid JSON");
    check_error(post_json(s.server, "[1,2]"), 400, "one response object");
    check_error(post_json(s.server, R"({"responses": 3})"), 400, "must be a list");
    check_error(post_json(s.server, sample_response().dump(), "text/plain"), 415, "Content-Type: application/json");
    std::string deep = sample_response().dump();  // a valid response with a 100,000-deep extra field
    deep.insert(deep.size() - 1, ",\"extra\":" + std::string(100000, '[') + std::string(100000, ']'));
    check_error(post_json(s.server, deep), 400, "nested too deeply");
    CHECK(s.server.client().Get("/healthz")->status == 200);
    check_error(post_json(s.server, std::string(1024 * 1024 + 10, ' ')), 413, "1 MiB");
    json many{{"responses", json::array()}};
    for (int i = 0; i < 501; ++i) many["responses"].push_back(json::object());
    check_error(post_json(s.server, many.dump()), 413, "at most 500");
    json five_hundred{{"responses", json::array()}};
    for (int i = 0; i < 500; ++i) five_hundred["responses"].push_back(sample_response());
    CHECK(results_of(post_json(s.server, five_hundred.dump())).size() == 500);
    CHECK(post_json(s.server, sample_response().dump(), "application/json; charset=utf-8")->status == 200);
}

TEST_CASE("too many requests from one client get 429 with a plain message") {
    Served s(config_with({"--rate-limit", "5"}));
    int limited = 0;
    for (int i = 0; i < 7; ++i) {
        auto r = post_json(s.server, sample_response().dump());
        if (r && r->status == 429) ++limited;
    }
    CHECK(limited >= 1);
    check_error(post_json(s.server, sample_response().dump()), 429, "Too many requests");
    CHECK(s.server.client().Get("/healthz")->status == 200);  // the app and health checks are not limited
}

TEST_CASE("staff downloads need a valid bearer token") {
    Served s;
    auto client = s.server.client();
    check_error(client.Get("/api/v1/responses?format=csv"), 401, "staff token");
    check_error(client.Get("/api/v1/responses?format=csv", {{"Authorization", "Bearer wrong-token-wrong-token"}}), 401, "staff token");
    check_error(client.Get("/api/v1/summary?survey=primary-care-visit&period=2026-11"), 401, "staff token");
    CHECK(client.Get("/api/v1/responses?format=csv", s.server.staff())->status == 200);
    CHECK(client.Get("/api/v1/responses?format=csv", {{"Authorization", "bearer " + kStaffToken}})->status == 200);
}

TEST_CASE("a hashed token line works, and without a token file export is refused") {
    TempDir dir;
    ServerConfig hashed;
    hashed.with_tokens = false;
    const auto made = run_serve({"token", "new", "--role", "manager", "--name", "Office manager"});
    REQUIRE(made.exit_code == 0);
    std::istringstream lines(made.output);
    std::string line, token, hash_line;
    while (std::getline(lines, line)) {
        line.erase(0, line.find_first_not_of(' '));
        if (line.find(" sha256:") != std::string::npos) hash_line = line;
        else if (line.size() == 64) token = line;
    }
    REQUIRE(token.size() == 64);
    write_text(dir / "tokens", hash_line + "\n");
    hashed.extra_args = {"--staff-token-file", (dir / "tokens").string()};
    Served with_hash(hashed);
    auto client = with_hash.server.client();
    CHECK(client.Get("/api/v1/responses", {{"Authorization", "Bearer " + token}})->status == 200);
    CHECK(client.Get("/api/v1/responses", {{"Authorization", "Bearer " + hash_line.substr(7)}})->status == 401);

    ServerConfig none;
    none.with_tokens = false;
    Served without(none);
    check_error(without.server.client().Get("/api/v1/responses", {{"Authorization", "Bearer " + kStaffToken}}), 401, "--staff-token-file");
}

TEST_CASE("every export format parses back to what was stored") {
    Served s;
    json a = sample_response();
    a["answers"]["went_well"] = "=HYPERLINK(\"http://x\"), « très » bien";
    json b = sample_response();
    b["site"] = "south";
    b["answers"] = {{"involved", "always"}, {"home_language", "french"}};
    results_of(post_json(s.server, json{{"responses", {a, b}}}.dump()));

    SUBCASE("csv opens in Excel: BOM, header in survey order, accents intact, formulas neutralised") {
        const std::string csv = get_export(s.server, "format=csv&survey=primary-care-visit");
        REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
        const auto rows = parse_csv(csv.substr(3));
        REQUIRE(rows.size() == 3);
        const auto& header = rows[0];
        CHECK(header[0] == "id");
        const auto column = [&](const std::string& name) { return std::find(header.begin(), header.end(), name) - header.begin(); };
        CHECK(column("care_when_needed") < column("overall"));
        CHECK(rows[1][0] == a["id"]);
        CHECK(rows[1][column("went_well")] == "'=HYPERLINK(\"http://x\"), « très » bien");
        CHECK(rows[1][column("overall")] == "9");
        CHECK(rows[2][column("site")] == "south");
        CHECK(rows[2][column("involved")] == "always");
        for (const auto& row : rows) CHECK(row.size() == header.size());
    }
    SUBCASE("json is an array of the stored objects plus received_at") {
        const json rows = json::parse(get_export(s.server, "format=json"));
        REQUIRE(rows.size() == 2);
        json stored = rows[0];
        CHECK(stored["received_at"].get<std::string>().back() == 'Z');
        stored.erase("received_at");
        CHECK(stored == a);
    }
    SUBCASE("ndjson is one object per line") {
        const auto rows = ndjson_rows(get_export(s.server, "format=ndjson"));
        REQUIRE(rows.size() == 2);
        CHECK(rows[1]["id"] == b["id"]);
    }
    SUBCASE("fhir is an R4 Bundle of QuestionnaireResponse") {
        auto r = s.server.client().Get("/api/v1/responses?format=fhir", s.server.staff());
        CHECK(r->get_header_value("Content-Type") == "application/fhir+json");
        const json bundle = json::parse(r->body);
        CHECK(bundle["resourceType"] == "Bundle");
        CHECK(bundle["type"] == "collection");
        REQUIRE(bundle["entry"].size() == 2);
        const json& qr = bundle["entry"][0]["resource"];
        CHECK(qr["resourceType"] == "QuestionnaireResponse");
        CHECK(qr["status"] == "completed");
        CHECK(qr["questionnaire"] == "urn:tellus:questionnaire:primary-care-visit|1");
        CHECK(qr["authored"] == a["submitted_at"]);
    }
    SUBCASE("filters by site, survey and time") {
        CHECK(ndjson_rows(get_export(s.server, "format=ndjson&site=south")).size() == 1);
        CHECK(ndjson_rows(get_export(s.server, "format=ndjson&since=2026-11-24")).empty());
        CHECK(ndjson_rows(get_export(s.server, "format=ndjson&since=2026-11-23T15:16:02Z&until=2026-11-23T15:16:03Z")).size() == 2);
        CHECK(json::parse(get_export(s.server, "format=json&until=2026-11-01")).empty());
        // 10:16:02-05:00 is 16:16:02+01:00; a "+" typed unencoded in a URL still works.
        CHECK(ndjson_rows(get_export(s.server, "format=ndjson&since=2026-11-23T16:16:02+01:00")).size() == 2);
        CHECK(ndjson_rows(get_export(s.server, "format=ndjson&since=2026-11-23T16:16:03%2B01:00")).empty());
        check_error(s.server.client().Get("/api/v1/responses?format=xml", s.server.staff()), 400, "csv, json, ndjson or fhir");
        check_error(s.server.client().Get("/api/v1/responses?since=tuesday", s.server.staff()), 400, "since");
        check_error(s.server.client().Get("/api/v1/responses?survey=nope", s.server.staff()), 400, "not known");
    }
}

TEST_CASE("the summary counts answers, breaks down by an about-you question, and suppresses small counts") {
    Served s;
    json batch{{"responses", json::array()}};
    for (int i = 0; i < 6; ++i) {
        json r = sample_response();
        r["answers"] = {{"respect", "very_good"}, {"home_language", "french"}, {"went_well", "secret words"}};
        batch["responses"].push_back(r);
    }
    for (int i = 0; i < 5; ++i) {
        json r = sample_response();
        r["answers"] = {{"respect", "good"}, {"home_language", "french"}};
        batch["responses"].push_back(r);
    }
    for (int i = 0; i < 2; ++i) {
        json r = sample_response();
        r["answers"] = {{"respect", "bad"}, {"home_language", "english"}};
        batch["responses"].push_back(r);
    }
    results_of(post_json(s.server, batch.dump()));
    auto r = s.server.client().Get("/api/v1/summary?survey=primary-care-visit&period=2026-11&by=home_language", s.server.staff());
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->body.find("secret words") == std::string::npos);
    const json summary = json::parse(r->body);
    CHECK(summary["responses"]["count"] == 13);
    for (const auto& q : summary["questions"]) {
        if (q["id"] != "respect") continue;
        for (const auto& o : q["options"]) {
            if (o["id"] == "very_good") CHECK(o["count"] == 6);
            if (o["id"] == "bad") CHECK(o["suppressed"] == true);
            if (o["id"] == "good") CHECK(o["suppressed"] == true);  // else "bad" = total - the rest
        }
    }
    for (const auto& g : summary["groups"]) {
        if (g["id"] == "english") CHECK(g["responses"]["suppressed"] == true);
        // 13 in all, 0 in the other groups: shown, the French 11 would give the English 2 away.
        if (g["id"] == "french") CHECK(g["responses"]["suppressed"] == true);
    }
    CHECK(summary["period"] == "2026-11");
    check_error(s.server.client().Get("/api/v1/summary", s.server.staff()), 400, "survey=ID");
    check_error(s.server.client().Get("/api/v1/summary?survey=primary-care-visit&by=overall", s.server.staff()), 400, "about you");
}

TEST_CASE("CORS: only allowed origins may call the API from a browser") {
    Served s(config_with({"--cors-origin", "https://kiosk.example.org,https://other.example.org"}));
    auto client = s.server.client();
    auto preflight = client.Options("/api/v1/responses", {{"Origin", "https://kiosk.example.org"},
                                                          {"Access-Control-Request-Method", "POST"}});
    REQUIRE(preflight);
    CHECK(preflight->status == 204);
    CHECK(preflight->get_header_value("Access-Control-Allow-Origin") == "https://kiosk.example.org");
    CHECK(preflight->get_header_value("Access-Control-Allow-Methods").find("POST") != std::string::npos);
    check_error(client.Options("/api/v1/responses", {{"Origin", "https://evil.example.com"}}), 403, "--cors-origin");
    auto post = client.Post("/api/v1/responses", {{"Origin", "https://other.example.org"}}, sample_response().dump(), "application/json");
    CHECK(post->get_header_value("Access-Control-Allow-Origin") == "https://other.example.org");
    CHECK(post->get_header_value("Content-Security-Policy").find("connect-src 'self' https://kiosk.example.org") != std::string::npos);
    auto foreign = client.Post("/api/v1/responses", {{"Origin", "https://evil.example.com"}}, sample_response().dump(), "application/json");
    CHECK_FALSE(foreign->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("logs hold method, path, status and duration: no addresses, queries or answers") {
    Served s;
    json r = sample_response();
    r["answers"]["went_well"] = "MARKER-private-comment";
    results_of(post_json(s.server, r.dump()));
    get_export(s.server, "format=csv&site=MARKER-site");
    s.server.stop();
    const std::string log = s.server.log();
    CHECK(log.find("POST /api/v1/responses 200") != std::string::npos);
    CHECK(log.find("MARKER") == std::string::npos);
    const std::string after_start = log.substr(log.find('\n') + 1);
    CHECK(after_start.find("127.0.0.1") == std::string::npos);
}

TEST_CASE("SIGTERM stops the server cleanly after the requests in progress") {
    Served s;
    std::atomic<bool> stop{false};
    std::atomic<int> acknowledged{0};
    std::mutex mutex;
    std::set<std::string> acked_ids;
    std::thread load([&] {
        auto client = s.server.client();
        while (!stop) {
            json r = sample_response();
            auto res = client.Post("/api/v1/responses", r.dump(), "application/json");
            if (res && res->status == 200 && json::parse(res->body)["results"][0]["status"] == "accepted") {
                std::lock_guard lock(mutex);
                acked_ids.insert(r["id"].get<std::string>());
                ++acknowledged;
            }
        }
    });
    while (acknowledged < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(s.server.stop() == 0);
    stop = true;
    load.join();
    CHECK(s.server.log().find("stopped") != std::string::npos);
    s.server.start();
    const auto rows = ndjson_rows(get_export(s.server, "format=ndjson"));
    std::set<std::string> stored;
    for (const auto& row : rows) stored.insert(row["id"].get<std::string>());
    for (const auto& id : acked_ids) CHECK(stored.count(id) == 1);
}

TEST_CASE("kill -9 in the middle of a load: every acknowledged response is there after restart") {
    Served s;
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::set<std::string> acknowledged;
    std::vector<std::thread> senders;
    for (int t = 0; t < 4; ++t)
        senders.emplace_back([&] {
            auto client = s.server.client();
            client.set_read_timeout(2, 0);
            while (!stop) {
                json batch{{"responses", {sample_response(), sample_response(), sample_response()}}};
                auto res = client.Post("/api/v1/responses", batch.dump(), "application/json");
                if (!res || res->status != 200) continue;
                std::lock_guard lock(mutex);
                const json body = json::parse(res->body);
                for (const auto& item : body["results"])
                    if (item["status"] == "accepted") acknowledged.insert(item["id"].get<std::string>());
            }
        });
    for (int i = 0; i < 400; ++i) {
        {
            std::lock_guard lock(mutex);
            if (acknowledged.size() >= 300) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    s.server.kill_now();  // SIGKILL: no chance to flush anything
    stop = true;
    for (auto& t : senders) t.join();
    s.server.start();
    std::set<std::string> stored;
    for (const auto& row : ndjson_rows(get_export(s.server, "format=ndjson"))) stored.insert(row["id"].get<std::string>());
    REQUIRE(acknowledged.size() > 0);
    size_t missing = 0;
    for (const auto& id : acknowledged) missing += stored.count(id) == 0;
    CHECK(missing == 0);
    MESSAGE(acknowledged.size() << " acknowledged before kill -9, " << stored.size() << " stored");
}

TEST_CASE("when the database cannot store, the answer is 503 and nothing unstored is acknowledged") {
    if (backend().is_postgres()) {
        Served s;
        CHECK(results_of(post_json(s.server, sample_response().dump()))[0]["status"] == "accepted");
        backend().postgres->stop_server();
        check_error(post_json(s.server, sample_response().dump()), 503, "Nothing from this request was kept");
        backend().postgres->start_server();
        CHECK(results_of(post_json(s.server, sample_response().dump()))[0]["status"] == "accepted");
        return;
    }
    ServerConfig full;
    full.file_size_limit = 256 * 1024;  // the "disk" fills up after a few hundred responses
    Served s(full);
    std::set<std::string> acknowledged;
    int last_status = 0;
    std::string last_body;
    for (int i = 0; i < 200 && last_status != 503; ++i) {
        json batch{{"responses", json::array()}};
        for (int j = 0; j < 20; ++j) batch["responses"].push_back(sample_response());
        auto r = post_json(s.server, batch.dump());
        REQUIRE(r);
        last_status = r->status;
        last_body = r->body;
        if (r->status != 200) continue;
        const json body = json::parse(r->body);
        for (const auto& item : body["results"]) acknowledged.insert(item["id"].get<std::string>());
    }
    CHECK(last_status == 503);
    CHECK(last_body.find("cannot store responses right now") != std::string::npos);
    std::set<std::string> stored;
    for (const auto& row : ndjson_rows(get_export(s.server, "format=ndjson"))) stored.insert(row["id"].get<std::string>());
    for (const auto& id : acknowledged) CHECK(stored.count(id) == 1);
}

TEST_CASE("PostgreSQL: two servers on one database (a load balancer) store a retried response once") {
    if (!backend().is_postgres()) return;
    TempDir scratch;
    ServerConfig shared;
    shared.db = backend().new_db(scratch.path());
    ServerProcess first(shared), second(shared);  // the second finds the schema already made
    const json response = sample_response();
    CHECK(results_of(post_json(first, response.dump()))[0]["status"] == "accepted");
    CHECK(results_of(post_json(second, response.dump()))[0]["status"] == "duplicate");
    std::vector<std::thread> racers;
    std::atomic<int> accepted{0};
    const json raced = sample_response();
    for (int i = 0; i < 8; ++i)
        racers.emplace_back([&, i] {
            auto r = (i % 2 ? first : second).client().Post("/api/v1/responses", raced.dump(), "application/json");
            if (r && r->status == 200 && json::parse(r->body)["results"][0]["status"] == "accepted") ++accepted;
        });
    for (auto& t : racers) t.join();
    CHECK(accepted == 1);
    CHECK(ndjson_rows(get_export(second, "format=ndjson")).size() == 2);
}
