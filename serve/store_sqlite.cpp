// The default store: one SQLite file in WAL mode. Writes go through one committer thread that
// gathers the batches waiting at that moment into a single transaction (group_commit.hpp): one
// fsync acknowledges many requests, and no request is answered before its rows are on disk.
#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "group_commit.hpp"
#include "store.hpp"

namespace tellus::serve {
namespace {

// Each entry moves the schema one version forward. Never edit a shipped entry: add a new one.
const char* const kMigrations[] = {
    R"(CREATE TABLE responses (
         id TEXT PRIMARY KEY,
         survey_id TEXT NOT NULL,
         survey_version INTEGER NOT NULL,
         site TEXT NOT NULL,
         submitted_at TEXT NOT NULL,
         submitted_ms INTEGER NOT NULL,
         received_at TEXT NOT NULL,
         body TEXT NOT NULL);
       CREATE INDEX responses_by_survey ON responses(survey_id, submitted_ms);
       CREATE INDEX responses_by_site ON responses(site, submitted_ms);)",
    // One row that GET /readyz rewrites to prove the database takes writes.
    R"(CREATE TABLE readiness (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL);)",
    // Staff sessions (by the hash of their secret) and the audit trail (issue 11).
    R"(CREATE TABLE staff_sessions (
         secret_hash TEXT PRIMARY KEY,
         token_hash TEXT NOT NULL,
         name TEXT NOT NULL,
         role TEXT NOT NULL,
         created_ms INTEGER NOT NULL,
         last_used_ms INTEGER NOT NULL);
       CREATE TABLE audit_log (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         at TEXT NOT NULL,
         name TEXT NOT NULL,
         role TEXT NOT NULL,
         action TEXT NOT NULL,
         filters TEXT NOT NULL,
         row_count INTEGER NOT NULL);
       CREATE INDEX responses_by_time ON responses(submitted_ms);)",
    // Comments for staff (issue 15): one row per non-empty free-text answer, filled for the rows
    // already stored by backfill_comments() in the same transaction. The index serves the pages
    // of GET /api/v1/comments, newest first. `folded` is core's fold_text() of `text`.
    R"(CREATE TABLE comments (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         response_id TEXT NOT NULL,
         survey_id TEXT NOT NULL,
         question_id TEXT NOT NULL,
         site TEXT NOT NULL,
         locale TEXT NOT NULL,
         submitted_at TEXT NOT NULL,
         submitted_ms INTEGER NOT NULL,
         text TEXT NOT NULL,
         status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'read', 'acted_on')),
         folded TEXT NOT NULL,
         UNIQUE (response_id, question_id));
       CREATE INDEX comments_by_survey ON comments(survey_id, submitted_ms DESC, id DESC);)",
};
// The schema version whose migration made the comments table: it also fills it.
constexpr int kCommentsSchema = 4;

constexpr const char* kInsertComment =
    "INSERT INTO comments (response_id, survey_id, question_id, site, locale, submitted_at, submitted_ms, text, folded) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING";

// Newest first from the keyset position ?9/?10. "submitted_ms <= ?9" repeats what the OR says so
// that the index range starts at the cursor: a deep page costs what the first one does.
constexpr const char* kSelectComments =
    "SELECT id, question_id, text, submitted_at, site, locale, status, submitted_ms FROM comments "
    "WHERE survey_id = ?1 AND submitted_ms >= ?2 AND submitted_ms < ?3 "
    "AND (?4 = '' OR site = ?4) AND (?5 = '' OR status = ?5) AND (?6 = '' OR instr(folded, ?6) > 0) "
    "AND (?7 = '' OR substr(submitted_at, 1, 10) >= ?7) AND (?8 = '' OR substr(submitted_at, 1, 10) < ?8) "
    "AND submitted_ms <= ?9 AND (submitted_ms < ?9 OR id < ?10) "
    "ORDER BY submitted_ms DESC, id DESC LIMIT ?11";

// The WAL is copied into the database twice a second without blocking anyone (PASSIVE). Under a
// steady stream of commits a passive checkpoint never finds the WAL idle enough to start it over,
// so past this size a TRUNCATE checkpoint makes writers wait a moment and empties the file.
constexpr std::uintmax_t kWalTruncateBytes = 64ULL * 1024 * 1024;
// Refuse to call the database ready with less free space than this.
constexpr std::uintmax_t kMinFreeBytes = 64ULL * 1024 * 1024;
// A failed commit (disk full, I/O error) keeps /readyz at 503 this long, unless a commit succeeds.
constexpr auto kFailureMemory = std::chrono::seconds(60);

