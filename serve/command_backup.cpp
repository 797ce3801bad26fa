// tellus-serve backup FILE: a consistent copy of a live SQLite database, made with SQLite's online
// backup API while the server keeps taking uploads. (A plain file copy of a WAL database is not
// safe: the last commits may still be in the -wal file.) PostgreSQL has pg_dump for this.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "commands.hpp"

namespace tellus::serve {
namespace {

namespace fs = std::filesystem;

constexpr int kPagesPerStep = 256;                  // 1 MiB with 4 KiB pages: a short lock on the source each step
constexpr std::chrono::seconds kBusyPatience{60};  // a source locked this long by others: give up

bool is_postgres_url(const std::string& db) { return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0; }

// One connection, closed on every path out.
class Connection {
public:
    Connection(const std::string& path, int flags, const std::string& what) {
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            db_ = nullptr;
            throw std::runtime_error("cannot open " + what + " \"" + path + "\": " + why);
        }
        sqlite3_busy_timeout(db_, 10000);
    }
    ~Connection() { close(); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    sqlite3* get() const { return db_; }
    void close() {
        if (db_) sqlite3_close_v2(db_);
        db_ = nullptr;
    }

private:
    sqlite3* db_ = nullptr;
};

[[noreturn]] void fail(sqlite3* db, const std::string& doing) {
    std::string why = db ? sqlite3_errmsg(db) : "unknown error";
    if (db && (sqlite3_extended_errcode(db) & 0xff) == SQLITE_FULL) why = "the disk is full";
    throw std::runtime_error("backup: could not " + doing + ": " + why);
}

void exec(sqlite3* db, const char* sql, const std::string& doing) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, doing);
}

std::string single_text(sqlite3* db, const char* sql, const std::string& doing) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) fail(db, doing);
    std::string text;
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        text = p ? p : "";
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(db, doing);
    return text;
}

// The copy being made, removed (with any journal SQLite left next to it) unless it was renamed.
class PartialFile {
public:
    explicit PartialFile(std::string path) : path_(std::move(path)) {}
    ~PartialFile() {
        if (keep_) return;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
    }
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;
    const std::string& path() const { return path_; }
    void keep() { keep_ = true; }

private:
    std::string path_;
    bool keep_ = false;
};

void sync_to_disk(const std::string& path, bool folder) {
    const int fd = ::open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return;
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0 && !folder) throw std::runtime_error("backup: could not write \"" + path + "\" to disk: " + std::strerror(errno));
}

// Renames `from` to `to` unless `to` exists (atomically where the file system supports it).
void rename_no_replace(const std::string& from, const std::string& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
    if (errno == EEXIST) throw std::runtime_error("\"" + to + "\" appeared while the backup was made: it was left as it is");
    if (errno != EINVAL && errno != ENOSYS) throw std::runtime_error("cannot rename the backup to \"" + to + "\": " + std::strerror(errno));
    std::error_code ec;
    if (fs::exists(fs::symlink_status(to, ec))) throw std::runtime_error("\"" + to + "\" appeared while the backup was made: it was left as it is");
    if (std::rename(from.c_str(), to.c_str()) != 0) throw std::runtime_error("cannot rename the backup to \"" + to + "\": " + std::strerror(errno));
}

}  // namespace

