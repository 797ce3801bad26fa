// tellus-serve as an operator meets it on the command line: --help, mistakes, start-up problems,
// `token new` and `import`.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "backend.hpp"
#include "auth.hpp"
#include "limits.hpp"

using namespace tellus::test;

namespace {
const std::string kSurveys = std::string(TELLUS_SOURCE_DIR) + "/assets/surveys";

size_t line_count(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

// A json download of `count` valid responses, each with an ignored "note" of `note_bytes`, written
// without building it in memory. Returns the file's size.
size_t write_export(const fs::path& path, size_t count, size_t note_bytes) {
    json response = sample_response("00000000-0000-4000-8000-000000000000");
    response["note"] = std::string(note_bytes, 'x');  // extra fields are accepted and dropped
    response["received_at"] = "2026-11-23T15:16:03Z";
    std::string text = response.dump();
    const size_t id_at = text.find("00000000-0000-4000-8000-000000000000");
    std::ofstream out(path, std::ios::binary);
    out << "[\n";
    for (size_t i = 0; i < count; ++i) {
        text.replace(id_at, 36, new_uuid());
        out << text << (i + 1 < count ? ",\n" : "\n");
    }
    out << "]\n";
    out.close();
    return static_cast<size_t>(fs::file_size(path));
}

std::string ndjson(const std::vector<json>& items) {
    std::string text;
    for (const auto& item : items) text += item.dump() + "\n";
    return text;
}
}  // namespace

TEST_CASE("--help lists every option of the contract") {
    const auto r = run_serve({"--help"});
    CHECK(r.exit_code == 0);
    for (const char* option : {"--host", "--port", "--db", "--web", "--surveys", "--staff-token-file", "--cors-origin", "TELLUS_DB"})
        CHECK(r.output.find(option) != std::string::npos);
}

TEST_CASE("a bad option or value exits non-zero with one clear line") {
    for (const auto& args : std::vector<std::vector<std::string>>{{"--bogus"}, {"--port", "seventy"}, {"--port"}, {"--tls-cert", "x.pem"}}) {
        const auto r = run_serve(args);
        CHECK(r.exit_code != 0);
        CHECK(line_count(r.output) == 1);
        CHECK(r.output.rfind("tellus-serve: ", 0) == 0);
    }
    CHECK(run_serve({"--bogus"}).output.find("--bogus") != std::string::npos);
}

TEST_CASE("an unreadable file or broken survey stops start-up, naming the file and the problem") {
    TempDir dir;
    auto missing_tokens = run_serve({"--surveys", kSurveys, "--db", (dir / "db").string(), "--staff-token-file", (dir / "nope").string()});
    CHECK(missing_tokens.exit_code != 0);
    CHECK(missing_tokens.output.find((dir / "nope").string()) != std::string::npos);
    CHECK(line_count(missing_tokens.output) == 1);

    fs::create_directories(dir / "surveys");
    write_text(dir / "surveys" / "broken.json", R"({"id": "x", "version": 1, "questions": "oops"})");
    auto broken = run_serve({"--surveys", (dir / "surveys").string(), "--db", (dir / "db").string()});
    CHECK(broken.exit_code != 0);
    CHECK(broken.output.find("broken.json") != std::string::npos);
    CHECK(line_count(broken.output) == 1);

    write_text(dir / "short-tokens", "abc\n");
    auto short_token = run_serve({"--surveys", kSurveys, "--db", (dir / "db").string(), "--staff-token-file", (dir / "short-tokens").string()});
    CHECK(short_token.exit_code != 0);
    CHECK(short_token.output.find("at least 16") != std::string::npos);
}

TEST_CASE("the start-up line names the address, the database and the survey count; env vars work") {
    ServerConfig config;
    ServerProcess server(config);
    const std::string first_line = server.log().substr(0, server.log().find('\n'));
    CHECK(first_line.find("http://127.0.0.1:" + std::to_string(server.port())) != std::string::npos);
    CHECK(first_line.find("SQLite " + server.db()) != std::string::npos);
    CHECK(first_line.find("surveys: 1") != std::string::npos);
}

TEST_CASE("token new prints a token and its ROLE NAME sha256 line") {
    const auto r = run_serve({"token", "new", "--role", "viewer", "--name", "QI lead"});
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("viewer QI lead sha256:") != std::string::npos);
    CHECK(run_serve({"token", "new", "--name", "QI lead"}).output != r.output);
}

