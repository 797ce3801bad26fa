// The store for a health region: PostgreSQL via libpq, shared by several tellus-serve instances
// behind a load balancer. Dedupe is the primary key with ON CONFLICT DO NOTHING, so two servers
// receiving the same retried response store it once. Committer threads (group_commit.hpp) borrow pooled
// connections and store a whole group of requests with one statement;
// each export gets a connection of its own and reads in single-row mode (memory stays flat).
#include <libpq-fe.h>

#include <condition_variable>
#include <mutex>
#include <optional>

#include <unordered_set>

#include "group_commit.hpp"
#include "store.hpp"

namespace tellus::serve {
namespace {

const char* const kMigrations[] = {
    R"(CREATE TABLE responses (
         seq BIGSERIAL NOT NULL,
         id TEXT PRIMARY KEY,
         survey_id TEXT NOT NULL,
         survey_version INTEGER NOT NULL,
         site TEXT NOT NULL,
         submitted_at TEXT NOT NULL,
         submitted_ms BIGINT NOT NULL,
         received_at TEXT NOT NULL,
         body TEXT NOT NULL);
       CREATE INDEX responses_by_seq ON responses(seq);
       CREATE INDEX responses_by_survey ON responses(survey_id, submitted_ms);
       CREATE INDEX responses_by_site ON responses(site, submitted_ms);)",
    // One row that GET /readyz rewrites to prove the database takes writes.
    R"(CREATE TABLE readiness (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TIMESTAMPTZ NOT NULL);)",
    // Staff sessions (by the hash of their secret) and the audit trail (issue 11).
    R"(CREATE TABLE staff_sessions (
         secret_hash TEXT PRIMARY KEY,
         token_hash TEXT NOT NULL,
         name TEXT NOT NULL,
         role TEXT NOT NULL,
         created_ms BIGINT NOT NULL,
         last_used_ms BIGINT NOT NULL);
       CREATE TABLE audit_log (
         id BIGSERIAL PRIMARY KEY,
         at TEXT NOT NULL,
         name TEXT NOT NULL,
         role TEXT NOT NULL,
         action TEXT NOT NULL,
         filters TEXT NOT NULL,
         row_count BIGINT NOT NULL);
       CREATE INDEX responses_by_time ON responses(submitted_ms);)",
    // Comments for staff (issue 15): one row per non-empty free-text answer, filled for the rows
    // already stored by backfill_comments() in the same transaction. The index serves the pages
    // of GET /api/v1/comments, newest first. `folded` is core's fold_text() of `text`.
    R"(CREATE TABLE comments (
         id BIGSERIAL PRIMARY KEY,
         response_id TEXT NOT NULL,
         survey_id TEXT NOT NULL,
         question_id TEXT NOT NULL,
         site TEXT NOT NULL,
         locale TEXT NOT NULL,
         submitted_at TEXT NOT NULL,
         submitted_ms BIGINT NOT NULL,
         text TEXT NOT NULL,
         status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'read', 'acted_on')),
         folded TEXT NOT NULL,
         UNIQUE (response_id, question_id));
       CREATE INDEX comments_by_survey ON comments(survey_id, submitted_ms DESC, id DESC);)",
};
// The schema version whose migration made the comments table: it also fills it.
constexpr int kCommentsSchema = 4;

// SQLSTATE classes about the data of a row (22 data exception, e.g. 22021 a character UTF-8
// cannot hold; 23 integrity; 54 program limit): the same rows would fail again. Anything else
// (08 connection, 53 resources such as a full disk, 57 operator intervention...) is the database's state.
bool is_row_problem(const PGresult* result) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    if (!state) return false;
    const std::string cls(state, 2);
    return cls == "22" || cls == "23" || cls == "54";
}

// Any number will do, as long as every tellus-serve uses the same: it serialises migrations.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7283746501)";

