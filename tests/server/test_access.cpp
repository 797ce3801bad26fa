// Who may read what (issue 11): roles on every staff endpoint, sessions for the app, the audit
// trail, retention and `token new`. The real tellus-serve over HTTP, on SQLite and PostgreSQL.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <thread>

#include "backend.hpp"

using namespace tellus::test;

namespace {

struct Served {
    TempDir scratch;
    ServerProcess server;
    explicit Served(std::vector<std::string> extra = {}) : server(config(std::move(extra), scratch)) {}
    static ServerConfig config(std::vector<std::string> extra, TempDir& scratch) {
        ServerConfig c;
        c.extra_args = std::move(extra);
        if (backend().is_postgres()) c.db = backend().new_db(scratch.path());
        return c;
    }
};

std::string make_session(ServerProcess& server, const std::string& token) {
    auto r = server.client().Post("/api/v1/session", ServerProcess::bearer(token), "", "application/json");
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 201);
    const json body = json::parse(r->body);
    CHECK(body["idle_seconds"].is_number());
    return body["session"].get<std::string>();
}

int status(httplib::Result r) {
    REQUIRE(r);
    return r->status;
}

// One request to one endpoint with one credential ("" for none).
int call(ServerProcess& server, const std::string& method, const std::string& path, const std::string& secret) {
    httplib::Headers headers;
    if (!secret.empty()) headers = ServerProcess::bearer(secret);
    auto c = server.client();
    if (method == "GET") return status(c.Get(path.c_str(), headers));
    if (method == "DELETE") return status(c.Delete(path.c_str(), headers));
    const std::string body = path == "/api/v1/audit" ? R"({"action":"device_download","rows":3})" : "";
    return status(c.Post(path.c_str(), headers, body, "application/json"));
}

json sample_at(const std::string& submitted_at) {
    json r = sample_response();
    r["started_at"] = submitted_at;
    r["submitted_at"] = submitted_at;
    return r;
}

}  // namespace

TEST_CASE("every staff endpoint checks the role: 401 without a valid secret, 403 below the role it needs, with a plain message") {
    Served s({"--staff-session-idle", "2"});
    auto& server = s.server;
    const std::string expired = make_session(server, kViewerToken);
    const std::string ended = make_session(server, kStaffToken);
    CHECK(call(server, "DELETE", "/api/v1/session", ended) == 204);

    struct Endpoint {
        std::string method, path;
        int needs;  // 1 viewer, 2 manager, 3 admin
    };
    const Endpoint endpoints[] = {
        {"GET", "/api/v1/summary?survey=primary-care-visit&period=2026-11", 1},
        {"GET", "/api/v1/comments?survey=primary-care-visit&period=2026-11", 1},
        {"GET", "/api/v1/session", 1},
        {"GET", "/api/v1/responses?format=json", 2},
        {"GET", "/api/v1/responses?format=csv&survey=primary-care-visit", 2},
        {"GET", "/api/v1/responses?format=ndjson", 2},
        {"GET", "/api/v1/responses?format=fhir", 2},
        {"POST", "/api/v1/audit", 2},
        {"GET", "/api/v1/audit", 3},
    };
    struct Credential {
        std::string what, secret;
        int role;  // 0: not valid
    };
    std::this_thread::sleep_for(std::chrono::milliseconds(2200));  // `expired` is now 2 s unused
    const std::string viewer_fresh = make_session(server, kViewerToken);
    const Credential credentials[] = {
        {"none", "", 0},
        {"a wrong token", "not-a-staff-token-0123456789", 0},
        {"a viewer token", kViewerToken, 1},
        {"a manager token", kManagerToken, 2},
        {"an admin token", kStaffToken, 3},
        {"a viewer session", viewer_fresh, 1},
        {"an expired session", expired, 0},
        {"an ended session", ended, 0},
    };
    for (const auto& e : endpoints) {
        for (const auto& c : credentials) {
            CAPTURE(e.method + " " + e.path);
            CAPTURE(c.what);
            const int expected = c.role == 0 ? 401 : c.role < e.needs ? 403 : e.method == "POST" ? 204 : 200;
            CHECK(call(server, e.method, e.path, c.secret) == expected);
        }
    }
    // The plain words of each refusal.
    auto r = server.client().Get("/api/v1/responses?format=json", ServerProcess::bearer(kViewerToken));
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("needs a manager's staff token; yours is a viewer's") != std::string::npos);
    r = server.client().Get("/api/v1/responses?format=json");
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(r->get_header_value("WWW-Authenticate") == "Bearer");
}

