// Language packs (issue 13): tellus-serve lists and serves the catalogs of its --i18n folder, read
// while it runs. The real executable over HTTP, with a folder of good and broken catalogs.
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "harness.hpp"

using namespace tellus::test;

namespace {

std::string shipped(const std::string& lang) { return read_text(fs::path(TELLUS_SOURCE_DIR) / "i18n" / (lang + ".json")); }

// A test fixture: the English catalog under another language's name and code.
std::string fixture(const std::string& name, const std::string& direction = "ltr", const std::string& reviewed = "no") {
    json catalog = json::parse(shipped("en"));
    catalog["language.name"] = name;
    catalog["language.direction"] = direction;
    catalog["language.reviewed"] = reviewed;
    return catalog.dump(2);
}

// A folder of catalogs as a clinic might leave it: good ones, and every kind of bad one.
void fill_folder(const fs::path& dir) {
    fs::create_directories(dir);
    for (const char* lang : {"en", "fr", "zh"}) write_text(dir / (std::string(lang) + ".json"), shipped(lang));
    write_text(dir / "pa.json", fixture("ਪੰਜਾਬੀ"));
    write_text(dir / "ar.json", fixture("العربية", "rtl"));
    write_text(dir / "zh-Hant.json", fixture("繁體中文", "ltr", "yes"));
    write_text(dir / "de.json", "{\"language.name\": \"Deutsch\", ");                       // cut off
    write_text(dir / "es.json", "<!doctype html><title>Sign in to Wi-Fi</title>");          // not JSON
    write_text(dir / "it.json", R"({"language.name": "Italiano", "nav": {"next": "Avanti"}})");  // not flat
    write_text(dir / "tl.json", R"({"welcome.start": "Simulan"})");                        // no name
    write_text(dir / "ur.json", R"({"language.name": "   "})");                            // a blank name
    write_text(dir / "pt.json", "{\"language.name\": \"Português\", \"padding\": \"" + std::string(300 * 1024, 'x') + "\"}");  // too large
    write_text(dir / "fa.json", "{\"language.name\": \"\xff\xfe\"}");                      // not UTF-8
    write_text(dir / "Bad_Name.json", fixture("Bad"));
    write_text(dir / "klingon-ship.json", fixture("tlhIngan"));
    write_text(dir / "README.txt", "catalogs go here");
    write_text(dir / "fr.json.gz", "not a catalog");
    write_text(dir / ".swap.json", fixture("Hidden"));
    fs::create_directories(dir / "nl.json");
}

struct Folder {
    TempDir dir;
    fs::path i18n = dir / "i18n";
    Folder() { fill_folder(i18n); }
};

ServerConfig with_i18n(const fs::path& folder) {
    ServerConfig config;
    config.extra_args = {"--i18n", folder.string()};
    return config;
}

json list_of(ServerProcess& server) {
    auto r = server.client().Get("/api/v1/languages");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return json::parse(r->body);
}

std::vector<std::string> codes_of(const json& list) {
    std::vector<std::string> codes;
    for (const auto& l : list["languages"]) codes.push_back(l["code"].get<std::string>());
    return codes;
}

const json* find_language(const json& list, const std::string& code) {
    for (const auto& l : list["languages"])
        if (l["code"] == code) return &l;
    return nullptr;
}

size_t count_of(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
    return n;
}

// Polls until `check` holds (the folder is looked at again at most once a second), or 10 s pass.
template <class Check>
bool within_seconds(Check check) {
    for (int i = 0; i < 100; ++i) {
        if (check()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

std::string get_raw(int port, const std::string& target) {
    RawConnection c(port);
    REQUIRE(c.connected());
    c.send_all("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return c.read_until_closed();
}

}  // namespace

TEST_CASE("GET /api/v1/languages lists the good catalogs, English first, named in themselves, with direction and review") {
    Folder folder;
    ServerProcess server(with_i18n(folder.i18n));
    const json list = list_of(server);
    CHECK(codes_of(list) == std::vector<std::string>{"en", "ar", "fr", "pa", "zh", "zh-Hant"});
    REQUIRE(find_language(list, "ar"));
    CHECK(*find_language(list, "ar") == json{{"code", "ar"}, {"name", "العربية"}, {"direction", "rtl"}, {"reviewed", false}});
    CHECK(*find_language(list, "fr") == json{{"code", "fr"}, {"name", "Français"}, {"direction", "ltr"}, {"reviewed", true}});
    CHECK((*find_language(list, "pa"))["reviewed"] == false);
    CHECK((*find_language(list, "zh-Hant"))["reviewed"] == true);
    CHECK((*find_language(list, "en"))["name"] == "English");

    auto r = server.client().Get("/api/v1/languages");
    REQUIRE(r);
    CHECK(r->get_header_value("Content-Type").rfind("application/json", 0) == 0);
    CHECK(r->get_header_value("Cache-Control") == "no-cache");
    const std::string etag = r->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    auto again = server.client().Get("/api/v1/languages", {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
}

TEST_CASE("a bad catalog is left out and logged once in one plain line; it never stops the others") {
    Folder folder;
    ServerProcess server(with_i18n(folder.i18n));
    for (int i = 0; i < 3; ++i) {
        list_of(server);
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past the re-check interval
    }
    list_of(server);
    const std::string log = server.log();
    INFO(log);
    for (const char* bad : {"de.json", "es.json", "it.json", "tl.json", "ur.json", "pt.json", "fa.json", "Bad_Name.json", "klingon-ship.json"})
        CHECK_MESSAGE(count_of(log, std::string("/") + bad + " left out") == 1, bad);
    for (const char* ignored : {"README.txt", "fr.json.gz", ".swap.json", "nl.json", "/en.json", "/zh-Hant.json"})
        CHECK_MESSAGE(log.find(ignored) == std::string::npos, ignored);
    // Plain words, one line each.
    CHECK(log.find("tl.json left out: it has no \"language.name\"") != std::string::npos);
    CHECK(log.find("pt.json left out: it is larger than 256 KiB") != std::string::npos);
    CHECK(log.find("it.json left out: the catalog entry \"nav\" is not text") != std::string::npos);
    CHECK(log.find("Bad_Name.json left out: its name is not a language code") != std::string::npos);
    CHECK(log.find("de.json left out: it is not JSON in UTF-8") != std::string::npos);
    CHECK(log.find("fa.json left out: it is not JSON in UTF-8") != std::string::npos);
    CHECK(server.client().Get("/healthz"));
}

TEST_CASE("a catalog dropped in, corrected, broken or removed while the server runs: seen within seconds, no restart") {
    Folder folder;
    ServerProcess server(with_i18n(folder.i18n));
    CHECK(find_language(list_of(server), "ta") == nullptr);

    // Dropped in.
    write_text(folder.i18n / "ta.json", fixture("தமிழ்"));
    REQUIRE(within_seconds([&] { return find_language(list_of(server), "ta") != nullptr; }));
    auto first = server.client().Get("/i18n/ta.json");
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(first->body == read_text(folder.i18n / "ta.json"));
    const std::string old_etag = first->get_header_value("ETag");
    const std::string old_list_etag = server.client().Get("/api/v1/languages")->get_header_value("ETag");

    // Corrected (same size too: only the time tells).
    json corrected = json::parse(read_text(folder.i18n / "ta.json"));
    corrected["language.reviewed"] = "yes";
    corrected["nav.next"] = "Nxt";  // two characters shorter, "yes" one longer than "no": same total size
    write_text(folder.i18n / "ta.json", corrected.dump(2));
    REQUIRE(within_seconds([&] {
        const json* ta = nullptr;
        const json list = list_of(server);
        ta = find_language(list, "ta");
        return ta && (*ta)["reviewed"] == true;
    }));
    auto fresh = server.client().Get("/i18n/ta.json", {{"If-None-Match", old_etag}});
    REQUIRE(fresh);
    CHECK(fresh->status == 200);  // the device's old copy is not confirmed: it gets the correction
    CHECK(json::parse(fresh->body)["nav.next"] == "Nxt");
    CHECK(fresh->get_header_value("ETag") != old_etag);
    CHECK(server.client().Get("/api/v1/languages")->get_header_value("ETag") != old_list_etag);

    // Broken by a bad edit: left out (and logged), the others unharmed.
    write_text(folder.i18n / "ta.json", "{\"language.name\": \"தமிழ்\",");
    REQUIRE(within_seconds([&] { return find_language(list_of(server), "ta") == nullptr; }));
    CHECK(server.client().Get("/i18n/ta.json")->status == 404);
    CHECK(count_of(server.log(), "ta.json left out") == 1);
    CHECK(find_language(list_of(server), "fr") != nullptr);

    // Removed.
    fs::remove(folder.i18n / "fr.json");
    REQUIRE(within_seconds([&] { return find_language(list_of(server), "fr") == nullptr; }));
    CHECK(server.client().Get("/i18n/fr.json")->status == 404);
}

TEST_CASE("GET /i18n/<code>.json serves listed catalogs only, revalidated; nothing else under /i18n/ reaches a file") {
    Folder folder;
    ServerProcess server(with_i18n(folder.i18n));
    // The app folder's own i18n/ is not what is served: only the --i18n folder counts.
    fs::create_directories(server.dir() / "web" / "i18n");
    write_text(server.dir() / "web" / "i18n" / "nb.json", fixture("Norsk bokmål"));
    write_text(server.dir() / "outside.json", fixture("Outside"));

    auto fr = server.client().Get("/i18n/fr.json");
    REQUIRE(fr);
    CHECK(fr->status == 200);
    CHECK(fr->body == shipped("fr"));
    CHECK(fr->get_header_value("Content-Type").rfind("application/json", 0) == 0);
    CHECK(fr->get_header_value("Cache-Control") == "no-cache");
    const std::string etag = fr->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    auto unchanged = server.client().Get("/i18n/fr.json", {{"If-None-Match", etag}});
    REQUIRE(unchanged);
    CHECK(unchanged->status == 304);
    CHECK(status_of(get_raw(server.port(), "/i18n/zh-Hant.json")) == 200);

    const std::string tokens = (server.dir() / "tokens").string();
    const std::vector<std::string> refused = {
        "/i18n/de.json",  // in the folder, but broken
        "/i18n/Bad_Name.json", "/i18n/klingon-ship.json", "/i18n/nb.json", "/i18n/FR.json", "/i18n/fr.JSON", "/i18n/fr",
        "/i18n/fr.json.gz", "/i18n/README.txt", "/i18n/.swap.json", "/i18n/nl.json", "/i18n/", "/i18n", "/i18n//fr.json",
        "/i18n/./fr.json", "/i18n/../index.html", "/i18n/../tokens", "/i18n/../../tokens", "/i18n/..%2ftokens",
        "/i18n/%2e%2e/tokens", "/i18n/%2e%2e/outside.json", "/i18n/..%5c..%5ctokens", "/i18n/..\\tokens", "/i18n/fr.json%00",
        "/i18n/fr.json/..", "/i18n/%66r.json/../../tokens", "/i18n/" + tokens, "/i18n//" + tokens.substr(1), "/i18n/../outside.json",
        "/i18n/fr%2ejson", "/i18n/en-../../tokens.json"};
    for (const auto& target : refused) {
        INFO(target);
        const std::string answer = get_raw(server.port(), target);
        CHECK(status_of(answer) == 404);
        CHECK(answer.find("staff-token-for-tests") == std::string::npos);
        CHECK(answer.find("Outside") == std::string::npos);
        CHECK(answer.find("Norsk") == std::string::npos);
        CHECK(answer.find("Sign in to Wi-Fi") == std::string::npos);
    }
}

TEST_CASE("without --i18n the app folder's i18n/ is read, even when it appears after start-up") {
    ServerProcess server;  // its app folder has no i18n/ yet
    CHECK(list_of(server)["languages"].empty());
    CHECK(server.log().find("no catalog folder") != std::string::npos);
    fs::create_directories(server.dir() / "web" / "i18n");
    write_text(server.dir() / "web" / "i18n" / "fr.json", shipped("fr"));
    REQUIRE(within_seconds([&] { return codes_of(list_of(server)) == std::vector<std::string>{"fr"}; }));
    CHECK(server.client().Get("/i18n/fr.json")->status == 200);
}

TEST_CASE("the folder is read with bounds: at most 200 catalogs, said once") {
    TempDir dir;
    const fs::path i18n = dir / "i18n";
    fs::create_directories(i18n);
    int made = 0;
    for (char a = 'a'; a <= 'z' && made < 210; ++a)
        for (char b = 'a'; b <= 'z' && made < 210; ++b, ++made)
            write_text(i18n / (std::string{a, b} + ".json"), std::string(R"({"language.name": "L)") + a + b + "\"}");
    ServerProcess server(with_i18n(i18n));
    const json list = list_of(server);
    CHECK(list["languages"].size() == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    list_of(server);
    CHECK(count_of(server.log(), "only the first 200") == 1);
}

TEST_CASE("--i18n: documented in --help, from TELLUS_I18N too, and a named folder must exist") {
    const auto help = run_serve({"--help"});
    CHECK(help.output.find("--i18n") != std::string::npos);
    CHECK(help.output.find("TELLUS_I18N") != std::string::npos);
    TempDir dir;
    const auto missing = run_serve({"--surveys", std::string(TELLUS_SOURCE_DIR) + "/assets/surveys", "--db", (dir / "db").string(), "--i18n",
                                    (dir / "no-catalogs").string()});
    CHECK(missing.exit_code != 0);
    CHECK(missing.output.find("no-catalogs") != std::string::npos);
    CHECK(std::count(missing.output.begin(), missing.output.end(), '\n') == 1);

    Folder folder;
    setenv("TELLUS_I18N", folder.i18n.string().c_str(), 1);
    ServerProcess from_env;
    unsetenv("TELLUS_I18N");
    CHECK(codes_of(list_of(from_env)).size() == 6);
    CHECK(from_env.log().find("languages: 6") != std::string::npos);  // counted in the start-up line
}
