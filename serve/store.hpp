#pragma once
// Where responses are kept. Two backends implement this one small interface: SQLite (one file,
// the default) and PostgreSQL (several servers behind a load balancer). Both promise the same:
// insert() returns only after the rows are durably committed, a known id is a duplicate that
// changes nothing, and a cursor reads rows one by one so an export needs no more memory for a
// million rows than for ten.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tellus::serve {

// One non-empty free-text answer of a response (issue 15), kept beside it so that staff can page
// through comments without reading every response. `text` is the stored, already masked text;
// `folded` is core's fold_text() of it, what a search compares with.
struct NewComment {
    std::string question_id;
    std::string locale;
    std::string text;
    std::string folded;
};

// One validated response, ready to store. `body` is the object as received (canonical JSON).
struct NewResponse {
    std::string id;
    std::string survey_id;
    int survey_version = 0;
    std::string site;
    std::string submitted_at;
    int64_t submitted_ms = 0;  // submitted_at in milliseconds since 1970 UTC, for date filters
    std::string received_at;   // server clock, UTC
    std::string body;
    std::vector<NewComment> comments;  // stored with it, in the same transaction; none for a duplicate
};

// Refused: the database cannot keep this row as it is (a value it cannot store); the other rows of
// its group are stored. Validation refuses such values first, so this is a last line of defence.
enum class InsertStatus { Accepted, Duplicate, Refused };

struct StoredResponse {
    std::string id;
    std::string survey_id;
    int survey_version = 0;
    std::string site;
    std::string submitted_at;
    std::string received_at;
    std::string body;
};

struct ResponseFilter {
    std::string survey;               // empty: every survey
    std::string site;                 // empty: every site
    std::optional<int64_t> since_ms;  // submitted at or after
    std::optional<int64_t> until_ms;  // submitted before
};

// The database could not do what was asked (disk full, server gone...). Nothing was committed.
// `row_problem`: the data itself was refused (a value the database cannot store), so the same
// rows would fail again; otherwise the cause is the database's state and a retry may succeed.
class StoreError : public std::runtime_error {
public:
    explicit StoreError(const std::string& what, bool row_problem = false) : std::runtime_error(what), row_problem_(row_problem) {}
    bool row_problem() const { return row_problem_; }

private:
    bool row_problem_;
};

// A staff session (issue 11): made from a staff token for the app, kept by its secret's SHA-256
// only, so several servers on one PostgreSQL share it and a stolen database opens nothing.
struct StaffSessionRow {
    std::string secret_hash;  // hex SHA-256 of the session secret
    std::string token_hash;   // hex SHA-256 of the token it was made from: removing the token ends it
    std::string name, role;
    int64_t created_ms = 0, last_used_ms = 0;
};

// One line of the audit trail: who read or exported what, and when. Never an address.
struct AuditRow {
    int64_t id = 0;       // increasing; the cursor of GET /api/v1/audit
    std::string at;       // UTC, ISO 8601
    std::string name, role, action;
    std::string filters;  // JSON object of the query's filters
    int64_t row_count = 0;
};

// The comments of a stored response, read from its body: how a migration fills the comments
// table for responses stored before it existed (serve/comments.hpp makes one from the surveys).
using CommentsOf = std::function<std::vector<NewComment>(const std::string& survey_id, int survey_version, const std::string& body)>;

// Comment statuses a manager sets (POST /api/v1/comments/status); every comment starts "new".
inline constexpr const char* kCommentStatuses[] = {"new", "read", "acted_on"};

// Where a page of comments ends: the next page holds only comments older than this, in the order
// (submitted_ms DESC, id DESC), so paging stays exact however many comments share a time.
struct CommentKey {
    int64_t submitted_ms = 0;
    int64_t id = 0;
};

// One page of comments, newest first. Every field narrows; empty text means "any".
struct CommentQuery {
    std::string survey;
    std::string site;
    std::string status;
    std::string folded_words;        // fold_text() of the words searched for: a substring of `folded`
    int64_t since_ms = INT64_MIN;    // submitted at or after
    int64_t until_ms = INT64_MAX;    // submitted before
    std::string first_day, end_day;  // the local date of submitted_at in [first_day, end_day), when set
    std::optional<CommentKey> after;
    int limit = 25;
};

struct CommentRow {
    int64_t id = 0;
    std::string question_id, text, submitted_at, site, locale, status;
    int64_t submitted_ms = 0;
    CommentKey key() const { return {submitted_ms, id}; }
};

class ResponseCursor {
public:
    virtual ~ResponseCursor() = default;
    // Fills `out` with the next row in the order responses were received; false at the end.
    virtual bool next(StoredResponse& out) = 0;
};

class Store {
public:
    virtual ~Store() = default;
    virtual std::string describe() const = 0;  // for the start-up line; never includes a password
    // Stores the batch in one transaction. Returns one status per item, in order. Throws StoreError.
    virtual std::vector<InsertStatus> insert(const std::vector<NewResponse>& batch) = 0;
    virtual std::unique_ptr<ResponseCursor> select(const ResponseFilter& filter) = 0;
    virtual int schema_version() = 0;
    // Tries a small write: nullopt when the database takes writes now, else the reason in plain
    // words ("the disk is full", "PostgreSQL cannot be reached: ..."). For GET /readyz.
    virtual std::optional<std::string> write_problem() = 0;

    // Staff sessions, the audit trail and retention. All throw StoreError.
    virtual void save_session(const StaffSessionRow& session) = 0;
    virtual std::optional<StaffSessionRow> find_session(const std::string& secret_hash) = 0;
    virtual void touch_session(const std::string& secret_hash, int64_t now_ms) = 0;
    virtual void end_session(const std::string& secret_hash) = 0;
    // Removes sessions last used before `idle_before_ms` or made before `created_before_ms`.
    virtual void purge_sessions(int64_t idle_before_ms, int64_t created_before_ms) = 0;
    virtual void record_audit(const AuditRow& row) = 0;
    // Newest first, at most `limit`, only ids below `before_id` when given.
    virtual std::vector<AuditRow> audit_rows(int limit, std::optional<int64_t> before_id) = 0;
    // Deletes responses (and their comments) submitted before `cutoff_ms`; returns how many responses.
    virtual int64_t delete_submitted_before(int64_t cutoff_ms) = 0;

    // Comments (issue 15). At most query.limit rows, newest first. Throws StoreError.
    virtual std::vector<CommentRow> comments(const CommentQuery& query) = 0;
    // Sets one comment's status (one of kCommentStatuses); false when there is no such comment.
    virtual bool set_comment_status(int64_t id, const std::string& status) = 0;
};

// "postgresql://..." or "postgres://..." opens PostgreSQL; anything else is a SQLite file path.
// Opening migrates the schema; `comments_of` is what the comments migration reads stored
// responses with (it is not kept).
std::unique_ptr<Store> open_store(const std::string& db, const CommentsOf& comments_of);
std::unique_ptr<Store> open_sqlite_store(const std::string& path, const CommentsOf& comments_of);
std::unique_ptr<Store> open_postgres_store(const std::string& url, const CommentsOf& comments_of);

}  // namespace tellus::serve