TEST_CASE("a session: made from a token only, it carries the token's name and role, and ends when asked, when idle or when its token goes") {
    Served s;
    auto& server = s.server;
    const std::string session = make_session(server, kManagerToken);
    CHECK(session.size() == 64);
    CHECK(session.find(kManagerToken) == std::string::npos);
    auto r = server.client().Get("/api/v1/session", ServerProcess::bearer(session));
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const json who = json::parse(r->body);
    CHECK(who["name"] == "Office manager");
    CHECK(who["role"] == "manager");
    CHECK(who["kind"] == "session");
    // A session cannot make another session; nor can nothing, or a wrong token.
    CHECK(status(server.client().Post("/api/v1/session", ServerProcess::bearer(session), "", "application/json")) == 401);
    CHECK(status(server.client().Post("/api/v1/session", "", "application/json")) == 401);
    CHECK(status(server.client().Post("/api/v1/session", ServerProcess::bearer("wrong-token-0123456789abcdef"), "", "application/json")) == 401);
    // A body on the session route is refused before it is read.
    CHECK(status(server.client().Post("/api/v1/session", ServerProcess::bearer(kManagerToken), "{\"x\":1}", "application/json")) == 404);

    // The database keeps only the session's hash: a copy of it opens nothing.
    if (!backend().is_postgres()) {
        const std::string db = read_text(server.db()) + read_text(server.db() + "-wal");
        CHECK(db.find(session) == std::string::npos);
        CHECK(db.find(kManagerToken) == std::string::npos);
    }

    // Removing the token from the file (and restarting) ends its sessions; moving a token down a
    // role moves its sessions down too.
    const std::string viewer_session = make_session(server, kViewerToken);
    write_text(server.dir() / "tokens", kStaffToken + "\nviewer Office manager " + kManagerToken + "\n");
    server.restart();
    CHECK(status(server.client().Get("/api/v1/session", ServerProcess::bearer(viewer_session))) == 401);
    r = server.client().Get("/api/v1/session", ServerProcess::bearer(session));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(json::parse(r->body)["role"] == "viewer");
    CHECK(status(server.client().Get("/api/v1/responses?format=json", ServerProcess::bearer(session))) == 403);

    // Ending it: once 204, then it is gone; a token is not a session to end.
    CHECK(status(server.client().Delete("/api/v1/session", ServerProcess::bearer(session))) == 204);
    CHECK(status(server.client().Get("/api/v1/session", ServerProcess::bearer(session))) == 401);
    CHECK(status(server.client().Delete("/api/v1/session", ServerProcess::bearer(session))) == 401);
    CHECK(status(server.client().Delete("/api/v1/session", server.staff())) == 400);
}