// One statement stores a whole group: the columns arrive as arrays and unnest() turns them back into
// rows. The responses that were new (the others were duplicates) take their comments ($9-$13, one
// array element per comment) along, and their ids come back.
constexpr const char* kInsertGroup =
    "WITH new_rows AS ("
    " INSERT INTO responses (id, survey_id, survey_version, site, submitted_at, submitted_ms, received_at, body)"
    " SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[])"
    " ON CONFLICT (id) DO NOTHING RETURNING id, survey_id, site, submitted_at, submitted_ms), "
    "new_comments AS ("
    " INSERT INTO comments (response_id, survey_id, question_id, site, locale, submitted_at, submitted_ms, text, folded)"
    " SELECT r.id, r.survey_id, c.question_id, r.site, c.locale, r.submitted_at, r.submitted_ms, c.text, c.folded"
    " FROM unnest($9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) WITH ORDINALITY"
    "  AS c(response_id, question_id, locale, text, folded, ordinal)"
    " JOIN new_rows r ON r.id = c.response_id ORDER BY c.ordinal"
    " ON CONFLICT DO NOTHING) "
    "SELECT id FROM new_rows";
constexpr int kInsertGroupParams = 13;

constexpr const char* kInsertComment =
    "INSERT INTO comments (response_id, survey_id, question_id, site, locale, submitted_at, submitted_ms, text, folded) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, $8, $9) ON CONFLICT DO NOTHING";

// Newest first from the keyset position $9/$10; "submitted_ms <= $9" lets the index range start at
// the cursor. Local dates compare byte by byte (COLLATE "C"), as in SQLite.
constexpr const char* kSelectComments =
    "SELECT id, question_id, text, submitted_at, site, locale, status, submitted_ms FROM comments "
    "WHERE survey_id = $1 AND submitted_ms >= $2::bigint AND submitted_ms < $3::bigint "
    "AND ($4 = '' OR site = $4) AND ($5 = '' OR status = $5) AND ($6 = '' OR strpos(folded, $6) > 0) "
    "AND ($7 = '' OR substr(submitted_at, 1, 10) COLLATE \"C\" >= $7) AND ($8 = '' OR substr(submitted_at, 1, 10) COLLATE \"C\" < $8) "
    "AND submitted_ms <= $9::bigint AND (submitted_ms < $9::bigint OR id < $10::bigint) "
    "ORDER BY submitted_ms DESC, id DESC LIMIT $11::bigint";

// The comments migration reads stored responses this many at a time (a cursor in the migration's
// transaction), so filling the table takes no more memory for a million responses than for ten.
constexpr int kBackfillFetch = 500;

constexpr const char* kSelect =
    "SELECT id, survey_id, survey_version, site, submitted_at, received_at, body FROM responses "
    "WHERE ($1 = '' OR survey_id = $1) AND ($2 = '' OR site = $2) AND submitted_ms >= $3::bigint AND submitted_ms < $4::bigint "
    "ORDER BY seq";

// A PostgreSQL array literal: {"a","b \\"quoted\\""}.
class ArrayLiteral {
public:
    void add(const std::string& text) {
        out_ += out_.size() > 1 ? ",\"" : "\"";
        for (char c : text) {
            if (c == '"' || c == '\\') out_ += '\\';
            out_ += c;
        }
        out_ += '"';
    }
    void add(int64_t number) { add(std::to_string(number)); }
    std::string finish() const { return out_ + "}"; }

private:
    std::string out_ = "{";
};

std::string message_of(PGconn* conn) {
    std::string text = conn ? PQerrorMessage(conn) : "out of memory";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

struct Result {
    explicit Result(PGresult* r) : r(r) {}
    ~Result() { PQclear(r); }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    PGresult* r;
};

void exec(PGconn* conn, const std::string& sql, const std::string& doing) {
    Result result(PQexec(conn, sql.c_str()));
    const auto status = PQresultStatus(result.r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw StoreError("PostgreSQL could not " + doing + ": " + message_of(conn));
}

PGconn* connect(const std::string& url) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string why = message_of(conn);
        PQfinish(conn);
        throw StoreError("cannot connect to PostgreSQL: " + why);
    }
    return conn;
}

