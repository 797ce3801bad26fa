// The attack suite (issue 10): the real tellus-serve, on SQLite and on PostgreSQL, tried the way
// a hostile or broken client would: path escapes, body bombs in every encoding, slow connections,
// early answers on keep-alive connections, poisoned batches, mixed-case ids, impossible dates and
// log injection. Each case states what the operator and the patients rely on. Figures about time
// (how fast /healthz answers under a slow-connection attack, WAL size under load) are in
// bench/server, not asserted here.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <atomic>
#include <random>
#include <thread>

#include "backend.hpp"

using namespace tellus::test;
using namespace std::chrono_literals;

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

std::string get_raw(int port, const std::string& target) {
    RawConnection c(port);
    REQUIRE(c.connected());
    c.send_all("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return c.read_until_closed();
}

std::string post_head(size_t length, const std::string& extra_headers = "") {
    return "POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extra_headers +
           (length == std::string::npos ? "" : "Content-Length: " + std::to_string(length) + "\r\n") + "\r\n";
}

// Bytes made by a shell pipeline (the real gzip/brotli/python tools, not our code).
std::string command_output(const std::string& command) {
    TempDir dir;
    const auto out = dir / "out";
    REQUIRE(std::system((command + " > " + out.string()).c_str()) == 0);
    return read_text(out);
}

json results_of(const httplib::Result& r) {
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    return json::parse(r->body)["results"];
}

size_t count_in_export(ServerProcess& server) {
    auto r = server.client().Get("/api/v1/responses?format=json", server.staff());
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return json::parse(r->body).size();
}

}  // namespace

TEST_CASE("static files: no path, encoding or link reaches a file outside --web") {
    Served s;
    auto& server = s.server;
    const fs::path web = server.dir() / "web";
    fs::create_directories(web / "fonts");
    write_text(web / "fonts" / "a.txt", "font");
    write_text(web / ".hidden", "secret");
    write_text(server.dir() / "outside.txt", "outside");
    fs::create_symlink(server.dir() / "tokens", web / "tokens-link");
    fs::create_symlink(server.dir(), web / "dir-link");
    fs::create_symlink(server.dir() / "outside.txt", web / "fonts" / "a.txt.br");  // a compressed "sibling" leading out
    const std::string tokens = (server.dir() / "tokens").string();
    const std::string database = server.db();

    CHECK(status_of(get_raw(server.port(), "/")) == 200);
    CHECK(status_of(get_raw(server.port(), "/index.html")) == 200);
    CHECK(status_of(get_raw(server.port(), "/fonts/a.txt")) == 200);

    std::vector<std::string> escapes = {
        "/" + tokens,  // "//tmp/...": joined as an absolute path before the fix
        "//etc/passwd",
        "//" + tokens.substr(1),
        "/../tokens",
        "/fonts/../../tokens",
        "/%2e%2e/tokens",
        "/%2E%2E/tokens",
        "/..%2ftokens",
        "/..%2Ftokens",
        "/fonts%2f..%2f..%2ftokens",
        "/fonts/%2e%2e/%2e%2e/tokens",
        "/%2fetc%2fpasswd",
        "/..%5ctokens",
        "/..\\tokens",
        "/index.html%00.js",
        "/index.html%00",
        "/.hidden",
        "/%2ehidden",
        "/tokens-link",
        "/dir-link/tokens",
        "/dir-link/outside.txt",
        "/fonts//a.txt",
        "/./index.html",
        "/fonts/./a.txt",
        "/%0a/index.html",
        "/C:/Windows/win.ini",
    };
    if (!backend().is_postgres()) {
        escapes.push_back("/" + database);
        escapes.push_back("/" + database + "-wal");
    }
    for (const auto& target : escapes) {
        INFO(target);
        const std::string answer = get_raw(server.port(), target);
        CHECK(status_of(answer) == 404);
        CHECK(answer.find("staff-token-for-tests") == std::string::npos);
        CHECK(answer.find("outside") == std::string::npos);
        CHECK(answer.find("SQLite format") == std::string::npos);
        CHECK(answer.find("root:") == std::string::npos);
    }
    // The symlinked .br sibling is never sent, even to a client that accepts brotli.
    RawConnection c(server.port());
    c.send_all("GET /fonts/a.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n");
    const std::string answer = c.read_until_closed();
    CHECK(status_of(answer) == 200);
    CHECK(answer.find("outside") == std::string::npos);
    CHECK(answer.find("\r\n\r\nfont") != std::string::npos);
}

