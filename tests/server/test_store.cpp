// The storage promise, checked the same way on SQLite and PostgreSQL: acknowledged rows are there,
// a known id is a duplicate that changes nothing, filters work, and reading streams row by row.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

#include "backend.hpp"
#include "comments.hpp"
#include "store.hpp"

using namespace tellus::serve;
using namespace tellus::test;

namespace {

// The comments migration reads stored responses against the survey folder, as tellus-serve does.
const CommentsOf& comments_of() {
    static const SurveyRegistry surveys = SurveyRegistry::load_folder(std::string(TELLUS_SOURCE_DIR) + "/assets/surveys");
    static const CommentsOf reader = comments_reader(surveys);
    return reader;
}

std::unique_ptr<Store> open_store(const std::string& db) { return tellus::serve::open_store(db, comments_of()); }
std::unique_ptr<Store> open_sqlite_store(const std::string& path) { return tellus::serve::open_sqlite_store(path, comments_of()); }

NewResponse row(const std::string& id, const std::string& site = "north", int64_t submitted_ms = 1'000'000, const std::string& survey = "primary-care-visit") {
    return NewResponse{id, survey, 1, site, "2026-11-23T10:16:02-05:00", submitted_ms, "2026-11-23T15:16:03.000Z",
                       R"({"id":")" + id + R"(","answers":{"went_well":"Très bien"}})"};
}

std::vector<StoredResponse> read_all(Store& store, const ResponseFilter& filter = {}) {
    std::vector<StoredResponse> rows;
    auto cursor = store.select(filter);
    StoredResponse r;
    while (cursor->next(r)) rows.push_back(r);
    return rows;
}

struct Fixture {
    TempDir dir;
    std::string db = backend().new_db(dir.path());
    std::unique_ptr<Store> store = open_store(db);
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a stored response reads back exactly, with its received time") {
    CHECK(store->insert({row("a1")}) == std::vector{InsertStatus::Accepted});
    const auto rows = read_all(*store);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].id == "a1");
    CHECK(rows[0].survey_id == "primary-care-visit");
    CHECK(rows[0].survey_version == 1);
    CHECK(rows[0].site == "north");
    CHECK(rows[0].submitted_at == "2026-11-23T10:16:02-05:00");
    CHECK(rows[0].received_at == "2026-11-23T15:16:03.000Z");
    CHECK(rows[0].body == R"({"id":"a1","answers":{"went_well":"Très bien"}})");
}

TEST_CASE_FIXTURE(Fixture, "a known id is a duplicate, in a later batch or the same one, and changes nothing") {
    store->insert({row("a1")});
    NewResponse changed = row("a1", "south");
    const auto statuses = store->insert({row("b2"), changed, row("b2")});
    CHECK(statuses == std::vector{InsertStatus::Accepted, InsertStatus::Duplicate, InsertStatus::Duplicate});
    const auto rows = read_all(*store);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].site == "north");  // the first copy stays as it was
}

TEST_CASE_FIXTURE(Fixture, "rows come back in the order they were received, filtered by survey, site and time") {
    store->insert({row("r1", "north", 1000), row("r2", "south", 2000)});
    store->insert({row("r3", "north", 3000, "other-survey")});
    CHECK(read_all(*store).size() == 3);
    CHECK(read_all(*store)[2].id == "r3");
    CHECK(read_all(*store, {"primary-care-visit", "", {}, {}}).size() == 2);
    CHECK(read_all(*store, {"", "south", {}, {}}).size() == 1);
    const auto window = read_all(*store, {"", "", 2000, 3000});  // since is inclusive, until is not
    REQUIRE(window.size() == 1);
    CHECK(window[0].id == "r2");
}

TEST_CASE_FIXTURE(Fixture, "the schema is versioned, and reopening keeps data and migrates nothing twice") {
    CHECK(store->schema_version() == 4);  // 4: comments (issue 15)
    store->insert({row("keep")});
    store.reset();
    auto again = open_store(db);
    CHECK(again->schema_version() == 4);
    CHECK(read_all(*again).size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "many threads sending the same responses store each exactly once") {
    std::atomic<int> accepted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i)
                for (auto s : store->insert({row("same-" + std::to_string(i))})) accepted += s == InsertStatus::Accepted;
        });
    for (auto& t : threads) t.join();
    CHECK(accepted == 50);
    CHECK(read_all(*store).size() == 50);
}

