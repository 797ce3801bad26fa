// Comments for staff (issues 11 and 15): GET /api/v1/comments and POST /api/v1/comments/status on
// the real tellus-serve over HTTP, and the comments migration on the store, on SQLite and PostgreSQL.
#include <doctest/doctest.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <map>
#include <set>

#include "backend.hpp"
#include "comments.hpp"
#include "core/masking_text.hpp"
#include "limits.hpp"
#include "store.hpp"

using namespace tellus::serve;
using namespace tellus::test;

namespace {

struct Served {
    TempDir scratch;
    ServerProcess server;
    Served() : server(config(scratch)) {}
    static ServerConfig config(TempDir& scratch) {
        ServerConfig c;
        if (backend().is_postgres()) c.db = backend().new_db(scratch.path());
        return c;
    }
};

json response_at(const std::string& submitted_at, const json& answers, const std::string& site = "north") {
    json r = sample_response();
    r["started_at"] = submitted_at;
    r["submitted_at"] = submitted_at;
    r["site"] = site;
    r["answers"] = answers;
    return r;
}

void upload(ServerProcess& server, const std::vector<json>& responses) {
    auto r = server.client().Post("/api/v1/responses", json{{"responses", json(responses)}}.dump(), "application/json");
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    REQUIRE(r->body.find("rejected") == std::string::npos);
}

// Every byte but letters and digits as %XX: a query parameter's value exactly as given.
std::string encoded(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c)) {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

struct Reply {
    int status = 0;
    json body;
    std::string cache_control;
};

Reply get_as(ServerProcess& server, const std::string& token, const std::string& query) {
    httplib::Headers headers;
    if (!token.empty()) headers = ServerProcess::bearer(token);
    auto r = server.client().Get(("/api/v1/comments?" + query).c_str(), headers);
    REQUIRE(r);
    return {r->status, json::parse(r->body, nullptr, false), r->get_header_value("Cache-Control")};
}

// The comments of one query, as the viewer reads them, first page only.
json comments_of_query(ServerProcess& server, const std::string& query) {
    const Reply reply = get_as(server, kViewerToken, "survey=primary-care-visit&" + query);
    INFO(query << " -> " << reply.body.dump());
    REQUIRE(reply.status == 200);
    return reply.body["comments"];
}

std::multiset<std::string> texts_of(const json& comments) {
    std::multiset<std::string> texts;
    for (const auto& c : comments) texts.insert(c["text"].get<std::string>());
    return texts;
}

Reply mark(ServerProcess& server, const std::string& token, const std::string& body) {
    auto r = server.client().Post("/api/v1/comments/status", ServerProcess::bearer(token), body, "application/json");
    REQUIRE(r);
    return {r->status, json::parse(r->body, nullptr, false), r->get_header_value("Cache-Control")};
}

std::string error_of(const Reply& reply) { return reply.body.is_object() ? reply.body.value("error", "") : ""; }

}  // namespace

TEST_CASE("comments: a viewer reads masked comments of a period, in the exact shape the app parses") {
    Served s;
    auto& server = s.server;
    upload(server, {response_at("2026-11-10T09:00:00-05:00",
                                {{"care_when_needed", "good"}, {"went_well", "Call me at 416-555-1234, the nurse was kind"}, {"do_better", "   "}})});
    const Reply reply = get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-Q4");
    INFO(reply.body.dump());
    REQUIRE(reply.status == 200);
    CHECK(reply.cache_control == "no-store");
    CHECK(reply.body.size() == 3);
    CHECK(reply.body["period"] == "2026-Q4");
    CHECK(reply.body["next_cursor"].is_null());
    // One comment: the option id "good" is not one, nor the blank answer.
    REQUIRE(reply.body["comments"].size() == 1);
    const json& c = reply.body["comments"][0];
    CHECK(c.size() == 7);
    CHECK(c["id"].is_number_integer());
    CHECK(c["question"] == "went_well");
    CHECK(c["submitted_at"] == "2026-11-10T09:00:00-05:00");
    CHECK(c["site"] == "north");
    CHECK(c["locale"] == "fr-CA");
    CHECK(c["status"] == "new");
    // Masked when it was stored: the phone number never reaches staff.
    const std::string text = c["text"].get<std::string>();
    CHECK(text.find("555-1234") == std::string::npos);
    CHECK(text.find("the nurse was kind") != std::string::npos);
}