class PostgresCursor : public ResponseCursor {
public:
    PostgresCursor(const std::string& url, const ResponseFilter& filter) : conn_(connect(url)) {
        const std::string since = std::to_string(filter.since_ms.value_or(INT64_MIN));
        const std::string until = std::to_string(filter.until_ms.value_or(INT64_MAX));
        const char* values[] = {filter.survey.c_str(), filter.site.c_str(), since.c_str(), until.c_str()};
        if (!PQsendQueryParams(conn_, kSelect, 4, nullptr, values, nullptr, nullptr, 0) || !PQsetSingleRowMode(conn_)) {
            const std::string why = message_of(conn_);
            PQfinish(conn_);
            throw StoreError("PostgreSQL could not read responses: " + why);
        }
    }
    ~PostgresCursor() override {
        if (!finished_)
            if (PGcancel* cancel = PQgetCancel(conn_)) {
                char error[256];
                PQcancel(cancel, error, sizeof error);
                PQfreeCancel(cancel);
            }
        PQfinish(conn_);
    }
    bool next(StoredResponse& out) override {
        if (finished_) return false;
        Result row(PQgetResult(conn_));
        const auto status = row.r ? PQresultStatus(row.r) : PGRES_TUPLES_OK;
        if (status == PGRES_SINGLE_TUPLE) {
            out.id = PQgetvalue(row.r, 0, 0);
            out.survey_id = PQgetvalue(row.r, 0, 1);
            out.survey_version = std::atoi(PQgetvalue(row.r, 0, 2));
            out.site = PQgetvalue(row.r, 0, 3);
            out.submitted_at = PQgetvalue(row.r, 0, 4);
            out.received_at = PQgetvalue(row.r, 0, 5);
            out.body.assign(PQgetvalue(row.r, 0, 6), static_cast<size_t>(PQgetlength(row.r, 0, 6)));
            return true;
        }
        finished_ = true;
        while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);  // the end marker
        if (status != PGRES_TUPLES_OK) throw StoreError("PostgreSQL could not read responses: " + message_of(conn_));
        return false;
    }

private:
    PGconn* conn_;
    bool finished_ = false;
};

class PostgresStore : public Store {
public:
    PostgresStore(std::string url, const CommentsOf& comments_of) : url_(std::move(url)) {
        PGconn* conn = connect(url_);
        describe_ = std::string("PostgreSQL ") + PQhost(conn) + ":" + PQport(conn) + "/" + PQdb(conn);
        try {
            migrate(conn, comments_of);
            prepare(conn);
        } catch (...) {
            PQfinish(conn);
            throw;
        }
        idle_.push_back(conn);
        // Several committers: PostgreSQL runs their transactions side by side.
        committer_ = std::make_unique<GroupCommit>([this](const GroupCommit::Batches& batches) { return commit(batches); }, 4);
    }
    ~PostgresStore() override {
        committer_.reset();  // finishes the queued commits first
        for (PGconn* conn : idle_) PQfinish(conn);
    }

    std::string describe() const override { return describe_; }

    std::vector<InsertStatus> insert(const std::vector<NewResponse>& batch) override { return committer_->insert(batch); }

    std::unique_ptr<ResponseCursor> select(const ResponseFilter& filter) override {
        return std::make_unique<PostgresCursor>(url_, filter);
    }

    std::optional<std::string> write_problem() override {
        try {
            Lease lease(*this);
            exec(lease.conn, "INSERT INTO readiness (id, checked_at) VALUES (1, now()) "
                             "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at", "write a test row");
        } catch (const StoreError& e) {
            // A pooled connection may have died with a restart: the next probe gets a fresh one.
            drop_idle_connections();
            return std::string(e.what());
        }
        return std::nullopt;
    }

    int schema_version() override {
        Lease lease(*this);
        Result result(PQexec(lease.conn, "SELECT version FROM schema_version"));
        if (PQresultStatus(result.r) != PGRES_TUPLES_OK || PQntuples(result.r) != 1) return 0;
        return std::atoi(PQgetvalue(result.r, 0, 0));
    }

