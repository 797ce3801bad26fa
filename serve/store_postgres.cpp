// The store for a health region: PostgreSQL via libpq, shared by several tellus-serve instances
// behind a load balancer. Dedupe is the primary key with ON CONFLICT DO NOTHING, so two servers
// receiving the same retried response store it once. Each request borrows a pooled connection;
// each export gets a connection of its own and reads in single-row mode (memory stays flat).
#include <libpq-fe.h>

#include <condition_variable>
#include <mutex>

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
};

// Any number will do, as long as every tellus-serve uses the same: it serialises migrations.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7283746501)";

constexpr const char* kInsert =
    "INSERT INTO responses (id, survey_id, survey_version, site, submitted_at, submitted_ms, received_at, body) "
    "VALUES ($1, $2, $3::integer, $4, $5, $6::bigint, $7, $8) ON CONFLICT (id) DO NOTHING";

constexpr const char* kSelect =
    "SELECT id, survey_id, survey_version, site, submitted_at, received_at, body FROM responses "
    "WHERE ($1 = '' OR survey_id = $1) AND ($2 = '' OR site = $2) AND submitted_ms >= $3::bigint AND submitted_ms < $4::bigint "
    "ORDER BY seq";

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
    explicit PostgresStore(std::string url) : url_(std::move(url)) {
        PGconn* conn = connect(url_);
        describe_ = std::string("PostgreSQL ") + PQhost(conn) + ":" + PQport(conn) + "/" + PQdb(conn);
        try {
            migrate(conn);
            prepare(conn);
        } catch (...) {
            PQfinish(conn);
            throw;
        }
        idle_.push_back(conn);
    }
    ~PostgresStore() override {
        for (PGconn* conn : idle_) PQfinish(conn);
    }

    std::string describe() const override { return describe_; }

    std::vector<InsertStatus> insert(const std::vector<NewResponse>& batch) override {
        if (batch.empty()) return {};
        // A pooled connection may have died with a database restart: one retry on a fresh one.
        // Retrying is safe, since a row that did get in comes back as a duplicate.
        for (int attempt = 0;; ++attempt) {
            Lease lease(*this);
            try {
                return insert_in_transaction(lease.conn, batch);
            } catch (const StoreError&) {
                PQclear(PQexec(lease.conn, "ROLLBACK"));
                if (attempt > 0 || PQstatus(lease.conn) == CONNECTION_OK) throw;
                drop_idle_connections();  // they went down with the same server
            }
        }
    }

    std::unique_ptr<ResponseCursor> select(const ResponseFilter& filter) override {
        return std::make_unique<PostgresCursor>(url_, filter);
    }

    int schema_version() override {
        Lease lease(*this);
        Result result(PQexec(lease.conn, "SELECT version FROM schema_version"));
        if (PQresultStatus(result.r) != PGRES_TUPLES_OK || PQntuples(result.r) != 1) return 0;
        return std::atoi(PQgetvalue(result.r, 0, 0));
    }

private:
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
        Result result(PQprepare(conn, "insert_response", kInsert, 8, nullptr));
        if (PQresultStatus(result.r) != PGRES_COMMAND_OK) throw StoreError("PostgreSQL could not prepare a query: " + message_of(conn));
    }

    void migrate(PGconn* conn) {
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
                exec(conn, "UPDATE schema_version SET version = " + std::to_string(version + 1), "record the schema version");
            }
            exec(conn, "COMMIT", "commit the schema migration");
        } catch (...) {
            PQclear(PQexec(conn, "ROLLBACK"));
            throw;
        }
    }

    std::vector<InsertStatus> insert_in_transaction(PGconn* conn, const std::vector<NewResponse>& batch) {
        exec(conn, "BEGIN", "start a transaction");
        std::vector<InsertStatus> statuses;
        for (const auto& r : batch) {
            const std::string version = std::to_string(r.survey_version), ms = std::to_string(r.submitted_ms);
            const char* values[] = {r.id.c_str(), r.survey_id.c_str(), version.c_str(), r.site.c_str(),
                                    r.submitted_at.c_str(), ms.c_str(), r.received_at.c_str(), r.body.c_str()};
            Result result(PQexecPrepared(conn, "insert_response", 8, values, nullptr, nullptr, 0));
            if (PQresultStatus(result.r) != PGRES_COMMAND_OK) throw StoreError("PostgreSQL could not store a response: " + message_of(conn));
            statuses.push_back(std::string(PQcmdTuples(result.r)) == "1" ? InsertStatus::Accepted : InsertStatus::Duplicate);
        }
        exec(conn, "COMMIT", "commit responses");
        return statuses;
    }

    std::string url_;
    std::string describe_;
    std::mutex mutex_;
    std::vector<PGconn*> idle_;
};

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& url) { return std::make_unique<PostgresStore>(url); }

}  // namespace tellus::serve