TEST_CASE("import loads a json export, a {responses} download or NDJSON, with the same dedupe and validation") {
    TempDir dir;
    const std::string db = backend().new_db(dir.path());
    const json a = sample_response(), b = sample_response();
    json bad = sample_response();
    bad["answers"]["overall"] = 42;
    write_text(dir / "export.json", json::array({a, b}).dump());
    write_text(dir / "device.json", json{{"responses", {a, bad}}}.dump());
    write_text(dir / "lines.ndjson", b.dump() + "\n" + sample_response().dump() + "\n");

    auto first = run_serve({"import", (dir / "export.json").string(), "--db", db, "--surveys", kSurveys});
    CHECK(first.exit_code == 0);
    CHECK(first.output.find("2 accepted, 0 duplicate, 0 rejected") != std::string::npos);
    auto second = run_serve({"import", (dir / "device.json").string(), "--db", db, "--surveys", kSurveys});
    CHECK(second.exit_code == 1);
    CHECK(second.output.find("0 accepted, 1 duplicate, 1 rejected") != std::string::npos);
    CHECK(second.output.find("answers.overall") != std::string::npos);
    auto third = run_serve({"import", (dir / "lines.ndjson").string(), "--db", db, "--surveys", kSurveys});
    CHECK(third.output.find("1 accepted, 1 duplicate, 0 rejected") != std::string::npos);
    write_text(dir / "junk.txt", "hello\n");
    auto junk = run_serve({"import", (dir / "junk.txt").string(), "--db", db, "--surveys", kSurveys});
    CHECK(junk.exit_code != 0);
    CHECK(junk.output.find("line 1 is not JSON") != std::string::npos);
}

TEST_CASE("import reads each format: a pretty-printed export, {responses} with other members, one object, NDJSON with blank lines") {
    TempDir dir;
    const std::string db = backend().new_db(dir.path());
    json a = sample_response(), b = sample_response(), c = sample_response(), d = sample_response(), e = sample_response();
    a["received_at"] = b["received_at"] = "2026-11-23T15:16:03Z";  // as in the json download
    write_text(dir / "export.json", json::array({a, b}).dump(2) + "\n");
    write_text(dir / "device.json", json{{"device", {{"site", "north"}}}, {"responses", {c, b}}, {"held", json::array({json::array({1})})}}.dump(2));
    write_text(dir / "one.json", d.dump(2));
    write_text(dir / "lines.ndjson", "\n" + a.dump() + "\r\n\n  \n" + e.dump() + "\n\n");
    const auto import = [&](const char* name) { return run_serve({"import", (dir / name).string(), "--db", db, "--surveys", kSurveys}); };

    auto array = import("export.json");
    CHECK(array.exit_code == 0);
    CHECK(array.output.rfind("imported into ", 0) == 0);
    CHECK(line_count(array.output) == 1);
    CHECK(array.output.find(": 2 accepted, 0 duplicate, 0 rejected (of 2)\n") != std::string::npos);
    auto device = import("device.json");
    CHECK(device.exit_code == 0);
    CHECK(device.output.find("1 accepted, 1 duplicate, 0 rejected (of 2)") != std::string::npos);
    auto one = import("one.json");
    CHECK(one.output.find("1 accepted, 0 duplicate, 0 rejected (of 1)") != std::string::npos);
    auto lines = import("lines.ndjson");
    CHECK(lines.exit_code == 0);
    CHECK(lines.output.find("1 accepted, 1 duplicate, 0 rejected (of 2)") != std::string::npos);
}