    void save_session(const StaffSessionRow& r) override {
        run("INSERT INTO staff_sessions (secret_hash, token_hash, name, role, created_ms, last_used_ms) VALUES ($1, $2, $3, $4, $5::bigint, $6::bigint)",
            {r.secret_hash, r.token_hash, r.name, r.role, std::to_string(r.created_ms), std::to_string(r.last_used_ms)}, "save a staff session");
    }

    std::optional<StaffSessionRow> find_session(const std::string& secret_hash) override {
        const auto rows = run("SELECT token_hash, name, role, created_ms, last_used_ms FROM staff_sessions WHERE secret_hash = $1", {secret_hash},
                              "read a staff session");
        if (rows.empty()) return std::nullopt;
        const auto& r = rows.front();
        return StaffSessionRow{secret_hash, r[0], r[1], r[2], std::stoll(r[3]), std::stoll(r[4])};
    }

    void touch_session(const std::string& secret_hash, int64_t now_ms) override {
        run("UPDATE staff_sessions SET last_used_ms = greatest(last_used_ms, $2::bigint) WHERE secret_hash = $1", {secret_hash, std::to_string(now_ms)},
            "use a staff session");
    }

    void end_session(const std::string& secret_hash) override {
        run("DELETE FROM staff_sessions WHERE secret_hash = $1", {secret_hash}, "end a staff session");
    }

    void purge_sessions(int64_t idle_before_ms, int64_t created_before_ms) override {
        run("DELETE FROM staff_sessions WHERE last_used_ms < $1::bigint OR created_ms < $2::bigint",
            {std::to_string(idle_before_ms), std::to_string(created_before_ms)}, "remove ended staff sessions");
    }

    void record_audit(const AuditRow& r) override {
        run("INSERT INTO audit_log (at, name, role, action, filters, row_count) VALUES ($1, $2, $3, $4, $5, $6::bigint)",
            {r.at, r.name, r.role, r.action, r.filters, std::to_string(r.row_count)}, "record an audit entry");
    }

    std::vector<AuditRow> audit_rows(int limit, std::optional<int64_t> before_id) override {
        std::vector<AuditRow> rows;
        for (const auto& r : run("SELECT id, at, name, role, action, filters, row_count FROM audit_log WHERE id < $1::bigint ORDER BY id DESC LIMIT $2::bigint",
                                 {std::to_string(before_id.value_or(INT64_MAX)), std::to_string(limit)}, "read the audit trail"))
            rows.push_back({std::stoll(r[0]), r[1], r[2], r[3], r[4], r[5], std::stoll(r[6])});
        return rows;
    }

    int64_t delete_submitted_before(int64_t cutoff_ms) override {
        const auto rows = run("WITH gone AS (DELETE FROM responses WHERE submitted_ms < $1::bigint RETURNING 1), "
                              "gone_comments AS (DELETE FROM comments WHERE submitted_ms < $1::bigint) SELECT count(*) FROM gone",
                              {std::to_string(cutoff_ms)}, "delete old responses");
        return rows.empty() ? 0 : std::stoll(rows.front()[0]);
    }

    std::vector<CommentRow> comments(const CommentQuery& q) override {
        const CommentKey after = q.after.value_or(CommentKey{INT64_MAX, INT64_MAX});
        std::vector<CommentRow> rows;
        for (const auto& r : run(kSelectComments,
                                 {q.survey, std::to_string(q.since_ms), std::to_string(q.until_ms), q.site, q.status, q.folded_words, q.first_day,
                                  q.end_day, std::to_string(after.submitted_ms), std::to_string(after.id), std::to_string(q.limit)},
                                 "read comments"))
            rows.push_back({std::stoll(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], std::stoll(r[7])});
        return rows;
    }