TEST_CASE("bodies: the 1 MiB limit holds for every transfer and content encoding, counted after decoding") {
    Served s;
    auto& server = s.server;
    const long memory_before = server.peak_memory_kib();

    SUBCASE("chunked: 256 MiB offered, refused at the limit") {
        RawConnection c(server.port());
        c.send_all(post_head(std::string::npos, "Transfer-Encoding: chunked\r\n"));
        const std::string chunk(64 * 1024, ' ');
        char size_line[32];
        std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
        size_t sent = 0;
        while (sent < 256u * 1024 * 1024 && c.send_all(size_line + chunk + "\r\n")) sent += chunk.size();
        CHECK(sent < 16u * 1024 * 1024);  // the server stopped reading long before
        const int status = status_of(c.read_until_closed(5s));
        CHECK((status == 413 || status == 400 || status == 0));
    }
    SUBCASE("a declared length over the limit is refused before it is read") {
        RawConnection c(server.port());
        c.send_all(post_head(300u * 1024 * 1024));
        const std::string answer = c.read_until_closed(5s);
        CHECK(status_of(answer) == 413);
        CHECK(answer.find("1 MiB") != std::string::npos);
        CHECK_FALSE(c.timed_out());  // and the connection is closed, not left to read 300 MiB
    }
    for (const auto& [encoding, command] : std::vector<std::pair<std::string, std::string>>{
             {"gzip", "head -c 209715200 /dev/zero | gzip -c"},
             {"deflate", "python3 -c \"import sys,zlib; sys.stdout.buffer.write(zlib.compress(bytes(209715200), 9))\""},
             {"br", "head -c 209715200 /dev/zero | brotli -c"}}) {
        SUBCASE(("a 200 MiB " + encoding + " bomb stops at 1 MiB").c_str()) {
            const std::string bomb = command_output(command);
            REQUIRE(bomb.size() < 1024 * 1024);
            auto r = server.client().Post("/api/v1/responses", {{"Content-Encoding", encoding}}, bomb, "application/json");
            REQUIRE(r);
            CHECK(r->status == 413);
        }
    }
    SUBCASE("a compressed body under the limit is read and validated as usual") {
        TempDir dir;
        write_text(dir / "body.json", sample_response().dump());
        const std::string gz = command_output("gzip -c " + (dir / "body.json").string());
        CHECK(results_of(server.client().Post("/api/v1/responses", {{"Content-Encoding", "gzip"}}, gz, "application/json"))[0]["status"] ==
              "accepted");
        write_text(dir / "body.json", sample_response().dump());  // another id
        const std::string br = command_output("brotli -c " + (dir / "body.json").string());
        CHECK(results_of(server.client().Post("/api/v1/responses", {{"Content-Encoding", "br"}}, br, "application/json"))[0]["status"] ==
              "accepted");
    }
    SUBCASE("exactly the limit decoded is read; one byte more is refused") {
        std::string body = "{\"responses\": []}";
        body.resize(1024 * 1024, ' ');
        CHECK(server.client().Post("/api/v1/responses", body, "application/json")->status == 200);
        body.push_back(' ');
        CHECK(server.client().Post("/api/v1/responses", body, "application/json")->status == 413);
    }
    SUBCASE("an unknown content encoding, or length given twice, is refused and the connection closed") {
        for (const std::string& head : {post_head(2, "Content-Encoding: compress\r\n"), post_head(2, "Transfer-Encoding: chunked\r\n"),
                                        post_head(2, "Content-Length: 3\r\n"), post_head(std::string::npos, "Transfer-Encoding: gzip, chunked\r\n"),
                                        std::string("POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")}) {
            RawConnection c(server.port());
            c.send_all(head + "{}");
            const std::string answer = c.read_until_closed(5s);
            INFO(head);
            CHECK(status_of(answer) >= 400);
            CHECK_FALSE(c.timed_out());
        }
    }
    SUBCASE("a body nobody reads: GET with a body, POST to another address") {
        for (const std::string& request :
             {std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\nGET /api/v1/responses HTTP/1.1\r\nHost: x\r\n\r\n"),
              std::string("POST /anything HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")}) {
            RawConnection c(server.port());
            c.send_all(request);
            const std::string answer = c.read_until_closed(5s);
            CHECK(status_of(answer) >= 400);
            CHECK(answer.find("HTTP/1.1", 8) == std::string::npos);  // one answer: the body was not a second request
        }
    }
    SUBCASE("request heads are capped in size") {
        RawConnection c(server.port());
        std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 2000; ++i) head += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'a') + "\r\n";
        c.send_all(head + "\r\n");
        const std::string answer = c.read_until_closed(5s);
        CHECK(status_of(answer) != 200);
        CHECK_FALSE(c.timed_out());
    }
    SUBCASE("a NUL byte ends nothing: a body with one is not JSON") {
        const std::string body = sample_response().dump() + std::string("\0", 1) + sample_response().dump();
        auto r = server.client().Post("/api/v1/responses", body, "application/json");
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(count_in_export(server) == 0);
    }
    SUBCASE("a 109 KiB locale is refused per item; nothing is stored") {
        json r = sample_response();
        r["locale"] = std::string(109 * 1024, 'a');
        const json results = results_of(server.client().Post("/api/v1/responses", r.dump(), "application/json"));
        CHECK(results[0]["status"] == "rejected");
        CHECK(results[0]["errors"][0]["field"] == "locale");
        CHECK(count_in_export(server) == 0);
    }
    CHECK(server.client().Get("/healthz")->status == 200);
    const long memory_after = server.peak_memory_kib();
    INFO("peak memory before " << memory_before << " KiB, after " << memory_after << " KiB");
    CHECK(memory_after - memory_before < 64 * 1024);  // the 256 MiB and 200 MiB bodies never sat in memory
}