TEST_CASE("import stops with one clear line: a folder, a missing file, a 10,000-deep file, a broken or over-long line") {
    TempDir dir;
    const std::string db = backend().new_db(dir.path());
    const auto import = [&](const fs::path& file) { return run_serve({"import", file.string(), "--db", db, "--surveys", kSurveys}); };

    auto folder = import(dir.path());
    CHECK(folder.exit_code == 2);
    CHECK(line_count(folder.output) == 1);
    CHECK(folder.output.find("is a folder, not a file") != std::string::npos);
    auto missing = import(dir / "nope.json");
    CHECK(missing.exit_code == 2);
    CHECK(line_count(missing.output) == 1);
    CHECK(missing.output.find("nope.json") != std::string::npos);

    write_text(dir / "deep.json", std::string(10000, '[') + std::string(10000, ']') + "\n");
    auto deep = import(dir / "deep.json");
    CHECK(deep.exit_code == 2);  // not 128 + SIGSEGV
    CHECK(line_count(deep.output) == 1);
    CHECK(deep.output.find("nested deeper than 32 levels") != std::string::npos);
    write_text(dir / "deep.ndjson", sample_response().dump() + "\n" + std::string(10000, '{') + "\n");
    CHECK(import(dir / "deep.ndjson").exit_code == 2);

    const json first = sample_response(), second = sample_response(), after = sample_response();
    write_text(dir / "broken.ndjson", first.dump() + "\n" + second.dump() + "\n{\"id\": \"3f2b8c1e\", oops\n" + after.dump() + "\n");
    auto broken = import(dir / "broken.ndjson");
    CHECK(broken.exit_code == 2);
    CHECK(line_count(broken.output) == 1);
    CHECK(broken.output.find("line 3 is not JSON") != std::string::npos);
    CHECK(broken.output.find("2 responses before it were imported") != std::string::npos);
    CHECK(broken.output.find("2 accepted, 0 duplicate, 0 rejected") != std::string::npos);
    write_text(dir / "fixed.ndjson", ndjson({first, second, after}));
    CHECK(import(dir / "fixed.ndjson").output.find("1 accepted, 2 duplicate, 0 rejected (of 3)") != std::string::npos);

    json huge = sample_response();
    huge["note"] = std::string(tellus::serve::limits::kMaxBodyBytes, 'x');
    write_text(dir / "long.ndjson", ndjson({sample_response(), huge, sample_response()}));
    auto long_line = import(dir / "long.ndjson");
    CHECK(long_line.exit_code == 2);
    CHECK(line_count(long_line.output) == 1);
    CHECK(long_line.output.find("line 2 is longer than 1048576 bytes") != std::string::npos);
    CHECK(long_line.output.find("1 response before it was imported") != std::string::npos);
    write_text(dir / "long.json", json::array({sample_response(), huge}).dump(1));
    auto long_item = import(dir / "long.json");
    CHECK(long_item.exit_code == 2);
    CHECK(long_item.output.find("larger than 1048576 bytes") != std::string::npos);
}

TEST_CASE("import streams: a file ten times larger needs no more memory") {
    TempDir dir;
    const std::string db = backend().new_db(dir.path());
    const size_t note = 5000, small_count = 1600, big_count = 16000;
    const size_t small_bytes = write_export(dir / "small.json", small_count, note);
    const size_t big_bytes = write_export(dir / "big.json", big_count, note);
    auto small = run_serve({"import", (dir / "small.json").string(), "--db", db, "--surveys", kSurveys});
    CHECK(small.exit_code == 0);
    CHECK(small.output.find(std::to_string(small_count) + " accepted, 0 duplicate, 0 rejected") != std::string::npos);
    auto big = run_serve({"import", (dir / "big.json").string(), "--db", db, "--surveys", kSurveys});
    CHECK(big.exit_code == 0);
    CHECK(big.output.find(std::to_string(big_count) + " accepted, 0 duplicate, 0 rejected") != std::string::npos);
    MESSAGE("import on " << backend().name << ": " << small_bytes / 1000000.0 << " MB in " << small.seconds << " s, peak " << small.max_rss_kib / 1024.0
                         << " MiB; " << big_bytes / 1000000.0 << " MB in " << big.seconds << " s, peak " << big.max_rss_kib / 1024.0 << " MiB");
    CHECK(big_bytes > 75'000'000);
    CHECK(big.max_rss_kib < small.max_rss_kib + 40 * 1024);
}