[[noreturn]] void fail(sqlite3* db, const std::string& doing) {
    const int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    std::string why = db ? sqlite3_errmsg(db) : "unknown error";
    if ((code & 0xff) == SQLITE_FULL) why = "the disk or database is full";
    // These are about the row's data; anything else (full, I/O, busy) is about the database.
    const int primary = code & 0xff;
    const bool row_problem = primary == SQLITE_TOOBIG || primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH;
    throw StoreError("SQLite could not " + doing + ": " + why, row_problem);
}

void exec(sqlite3* db, const std::string& sql, const std::string& doing) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, doing);
}

// A prepared statement, finalized on every path out.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail(db, "prepare a query");
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    void bind(int index, const std::string& text) { sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT); }
    void bind(int index, int64_t number) { sqlite3_bind_int64(stmt_, index, number); }
    int step() { return sqlite3_step(stmt_); }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    std::string text(int column) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
    }
    int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

sqlite3* open_connection(const std::string& path, int flags) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        std::string why = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw StoreError("cannot open the SQLite database \"" + path + "\": " + why);
    }
    sqlite3_busy_timeout(db, 10000);
    return db;
}

// Closes the connection when it goes; declared before the statements that use it.
struct Connection {
    explicit Connection(sqlite3* db) : db(db) {}
    ~Connection() { sqlite3_close(db); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    sqlite3* db;
};

class SqliteCursor : public ResponseCursor {
public:
    SqliteCursor(const std::string& path, const ResponseFilter& filter)
        : connection_(open_connection(path, SQLITE_OPEN_READONLY)),
          query_(connection_.db,
                 "SELECT id, survey_id, survey_version, site, submitted_at, received_at, body FROM responses "
                 "WHERE (?1 = '' OR survey_id = ?1) AND (?2 = '' OR site = ?2) AND submitted_ms >= ?3 AND submitted_ms < ?4 "
                 "ORDER BY rowid") {
        query_.bind(1, filter.survey);
        query_.bind(2, filter.site);
        query_.bind(3, static_cast<int64_t>(filter.since_ms.value_or(INT64_MIN)));
        query_.bind(4, static_cast<int64_t>(filter.until_ms.value_or(INT64_MAX)));
    }
    bool next(StoredResponse& out) override {
        const int rc = query_.step();
        if (rc == SQLITE_DONE) return false;
        if (rc != SQLITE_ROW) fail(connection_.db, "read responses");
        out.id = query_.text(0);
        out.survey_id = query_.text(1);
        out.survey_version = static_cast<int>(query_.integer(2));
        out.site = query_.text(3);
        out.submitted_at = query_.text(4);
        out.received_at = query_.text(5);
        out.body = query_.text(6);
        return true;
    }

private:
    Connection connection_;
    Statement query_;
};

class SqliteStore : public Store {
public:
    SqliteStore(std::string path, const CommentsOf& comments_of) : path_(std::move(path)) {
        create_parent_folder();
        writer_ = std::make_unique<Connection>(open_connection(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
        // WAL: readers (exports) never block the writer. FULL: a commit is on disk before we answer.
        // Checkpoints run on their own thread so that no commit waits for one.
        exec(writer_->db,
             "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=" +
                 std::to_string(kWalTruncateBytes),
             "switch to WAL mode");
        migrate(comments_of);
        insert_comment_ = std::make_unique<Statement>(writer_->db, kInsertComment);
        insert_ = std::make_unique<Statement>(
            writer_->db,
            "INSERT INTO responses (id, survey_id, survey_version, site, submitted_at, submitted_ms, received_at, body) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO NOTHING");
        // One committer: SQLite has one writer at a time anyway.
        committer_ = std::make_unique<GroupCommit>([this](const GroupCommit::Batches& batches) { return commit(batches); }, 1);
        checkpointer_ = std::thread([this] { checkpoint_loop(); });
    }

    ~SqliteStore() override {
        committer_.reset();  // finishes the queued commits first
        {
            std::lock_guard lock(stop_mutex_);
            stopping_ = true;
        }
        stop_wake_.notify_all();
        checkpointer_.join();
        insert_.reset();
        insert_comment_.reset();
    }

    std::string describe() const override { return "SQLite " + path_; }

    std::vector<InsertStatus> insert(const std::vector<NewResponse>& batch) override { return committer_->insert(batch); }

    std::unique_ptr<ResponseCursor> select(const ResponseFilter& filter) override {
        return std::make_unique<SqliteCursor>(path_, filter);
    }

    int schema_version() override {
        Connection reader(open_connection(path_, SQLITE_OPEN_READONLY));
        Statement query(reader.db, "SELECT version FROM schema_version");
        return query.step() == SQLITE_ROW ? static_cast<int>(query.integer(0)) : 0;
    }

    std::optional<std::string> write_problem() override {
        {
            std::lock_guard lock(failure_mutex_);
            if (last_failure_ && std::chrono::steady_clock::now() - last_failure_->first < kFailureMemory) return last_failure_->second;
        }
        std::error_code ec;
        const auto space = std::filesystem::space(std::filesystem::absolute(path_).parent_path(), ec);
        if (!ec && space.available < kMinFreeBytes)
            return "the disk holding the database has less than " + std::to_string(kMinFreeBytes >> 20) + " MiB free";
        try {
            Connection probe(open_connection(path_, SQLITE_OPEN_READWRITE));
            exec(probe.db, "INSERT INTO readiness (id, checked_at) VALUES (1, datetime('now')) "
                           "ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at", "write a test row");
        } catch (const StoreError& e) {
            return std::string(e.what());
        }
        return std::nullopt;
    }

    void save_session(const StaffSessionRow& r) override {
        Connection c(open_connection(path_, SQLITE_OPEN_READWRITE));
        Statement q(c.db, "INSERT INTO staff_sessions (secret_hash, token_hash, name, role, created_ms, last_used_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        q.bind(1, r.secret_hash);
        q.bind(2, r.token_hash);
        q.bind(3, r.name);
        q.bind(4, r.role);
        q.bind(5, r.created_ms);
        q.bind(6, r.last_used_ms);
        if (q.step() != SQLITE_DONE) fail(c.db, "save a staff session");
    }

    std::optional<StaffSessionRow> find_session(const std::string& secret_hash) override {
        Connection c(open_connection(path_, SQLITE_OPEN_READONLY));
        Statement q(c.db, "SELECT token_hash, name, role, created_ms, last_used_ms FROM staff_sessions WHERE secret_hash = ?1");
        q.bind(1, secret_hash);
        const int rc = q.step();
        if (rc == SQLITE_DONE) return std::nullopt;
        if (rc != SQLITE_ROW) fail(c.db, "read a staff session");
        return StaffSessionRow{secret_hash, q.text(0), q.text(1), q.text(2), q.integer(3), q.integer(4)};
    }

    void touch_session(const std::string& secret_hash, int64_t now_ms) override {
        change("UPDATE staff_sessions SET last_used_ms = max(last_used_ms, ?2) WHERE secret_hash = ?1", "use a staff session",
               [&](Statement& q) {
                   q.bind(1, secret_hash);
                   q.bind(2, now_ms);
               });
    }

    void end_session(const std::string& secret_hash) override {
        change("DELETE FROM staff_sessions WHERE secret_hash = ?1", "end a staff session", [&](Statement& q) { q.bind(1, secret_hash); });
    }

    void purge_sessions(int64_t idle_before_ms, int64_t created_before_ms) override {
        change("DELETE FROM staff_sessions WHERE last_used_ms < ?1 OR created_ms < ?2", "remove ended staff sessions", [&](Statement& q) {
            q.bind(1, idle_before_ms);
            q.bind(2, created_before_ms);
        });
    }

    void record_audit(const AuditRow& r) override {
        change("INSERT INTO audit_log (at, name, role, action, filters, row_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "record an audit entry",
               [&](Statement& q) {
                   q.bind(1, r.at);
                   q.bind(2, r.name);
                   q.bind(3, r.role);
                   q.bind(4, r.action);
                   q.bind(5, r.filters);
                   q.bind(6, r.row_count);
               });
    }

    std::vector<AuditRow> audit_rows(int limit, std::optional<int64_t> before_id) override {
        Connection c(open_connection(path_, SQLITE_OPEN_READONLY));
        Statement q(c.db, "SELECT id, at, name, role, action, filters, row_count FROM audit_log WHERE id < ?1 ORDER BY id DESC LIMIT ?2");
        q.bind(1, before_id.value_or(INT64_MAX));
        q.bind(2, static_cast<int64_t>(limit));
        std::vector<AuditRow> rows;
        for (int rc; (rc = q.step()) != SQLITE_DONE;) {
            if (rc != SQLITE_ROW) fail(c.db, "read the audit trail");
            rows.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.integer(6)});
        }
        return rows;
    }

    int64_t delete_submitted_before(int64_t cutoff_ms) override {
        Connection c(open_connection(path_, SQLITE_OPEN_READWRITE));
        exec(c.db, "BEGIN IMMEDIATE", "start deleting old responses");
        try {
            Statement comments(c.db, "DELETE FROM comments WHERE submitted_ms < ?1");
            comments.bind(1, cutoff_ms);
            if (comments.step() != SQLITE_DONE) fail(c.db, "delete old comments");
            Statement responses(c.db, "DELETE FROM responses WHERE submitted_ms < ?1");
            responses.bind(1, cutoff_ms);
            if (responses.step() != SQLITE_DONE) fail(c.db, "delete old responses");
            const int64_t deleted = sqlite3_changes64(c.db);
            exec(c.db, "COMMIT", "commit deleting old responses");
            return deleted;
        } catch (...) {
            sqlite3_exec(c.db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

    std::vector<CommentRow> comments(const CommentQuery& query) override {
        Connection c(open_connection(path_, SQLITE_OPEN_READONLY));
        Statement q(c.db, kSelectComments);
        const CommentKey after = query.after.value_or(CommentKey{INT64_MAX, INT64_MAX});
        q.bind(1, query.survey);
        q.bind(2, query.since_ms);
        q.bind(3, query.until_ms);
        q.bind(4, query.site);
        q.bind(5, query.status);
        q.bind(6, query.folded_words);
        q.bind(7, query.first_day);
        q.bind(8, query.end_day);
        q.bind(9, after.submitted_ms);
        q.bind(10, after.id);
        q.bind(11, static_cast<int64_t>(query.limit));
        std::vector<CommentRow> rows;
        for (int rc; (rc = q.step()) != SQLITE_DONE;) {
            if (rc != SQLITE_ROW) fail(c.db, "read comments");
            rows.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.integer(7)});
        }
        return rows;
    }

    bool set_comment_status(int64_t id, const std::string& status) override {
        return change("UPDATE comments SET status = ?2 WHERE id = ?1", "mark a comment", [&](Statement& q) {
                   q.bind(1, id);
                   q.bind(2, status);
               }) == 1;
    }

private:
    // One statement that writes, on a connection of its own (the committer thread owns the
    // writer's); returns how many rows it changed.
    template <typename Bind>
    int64_t change(const char* sql, const std::string& doing, Bind bind) {
        Connection c(open_connection(path_, SQLITE_OPEN_READWRITE));
        Statement q(c.db, sql);
        bind(q);
        if (q.step() != SQLITE_DONE) fail(c.db, doing);
        return sqlite3_changes64(c.db);
    }

    void create_parent_folder() {
        const auto parent = std::filesystem::path(path_).parent_path();
        std::error_code ec;
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
        if (ec) throw StoreError("cannot create the folder \"" + parent.string() + "\" for the database: " + ec.message());
    }

    int read_schema_version() {
        Statement query(writer_->db, "SELECT version FROM schema_version");
        return query.step() == SQLITE_ROW ? static_cast<int>(query.integer(0)) : 0;
    }

    void migrate(const CommentsOf& comments_of) {
        exec(writer_->db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", "create the schema_version table");
        exec(writer_->db, "BEGIN IMMEDIATE", "start the schema migration");
        try {
            int version = read_schema_version();
            if (version == 0) exec(writer_->db, "INSERT INTO schema_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)", "record the schema version");
            const int latest = static_cast<int>(std::size(kMigrations));
            if (version > latest)
                throw StoreError("the database \"" + path_ + "\" was made by a newer tellus-serve (schema " + std::to_string(version) + ")");
            for (; version < latest; ++version) {
                exec(writer_->db, kMigrations[version], "migrate the schema to version " + std::to_string(version + 1));
                if (version + 1 == kCommentsSchema) backfill_comments(comments_of);
                exec(writer_->db, "UPDATE schema_version SET version = " + std::to_string(version + 1), "record the schema version");
            }
            exec(writer_->db, "COMMIT", "commit the schema migration");
        } catch (...) {
            sqlite3_exec(writer_->db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

    // The comments of every response stored before the comments table, read one row at a time.
    void backfill_comments(const CommentsOf& comments_of) {
        Statement read(writer_->db, "SELECT id, survey_id, survey_version, site, submitted_at, submitted_ms, body FROM responses ORDER BY rowid");
        Statement write(writer_->db, kInsertComment);
        NewResponse r;
        for (int rc; (rc = read.step()) != SQLITE_DONE;) {
            if (rc != SQLITE_ROW) fail(writer_->db, "read responses to fill the comments table");
            r.id = read.text(0);
            r.survey_id = read.text(1);
            r.site = read.text(3);
            r.submitted_at = read.text(4);
            r.submitted_ms = read.integer(5);
            r.comments = comments_of(r.survey_id, static_cast<int>(read.integer(2)), read.text(6));
            insert_comments(write, r);
        }
    }

    void insert_comments(Statement& write, const NewResponse& r) {
        for (const auto& c : r.comments) {
            write.reset();
            write.bind(1, r.id);
            write.bind(2, r.survey_id);
            write.bind(3, c.question_id);
            write.bind(4, r.site);
            write.bind(5, c.locale);
            write.bind(6, r.submitted_at);
            write.bind(7, r.submitted_ms);
            write.bind(8, c.text);
            write.bind(9, c.folded);
            if (write.step() != SQLITE_DONE) fail(writer_->db, "store a comment");
        }
        write.reset();
    }

    std::vector<std::vector<InsertStatus>> commit(const GroupCommit::Batches& batches) {
        std::vector<std::vector<InsertStatus>> results;
        try {
            exec(writer_->db, "BEGIN IMMEDIATE", "start a transaction");
            for (const auto* batch : batches) results.push_back(insert_rows(*batch));
            exec(writer_->db, "COMMIT", "commit responses");
        } catch (const StoreError& e) {
            insert_->reset();
            insert_comment_->reset();
            sqlite3_exec(writer_->db, "ROLLBACK", nullptr, nullptr, nullptr);
            if (!e.row_problem()) remember_failure(e.what());
            throw;
        }
        remember_failure({});
        return results;
    }

    void remember_failure(const std::string& what) {
        std::lock_guard lock(failure_mutex_);
        if (what.empty()) last_failure_.reset();
        else last_failure_ = {std::chrono::steady_clock::now(), what};
    }

    std::vector<InsertStatus> insert_rows(const std::vector<NewResponse>& batch) {
        std::vector<InsertStatus> statuses;
        for (const auto& r : batch) {
            insert_->reset();
            insert_->bind(1, r.id);
            insert_->bind(2, r.survey_id);
            insert_->bind(3, static_cast<int64_t>(r.survey_version));
            insert_->bind(4, r.site);
            insert_->bind(5, r.submitted_at);
            insert_->bind(6, r.submitted_ms);
            insert_->bind(7, r.received_at);
            insert_->bind(8, r.body);
            if (insert_->step() != SQLITE_DONE) fail(writer_->db, "store a response");
            const bool accepted = sqlite3_changes(writer_->db) == 1;
            if (accepted) insert_comments(*insert_comment_, r);  // a duplicate adds no comment
            statuses.push_back(accepted ? InsertStatus::Accepted : InsertStatus::Duplicate);
        }
        insert_->reset();
        return statuses;
    }

    // Copies the WAL into the database file twice a second; past kWalTruncateBytes, empties it.
    void checkpoint_loop() {
        Connection connection(open_connection(path_, SQLITE_OPEN_READWRITE));
        // A connection opens the WAL only when it first reads: until then a checkpoint does nothing.
        exec(connection.db, "SELECT count(*) FROM schema_version", "open the write-ahead log");
        const std::string wal = path_ + "-wal";
        std::unique_lock lock(stop_mutex_);
        while (!stop_wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stopping_; })) {
            std::error_code ec;
            const auto size = std::filesystem::file_size(wal, ec);
            const int mode = !ec && size > kWalTruncateBytes ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE;
            sqlite3_wal_checkpoint_v2(connection.db, nullptr, mode, nullptr, nullptr);
        }
    }

    std::string path_;
    std::unique_ptr<Connection> writer_;
    std::unique_ptr<Statement> insert_;
    std::unique_ptr<Statement> insert_comment_;
    std::unique_ptr<GroupCommit> committer_;
    std::mutex failure_mutex_;
    std::optional<std::pair<std::chrono::steady_clock::time_point, std::string>> last_failure_;
    std::mutex stop_mutex_;
    std::condition_variable stop_wake_;
    bool stopping_ = false;
    std::thread checkpointer_;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const CommentsOf& comments_of) {
    return std::make_unique<SqliteStore>(path, comments_of);
}

std::unique_ptr<Store> open_store(const std::string& db, const CommentsOf& comments_of) {
    if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0) return open_postgres_store(db, comments_of);
    return open_sqlite_store(db, comments_of);
}

}  // namespace tellus::serve