int run_backup(const Options& options, const std::string& file, std::ostream& out) {
    if (is_postgres_url(options.db))
        throw std::runtime_error(
            "backup copies a SQLite database; for PostgreSQL use pg_dump: pg_dump --format=custom --file=tellus.dump \"postgresql://...\" "
            "(restore with pg_restore; see docs/api.md, Backups)");
    std::error_code ec;
    if (fs::exists(fs::symlink_status(file, ec)))
        throw std::runtime_error("\"" + file + "\" already exists: backup never overwrites a file; name a new one");
    if (!fs::is_regular_file(options.db, ec)) throw std::runtime_error("there is no SQLite database at \"" + options.db + "\" (check --db)");
    const fs::path target(file);
    const std::string folder = target.parent_path().empty() ? std::string(".") : target.parent_path().string();
    if (!fs::is_directory(folder, ec)) throw std::runtime_error("cannot write \"" + file + "\": there is no folder \"" + folder + "\"");

    // The copy is made under a temporary name in the same folder, then renamed into place: FILE
    // either does not exist or is a complete, checked backup.
    std::string temp_name = (fs::path(folder) / ("." + target.filename().string() + ".partial-XXXXXX")).string();
    const int fd = ::mkstemp(temp_name.data());
    if (fd < 0) throw std::runtime_error("cannot write in the folder \"" + folder + "\": " + std::strerror(errno));
    ::close(fd);
    PartialFile partial(temp_name);

    const auto started = std::chrono::steady_clock::now();
    Connection source(options.db, SQLITE_OPEN_READWRITE, "the SQLite database");  // read-write so it can join the WAL; never written
    Connection copy(partial.path(), SQLITE_OPEN_READWRITE, "the backup file");

    // In WAL mode (as tellus-serve runs it) one read transaction held for the whole copy gives one
    // consistent snapshot and blocks no writer; without it, any commit by the server between two
    // steps would make SQLite restart the copy from the first page. In rollback-journal mode a
    // held read would block writers, so there the copy takes short steps and may restart.
    const bool wal = single_text(source.get(), "PRAGMA journal_mode", "read the journal mode") == "wal";
    if (wal) {
        exec(source.get(), "BEGIN", "start a read transaction");
        single_text(source.get(), "SELECT count(*) FROM sqlite_schema", "read the database");
    }
    sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.get(), "main");
    if (!backup) fail(copy.get(), "start the backup");
    auto busy_since = std::chrono::steady_clock::time_point{};
    int rc = SQLITE_OK;
    while ((rc = sqlite3_backup_step(backup, kPagesPerStep)) != SQLITE_DONE) {
        if (rc == SQLITE_OK) {
            busy_since = {};
            if (!wal) sqlite3_sleep(2);  // let a writer in between two steps
            continue;
        }
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            const auto now = std::chrono::steady_clock::now();
            if (busy_since == std::chrono::steady_clock::time_point{}) busy_since = now;
            if (now - busy_since < kBusyPatience) {
                sqlite3_sleep(50);
                continue;
            }
        }
        sqlite3_backup_finish(backup);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            throw std::runtime_error("backup: the database \"" + options.db + "\" stayed locked for " + std::to_string(kBusyPatience.count()) +
                                     " s; nothing was written, try again");
        fail(copy.get(), "copy the database");
    }
    const int pages = sqlite3_backup_pagecount(backup);
    if (sqlite3_backup_finish(backup) != SQLITE_OK) fail(copy.get(), "finish the backup");
    if (wal) sqlite3_exec(source.get(), "COMMIT", nullptr, nullptr, nullptr);
    source.close();

    // One self-contained file (no -wal next to it), checked before it gets its name.
    single_text(copy.get(), "PRAGMA journal_mode=DELETE", "finish the backup file");
    const std::string check = single_text(copy.get(), "PRAGMA quick_check", "check the backup");
    if (check != "ok") throw std::runtime_error("backup: the copy failed its check (" + check + "); nothing was written, try again");
    copy.close();
    sync_to_disk(partial.path(), false);
    rename_no_replace(partial.path(), file);
    partial.keep();
    sync_to_disk(folder, true);

    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    out << "backed up SQLite " << options.db << " to " << file << ": " << pages << " pages, " << fs::file_size(file, ec) << " bytes, in " << ms
        << " ms\n"
        << "to restore it: stop tellus-serve, copy " << file << " to the --db path (delete the -wal and -shm files next to that path), and start it again\n";
    return 0;
}

}  // namespace tellus::serve
