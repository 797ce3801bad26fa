// tellus-serve as an operator meets it on the command line: --help, mistakes, start-up problems,
// `token new` and `import`.
#include <doctest/doctest.h>

#include "backend.hpp"

using namespace tellus::test;

namespace {
const std::string kSurveys = std::string(TELLUS_SOURCE_DIR) + "/assets/surveys";

size_t line_count(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }
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

TEST_CASE("token new prints a token and its sha256 line") {
    const auto r = run_serve({"token", "new"});
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("sha256:") != std::string::npos);
    CHECK(run_serve({"token", "new"}).output != r.output);
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