TEST_CASE("backup copies a live SQLite database; a server started on the copy has every acknowledged response") {
    TempDir dir;
    if (backend().is_postgres()) {
        auto refused = run_serve({"backup", (dir / "copy.sqlite3").string(), "--db", backend().new_db(dir.path())});
        CHECK(refused.exit_code != 0);
        CHECK(line_count(refused.output) == 1);
        CHECK(refused.output.find("pg_dump") != std::string::npos);
        MESSAGE("backup of a live database is SQLite only (PostgreSQL: pg_dump); checked on the sqlite backend");
        return;
    }
    ServerProcess server;
    std::mutex mutex;
    std::vector<std::string> acknowledged;
    const auto post = [&](httplib::Client& client, const json& body) {
        auto r = client.Post("/api/v1/responses", body.dump(), "application/json");
        if (!r || r->status != 200) return false;
        const json results = json::parse(r->body)["results"];
        std::lock_guard lock(mutex);
        for (const auto& result : results)
            if (result["status"] == "accepted") acknowledged.push_back(result["id"].get<std::string>());
        return true;
    };
    {  // enough rows that the copy takes many steps
        auto client = server.client();
        for (int batch = 0; batch < 20; ++batch) {
            json list = json::array();
            for (int i = 0; i < 500; ++i) list.push_back(sample_response());
            REQUIRE(post(client, {{"responses", list}}));
        }
    }
    std::atomic<bool> stop{false};
    std::atomic<int> posted_during{0};
    std::thread writer([&] {
        auto client = server.client();
        while (!stop) {
            json list = json::array();
            for (int i = 0; i < 20; ++i) list.push_back(sample_response());
            if (post(client, {{"responses", list}})) ++posted_during;
        }
    });
    for (int i = 0; i < 2000 && posted_during < 5; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::vector<std::string> before;
    {
        std::lock_guard lock(mutex);
        before = acknowledged;
    }
    const int posts_before = posted_during;
    const std::string copy = (dir / "copy.sqlite3").string();
    auto backup = run_serve({"backup", copy, "--db", server.db()});
    const int posts_while = posted_during - posts_before;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop = true;
    writer.join();
    INFO(backup.output);
    REQUIRE(backup.exit_code == 0);
    MESSAGE("backup: " << backup.output.substr(0, backup.output.find('\n')) << "; " << posts_while << " uploads were acknowledged while it ran");
    for (const char* suffix : {"-wal", "-shm", "-journal"}) CHECK_FALSE(fs::exists(copy + suffix));
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);  // no temporary file left

    sqlite3* check = nullptr;
    REQUIRE(sqlite3_open_v2(copy.c_str(), &check, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(check, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) == "ok");
    sqlite3_finalize(stmt);
    sqlite3_close(check);

    auto again = run_serve({"backup", copy, "--db", server.db()});
    CHECK(again.exit_code != 0);
    CHECK(line_count(again.output) == 1);
    CHECK(again.output.find("already exists") != std::string::npos);

    // The restore: copy the file into place and start a server on it.
    fs::create_directories(dir / "restored");
    fs::copy_file(copy, dir / "restored" / "tellus.sqlite3");
    ServerConfig config;
    config.db = (dir / "restored" / "tellus.sqlite3").string();
    ServerProcess restored(config);
    auto exported = restored.client().Get("/api/v1/responses?format=json", restored.staff());
    REQUIRE(exported);
    REQUIRE(exported->status == 200);
    std::set<std::string> ids;
    for (const auto& response : json::parse(exported->body)) ids.insert(response["id"].get<std::string>());
    size_t missing = 0;
    for (const auto& id : before) missing += ids.count(id) == 0;
    CHECK(before.size() >= 10000);
    CHECK(missing == 0);
    CHECK(ids.size() >= before.size());
}

TEST_CASE("a named app folder must exist; the build's default may be missing") {
    TempDir dir;
    auto missing = run_serve({"--surveys", kSurveys, "--db", (dir / "db").string(), "--web", (dir / "no-app").string()});
    CHECK(missing.exit_code != 0);
    CHECK(missing.output.find("no-app") != std::string::npos);
    CHECK(line_count(missing.output) == 1);
}

TEST_CASE("with --tls-cert and --tls-key it serves HTTPS") {
    TempDir dir;
    const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
    const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 2 -keyout " + key + " -out " + cert +
                             " >/dev/null 2>&1";
    if (std::system(make.c_str()) != 0) {
        MESSAGE("openssl could not make a test certificate: HTTPS not checked");
        return;
    }
    ServerConfig config;
    config.tls = true;
    config.extra_args = {"--tls-cert", cert, "--tls-key", key};
    ServerProcess server(config);
    auto r = server.client().Post("/api/v1/responses", sample_response().dump(), "application/json");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(server.log().find("https://127.0.0.1:") != std::string::npos);

    auto broken = run_serve({"--surveys", kSurveys, "--db", (dir / "db").string(), "--tls-cert", key, "--tls-key", key});
    CHECK(broken.exit_code != 0);
    CHECK(broken.output.find("certificate") != std::string::npos);
}

TEST_CASE("a client that stops sending is cut off after --timeout") {
    ServerConfig config;
    config.extra_args = {"--timeout", "1"};
    ServerProcess server(config);
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(server.port()));
    REQUIRE(connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const std::string partial = "POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"id\":";
    REQUIRE(send(s, partial.data(), partial.size(), 0) == static_cast<ssize_t>(partial.size()));
    timeval wait{5, 0};
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    const auto start = std::chrono::steady_clock::now();
    char buffer[512];
    const auto got = recv(s, buffer, sizeof buffer, 0);  // the server answers 400 or just closes
    const auto waited = std::chrono::steady_clock::now() - start;
    close(s);
    CHECK(got >= 0);  // not our 5 s receive timeout: the server acted
    CHECK(waited < std::chrono::seconds(4));
    CHECK(server.client().Get("/healthz")->status == 200);
}

TEST_CASE("first run: the run command's helper makes one admin token, keeps only its hash, prints it once") {
    TempDir dir;
    const auto file = dir / "data" / "staff-tokens";
    const std::string command = "bash " + std::string(TELLUS_SOURCE_DIR) + "/scripts/first_token.sh " + TELLUS_SERVE_EXE + " " + file.string() +
                                " http://127.0.0.1:8080/ 2>&1";
    const auto run = [&] {
        std::string output;
        FILE* pipe = popen(command.c_str(), "r");
        REQUIRE(pipe);
        char buffer[512];
        while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
        CHECK(pclose(pipe) == 0);
        return output;
    };
    const std::string first = run();
    INFO(first);
    const std::string line = read_text(file);
    CHECK(line.rfind("admin First admin sha256:", 0) == 0);
    CHECK(first.find("http://127.0.0.1:8080/#staff") != std::string::npos);
    CHECK(first.find("delete its line") != std::string::npos);
    std::string token;
    std::istringstream lines(first);
    for (std::string l; std::getline(lines, l);) {
        l.erase(0, l.find_first_not_of(' '));
        if (l.size() == 64 && l.find_first_not_of("0123456789abcdef") == std::string::npos) token = l;
    }
    REQUIRE(token.size() == 64);
    CHECK(line.find(token) == std::string::npos);
    const auto hash = tellus::serve::sha256(token);
    CHECK(line.find(tellus::serve::to_hex(hash.data(), hash.size())) != std::string::npos);
    // The second run makes nothing and prints no token.
    const std::string second = run();
    CHECK(second.find(token) == std::string::npos);
    CHECK(read_text(file) == line);
}