TEST_CASE("slow connections: 100 clients dripping a byte a second never stop a fresh client") {
    Served s;
    auto& server = s.server;
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 100; ++i) {
        slow.push_back(std::make_unique<RawConnection>(server.port(), "127.0.0.2"));
        REQUIRE(slow.back()->connected());
    }
    const std::string request = "POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789";
    int refused = 0, healthy = 0;
    const auto start = std::chrono::steady_clock::now();
    for (size_t second = 0; second < 13; ++second) {
        for (auto& c : slow)
            if (second < request.size()) c->send_all(request.substr(second, 1));
        // A fresh client (another address) is answered while they drip.
        auto fresh = server.client();
        fresh.set_read_timeout(5, 0);
        auto r = fresh.Get("/healthz");
        if (r && r->status == 200) ++healthy;
        else MESSAGE("second " << second << ": " << (r ? std::to_string(r->status) : httplib::to_string(r.error())) << " port " << server.port()
                     << " alive " << (::kill(server.pid(), 0) == 0));
        std::this_thread::sleep_until(start + std::chrono::seconds(second + 1));
    }
    CHECK(healthy == 13);
    // Past the per-client cap they were told plainly; the rest were cut at the head deadline (10 s).
    for (auto& c : slow) {
        const std::string answer = c->read_until_closed(2s);
        CHECK_FALSE(c->timed_out());
        if (status_of(answer) == 503) {
            ++refused;
            CHECK(answer.find("Too many connections") != std::string::npos);
        }
    }
    CHECK(refused == 100 - 64);
    CHECK(server.client().Get("/healthz")->status == 200);
}