TEST_CASE("comments: roles (none 401, viewer reads by period only, manager marks and picks dates)") {
    Served s;
    auto& server = s.server;
    upload(server, {response_at("2026-11-10T09:00:00-05:00", {{"went_well", "Quick and friendly"}})});
    const std::string period = "survey=primary-care-visit&period=2026-11";
    CHECK(get_as(server, "", period).status == 401);
    CHECK(get_as(server, "not-a-staff-token-0123456789", period).status == 401);
    const Reply viewer = get_as(server, kViewerToken, period);
    REQUIRE(viewer.status == 200);
    REQUIRE(viewer.body["comments"].size() == 1);
    const long long id = viewer.body["comments"][0]["id"];

    // A viewer: fixed periods only, and no marking.
    for (const std::string query : {"survey=primary-care-visit", "survey=primary-care-visit&since=2026-11-01",
                                    "survey=primary-care-visit&until=2026-11-11T00:00:00Z", "survey=primary-care-visit&since=2026-11-01&period=2026-11"}) {
        CAPTURE(query);
        const Reply refused = get_as(server, kViewerToken, query);
        CHECK(refused.status == 403);
        CHECK(error_of(refused).find("add period=2026-11") != std::string::npos);
    }
    const std::string read = R"({"id":)" + std::to_string(id) + R"(,"status":"read"})";
    CHECK(mark(server, kViewerToken, read).status == 403);
    auto anonymous = server.client().Post("/api/v1/comments/status", read, "application/json");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);

    // A manager: any dates, or none; never both kinds at once.
    CHECK(get_as(server, kManagerToken, "survey=primary-care-visit&since=2026-11-10T08:00:00-05:00&until=2026-11-10T10:00:00-05:00")
              .body["comments"].size() == 1);
    CHECK(get_as(server, kManagerToken, "survey=primary-care-visit&since=2026-11-10T10:00:00-05:00").body["comments"].size() == 0);
    const Reply undated = get_as(server, kManagerToken, "survey=primary-care-visit");
    CHECK(undated.status == 200);
    CHECK(undated.body["period"].is_null());
    CHECK(get_as(server, kManagerToken, "survey=primary-care-visit&since=2026-11-01&period=2026-11").status == 400);
    const Reply marked = mark(server, kManagerToken, read);
    CHECK(marked.status == 200);
    CHECK(marked.body == json{{"id", id}, {"status", "read"}});
    CHECK(mark(server, kStaffToken, R"({"id":)" + std::to_string(id) + R"(,"status":"acted_on"})").status == 200);
    CHECK(get_as(server, kViewerToken, period).body["comments"][0]["status"] == "acted_on");
}

TEST_CASE("comments: paging visits every comment exactly once, newest first, across pages of equal times") {
    Served s;
    auto& server = s.server;
    // 45 responses at 4 distinct times (so pages split runs of equal times), 2 comments each.
    std::vector<json> batch;
    const std::string times[] = {"2026-11-03T08:00:00-05:00", "2026-11-03T09:00:00-05:00", "2026-11-04T08:00:00-05:00", "2026-11-05T18:30:00-05:00"};
    std::multiset<std::string> sent;
    for (int i = 0; i < 45; ++i) {
        const std::string good = "good " + std::to_string(i), better = "better " + std::to_string(i);
        batch.push_back(response_at(times[i % 4], {{"went_well", good}, {"do_better", better}}));
        sent.insert(good);
        sent.insert(better);
    }
    upload(server, batch);

    std::multiset<std::string> seen;
    std::set<long long> ids;
    std::string cursor, previous_time = "9999";
    long long previous_id = 0;
    int pages = 0;
    for (;;) {
        const Reply page = get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-11&limit=7" + (cursor.empty() ? "" : "&cursor=" + cursor));
        INFO(page.body.dump());
        REQUIRE(page.status == 200);
        ++pages;
        for (const auto& c : page.body["comments"]) {
            const std::string at = c["submitted_at"];
            const long long id = c["id"];
            // Same offset throughout, so the text order of the times is their order in time.
            CHECK(at <= previous_time);
            if (at == previous_time) CHECK(id < previous_id);
            previous_time = at;
            previous_id = id;
            CHECK(ids.insert(id).second);
            seen.insert(c["text"].get<std::string>());
        }
        if (page.body["next_cursor"].is_null()) break;
        CHECK(page.body["comments"].size() == 7);
        cursor = page.body["next_cursor"].get<std::string>();
        REQUIRE(pages < 50);
    }
    CHECK(pages == 13);  // 90 comments, 7 a page
    CHECK(seen == sent);

    // Default page size, and a page exactly as long as what is left ends the paging.
    const Reply first = get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-11");
    CHECK(first.body["comments"].size() == static_cast<size_t>(tellus::serve::limits::kCommentsPageDefault));
    const Reply whole = get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-11&limit=90");
    CHECK(whole.body["comments"].size() == 90);
    CHECK(whole.body["next_cursor"].is_null());
}