    bool set_comment_status(int64_t id, const std::string& status) override {
        return !run("UPDATE comments SET status = $2 WHERE id = $1::bigint RETURNING id", {std::to_string(id), status}, "mark a comment").empty();
    }

private:
    // One parameterised statement on a pooled connection; its rows as text.
    std::vector<std::vector<std::string>> run(const char* sql, const std::vector<std::string>& params, const std::string& doing) {
        Lease lease(*this);
        std::vector<const char*> values;
        for (const auto& p : params) values.push_back(p.c_str());
        Result result(PQexecParams(lease.conn, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
        const auto status = PQresultStatus(result.r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw StoreError("PostgreSQL could not " + doing + ": " + message_of(lease.conn));
        std::vector<std::vector<std::string>> rows;
        for (int row = 0; row < PQntuples(result.r); ++row) {
            auto& out = rows.emplace_back();
            for (int col = 0; col < PQnfields(result.r); ++col) out.emplace_back(PQgetvalue(result.r, row, col));
        }
        return rows;
    }

    // A pooled connection for the length of one call; a broken one is dropped, not returned.
    struct Lease {
        explicit Lease(PostgresStore& store) : store(store), conn(store.acquire()) {}
        ~Lease() { store.release(conn); }
        PostgresStore& store;
        PGconn* conn;
    };

    PGconn* acquire() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                PGconn* conn = idle_.back();
                idle_.pop_back();
                return conn;
            }
        }
        PGconn* conn = connect(url_);
        try {
            prepare(conn);
        } catch (...) {
            PQfinish(conn);
            throw;
        }
        return conn;
    }

    void release(PGconn* conn) {
        if (PQstatus(conn) != CONNECTION_OK || PQtransactionStatus(conn) != PQTRANS_IDLE) {
            PQfinish(conn);
            return;
        }
        std::lock_guard lock(mutex_);
        idle_.push_back(conn);
    }

    void drop_idle_connections() {
        std::lock_guard lock(mutex_);
        for (PGconn* conn : idle_) PQfinish(conn);
        idle_.clear();
    }

    static void prepare(PGconn* conn) {
        Result result(PQprepare(conn, "insert_group", kInsertGroup, kInsertGroupParams, nullptr));
        if (PQresultStatus(result.r) != PGRES_COMMAND_OK) throw StoreError("PostgreSQL could not prepare a query: " + message_of(conn));
    }

