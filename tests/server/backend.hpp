#pragma once
// Which database the server tests run against: TELLUS_TEST_BACKEND=sqlite (default) or postgres.
// The same test cases run on both; main() starts PostgreSQL once, or skips (exit 77) saying why.
#include <memory>
#include <string>

#include "postgres_harness.hpp"

namespace tellus::test {

struct Backend {
    std::string name = "sqlite";
    std::unique_ptr<PostgresServer> postgres;

    // An empty database: a file path under `dir` for SQLite, a new database for PostgreSQL.
    std::string new_db(const fs::path& dir) { return postgres ? postgres->new_database_url() : (dir / "db" / "tellus.sqlite3").string(); }
    bool is_postgres() const { return postgres != nullptr; }
};

Backend& backend();

}  // namespace tellus::test