TEST_CASE("comments: a period is the clinic's own dates, at the edges of months, quarters and years") {
    Served s;
    auto& server = s.server;
    upload(server, {
                       // 23:30 on October 31st in Toronto: October, though it is November in UTC.
                       response_at("2026-10-31T23:30:00-04:00", {{"went_well", "late october toronto"}}),
                       // 00:10 on November 1st at +05:00: November, though it is October in UTC.
                       response_at("2026-11-01T00:10:00+05:00", {{"went_well", "early november east"}}),
                       response_at("2026-09-30T23:59:59-12:00", {{"went_well", "last of september"}}),
                       response_at("2026-01-01T00:30:00+14:00", {{"went_well", "new year kiribati"}}),
                       response_at("2025-12-31T23:30:00-05:00", {{"went_well", "new year's eve toronto"}}),
                   });
    CHECK(texts_of(comments_of_query(server, "period=2026-10")) == std::multiset<std::string>{"late october toronto"});
    CHECK(texts_of(comments_of_query(server, "period=2026-11")) == std::multiset<std::string>{"early november east"});
    CHECK(texts_of(comments_of_query(server, "period=2026-09")) == std::multiset<std::string>{"last of september"});
    CHECK(texts_of(comments_of_query(server, "period=2026-Q3")) == std::multiset<std::string>{"last of september"});
    CHECK(texts_of(comments_of_query(server, "period=2026-Q4")) == std::multiset<std::string>{"late october toronto", "early november east"});
    CHECK(texts_of(comments_of_query(server, "period=2026")).size() == 4);
    CHECK(texts_of(comments_of_query(server, "period=2026-Q1")) == std::multiset<std::string>{"new year kiribati"});
    CHECK(texts_of(comments_of_query(server, "period=2025")) == std::multiset<std::string>{"new year's eve toronto"});
    CHECK(comments_of_query(server, "period=2026-12").empty());
}

TEST_CASE("comments: search ignores case and accents, finds Chinese, and takes % and _ literally") {
    Served s;
    auto& server = s.server;
    const std::string when = "2026-11-10T09:00:00-05:00";
    upload(server, {
                       response_at(when, {{"went_well", "Dr. Hélène était très GENTILLE"}}),
                       response_at(when, {{"went_well", "医生很好，谢谢"}}),
                       response_at(when, {{"went_well", "100% satisfied"}}),
                       response_at(when, {{"went_well", "1000 satisfied"}}),
                       response_at(when, {{"went_well", "the a_b form"}}),
                       response_at(when, {{"went_well", "the axb form"}}),
                       response_at(when, {{"went_well", "ΚΑΛΗ εξυπηρέτηση, ОЧЕНЬ хорошо"}}),
                   });
    const auto found = [&](const std::string& q) { return texts_of(comments_of_query(server, "period=2026-11&q=" + encoded(q))); };
    CHECK(found("helene") == std::multiset<std::string>{"Dr. Hélène était très GENTILLE"});
    CHECK(found("HÉLÈNE ÉTAIT") == std::multiset<std::string>{"Dr. Hélène était très GENTILLE"});
    CHECK(found("gentille") == std::multiset<std::string>{"Dr. Hélène était très GENTILLE"});
    CHECK(found("医生") == std::multiset<std::string>{"医生很好，谢谢"});
    CHECK(found("100%") == std::multiset<std::string>{"100% satisfied"});
    CHECK(found("a_b") == std::multiset<std::string>{"the a_b form"});
    CHECK(found("%").size() == 1);
    CHECK(found("_").size() == 1);
    CHECK(found("очень") == std::multiset<std::string>{"ΚΑΛΗ εξυπηρέτηση, ОЧЕНЬ хорошо"});
    CHECK(found("καλη").size() == 1);
    CHECK(found("satisfied").size() == 2);
    CHECK(found("nowhere in any comment").empty());
    CHECK(found("").size() == 7);  // an empty q narrows nothing
}