TEST_CASE_FIXTURE(Fixture, "a cursor reads many rows one by one, and can be dropped half way") {
    std::vector<NewResponse> batch;
    for (int i = 0; i < 3000; ++i) batch.push_back(row("many-" + std::to_string(i)));
    store->insert(batch);
    {
        auto cursor = store->select({});
        StoredResponse r;
        for (int i = 0; i < 10; ++i) REQUIRE(cursor->next(r));
    }  // dropped before the end
    CHECK(read_all(*store).size() == 3000);
    CHECK(store->insert({row("after")}) == std::vector{InsertStatus::Accepted});
}

TEST_CASE("SQLite: the folder of the database file is created, and the file is in WAL mode") {
    if (backend().is_postgres()) return;
    TempDir dir;
    const auto path = dir / "new" / "folder" / "tellus.sqlite3";
    auto store = open_sqlite_store(path.string());
    store->insert({row("x")});
    CHECK(fs::exists(path));
    CHECK(fs::exists(path.string() + "-wal"));
    CHECK(store->describe() == "SQLite " + path.string());
}

TEST_CASE("PostgreSQL: an unreachable server is a clear StoreError, with no password in the description") {
    if (!backend().is_postgres()) return;
    CHECK_THROWS_AS(open_store("postgresql://tellus@127.0.0.1:1/nothing"), StoreError);
    TempDir dir;
    auto store = open_store(backend().new_db(dir.path()));
    CHECK(store->describe().rfind("PostgreSQL 127.0.0.1:", 0) == 0);
}

TEST_CASE_FIXTURE(Fixture, "a database that takes writes says so (GET /readyz)") {
    CHECK_FALSE(store->write_problem().has_value());
    CHECK_FALSE(store->write_problem().has_value());  // the test row is rewritten, not added
}

TEST_CASE("PostgreSQL: a row it cannot store fails alone; every other request of its group gets its answer") {
    if (!backend().is_postgres()) return;
    TempDir dir;
    auto store = open_store(backend().new_db(dir.path()));
    // Validation refuses a NUL long before this; here the store is handed one directly.
    std::vector<NewResponse> poisoned{row("good-1"), row("bad", std::string("no\0rth", 6)), row("good-2")};
    std::atomic<int> others_accepted{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t)
        clients.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i)
                for (auto s : store->insert({row("other-" + std::to_string(t) + "-" + std::to_string(i))}))
                    others_accepted += s == InsertStatus::Accepted;
        });
    const auto statuses = store->insert(poisoned);
    for (auto& c : clients) c.join();
    CHECK(statuses == std::vector{InsertStatus::Accepted, InsertStatus::Refused, InsertStatus::Accepted});
    CHECK(others_accepted == 100);
    CHECK(read_all(*store).size() == 102);
    CHECK(store->insert(poisoned) == std::vector{InsertStatus::Duplicate, InsertStatus::Refused, InsertStatus::Duplicate});
}

TEST_CASE("PostgreSQL: /readyz's probe names the problem while the server is down, and recovers") {
    if (!backend().is_postgres()) return;
    TempDir dir;
    auto store = open_store(backend().new_db(dir.path()));
    CHECK_FALSE(store->write_problem().has_value());
    backend().postgres->stop_server();
    const auto problem = store->write_problem();
    backend().postgres->start_server();
    REQUIRE(problem.has_value());
    CHECK(problem->find("PostgreSQL") != std::string::npos);
    CHECK_FALSE(store->write_problem().has_value());
}

TEST_CASE("SQLite: the write-ahead log is copied into the database while the server runs") {
    if (backend().is_postgres()) return;
    TempDir dir;
    const auto path = (dir / "tellus.sqlite3").string();
    auto store = open_sqlite_store(path);
    const auto empty_size = fs::file_size(path);
    std::vector<NewResponse> batch;
    for (int i = 0; i < 3000; ++i) batch.push_back(row("wal-" + std::to_string(i)));
    store->insert(batch);
    // The checkpointer runs twice a second; before it worked, the database file never grew.
    for (int i = 0; i < 50 && fs::file_size(path) <= empty_size + 500'000; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(fs::file_size(path) > empty_size + 500'000);
}