TEST_CASE("a session ends at its longest life even while used") {
    Served s({"--staff-session-max", "2"});
    auto& server = s.server;
    const std::string session = make_session(server, kViewerToken);
    for (int i = 0; i < 3; ++i) {
        CHECK(status(server.client().Get("/api/v1/session", ServerProcess::bearer(session))) == 200);
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    CHECK(status(server.client().Get("/api/v1/session", ServerProcess::bearer(session))) == 401);
}

TEST_CASE("the audit trail: who read or exported what, when, with which filters and how many rows; never an address") {
    Served s;
    auto& server = s.server;
    for (int i = 0; i < 3; ++i) REQUIRE(status(server.client().Post("/api/v1/responses", sample_response().dump(), "application/json")) == 200);
    const std::string session = make_session(server, kManagerToken);
    auto r = server.client().Get("/api/v1/responses?format=csv&survey=primary-care-visit&site=north", ServerProcess::bearer(session));
    REQUIRE(r);
    REQUIRE(r->status == 200);
    REQUIRE(status(server.client().Get("/api/v1/summary?survey=primary-care-visit&period=2026-11", ServerProcess::bearer(kViewerToken))) == 200);
    REQUIRE(status(server.client().Post("/api/v1/audit", ServerProcess::bearer(session), R"({"action":"device_download","rows":7})",
                                        "application/json")) == 204);
    // Anything else is not recorded: the trail says what staff did, not what a client claims.
    CHECK(status(server.client().Post("/api/v1/audit", ServerProcess::bearer(session), R"({"action":"export","rows":1})", "application/json")) == 400);
    CHECK(status(server.client().Post("/api/v1/audit", ServerProcess::bearer(session), R"({"action":"device_download","rows":-1})",
                                      "application/json")) == 400);
    CHECK(status(server.client().Post("/api/v1/audit", ServerProcess::bearer(session), "not json", "application/json")) == 400);

    r = server.client().Get("/api/v1/audit", server.staff());
    REQUIRE(r);
    REQUIRE(r->status == 200);
    INFO(r->body);
    CHECK(r->body.find("127.0.0.1") == std::string::npos);
    CHECK(r->body.find(kManagerToken) == std::string::npos);
    CHECK(r->body.find(session) == std::string::npos);
    const json entries = json::parse(r->body)["entries"];
    REQUIRE(entries.size() == 3);
    // Newest first (an export is recorded when its download ends).
    CHECK(entries[0]["id"].get<long long>() > entries[1]["id"].get<long long>());
    CHECK(entries[1]["id"].get<long long>() > entries[2]["id"].get<long long>());
    const auto entry = [&](const std::string& action) {
        for (const auto& e : entries)
            if (e["action"] == action) return e;
        FAIL("no " << action << " entry");
        return json();
    };
    const json device = entry("device_download"), summary = entry("summary"), exported = entry("export");
    CHECK(device["rows"] == 7);
    CHECK(device["name"] == "Office manager");
    CHECK(device["role"] == "manager");
    CHECK(summary["name"] == "QI lead");
    CHECK(summary["role"] == "viewer");
    CHECK(summary["filters"]["period"] == "2026-11");
    CHECK(exported["rows"] == 3);
    CHECK(exported["filters"] == json{{"format", "csv"}, {"survey", "primary-care-visit"}, {"site", "north"}});
    CHECK(exported["at"].get<std::string>().back() == 'Z');

    // Paged: limit and the cursor in "next".
    r = server.client().Get("/api/v1/audit?limit=2", server.staff());
    REQUIRE(r);
    const json page = json::parse(r->body);
    REQUIRE(page["entries"].size() == 2);
    REQUIRE(page["next"].is_number());
    r = server.client().Get(("/api/v1/audit?limit=2&before=" + std::to_string(page["next"].get<long long>())).c_str(), server.staff());
    REQUIRE(r);
    const json rest = json::parse(r->body);
    REQUIRE(rest["entries"].size() == 1);
    CHECK(rest["entries"][0]["id"] == entries[2]["id"]);
    CHECK(rest["next"].is_null());
    CHECK(status(server.client().Get("/api/v1/audit?limit=0", server.staff())) == 400);
    CHECK(status(server.client().Get("/api/v1/audit?limit=abc", server.staff())) == 400);
}

TEST_CASE("--keep-days deletes responses submitted longer ago, at start-up, and says how many") {
    Served s;
    auto& server = s.server;
    const json old = sample_at("2020-01-15T10:00:00-05:00"), recent = sample_response();
    REQUIRE(status(server.client().Post("/api/v1/responses", json{{"responses", {old, recent}}}.dump(), "application/json")) == 200);
    server.kill_now();
    ServerConfig config;
    config.db = server.db();
    config.extra_args = {"--keep-days", "365"};
    // The same database, the same token file: a new server with the retention setting.
    ServerProcess again(config);
    const std::string log = again.log();
    INFO(log);
    CHECK(log.find("retention: deleted 1 responses submitted before") != std::string::npos);
    CHECK(log.find("(--keep-days 365)") != std::string::npos);
    CHECK(log.find(old["id"].get<std::string>()) == std::string::npos);
    auto r = again.client().Get("/api/v1/responses?format=json", again.staff());
    REQUIRE(r);
    const json kept = json::parse(r->body);
    REQUIRE(kept.size() == 1);
    CHECK(kept[0]["id"] == recent["id"]);
    CHECK(run_serve({"--keep-days", "0"}).output.find("--keep-days must be a whole number from 1") != std::string::npos);
}

TEST_CASE("token new: a role and a name, printed once, or added to the token file as a hash only") {
    TempDir dir;
    const auto file = dir / "staff-tokens";
    const auto made = run_serve({"token", "new", "--role", "manager", "--name", "Office manager", "--add-to", file.string()});
    INFO(made.output);
    REQUIRE(made.exit_code == 0);
    const std::string line = read_text(file);
    CHECK(line.rfind("manager Office manager sha256:", 0) == 0);
    struct stat info {};
    REQUIRE(stat(file.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    // The token is in the output, never in the file.
    const auto at = made.output.find("\n  ");
    REQUIRE(at != std::string::npos);
    const std::string token = made.output.substr(at + 3, 64);
    CHECK(line.find(token) == std::string::npos);
    // And it works on a server reading that file.
    ServerConfig config;
    config.extra_args = {"--staff-token-file", file.string()};
    ServerProcess server(config);
    auto r = server.client().Get("/api/v1/session", ServerProcess::bearer(token));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(json::parse(r->body)["role"] == "manager");

    CHECK(run_serve({"token", "new", "--role", "boss", "--name", "x"}).exit_code != 0);
    CHECK(run_serve({"token", "new", "--role", "viewer"}).output.find("--name is needed") != std::string::npos);
    CHECK(run_serve({"token", "new", "--name", "two\nlines"}).exit_code != 0);
}

namespace {

json response_with(const std::string& site, const std::string& submitted_at, const json& answers) {
    json r = sample_at(submitted_at);
    r["site"] = site;
    r["answers"] = answers;
    return r;
}

json summary_as(ServerProcess& server, const std::string& token, const std::string& query) {
    auto r = server.client().Get(("/api/v1/summary?survey=primary-care-visit&" + query).c_str(), ServerProcess::bearer(token));
    REQUIRE(r);
    INFO(query << " -> " << r->body);
    REQUIRE(r->status == 200);
    return json::parse(r->body);
}

const json& question_of(const json& summary, const std::string& id) {
    for (const auto& q : summary["questions"])
        if (q["id"] == id) return q;
    FAIL("no question " << id);
    return summary;
}

std::optional<long long> count_of(const json& number) {
    if (number.contains("count") && number["count"].is_number()) return number["count"].get<long long>();
    return std::nullopt;
}

std::optional<long long> option_count(const json& summary, const std::string& question, const std::string& option) {
    for (const auto& o : question_of(summary, question)["options"])
        if (o["id"] == option) return count_of(o);
    return std::nullopt;
}

}  // namespace

TEST_CASE("differencing attacks through the API recover nothing below the threshold") {
    Served s;
    auto& server = s.server;
    json batch = json::array();
    // October at the north site: 40 English and 30 French patients; one French patient answered
    // "very bad"; and one patient at the small south site. November: a few more.
    for (int i = 0; i < 40; ++i)
        batch.push_back(response_with("north", "2026-10-10T10:00:00-04:00", {{"home_language", "english"}, {"respect", "good"}}));
    for (int i = 0; i < 29; ++i)
        batch.push_back(response_with("north", "2026-10-12T10:00:00-04:00", {{"home_language", "french"}, {"respect", "good"}}));
    batch.push_back(response_with("north", "2026-10-14T10:00:00-04:00", {{"home_language", "french"}, {"respect", "very_bad"}}));
    for (int i = 0; i < 6; ++i) batch.push_back(response_with("north", "2026-10-15T10:00:00-04:00", {{"respect", "very_bad"}}));
    batch.push_back(response_with("south", "2026-10-20T10:00:00-04:00", {{"home_language", "english"}, {"respect", "okay"}}));
    // Late on October 31st in Toronto: October, though it is November in UTC.
    batch.push_back(response_with("north", "2026-10-31T23:30:00-04:00", {{"respect", "good"}}));
    for (int i = 0; i < 3; ++i) batch.push_back(response_with("north", "2026-11-02T10:00:00-05:00", {{"respect", "bad"}}));
    auto stored = server.client().Post("/api/v1/responses", json{{"responses", batch}}.dump(), "application/json");
    REQUIRE(stored);
    REQUIRE(stored->body.find("rejected") == std::string::npos);

    SUBCASE("the overall numbers minus a breakdown do not give the one French \"very bad\"") {
        const json overall = summary_as(server, kViewerToken, "period=2026-10");
        const json by = summary_as(server, kViewerToken, "period=2026-10&by=home_language");
        CHECK(by["responses"] == overall["responses"]);
        CHECK(by["questions"] == overall["questions"]);  // the breakdown never changes the overall numbers
        const auto total = option_count(overall, "respect", "very_bad");
        long long shown = 0;
        int hidden = 0;
        for (const auto& g : by["groups"]) {
            const auto n = option_count(g, "respect", "very_bad");
            if (n) shown += *n;
            else ++hidden;
            if (g["id"] == "french") CHECK_FALSE(n.has_value());
        }
        // Either the total is hidden, or more than one group's count is, with room for the threshold.
        CHECK((!total || (hidden >= 2 && *total - shown >= 5)));
    }
    SUBCASE("two cut-offs a minute apart: a viewer cannot ask; fixed periods only") {
        auto r = server.client().Get("/api/v1/summary?survey=primary-care-visit&until=2026-10-14T10:00:00-04:00", ServerProcess::bearer(kViewerToken));
        REQUIRE(r);
        CHECK(r->status == 403);
        CHECK(r->body.find("add period=2026-11, period=2026-Q4 or period=2026") != std::string::npos);
        CHECK(status(server.client().Get("/api/v1/summary?survey=primary-care-visit&since=2026-10-14T10:00:00-05:00&period=2026-10",
                                         ServerProcess::bearer(kViewerToken))) == 403);
        CHECK(status(server.client().Get("/api/v1/summary?survey=primary-care-visit", ServerProcess::bearer(kViewerToken))) == 403);
        CHECK(status(server.client().Get("/api/v1/summary?survey=primary-care-visit&period=2026-13", ServerProcess::bearer(kViewerToken))) == 400);
        CHECK(status(server.client().Get("/api/v1/summary?survey=primary-care-visit&period=november", ServerProcess::bearer(kViewerToken))) == 400);
        // Managers may pick dates (they can export the rows anyway), never both kinds at once.
        CHECK(status(server.client().Get("/api/v1/summary?survey=primary-care-visit&until=2026-10-14T10:00:00-04:00",
                                         ServerProcess::bearer(kManagerToken))) == 200);
        CHECK(status(server.client().Get("/api/v1/summary?survey=primary-care-visit&until=2026-10-14&period=2026-10",
                                         ServerProcess::bearer(kManagerToken))) == 400);
        // The clinic's own calendar: 23:30 on October 31st in Toronto is October.
        const json november = summary_as(server, kViewerToken, "period=2026-11");
        CHECK_FALSE(count_of(november["responses"]).has_value());  // 3: hidden
        CHECK(option_count(summary_as(server, kViewerToken, "period=2026-10"), "respect", "good") == 70);  // 40 + 29 + the late one
        CHECK(option_count(summary_as(server, kViewerToken, "period=2026-Q4"), "respect", "good") == 70);

    }
    SUBCASE("all sites minus one site does not give the other site's single response") {
        const json all = summary_as(server, kViewerToken, "period=2026-10");
        const json north = summary_as(server, kViewerToken, "period=2026-10&site=north");
        const json south = summary_as(server, kViewerToken, "period=2026-10&site=south");
        CHECK_FALSE(count_of(south["responses"]).has_value());
        const auto a = count_of(all["responses"]), n = count_of(north["responses"]);
        CHECK((!a || !n || *a - *n >= 5));
        for (const std::string option : {"okay", "good", "very_bad"}) {
            CAPTURE(option);
            const auto all_count = option_count(all, "respect", option), north_count = option_count(north, "respect", option);
            const auto south_count = option_count(south, "respect", option);
            if (all_count && north_count && south_count) CHECK(*all_count - *north_count == *south_count);
            if (all_count && north_count && !south_count) CHECK(*all_count - *north_count >= 5);
        }
        // The same request from another site's point of view changes nothing for all sites.
        CHECK(summary_as(server, kViewerToken, "period=2026-10&site=nowhere")["responses"]["count"] == 0);
        CHECK(summary_as(server, kViewerToken, "period=2026-10") == all);
    }
}

TEST_CASE("--min-cell raises the threshold: 11 hides a count of 10") {
    Served s({"--min-cell", "11"});
    auto& server = s.server;
    json batch = json::array();
    for (int i = 0; i < 30; ++i) batch.push_back(response_with("north", "2026-11-10T10:00:00-05:00", {{"respect", "good"}}));
    for (int i = 0; i < 10; ++i) batch.push_back(response_with("north", "2026-11-10T10:00:00-05:00", {{"respect", "okay"}}));
    REQUIRE(status(server.client().Post("/api/v1/responses", json{{"responses", batch}}.dump(), "application/json")) == 200);
    const json summary = summary_as(server, kViewerToken, "period=2026-11");
    CHECK(summary["suppressed_below"] == 11);
    CHECK_FALSE(option_count(summary, "respect", "okay").has_value());
    CHECK(summary["responses"]["count"] == 40);
    CHECK(run_serve({"--min-cell", "1"}).output.find("--min-cell must be a whole number from 2") != std::string::npos);
}