TEST_CASE("comments: statuses filter, and marking answers 404 and 400 in plain words") {
    Served s;
    auto& server = s.server;
    upload(server, {response_at("2026-11-10T09:00:00-05:00", {{"went_well", "one"}}), response_at("2026-11-11T09:00:00-05:00", {{"went_well", "two"}}),
                    response_at("2026-11-12T09:00:00-05:00", {{"went_well", "three"}})});
    std::map<std::string, long long> id;
    for (const auto& c : comments_of_query(server, "period=2026-11")) id[c["text"]] = c["id"];
    REQUIRE(id.size() == 3);
    REQUIRE(mark(server, kManagerToken, json{{"id", id["one"]}, {"status", "read"}}.dump()).status == 200);
    REQUIRE(mark(server, kManagerToken, json{{"id", id["two"]}, {"status", "acted_on"}}.dump()).status == 200);
    CHECK(texts_of(comments_of_query(server, "period=2026-11&status=read")) == std::multiset<std::string>{"one"});
    CHECK(texts_of(comments_of_query(server, "period=2026-11&status=acted_on")) == std::multiset<std::string>{"two"});
    CHECK(texts_of(comments_of_query(server, "period=2026-11&status=new")) == std::multiset<std::string>{"three"});
    // Back to new.
    REQUIRE(mark(server, kManagerToken, json{{"id", id["one"]}, {"status", "new"}}.dump()).status == 200);
    CHECK(texts_of(comments_of_query(server, "period=2026-11&status=new")) == std::multiset<std::string>{"one", "three"});
    CHECK(get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-11&status=done").status == 400);

    const Reply unknown = mark(server, kManagerToken, R"({"id":987654321,"status":"read"})");
    CHECK(unknown.status == 404);
    CHECK(error_of(unknown) == "There is no comment 987654321.");
    const std::string one = std::to_string(id["one"]);
    for (const std::string& body : std::vector<std::string>{"not json", "[]", "{}", R"({"id":)" + one + "}", R"({"status":"read"})", R"({"id":)" + one + R"(,"status":"done"})",
                                   R"({"id":")" + one + R"(","status":"read"})", R"({"id":0,"status":"read"})", R"({"id":-4,"status":"read"})",
                                   R"({"id":1.5,"status":"read"})", R"({"id":)" + one + R"(,"status":"read","text":"rewritten"})",
                                   R"({"id":99999999999999999999999,"status":"read"})"}) {
        CAPTURE(body);
        const Reply bad = mark(server, kManagerToken, body);
        CHECK(bad.status == 400);
        CHECK(error_of(bad).find("a comment's id and one of new, read or acted_on") != std::string::npos);
    }
    CHECK(texts_of(comments_of_query(server, "period=2026-11&status=new")) == std::multiset<std::string>{"one", "three"});  // nothing changed
}

TEST_CASE("comments: a bad cursor, limit, period or survey is a 400 in plain words") {
    Served s;
    auto& server = s.server;
    upload(server, {response_at("2026-11-10T09:00:00-05:00", {{"went_well", "one"}}), response_at("2026-11-11T09:00:00-05:00", {{"went_well", "two"}})});
    const Reply first = get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-11&limit=1");
    REQUIRE(first.body["next_cursor"].is_string());
    const std::string cursor = first.body["next_cursor"];
    CHECK(get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-11&limit=1&cursor=" + cursor).body["comments"][0]["text"] == "one");
    std::string upper = cursor;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    struct Bad {
        std::string query, words;
    };
    const Bad bad[] = {
        {"cursor=abc", "cursor is not one this server gave"},
        {"cursor=", "cursor is not one this server gave"},
        {"cursor=" + cursor + "0", "cursor is not one this server gave"},
        {"cursor=" + cursor.substr(0, 31) + "g", "cursor is not one this server gave"},
        {"cursor=" + cursor.substr(0, 16) + std::string(16, '0'), "cursor is not one this server gave"},
        {"cursor=%27%20OR%201%3D1", "cursor is not one this server gave"},
        {"limit=0", "limit must be a whole number from 1 to 100"},
        {"limit=101", "limit must be a whole number from 1 to 100"},
        {"limit=abc", "limit must be a whole number from 1 to 100"},
        {"limit=-1", "limit must be a whole number from 1 to 100"},
        {"limit=2.5", "limit must be a whole number from 1 to 100"},
        {"limit=99999999999999999999", "limit must be a whole number from 1 to 100"},
        {"limit=", "limit must be a whole number from 1 to 100"},
    };
    for (const auto& b : bad) {
        CAPTURE(b.query);
        const Reply r = get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-11&" + b.query);
        CHECK(r.status == 400);
        CHECK(error_of(r).find(b.words) != std::string::npos);
    }
    if (upper != cursor) CHECK(get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-11&cursor=" + upper).status == 400);
    CHECK(error_of(get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-13")).find("period must be a month like 2026-11") != std::string::npos);
    CHECK(get_as(server, kViewerToken, "survey=primary-care-visit&period=november").status == 400);
    CHECK(get_as(server, kViewerToken, "survey=primary-care-visit&period=").status == 400);
    CHECK(error_of(get_as(server, kViewerToken, "period=2026-11")).find("Add survey=ID") != std::string::npos);
    CHECK(get_as(server, kViewerToken, "survey=&period=2026-11").status == 400);
    CHECK(error_of(get_as(server, kViewerToken, "survey=no-such-survey&period=2026-11")).find("is not known here") != std::string::npos);
}

TEST_CASE("comments: a duplicate upload adds no comment, and retention deletes comments with their responses") {
    Served s;
    auto& server = s.server;
    const json once = response_at("2026-11-10T09:00:00-05:00", {{"went_well", "only once"}});
    upload(server, {once});
    upload(server, {once, once});  // again, and twice in one batch
    json changed = once;
    changed["answers"]["went_well"] = "a different text under the same id";
    upload(server, {changed});
    CHECK(texts_of(comments_of_query(server, "period=2026-11")) == std::multiset<std::string>{"only once"});

    // --keep-days: an old response's comment goes with it.
    upload(server, {response_at("2020-01-15T10:00:00-05:00", {{"went_well", "from long ago"}})});
    CHECK(texts_of(comments_of_query(server, "period=2020-01")).size() == 1);
    server.kill_now();
    ServerConfig config;
    config.db = server.db();
    config.extra_args = {"--keep-days", "365"};
    ServerProcess again(config);
    CHECK(texts_of(comments_of_query(again, "period=2020-01")).empty());
    CHECK(texts_of(comments_of_query(again, "period=2026-11")) == std::multiset<std::string>{"only once"});
}

TEST_CASE("comments: hostile parameters are refused or read as plain text, and change nothing") {
    Served s;
    auto& server = s.server;
    upload(server, {response_at("2026-11-10T09:00:00-05:00", {{"went_well", "it's fine; really"}})});
    const std::string base = "survey=primary-care-visit&period=2026-11";
    // Too long: 101 characters, or 10,000; exactly 100 Chinese characters (300 bytes) is fine.
    CHECK(error_of(get_as(server, kViewerToken, base + "&q=" + std::string(101, 'a'))).find("q must be at most 100 characters") != std::string::npos);
    CHECK(get_as(server, kViewerToken, base + "&q=" + std::string(2000, 'a')).status == 400);
    CHECK(get_as(server, kViewerToken, base + "&q=" + std::string(10000, 'a')).status == 414);  // past the request line's limit
    std::string hundred;
    for (int i = 0; i < 100; ++i) hundred += "医";
    const Reply chinese = get_as(server, kViewerToken, base + "&q=" + encoded(hundred));
    CHECK(chinese.status == 200);
    CHECK(chinese.body["comments"].empty());
    // Not UTF-8, or control characters.
    CHECK(get_as(server, kViewerToken, base + "&q=%FF%FE").status == 400);
    CHECK(get_as(server, kViewerToken, base + "&q=%C0%AF").status == 400);  // an overlong "/"
    CHECK(get_as(server, kViewerToken, base + "&q=a%00b").status == 400);
    CHECK(get_as(server, kViewerToken, base + "&q=%1B%5B2J").status == 400);
    // Injection attempts are text: they find nothing (or exactly what they spell) and break nothing.
    for (const std::string q : {"' OR '1'='1", "'; DROP TABLE comments; --", "\\", "\") OR 1=1 --", "%' --", "😀", "\xe2\x80\xae"}) {
        CAPTURE(q);
        const Reply r = get_as(server, kViewerToken, base + "&q=" + encoded(q));
        CHECK(r.status == 200);
        CHECK(r.body["comments"].empty());
    }
    CHECK(comments_of_query(server, "period=2026-11&q=" + encoded("'s fine;")).size() == 1);
    CHECK(comments_of_query(server, "period=2026-11&site=" + encoded("' OR 1=1 --")).empty());
    CHECK(comments_of_query(server, "period=2026-11&status=new").size() == 1);
    CHECK(get_as(server, kViewerToken, base + "&status=" + encoded("new' OR '1'='1")).status == 400);
    CHECK(comments_of_query(server, "period=2026-11").size() == 1);  // the table is still there
}

TEST_CASE("comments: every read and every mark is in the audit trail, with its filters and rows; never an address") {
    Served s;
    auto& server = s.server;
    upload(server, {response_at("2026-11-10T09:00:00-05:00", {{"went_well", "one"}}), response_at("2026-11-11T09:00:00-05:00", {{"went_well", "two"}})});
    const Reply read = get_as(server, kViewerToken, "survey=primary-care-visit&period=2026-11&q=one&site=north");
    REQUIRE(read.status == 200);
    REQUIRE(mark(server, kManagerToken, json{{"id", read.body["comments"][0]["id"]}, {"status", "read"}}.dump()).status == 200);
    auto r = server.client().Get("/api/v1/audit", server.staff());
    REQUIRE(r);
    INFO(r->body);
    CHECK(r->body.find("127.0.0.1") == std::string::npos);
    const json entries = json::parse(r->body)["entries"];
    REQUIRE(entries.size() == 2);
    CHECK(entries[1]["action"] == "comments");
    CHECK(entries[1]["role"] == "viewer");
    CHECK(entries[1]["rows"] == 1);
    CHECK(entries[1]["filters"] == json{{"survey", "primary-care-visit"}, {"period", "2026-11"}, {"q", "one"}, {"site", "north"}});
    CHECK(entries[0]["action"] == "comment_status");
    CHECK(entries[0]["role"] == "manager");
    CHECK(entries[0]["filters"] == json{{"id", read.body["comments"][0]["id"]}, {"status", "read"}});
}

// ---- The comments migration, on the store itself ----

namespace {

const SurveyRegistry& surveys() {
    static const SurveyRegistry loaded = SurveyRegistry::load_folder(std::string(TELLUS_SOURCE_DIR) + "/assets/surveys");
    return loaded;
}

NewResponse stored_row(const std::string& id, const std::string& survey, const json& answers, int64_t submitted_ms) {
    const json body = {{"id", id}, {"survey", {{"id", survey}, {"version", 1}}}, {"locale", "fr-CA"}, {"answers", answers}};
    return NewResponse{id, survey, 1, "north", "2026-11-10T09:00:00-05:00", submitted_ms, "2026-11-10T14:00:01.000Z", body.dump(), {}};
}

// Turns a database back into what a tellus-serve from before the comments table left behind.
void make_schema_3(const std::string& db) {
    const char* sql = "DROP TABLE comments; UPDATE schema_version SET version = 3;";
    if (backend().is_postgres()) {
        PGconn* conn = PQconnectdb(db.c_str());
        PGresult* result = PQexec(conn, sql);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        PQfinish(conn);
        REQUIRE(ok);
    } else {
        sqlite3* conn = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &conn) == SQLITE_OK);
        const int rc = sqlite3_exec(conn, sql, nullptr, nullptr, nullptr);
        sqlite3_close(conn);
        REQUIRE(rc == SQLITE_OK);
    }
}

CommentQuery every_comment() {
    CommentQuery q;
    q.survey = "primary-care-visit";
    q.limit = 100;
    return q;
}

}  // namespace

TEST_CASE("comments migration: responses stored before it get their comments, read against the survey folder") {
    TempDir dir;
    const std::string db = backend().new_db(dir.path());
    {
        auto store = open_store(db, comments_reader(surveys()));
        // Stored as an older server did: the rows only, no comments beside them.
        REQUIRE(store->insert({stored_row("old-1", "primary-care-visit", {{"care_when_needed", "good"}, {"went_well", "Très bien"}, {"do_better", "Attente"}}, 1000),
                               stored_row("old-2", "primary-care-visit", {{"respect", "very_good"}, {"do_better", " \n "}}, 2000),
                               stored_row("old-3", "retired-survey", {{"went_well", "a survey no longer loaded"}}, 3000)}) ==
                std::vector{InsertStatus::Accepted, InsertStatus::Accepted, InsertStatus::Accepted});
        CHECK(store->comments(every_comment()).empty());
    }
    make_schema_3(db);
    auto store = open_store(db, comments_reader(surveys()));
    CHECK(store->schema_version() == 4);
    const auto rows = store->comments(every_comment());
    REQUIRE(rows.size() == 2);  // "good" and "very_good" are option ids, the blank answer is nothing
    std::map<std::string, std::string> by_question;
    for (const auto& r : rows) {
        by_question[r.question_id] = r.text;
        CHECK(r.status == "new");
        CHECK(r.locale == "fr-CA");
        CHECK(r.site == "north");
        CHECK(r.submitted_ms == 1000);
    }
    CHECK(by_question == std::map<std::string, std::string>{{"went_well", "Très bien"}, {"do_better", "Attente"}});
    // The back-fill folded its copies as ingest does: a search finds them.
    CommentQuery search = every_comment();
    search.folded_words = tellus::masking::fold_text("TRÈS");
    CHECK(store->comments(search).size() == 1);

    // Opening again migrates nothing twice; new rows bring their comments themselves.
    store.reset();
    store = open_store(db, comments_reader(surveys()));
    CHECK(store->comments(every_comment()).size() == 2);
}

TEST_CASE("comments migration: fills the table however many responses there are, with bounded reads") {
    TempDir dir;
    const std::string db = backend().new_db(dir.path());
    constexpr int kRows = 1200;  // more than one fetch of the PostgreSQL back-fill cursor
    {
        auto store = open_store(db, comments_reader(surveys()));
        std::vector<NewResponse> batch;
        for (int i = 0; i < kRows; ++i) batch.push_back(stored_row("many-" + std::to_string(i), "primary-care-visit", {{"went_well", "n" + std::to_string(i)}}, i));
        store->insert(batch);
    }
    make_schema_3(db);
    auto store = open_store(db, comments_reader(surveys()));
    std::set<std::string> texts;
    CommentQuery page = every_comment();
    for (;;) {
        const auto rows = store->comments(page);
        for (const auto& r : rows) CHECK(texts.insert(r.text).second);
        if (rows.size() < static_cast<size_t>(page.limit)) break;
        page.after = rows.back().key();
    }
    CHECK(texts.size() == static_cast<size_t>(kRows));
}