TEST_CASE("SIGTERM finishes in time while slow clients drip, and says so") {
    Served s;
    auto& server = s.server;
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 20; ++i) {
        slow.push_back(std::make_unique<RawConnection>(server.port(), "127.0.0.3"));
        slow.back()->send_all("POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{");
    }
    std::atomic<bool> dripping{true};
    std::thread drip([&] {
        while (dripping) {
            for (auto& c : slow) c->send_all(" ");
            std::this_thread::sleep_for(500ms);
        }
    });
    const auto start = std::chrono::steady_clock::now();
    // Requests in flight get the grace period (10 s), then are cut.
    const int code = server.stop(std::chrono::seconds(20));
    const auto took = std::chrono::steady_clock::now() - start;
    dripping = false;
    drip.join();
    CHECK(code == 0);
    CHECK(took < 14s);
    for (auto& c : slow) {
        c->read_until_closed(1s);
        CHECK_FALSE(c->timed_out());  // every connection was closed
    }
}

TEST_CASE("an early answer closes the connection: the unread body is never read as a request, nor logged") {
    Served s({"--rate-limit", "1"});
    auto& server = s.server;
    const std::string comment = "My sister Ann Tremblay GET /secret HTTP/1.1";
    json r = sample_response();
    r["answers"]["went_well"] = comment;
    const std::string body = r.dump();
    const std::string request = post_head(body.size()) + body;
    {
        RawConnection first(server.port());
        first.send_all(request);
        // Read just the first answer, on a keep-alive connection.
        std::this_thread::sleep_for(300ms);
    }
    RawConnection c(server.port());
    c.send_all(request + request);  // the bucket is empty: 429, then whatever the server makes of the rest
    const std::string answer = c.read_until_closed(5s);
    CHECK(status_of(answer) == 429);
    CHECK(answer.find("HTTP/1.1", 8) == std::string::npos);  // exactly one answer, then the connection closed
    CHECK_FALSE(c.timed_out());
    CHECK(server.log().find("Ann Tremblay") == std::string::npos);
    CHECK(server.log().find("/secret") == std::string::npos);
}

TEST_CASE("a poisoned batch: the bad item is rejected with its field, the rest and everybody else are stored") {
    Served s;
    auto& server = s.server;
    std::atomic<int> other_ok{0}, other_failed{0};
    std::atomic<bool> running{true};
    std::thread other([&] {
        auto client = server.client();
        while (running) {
            auto r = client.Post("/api/v1/responses", sample_response().dump(), "application/json");
            (r && r->status == 200 ? other_ok : other_failed)++;
        }
    });
    json batch = {{"responses", json::array()}};
    for (int i = 0; i < 10; ++i) batch["responses"].push_back(sample_response());
    batch["responses"][4]["site"] = std::string("nor\0th", 6);
    batch["responses"][7]["answers"]["went_well"] = std::string("a\0b", 3);
    for (int round = 0; round < 20; ++round) {
        for (auto& item : batch["responses"]) item["id"] = new_uuid();
        const json results = results_of(server.client().Post("/api/v1/responses", batch.dump(), "application/json"));
        for (size_t i = 0; i < results.size(); ++i) {
            INFO(results[i].dump());
            CHECK(results[i]["status"] == (i == 4 || i == 7 ? "rejected" : "accepted"));
        }
        CHECK(results[4]["errors"][0]["field"] == "site");
        CHECK(results[7]["errors"][0]["field"] == "answers.went_well");
    }
    running = false;
    other.join();
    CHECK(other_failed == 0);
    CHECK(other_ok > 0);
    CHECK(count_in_export(server) == static_cast<size_t>(20 * 8 + other_ok));
}