    void migrate(PGconn* conn, const CommentsOf& comments_of) {
        exec(conn, "SET client_min_messages = warning", "set the message level");
        exec(conn, "BEGIN", "start the schema migration");
        try {
            exec(conn, kMigrationLock, "lock the schema for migration");
            exec(conn, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", "create the schema_version table");
            Result current(PQexec(conn, "SELECT version FROM schema_version"));
            int version = PQntuples(current.r) == 1 ? std::atoi(PQgetvalue(current.r, 0, 0)) : 0;
            if (PQntuples(current.r) == 0) exec(conn, "INSERT INTO schema_version (version) VALUES (0)", "record the schema version");
            const int latest = static_cast<int>(std::size(kMigrations));
            if (version > latest) throw StoreError("the database was made by a newer tellus-serve (schema " + std::to_string(version) + ")");
            for (; version < latest; ++version) {
                exec(conn, kMigrations[version], "migrate the schema to version " + std::to_string(version + 1));
                if (version + 1 == kCommentsSchema) backfill_comments(conn, comments_of);
                exec(conn, "UPDATE schema_version SET version = " + std::to_string(version + 1), "record the schema version");
            }
            exec(conn, "COMMIT", "commit the schema migration");
        } catch (...) {
            PQclear(PQexec(conn, "ROLLBACK"));
            throw;
        }
    }

    // The comments of every response stored before the comments table, read kBackfillFetch rows at a
    // time through a cursor of the migration's own transaction.
    static void backfill_comments(PGconn* conn, const CommentsOf& comments_of) {
        exec(conn, "DECLARE backfill NO SCROLL CURSOR FOR SELECT id, survey_id, survey_version, site, submitted_at, submitted_ms, body "
                   "FROM responses ORDER BY seq", "read responses to fill the comments table");
        const std::string fetch = "FETCH " + std::to_string(kBackfillFetch) + " FROM backfill";
        for (;;) {
            Result rows(PQexec(conn, fetch.c_str()));
            if (PQresultStatus(rows.r) != PGRES_TUPLES_OK) throw StoreError("PostgreSQL could not read responses to fill the comments table: " + message_of(conn));
            if (PQntuples(rows.r) == 0) break;
            for (int i = 0; i < PQntuples(rows.r); ++i) {
                const auto value = [&](int column) { return std::string(PQgetvalue(rows.r, i, column), static_cast<size_t>(PQgetlength(rows.r, i, column))); };
                for (const auto& c : comments_of(value(1), std::atoi(PQgetvalue(rows.r, i, 2)), value(6))) {
                    const std::string fields[] = {value(0), value(1), c.question_id, value(3), c.locale, value(4), value(5), c.text, c.folded};
                    const char* values[9];
                    for (int k = 0; k < 9; ++k) values[k] = fields[k].c_str();
                    Result done(PQexecParams(conn, kInsertComment, 9, nullptr, values, nullptr, nullptr, 0));
                    if (PQresultStatus(done.r) != PGRES_COMMAND_OK) throw StoreError("PostgreSQL could not store a comment: " + message_of(conn));
                }
            }
        }
        exec(conn, "CLOSE backfill", "finish filling the comments table");
    }

    std::vector<std::vector<InsertStatus>> commit(const GroupCommit::Batches& batches) {
        // A pooled connection may have died with a database restart: one retry on a fresh one.
        // Retrying is safe, since a row that did get in comes back as a duplicate.
        for (int attempt = 0;; ++attempt) {
            Lease lease(*this);
            try {
                return insert_group(lease.conn, batches);
            } catch (const StoreError& e) {
                if (e.row_problem() || attempt > 0 || PQstatus(lease.conn) == CONNECTION_OK) throw;
                drop_idle_connections();  // they went down with the same server
            }
        }
    }

    static std::vector<std::vector<InsertStatus>> insert_group(PGconn* conn, const GroupCommit::Batches& batches) {
        ArrayLiteral columns[kInsertGroupParams];
        std::unordered_set<std::string> with_comments;  // a later copy of an id in the group brings none
        for (const auto* batch : batches)
            for (const auto& r : *batch) {
                if (with_comments.insert(r.id).second)
                    for (const auto& c : r.comments) {
                        columns[8].add(r.id);
                        columns[9].add(c.question_id);
                        columns[10].add(c.locale);
                        columns[11].add(c.text);
                        columns[12].add(c.folded);
                    }
                columns[0].add(r.id);
                columns[1].add(r.survey_id);
                columns[2].add(r.survey_version);
                columns[3].add(r.site);
                columns[4].add(r.submitted_at);
                columns[5].add(r.submitted_ms);
                columns[6].add(r.received_at);
                columns[7].add(r.body);
            }
        std::string texts[kInsertGroupParams];
        const char* values[kInsertGroupParams];
        for (int i = 0; i < kInsertGroupParams; ++i) {
            texts[i] = columns[i].finish();
            values[i] = texts[i].c_str();
        }
        Result result(PQexecPrepared(conn, "insert_group", kInsertGroupParams, values, nullptr, nullptr, 0));
        if (PQresultStatus(result.r) != PGRES_TUPLES_OK)
            throw StoreError("PostgreSQL could not store responses: " + message_of(conn), is_row_problem(result.r));
        std::unordered_set<std::string> inserted;
        for (int row = 0; row < PQntuples(result.r); ++row) inserted.insert(PQgetvalue(result.r, row, 0));
        std::vector<std::vector<InsertStatus>> statuses;
        for (const auto* batch : batches) {
            auto& list = statuses.emplace_back();
            // The first copy of a new id is the one stored; any later copy is a duplicate.
            for (const auto& r : *batch) list.push_back(inserted.erase(r.id) ? InsertStatus::Accepted : InsertStatus::Duplicate);
        }
        return statuses;
    }

    std::string url_;
    std::string describe_;
    std::mutex mutex_;
    std::vector<PGconn*> idle_;
    std::unique_ptr<GroupCommit> committer_;
};

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& url, const CommentsOf& comments_of) {
    return std::make_unique<PostgresStore>(url, comments_of);
}

}  // namespace tellus::serve
