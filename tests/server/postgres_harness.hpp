#pragma once
// A real, throw-away PostgreSQL server for tests: initdb on a temporary folder, listening on a free
// loopback port. PostgreSQL refuses to run as root, so when we are root it runs as the "postgres"
// system user (made by Debian's postgresql package) with the folder handed over to it.
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>

#include "harness.hpp"

namespace tellus::test {

class PostgresServer {
public:
    // Starts one, or returns nullopt with `why` set when PostgreSQL is not available here.
    static std::unique_ptr<PostgresServer> start(std::string& why) {
        const std::string bin = find_bin();
        if (bin.empty()) {
            why = "PostgreSQL binaries (initdb, pg_ctl) not found: install the postgresql package (scripts/setup.sh does)";
            return nullptr;
        }
        auto server = std::unique_ptr<PostgresServer>(new PostgresServer(bin));
        if (!server->boot(why)) return nullptr;
        return server;
    }
    ~PostgresServer() {
        run(pg("pg_ctl") + " -D " + data() + " -m immediate -w stop >/dev/null 2>&1");
    }
    // A fresh, empty database on this server.
    std::string new_database_url() {
        const std::string name = "t" + std::to_string(++databases_);
        if (run(pg("createdb") + " -h 127.0.0.1 -p " + std::to_string(port_) + " -U tellus " + name + " >>" + (dir_ / "log").string() + " 2>&1") != 0)
            throw std::runtime_error("createdb failed:\n" + read_text(dir_ / "log"));
        return url_for(name);
    }
    std::string url_for(const std::string& database) const {
        return "postgresql://tellus@127.0.0.1:" + std::to_string(port_) + "/" + database;
    }
    // Stops and starts the server (to test what tellus-serve does while the database is away).
    void stop_server() { run(pg("pg_ctl") + " -D " + data() + " -m immediate -w stop >/dev/null 2>&1"); }
    void start_server() { run(pg("pg_ctl") + " -D " + data() + " -l " + (dir_ / "log").string() + " -w -o '" + server_options() + "' start >/dev/null 2>&1"); }

private:
    explicit PostgresServer(std::string bin) : bin_(std::move(bin)) {}

    static std::string find_bin() {
        for (const char* candidate : {"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/14/bin"})
            if (fs::exists(std::string(candidate) + "/initdb")) return candidate;
        return {};
    }

    bool boot(std::string& why) {
        port_ = free_port();
        if (geteuid() == 0) {
            const passwd* user = getpwnam("postgres");
            if (!user) {
                why = "running as root and there is no \"postgres\" user to run PostgreSQL as";
                return false;
            }
            if (chown(dir_.path().c_str(), user->pw_uid, user->pw_gid) != 0) {
                why = "cannot hand the temporary folder to the postgres user";
                return false;
            }
            as_user_ = "runuser -u postgres -- ";
        }
        if (run(pg("initdb") + " -D " + data() + " -A trust -U tellus -E UTF8 --no-sync >" + (dir_ / "initdb.log").string() + " 2>&1") != 0) {
            why = "initdb failed: " + read_text(dir_ / "initdb.log");
            return false;
        }
        start_server();
        if (run(pg("createdb") + " -h 127.0.0.1 -p " + std::to_string(port_) + " -U tellus tellus >/dev/null 2>&1") != 0) {
            why = "PostgreSQL did not start: " + read_text(dir_ / "log");
            return false;
        }
        return true;
    }

    std::string server_options() const {
        return "-p " + std::to_string(port_) + " -k " + dir_.path().string() + " -c listen_addresses=127.0.0.1";
    }
    std::string data() const { return (dir_ / "data").string(); }
    std::string pg(const std::string& tool) const { return as_user_ + bin_ + "/" + tool; }
    static int run(const std::string& command) { return std::system(command.c_str()); }

    std::string bin_;
    TempDir dir_;
    std::string as_user_;
    int port_ = 0;
    int databases_ = 0;
};

}  // namespace tellus::test