TEST_CASE("the same id in capitals and in lower case is one response") {
    Served s;
    auto& server = s.server;
    const std::string id = new_uuid();
    std::string upper = id;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    json first = results_of(server.client().Post("/api/v1/responses", sample_response(upper).dump(), "application/json"));
    CHECK(first[0]["status"] == "accepted");
    CHECK(first[0]["id"] == upper);  // the device's own spelling comes back, so it can match it
    json second = results_of(server.client().Post("/api/v1/responses", sample_response(id).dump(), "application/json"));
    CHECK(second[0]["status"] == "duplicate");
    auto r = server.client().Get("/api/v1/responses?format=json", server.staff());
    const json rows = json::parse(r->body);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["id"] == id);
}

TEST_CASE("impossible records are rejected naming the field, never stored moved or wrapped") {
    Served s;
    auto& server = s.server;
    const std::vector<std::pair<std::string, std::function<void(json&)>>> cases = {
        {"submitted_at", [](json& r) { r["submitted_at"] = "2026-02-31T10:16:02-05:00"; }},
        {"started_at", [](json& r) { r["started_at"] = "2026-11-23T10:15:00+99:99"; }},
        {"started_at", [](json& r) { r["started_at"] = "2031-11-23T10:15:00-05:00"; }},
        {"submitted_at", [](json& r) {
             r["started_at"] = "2035-11-23T10:15:00-05:00";
             r["submitted_at"] = "2035-11-23T10:16:00-05:00";
         }},
        {"survey.version", [](json& r) { r["survey"]["version"] = 4294967297ULL; }},
        {"site", [](json& r) { r["site"] = std::string(65, 's'); }},
    };
    for (const auto& [field, change] : cases) {
        json r = sample_response();
        change(r);
        const json results = results_of(server.client().Post("/api/v1/responses", r.dump(), "application/json"));
        INFO(results.dump());
        CHECK(results[0]["status"] == "rejected");
        CHECK(results[0]["errors"][0]["field"] == field);
    }
    CHECK(count_in_export(server) == 0);
}

TEST_CASE("logs: one line per request, control characters escaped, no bodies, no addresses") {
    Served s;
    auto& server = s.server;
    get_raw(server.port(), "/x%0aFORGED%20GET%20/admin%20200%200.1ms");
    get_raw(server.port(), "/y%00z%1b[31m");
    const std::string log = server.log();
    CHECK(log.find("\nFORGED") == std::string::npos);
    CHECK(log.find('\0') == std::string::npos);
    CHECK(log.find('\x1b') == std::string::npos);
    CHECK(log.find("\\x0aFORGED") != std::string::npos);
    CHECK(log.find("127.0.0.1 ") == std::string::npos);
}

TEST_CASE("--trust-proxy: the proxy's forwarded address counts for rate limits, and only for that proxy") {
    Served trusted({"--rate-limit", "2", "--trust-proxy", "127.0.0.1"});
    auto post_from = [&](ServerProcess& server, const std::string& forwarded) {
        auto r = server.client().Post("/api/v1/responses", {{"X-Forwarded-For", forwarded}}, sample_response().dump(), "application/json");
        REQUIRE(r);
        return r->status;
    };
    // Two clients behind the proxy, each with its own budget of 2.
    CHECK(post_from(trusted.server, "203.0.113.7") == 200);
    CHECK(post_from(trusted.server, "203.0.113.7") == 200);
    CHECK(post_from(trusted.server, "203.0.113.7") == 429);
    CHECK(post_from(trusted.server, "spoofed, 198.51.100.9") == 200);
    CHECK(trusted.server.log().find("203.0.113.7") == std::string::npos);
    // Without --trust-proxy the header is ignored: a client cannot pick its own bucket.
    Served plain({"--rate-limit", "2"});
    CHECK(post_from(plain.server, "203.0.113.1") == 200);
    CHECK(post_from(plain.server, "203.0.113.2") == 200);
    CHECK(post_from(plain.server, "203.0.113.3") == 429);
}

TEST_CASE("/healthz is liveness; /readyz says whether the database takes writes") {
    Served s;
    auto& server = s.server;
    CHECK(server.client().Get("/healthz")->status == 200);
    auto ready = server.client().Get("/readyz");
    REQUIRE(ready);
    CHECK(ready->status == 200);
    if (!backend().is_postgres()) return;
    backend().postgres->stop_server();
    std::this_thread::sleep_for(1100ms);  // /readyz probes at most once a second
    auto down = server.client().Get("/readyz");
    const int health = server.client().Get("/healthz")->status;
    // A device uploading now is told to come back, and nothing it sent is lost.
    auto upload = server.client().Post("/api/v1/responses", sample_response().dump(), "application/json");
    backend().postgres->start_server();
    REQUIRE(down);
    CHECK(down->status == 503);
    CHECK(down->body.find("PostgreSQL") != std::string::npos);
    CHECK(health == 200);
    REQUIRE(upload);
    CHECK(upload->status == 503);
    std::this_thread::sleep_for(1100ms);
    CHECK(server.client().Get("/readyz")->status == 200);
}

TEST_CASE("a flood of heavy summaries: at most two are worked out at once, the rest are asked to retry, patients are served") {
    Served s;
    auto& server = s.server;
    // 1,000 sparse responses over six sites: a breakdown by language has thousands of small cells.
    std::mt19937 random(11);
    const std::vector<std::string> faces{"very_bad", "bad", "okay", "good", "very_good"}, yes_no{"yes", "no", "not_sure"},
        involved{"always", "sometimes", "never", "not_needed"}, languages{"english", "french", "chinese", "other"};
    const auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
    for (int batch_number = 0; batch_number < 2; ++batch_number) {
        json batch{{"responses", json::array()}};
        for (int i = 0; i < 500; ++i) {
            json r = sample_response();
            r["site"] = "site-" + std::to_string(random() % 6);
            r["answers"] = {{"care_when_needed", pick(faces)}, {"listened", pick(yes_no)},   {"enough_time", pick(yes_no)},
                            {"clear_explanations", pick(faces)}, {"involved", pick(involved)}, {"respect", pick(faces)},
                            {"overall", static_cast<int>(random() % 11)}, {"home_language", pick(languages)}};
            batch["responses"].push_back(r);
        }
        for (const auto& result : results_of(server.client().Post("/api/v1/responses", batch.dump(), "application/json")))
            REQUIRE(result["status"] == "accepted");
    }
    struct Answer {
        int status = 0;  // 0: no answer at all
        std::string body, retry_after;
    };
    std::vector<Answer> answers(6);
    std::vector<std::thread> staff;
    for (auto& answer : answers)
        staff.emplace_back([&server, &answer] {
            auto client = server.client();
            client.set_read_timeout(120, 0);
            const auto r = client.Get("/api/v1/summary?survey=primary-care-visit&period=2026-11&by=home_language", server.staff());
            if (r) answer = {r->status, r->body, r->get_header_value("Retry-After")};
        });
    // A patient's upload meanwhile, dated in October: it must be served, and must not change the
    // November summaries being compared (one read before it and one after would differ).
    json patient_response = sample_response();
    patient_response["started_at"] = "2026-10-23T10:15:00-04:00";
    patient_response["submitted_at"] = "2026-10-23T10:16:02-04:00";
    const auto patient = server.client().Post("/api/v1/responses", patient_response.dump(), "application/json");
    for (auto& t : staff) t.join();
    REQUIRE(patient);
    CHECK(patient->status == 200);
    int worked_out = 0, asked_to_retry = 0;
    std::string first_body;
    for (const auto& answer : answers) {
        INFO(answer.body);
        if (answer.status == 200) {
            ++worked_out;
            if (first_body.empty()) first_body = answer.body;
            CHECK(answer.body == first_body);  // every copy of the same request agrees
        } else {
            REQUIRE(answer.status == 503);
            CHECK(answer.retry_after == "5");
            CHECK(json::parse(answer.body)["error"].get<std::string>().find("Try again") != std::string::npos);
            ++asked_to_retry;
        }
    }
    CHECK(worked_out >= 1);
    CHECK(asked_to_retry >= 1);  // six at once, each taking a while: some had to wait their turn
}
