// The sync engine: what a clinic relies on is that every response a patient sent reaches the
// server exactly once, however the network, the server or the browser misbehave. Each test drives
// the engine like the browser would (store writes finishing later, a transport with one request
// at a time) against a fake server that dedupes by id like the real one.
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <random>
#include <set>

#include "core/sync.hpp"

using namespace tellus;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// The device's storage. Writes and reads finish only when finish() is called, as IndexedDB's
// complete later; `queued` and `held` are what survives a reload.
class FakeStore : public OutboxStore {
public:
    std::map<std::string, OutboxItem> queued;
    std::map<std::string, HeldItem> held;
    bool refuse_writes = false;  // storage full or refused
    int loads = 0;

    void load_all() override { pending_.push_back({Op::Load, {}, {}}); }
    void put(const OutboxItem& item) override { pending_.push_back({Op::Put, item, {}}); }
    void remove(const std::string& id) override { pending_.push_back({Op::Remove, {id, {}, {}, 0}, {}}); }
    void hold(const HeldItem& h) override { pending_.push_back({Op::Hold, h.item, h}); }

    // Completes every pending write and read, in order, reporting to `engine`.
    void finish(SyncEngine& engine, TimePoint now) {
        auto ops = std::move(pending_);
        pending_.clear();
        for (auto& op : ops) apply(op, engine, now);
    }
    // The tab crashes: writes not yet finished never happen.
    void lose_pending() { pending_.clear(); }

private:
    enum class Op { Load, Put, Remove, Hold };
    struct Pending {
        Op op;
        OutboxItem item;
        HeldItem held;
    };
    void apply(Pending& p, SyncEngine& engine, TimePoint now) {
        switch (p.op) {
            case Op::Put:
                if (!refuse_writes) queued[p.item.id] = p.item;
                engine.on_saved(p.item.id, !refuse_writes);
                break;
            case Op::Remove: queued.erase(p.item.id); break;
            case Op::Hold:
                queued.erase(p.item.id);
                held[p.item.id] = p.held;
                break;
            case Op::Load: {
                ++loads;
                std::vector<OutboxItem> q;
                std::vector<HeldItem> h;
                for (const auto& [id, item] : queued) q.push_back(item);
                for (const auto& [id, item] : held) h.push_back(item);
                engine.on_loaded(q, h, now);
                break;
            }
        }
    }
    std::vector<Pending> pending_;
};

// tellus-serve as far as uploads go: stores each id once, answers every item in order.
struct FakeServer {
    std::map<std::string, int> stored;  // id -> times stored as new: must never exceed 1
    std::set<std::string> rejects;      // answered `rejected`
    std::set<std::string> ignores;      // left out of the results
    std::set<std::string> poison;       // the whole batch gets 400 when one of these is in it
    std::set<std::string> fatal;        // the whole batch gets 503 when one of these is in it (an older
                                        // server's group commit failing on one item)
    bool down = false;                  // the database is down: 503 to everything
    std::size_t max_items = 500;        // more than this gets 413
    std::vector<std::size_t> batch_sizes;

    UploadResult handle(const std::string& body) {
        const json request = json::parse(body);
        REQUIRE(request.contains("responses"));
        const json& items = request["responses"];
        batch_sizes.push_back(items.size());
        if (down) return UploadResult::response(503, R"({"error":"the database cannot store right now"})");
        for (const auto& item : items)
            if (fatal.count(item["id"].get<std::string>())) return UploadResult::response(503, R"({"error":"could not commit the batch"})");
        if (items.size() > max_items) return UploadResult::response(413, R"({"error":"the request is too large"})");
        for (const auto& item : items)
            if (poison.count(item["id"].get<std::string>())) return UploadResult::response(400, R"({"error":"the body is not valid JSON"})");
        json results = json::array();
        for (const auto& item : items) results.push_back(verdict(item["id"].get<std::string>()));
        results.erase(std::remove_if(results.begin(), results.end(), [](const json& r) { return r.is_null(); }), results.end());
        return UploadResult::response(200, json{{"results", results}}.dump());
    }
    bool stored_once(const std::set<std::string>& ids) const {
        for (const auto& id : ids)
            if (!stored.count(id) || stored.at(id) != 1) return false;
        return true;
    }

private:
    json verdict(const std::string& id) {
        if (ignores.count(id)) return nullptr;
        if (rejects.count(id))
            return {{"id", id}, {"status", "rejected"}, {"errors", {{{"field", "answers.overall"}, {"message", "must be from 0 to 10"}}}}};
        if (stored.count(id)) return {{"id", id}, {"status", "duplicate"}};
        stored[id] = 1;
        return {{"id", id}, {"status", "accepted"}};
    }
};

// One browser tab: an engine over the store, a transport with at most one request at a time, and
// a record of what the engine was told, to catch an acknowledged response being sent again.
struct Tab {
    FakeStore& store;
    FakeServer& server;
    TimePoint& now;
    std::mt19937_64 rng;
    std::optional<std::uint64_t> fixed_random;  // to pin the jitter
    std::unique_ptr<SyncEngine> engine;
    std::optional<UploadRequest> in_flight;
    std::set<std::string> acknowledged;  // ids this engine was told are on the server

    Tab(FakeStore& s, FakeServer& srv, TimePoint& clock, SyncConfig config = {}, std::uint64_t seed = 1)
        : store(s), server(srv), now(clock), rng(seed) {
        engine = std::make_unique<SyncEngine>(store, [this] { return fixed_random ? *fixed_random : rng(); }, config);
        engine->start(now);
        settle();
    }
    void settle() { store.finish(*engine, now); }
    std::string submit() {
        const std::string id = make_uuid_v4([this] { return rng(); });
        REQUIRE(engine->enqueue(response(id), now));
        settle();
        return id;
    }
    static json response(const std::string& id) {
        return {{"id", id},
                {"survey", {{"id", "primary-care-visit"}, {"version", 1}}},
                {"locale", "fr-CA"},
                {"channel", "kiosk"},
                {"site", "north"},
                {"started_at", "2026-11-23T10:15:00-05:00"},
                {"submitted_at", "2026-11-23T10:16:00-05:00"},
                {"answers", {{"overall", 9}}}};
    }
    // A timer tick; remembers the request the transport would now be sending.
    bool tick() {
        auto request = engine->tick(now);
        settle();
        if (!request) return false;
        CHECK_MESSAGE(!in_flight, "two uploads in flight");
        for (const auto& id : request->ids) CHECK_MESSAGE(!acknowledged.count(id), "acknowledged response sent again: " << id);
        in_flight = std::move(request);
        return true;
    }
    void reply(const UploadResult& result) {
        REQUIRE(in_flight);
        const std::string batch = in_flight->batch_id;
        in_flight.reset();
        remember_acknowledgements(result);
        engine->on_upload_result(batch, result, now);
        settle();
    }
    // The request reaches the server and its answer comes back.
    void serve() { reply(server.handle(in_flight->body)); }
    // Sends whatever is due until nothing is; returns the number of requests.
    int drain() {
        int requests = 0;
        while (tick() && requests < 1000) {
            serve();
            ++requests;
        }
        return requests;
    }
    SyncStatus status() const { return engine->status(); }

private:
    void remember_acknowledgements(const UploadResult& result) {
        if (result.http_status != 200) return;
        for (const auto& r : json::parse(result.body)["results"])
            if (r["status"] != "rejected") acknowledged.insert(r["id"].get<std::string>());
    }
};

struct World {
    FakeStore store;
    FakeServer server;
    TimePoint now = time_from_unix_ms(1'795'446'900'000);
    void advance(Millis by) { now += by; }
};

std::set<std::string> submit(Tab& tab, int count) {
    std::set<std::string> ids;
    for (int i = 0; i < count; ++i) ids.insert(tab.submit());
    return ids;
}

Millis until_next_attempt(const Tab& tab, TimePoint now) {
    REQUIRE(tab.status().next_attempt_at);
    return *tab.status().next_attempt_at - now;
}

std::vector<std::string> submit_in_order(Tab& tab, World& w, int count) {
    std::vector<std::string> order;
    for (int i = 0; i < count; ++i) {
        order.push_back(tab.submit());
        w.advance(1s);
    }
    return order;
}

struct Sent {
    TimePoint at;
    bool failed;  // the engine backs off after it
};

// Sends to the server whatever is due, waiting out each backoff, until nothing is waiting or
// `limit` requests were sent; returns when each request was sent and whether it failed.
std::vector<Sent> run(Tab& tab, World& w, int limit) {
    std::vector<Sent> sent;
    while (static_cast<int>(sent.size()) < limit && tab.status().waiting > 0) {
        if (tab.tick()) {
            const TimePoint at = w.now;
            tab.serve();
            sent.push_back({at, tab.status().state == SyncState::WaitingToRetry});
        } else {
            REQUIRE(tab.status().next_attempt_at);
            w.now = std::max(w.now + 1ms, *tab.status().next_attempt_at);
        }
    }
    return sent;
}

// The smallest wait backoff allows after `failures` failures in a row: half of first_retry doubled.
Millis least_backoff(const SyncConfig& config, int failures) {
    Millis full = config.first_retry;
    for (int i = 1; i < failures && full < config.max_retry; ++i) full *= 2;
    return std::min(full, config.max_retry) / 2;
}

}  // namespace

TEST_CASE("responses are uploaded in one batch and forgotten once the server has them") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 3);
    CHECK(tab.status().waiting == 3);
    REQUIRE(tab.tick());
    CHECK(tab.in_flight->ids.size() == 3);
    CHECK(json::parse(tab.in_flight->body)["responses"][0]["survey"]["id"] == "primary-care-visit");
    CHECK(tab.status().state == SyncState::Uploading);
    tab.serve();
    CHECK(w.server.stored_once(ids));
    CHECK(w.store.queued.empty());
    const auto status = tab.status();
    CHECK(status.waiting == 0);
    CHECK(status.state == SyncState::Idle);
    CHECK(status.last_success == w.now);
    CHECK_FALSE(tab.tick());
}

TEST_CASE("a response is not uploaded before the device has confirmed saving it") {
    World w;
    Tab tab(w.store, w.server, w.now);
    REQUIRE(tab.engine->enqueue(Tab::response("3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f"), w.now));
    CHECK(tab.status().waiting == 1);
    CHECK_FALSE(tab.engine->tick(w.now));  // the IndexedDB write has not finished
    tab.settle();
    CHECK(w.store.queued.size() == 1);
    REQUIRE(tab.tick());
    tab.serve();
    CHECK(w.server.stored.size() == 1);
}

TEST_CASE("when the device refuses to save, the response is still sent from memory") {
    World w;
    w.store.refuse_writes = true;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 1);
    CHECK(tab.status().unsaved == 1);
    tab.drain();
    CHECK(w.server.stored_once(ids));
    CHECK(tab.status().unsaved == 0);
}

TEST_CASE("the same response queued twice (a double tap) is sent once") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const std::string id = tab.submit();
    REQUIRE(tab.engine->enqueue(Tab::response(id), w.now));
    CHECK(tab.status().waiting == 1);
    CHECK_FALSE(tab.engine->enqueue(json{{"answers", json::object()}}, w.now));  // no id: refused, not queued
    tab.drain();
    CHECK(w.server.batch_sizes == std::vector<std::size_t>{1});
}

TEST_CASE("partial batch results: answered items leave, unmentioned ones stay and go next") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 3);
    const std::string skipped = *ids.begin();
    w.server.ignores.insert(skipped);
    REQUIRE(tab.tick());
    tab.serve();
    CHECK(tab.status().waiting == 1);
    CHECK(w.store.queued.count(skipped) == 1);
    CHECK(tab.status().state == SyncState::Idle);  // the answer was good: no backoff
    w.server.ignores.clear();
    REQUIRE(tab.tick());
    CHECK(tab.in_flight->ids == std::vector<std::string>{skipped});
    tab.serve();
    CHECK(w.server.stored_once(ids));
    CHECK(w.store.queued.empty());
}

TEST_CASE("a response the server already has is removed, not stored again") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const std::string id = tab.submit();
    w.server.stored[id] = 1;  // an earlier upload whose answer was lost
    tab.drain();
    CHECK(w.server.stored.at(id) == 1);
    CHECK(tab.status().waiting == 0);
    CHECK(w.store.queued.empty());
}

TEST_CASE("a rejected response is held with the server's reason, never dropped or resent") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 2);
    const std::string bad = *ids.begin();
    w.server.rejects.insert(bad);
    tab.drain();
    const auto status = tab.status();
    CHECK(status.waiting == 0);
    CHECK(status.held == 1);
    REQUIRE(tab.engine->held().size() == 1);
    const HeldItem& held = tab.engine->held().front();
    CHECK(held.item.id == bad);
    CHECK(held.errors[0]["field"] == "answers.overall");
    CHECK(held.held_at == w.now);
    CHECK(w.store.held.count(bad) == 1);  // survives a reload, for staff to export
    CHECK(w.store.queued.empty());
    w.advance(10min);
    CHECK_FALSE(tab.tick());
}

TEST_CASE("a 200 that names none of the items keeps them and backs off") {
    World w;
    Tab tab(w.store, w.server, w.now);
    submit(tab, 2);
    REQUIRE(tab.tick());
    tab.reply(UploadResult::response(200, R"({"results":[]})"));
    CHECK(tab.status().waiting == 2);
    CHECK(tab.status().state == SyncState::WaitingToRetry);
    CHECK(tab.status().consecutive_failures == 1);
    CHECK_FALSE(tab.tick());  // not straight away: an item the server keeps ignoring must not spin
}

TEST_CASE("a timeout keeps the batch and retries it after a backoff") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 2);
    REQUIRE(tab.tick());
    tab.reply(UploadResult::timeout());
    CHECK(tab.status().waiting == 2);
    CHECK(tab.status().state == SyncState::WaitingToRetry);
    const Millis wait = until_next_attempt(tab, w.now);
    CHECK(wait >= 1s);
    CHECK(wait < 2s);
    w.advance(wait - 1ms);
    CHECK_FALSE(tab.tick());
    w.advance(1ms);
    REQUIRE(tab.tick());
    tab.serve();
    CHECK(w.server.stored_once(ids));
}

TEST_CASE("5xx: the wait doubles up to the cap, with jitter in the upper half, and resets after success") {
    World w;
    SyncConfig config;
    config.first_retry = 2s;
    config.max_retry = 5min;
    Tab tab(w.store, w.server, w.now, config);
    const auto ids = submit(tab, 1);
    Millis full = 2s;
    for (int failure = 1; failure <= 10; ++failure) {
        for (std::uint64_t random : {std::uint64_t{0}, ~std::uint64_t{0}}) {
            // Each attempt fails; the lowest and highest random draws bound the wait.
            tab.fixed_random = random;
            REQUIRE(tab.tick());
            tab.reply(UploadResult::response(503, R"({"error":"try later"})"));
            const Millis wait = until_next_attempt(tab, w.now);
            if (random == 0) CHECK(wait == full / 2);
            else CHECK((wait >= full - 1ms && wait < full));
            CHECK(tab.status().last_problem == "the server answered 503: try later");
            w.advance(wait);
            if (random == 0) break;
        }
        full = std::min<Millis>(full * 2, 5min);
    }
    CHECK(tab.status().waiting == 1);
    CHECK(tab.status().consecutive_failures >= 10);
    REQUIRE(tab.tick());
    tab.serve();
    CHECK(w.server.stored_once(ids));
    CHECK(tab.status().consecutive_failures == 0);
    CHECK(tab.status().last_problem.empty());

    tab.submit();
    tab.fixed_random = 0;
    REQUIRE(tab.tick());
    tab.reply(UploadResult::response(500, "oops"));
    CHECK(until_next_attempt(tab, w.now) == 1s);  // back to the first step
}

TEST_CASE("the jitter spreads phones that failed together") {
    World w;
    std::set<Millis::rep> waits;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        FakeStore store;
        Tab tab(store, w.server, w.now, {}, seed);
        tab.submit();
        REQUIRE(tab.tick());
        tab.reply(UploadResult::network_error("offline"));
        const Millis wait = until_next_attempt(tab, w.now);
        CHECK(wait >= 1s);
        CHECK(wait < 2s);
        waits.insert(wait.count());
    }
    CHECK(waits.size() > 10);
}

TEST_CASE("429 waits at least as long as Retry-After says, and keeps everything") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 3);
    REQUIRE(tab.tick());
    tab.reply(UploadResult::response(429, R"({"error":"too many requests"})", 30s));
    CHECK(tab.status().waiting == 3);
    CHECK(until_next_attempt(tab, w.now) >= 30s);
    w.advance(29s);
    CHECK_FALSE(tab.tick());
    w.advance(1s);
    tab.drain();
    CHECK(w.server.stored_once(ids));

    tab.submit();
    REQUIRE(tab.tick());
    tab.reply(UploadResult::response(429, R"({"error":"too many requests"})"));  // no header: plain backoff
    CHECK(until_next_attempt(tab, w.now) < 2s);
}

TEST_CASE("interrupted mid-batch: the answer never comes; the watchdog retries and nothing doubles") {
    World w;
    SyncConfig config;
    config.upload_watchdog = 2min;
    Tab tab(w.store, w.server, w.now, config);
    const auto ids = submit(tab, 3);
    REQUIRE(tab.tick());
    w.server.handle(tab.in_flight->body);  // the server stored them; the connection died before the answer
    const std::string lost_batch = tab.in_flight->batch_id;
    tab.in_flight.reset();
    w.advance(119s);
    CHECK_FALSE(tab.tick());
    CHECK(tab.status().state == SyncState::Uploading);
    w.advance(1s);
    CHECK_FALSE(tab.tick());  // gives up on it and backs off
    CHECK(tab.status().state == SyncState::WaitingToRetry);
    CHECK(tab.status().waiting == 3);
    w.advance(5s);
    tab.drain();
    CHECK(w.server.stored_once(ids));  // resent, answered `duplicate`
    CHECK(w.store.queued.empty());
}

TEST_CASE("interrupted mid-batch: a late answer still counts, without disturbing the next upload") {
    World w;
    SyncConfig config;
    config.upload_watchdog = 1min;
    Tab tab(w.store, w.server, w.now, config);
    const auto first = submit(tab, 2);
    REQUIRE(tab.tick());
    const UploadRequest slow = *tab.in_flight;
    tab.in_flight.reset();
    w.advance(1min);
    tab.tick();  // watchdog
    w.advance(5s);
    const std::string later = tab.submit();
    REQUIRE(tab.tick());  // a new batch, carrying the first two again and the new one
    CHECK(tab.in_flight->ids.size() == 3);
    tab.engine->on_upload_result(slow.batch_id, w.server.handle(slow.body), w.now);  // the slow answer arrives
    CHECK(tab.status().waiting == 1);
    CHECK(tab.status().state == SyncState::Uploading);  // still waiting for the current batch
    CHECK_FALSE(tab.tick());
    tab.serve();
    CHECK(w.server.stored_once(first));
    CHECK(w.server.stored_once({later}));
    CHECK(tab.status().waiting == 0);
}

TEST_CASE("interrupted mid-batch: an answer arriving after a reload is ignored and the resend is a duplicate") {
    World w;
    auto old_tab = std::make_unique<Tab>(w.store, w.server, w.now);
    const auto ids = submit(*old_tab, 2);
    REQUIRE(old_tab->tick());
    const UploadRequest request = *old_tab->in_flight;
    const UploadResult answer = w.server.handle(request.body);
    old_tab.reset();  // the page reloads before the answer

    Tab tab(w.store, w.server, w.now);
    tab.engine->on_upload_result(request.batch_id, answer, w.now);
    CHECK(tab.status().waiting == 2);  // not this engine's batch: proves nothing, keeps everything
    tab.drain();
    CHECK(w.server.stored_once(ids));
    CHECK(w.store.queued.empty());
}

TEST_CASE("restart from a persisted queue: a new engine sends everything exactly once") {
    World w;
    std::set<std::string> ids;
    {
        Tab tab(w.store, w.server, w.now);
        ids = submit(tab, 5);
        REQUIRE(tab.tick());
        tab.reply(UploadResult::network_error("server stopped"));
    }  // the tab is closed
    REQUIRE(w.store.queued.size() == 5);
    w.advance(1h);
    Tab tab(w.store, w.server, w.now);
    CHECK(tab.status().waiting == 5);
    CHECK(tab.drain() == 1);
    CHECK(w.server.stored_once(ids));
    CHECK(w.store.queued.empty());

    Tab after(w.store, w.server, w.now);  // and again: nothing left to send
    CHECK(after.drain() == 0);
}

TEST_CASE("a crash before the removal is written: the response is resent once and answered duplicate") {
    World w;
    std::set<std::string> ids;
    {
        Tab tab(w.store, w.server, w.now);
        ids = submit(tab, 2);
        REQUIRE(tab.tick());
        const std::string batch = tab.in_flight->batch_id;
        tab.engine->on_upload_result(batch, w.server.handle(tab.in_flight->body), w.now);
        w.store.lose_pending();  // the removals never reach the disk
    }
    REQUIRE(w.store.queued.size() == 2);
    Tab tab(w.store, w.server, w.now);
    tab.drain();
    CHECK(w.server.stored_once(ids));
    CHECK(w.store.queued.empty());
}

TEST_CASE("a reload racing a removal does not bring the response back") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const std::string id = tab.submit();
    REQUIRE(tab.tick());
    // The store read everything before the removal landed, and answers after it.
    const std::vector<OutboxItem> stale{w.store.queued.at(id)};
    tab.serve();
    tab.engine->on_loaded(stale, {}, w.now);
    CHECK(tab.status().waiting == 0);
    CHECK_FALSE(tab.tick());
}

TEST_CASE("responses queued during an upload wait for it, then go next") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto first = submit(tab, 2);
    REQUIRE(tab.tick());
    const std::string during = tab.submit();
    tab.engine->on_online();
    CHECK_FALSE(tab.tick());  // one upload at a time
    CHECK(tab.status().waiting == 3);
    tab.serve();
    REQUIRE(tab.tick());
    CHECK(tab.in_flight->ids == std::vector<std::string>{during});
    tab.serve();
    CHECK(w.server.stored_once(first));
    CHECK(w.server.stored_once({during}));
}

TEST_CASE("batches respect the item limit and oldest responses go first") {
    World w;
    SyncConfig config;
    config.max_batch_items = 2;
    Tab tab(w.store, w.server, w.now, config);
    std::vector<std::string> order;
    for (int i = 0; i < 5; ++i) {
        order.push_back(tab.submit());
        w.advance(1s);
    }
    REQUIRE(tab.tick());
    CHECK(tab.in_flight->ids == std::vector<std::string>{order[0], order[1]});
    tab.serve();
    tab.drain();
    CHECK(w.server.batch_sizes == std::vector<std::size_t>{2, 2, 1});
}

TEST_CASE("batches respect the byte limit") {
    World w;
    SyncConfig config;
    config.max_body_bytes = 1000;
    Tab tab(w.store, w.server, w.now, config);
    const auto ids = submit(tab, 6);
    const std::size_t item_bytes = Tab::response(*ids.begin()).dump().size();
    const std::size_t per_batch = (1000 - 16) / (item_bytes + 1);
    REQUIRE(per_batch >= 2);
    REQUIRE(per_batch < 6);
    while (tab.tick()) {
        CHECK(tab.in_flight->body.size() <= 1000);
        tab.serve();
    }
    CHECK(w.server.stored_once(ids));
    CHECK(w.server.batch_sizes.front() == per_batch);
    CHECK(w.server.batch_sizes.size() == (6 + per_batch - 1) / per_batch);
}

TEST_CASE("the server's limits (GET /api/v1/limits): batches stay within them, never past the config's") {
    World w;
    SyncConfig config;
    config.max_batch_items = 4;
    Tab tab(w.store, w.server, w.now, config);
    SUBCASE("fewer responses per request than the config allows: batches of the server's size") {
        tab.engine->use_served_limits({limits::kMaxUploadBytes, 3});
        const auto ids = submit(tab, 7);
        tab.drain();
        CHECK(w.server.stored_once(ids));
        CHECK(w.server.batch_sizes == std::vector<std::size_t>{3, 3, 1});
    }
    SUBCASE("more than the config allows: the config's size stays") {
        tab.engine->use_served_limits({limits::kMaxUploadBytes, limits::kMaxUploadResponses});
        submit(tab, 6);
        tab.drain();
        CHECK(w.server.batch_sizes == std::vector<std::size_t>{4, 2});
    }
    SUBCASE("a smaller body limit: requests fill nine tenths of it at most") {
        tab.engine->use_served_limits({limits::kMinServedUploadBytes, limits::kMaxUploadResponses});
        CHECK(tab.engine->max_body_bytes() == body_budget_within(limits::kMinServedUploadBytes));
    }
    SUBCASE("a failed fetch changes nothing: the compiled-in limits") {
        tab.engine->use_served_limits(read_served_limits(0, "").upload);
        CHECK(tab.engine->batch_limit() == 4);
        CHECK(tab.engine->max_body_bytes() == config.max_body_bytes);
    }
    SUBCASE("a 413 lowered the batches earlier: the server's larger number does not raise them") {
        w.server.max_items = 2;
        submit(tab, 4);
        tab.drain();
        tab.engine->use_served_limits({limits::kMaxUploadBytes, 3});
        CHECK(tab.engine->batch_limit() == 2);
    }
}

TEST_CASE("413: the batch is halved until it fits, and stays that small") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 10);
    w.server.max_items = 3;
    tab.drain();
    CHECK(w.server.stored_once(ids));
    CHECK(w.server.batch_sizes == std::vector<std::size_t>{10, 5, 2, 2, 2, 2, 2});
    CHECK(tab.engine->batch_limit() == 2);
}

TEST_CASE("413 on a single response holds it, so it cannot block the others") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 3);
    w.server.max_items = 0;  // refuses everything as too large
    tab.drain();
    CHECK(tab.status().held == 3);
    CHECK(tab.status().waiting == 0);
    CHECK(tab.engine->held().front().errors[0]["message"] == "the server answered 413: the request is too large");
}

TEST_CASE("400 for a batch: bisected until the bad response is alone, then held; the rest arrive") {
    World w;
    Tab tab(w.store, w.server, w.now);
    std::vector<std::string> order;
    for (int i = 0; i < 8; ++i) {
        order.push_back(tab.submit());
        w.advance(1s);
    }
    w.server.poison.insert(order[5]);
    tab.drain();
    CHECK(tab.status().waiting == 0);
    REQUIRE(tab.engine->held().size() == 1);
    CHECK(tab.engine->held().front().item.id == order[5]);
    CHECK(tab.engine->held().front().errors[0]["message"] == "the server answered 400: the body is not valid JSON");
    order.erase(order.begin() + 5);
    CHECK(w.server.stored_once({order.begin(), order.end()}));
    CHECK(w.server.batch_sizes.size() < 12);
}

TEST_CASE("400 or 415 from something other than our server holds nothing: it backs off") {
    World w;
    Tab tab(w.store, w.server, w.now);
    submit(tab, 1);
    REQUIRE(tab.tick());
    tab.reply(UploadResult::response(400, "<html>Bad Request</html>"));
    CHECK(tab.status().held == 0);
    CHECK(tab.status().state == SyncState::WaitingToRetry);
    w.advance(5s);
    REQUIRE(tab.tick());
    tab.reply(UploadResult::response(415, R"({"error":"send application/json"})"));
    CHECK(tab.status().held == 0);
    CHECK(tab.status().waiting == 1);
    CHECK(tab.status().consecutive_failures == 2);
}

TEST_CASE("5xx for every batch carrying one response: split until it is alone, then held; the rest arrive") {
    World w;
    Tab tab(w.store, w.server, w.now);
    auto order = submit_in_order(tab, w, 10);
    const std::string bad = order[6];  // the seventh
    w.server.fatal.insert(bad);
    const auto sent = run(tab, w, 100);
    CHECK(tab.status().waiting == 0);
    REQUIRE(tab.engine->held().size() == 1);
    CHECK(tab.engine->held().front().item.id == bad);
    CHECK(tab.engine->held().front().errors[0]["message"] == "the server answered 503: could not commit the batch");
    CHECK(w.store.held.count(bad) == 1);
    CHECK(w.server.stored.count(bad) == 0);
    order.erase(order.begin() + 6);
    CHECK(w.server.stored_once({order.begin(), order.end()}));
    CHECK(w.server.stored.size() == 9);
    // Finding it costs at most two failures per halving (10 -> 5 -> 2 -> 1: the first 5xx for a
    // batch starting with a new item only backs off), the nine others at most nine successes, and
    // it fails alone hold_after_server_errors (6) times: about 6 + 9 + 6, so 30 is a safe ceiling
    // that a loop would blow through. Exactly (F = 503, S = stored):
    //   10F 10F 5S | 5F 5F 2F 1S | 2F 2F 1F(#7 alone) 1S 1F(#7) 2S(the last two) | 1F 1F 1F 1F(held)
    CHECK(w.server.batch_sizes.size() <= 30);
    CHECK(w.server.batch_sizes == std::vector<std::size_t>{10, 10, 5, 5, 5, 2, 1, 2, 2, 1, 1, 1, 2, 1, 1, 1, 1});
    for (std::size_t i = 1; i < sent.size(); ++i)  // a 5xx always backs off
        if (sent[i - 1].failed) CHECK(sent[i].at - sent[i - 1].at >= SyncConfig{}.first_retry / 2);

    // The batch size grows back once the suspect is gone.
    submit(tab, 200);
    run(tab, w, 100);
    CHECK(tab.status().held == 1);
    CHECK(tab.engine->batch_limit() == SyncConfig{}.max_batch_items);
}

TEST_CASE("5xx: a batch is not split on the first one, and the same batch succeeds on the retry") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 3);
    REQUIRE(tab.tick());
    const auto first = tab.in_flight->ids;
    tab.reply(UploadResult::response(502, "<html>Bad Gateway</html>"));
    CHECK(tab.status().state == SyncState::WaitingToRetry);
    CHECK(tab.status().last_problem == "the server answered 502");
    CHECK(until_next_attempt(tab, w.now) >= 1s);
    CHECK_FALSE(tab.tick());
    w.advance(until_next_attempt(tab, w.now));
    REQUIRE(tab.tick());
    CHECK(tab.in_flight->ids == first);
    tab.serve();
    CHECK(w.server.stored_once(ids));
    CHECK(w.server.batch_sizes == std::vector<std::size_t>{3});
    CHECK(tab.status().held == 0);
    CHECK(tab.status().waiting == 0);
    CHECK(tab.engine->batch_limit() == SyncConfig{}.max_batch_items);
    CHECK(tab.status().consecutive_failures == 0);
}

TEST_CASE("5xx to everything (database down) holds nothing, keeps backing off, and all arrive after") {
    World w;
    const SyncConfig config;
    Tab tab(w.store, w.server, w.now, config);
    const auto ids = submit(tab, 10);
    w.server.down = true;
    std::vector<TimePoint> sent;
    int failures = 0;
    for (int tick = 0; tick < 500; ++tick, w.advance(1s)) {
        if (!tab.tick()) continue;
        if (!sent.empty()) {
            const Millis gap = w.now - sent.back();
            CHECK(gap >= least_backoff(config, failures));
            CHECK(gap >= config.first_retry / 2);
            if (failures >= 2) CHECK(gap >= config.first_retry);
        }
        sent.push_back(w.now);
        tab.serve();
        ++failures;
        CHECK(tab.status().held == 0);
        CHECK(tab.status().waiting == 10);
    }
    CHECK(sent.size() >= 5);
    CHECK(sent.size() <= 10);  // backoff: about log2(500 s / 1 s) attempts
    CHECK(w.server.stored.empty());

    w.server.down = false;
    const std::size_t before = w.server.batch_sizes.size();
    run(tab, w, 100);
    CHECK(tab.status().held == 0);
    CHECK(tab.status().waiting == 0);
    CHECK(w.server.stored_once(ids));
    CHECK(w.server.stored.size() == 10);
    CHECK(w.server.batch_sizes.size() - before <= 6);  // the batch size grows back: 1, 2, 4, ... not ten lone requests
    CHECK(w.store.held.empty());
}

TEST_CASE("5xx for a response alone on the device: never held, retried with backoff for as long as it takes") {
    World w;
    const SyncConfig config;
    Tab tab(w.store, w.server, w.now, config);
    const std::string id = tab.submit();
    w.server.fatal.insert(id);
    TimePoint last = w.now;
    for (int failure = 1; failure <= 20; ++failure) {
        REQUIRE(tab.tick());
        if (failure > 1) CHECK(w.now - last >= least_backoff(config, failure - 1));
        last = w.now;
        tab.serve();
        CHECK(tab.status().held == 0);
        CHECK(tab.status().waiting == 1);
        CHECK(tab.status().consecutive_failures == failure);
        const Millis wait = until_next_attempt(tab, w.now);
        CHECK(wait >= least_backoff(config, failure));
        CHECK(wait <= config.max_retry);
        w.advance(wait - 1ms);
        CHECK_FALSE(tab.tick());
        w.advance(1ms);
    }
    CHECK(w.server.batch_sizes.size() == 20);
    CHECK(w.store.queued.count(id) == 1);

    // Once the server is fixed, it arrives.
    w.server.fatal.clear();
    REQUIRE(tab.tick());
    tab.serve();
    CHECK(w.server.stored_once({id}));
}

TEST_CASE("5xx: two responses the server fails on, the oldest first, do not hold up the others") {
    World w;
    Tab tab(w.store, w.server, w.now);
    auto order = submit_in_order(tab, w, 12);
    const std::set<std::string> bad{order[0], order[4]};
    w.server.fatal = bad;
    run(tab, w, 100);
    CHECK(tab.status().waiting == 0);
    CHECK(tab.status().held == 2);
    std::set<std::string> held;
    for (const auto& h : tab.engine->held()) held.insert(h.item.id);
    CHECK(held == bad);
    std::set<std::string> good{order.begin(), order.end()};
    for (const auto& id : bad) good.erase(id);
    CHECK(w.server.stored_once(good));
    CHECK(w.server.stored.size() == good.size());
    CHECK(w.server.batch_sizes.size() <= 40);
}

TEST_CASE("5xx: a response that failed alone takes turns with newer ones, which are not kept waiting") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const std::string bad = tab.submit();
    w.server.fatal.insert(bad);
    REQUIRE(tab.tick());
    tab.serve();  // fails alone: a suspect, but no proof yet that the server stores anything
    const auto later = submit(tab, 3);
    w.advance(until_next_attempt(tab, w.now));
    REQUIRE(tab.tick());
    CHECK(std::set<std::string>(tab.in_flight->ids.begin(), tab.in_flight->ids.end()) == later);
    tab.serve();
    CHECK(w.server.stored_once(later));
    REQUIRE(tab.tick());  // its turn again, at once: the server works
    CHECK(tab.in_flight->ids == std::vector<std::string>{bad});
    tab.serve();
    const int hold_after = SyncConfig{}.hold_after_server_errors;
    for (int failures = 2; failures < hold_after; ++failures) {
        CHECK(tab.status().held == 0);  // not yet: a flaky server fails some requests at random
        w.advance(until_next_attempt(tab, w.now));
        REQUIRE(tab.tick());
        tab.serve();
    }
    CHECK(tab.status().held == 1);
    CHECK(tab.status().waiting == 0);
    CHECK(w.server.batch_sizes.size() == static_cast<std::size_t>(hold_after) + 1);
}

TEST_CASE("another tab holds the upload lock: a short deferral, not a failure, then a reload") {
    World w;
    Tab tab(w.store, w.server, w.now);
    submit(tab, 1);
    REQUIRE(tab.tick());
    const int loads = w.store.loads;
    tab.reply(UploadResult::refused());
    CHECK(tab.status().consecutive_failures == 0);
    CHECK(tab.status().state == SyncState::WaitingToRetry);
    CHECK(until_next_attempt(tab, w.now) == 3s);
    w.advance(2s);
    CHECK_FALSE(tab.tick());
    CHECK(w.store.loads == loads + 1);
    w.advance(1s);
    tab.drain();
    CHECK(w.store.queued.empty());
}

TEST_CASE("two tabs on one phone: each response reaches the server exactly once") {
    World w;
    Tab a(w.store, w.server, w.now, {}, 1);
    Tab b(w.store, w.server, w.now, {}, 2);
    auto ids = submit(a, 2);
    ids.merge(submit(b, 2));
    // Tab A wins the lock; B is refused while A's upload runs.
    REQUIRE(a.tick());
    REQUIRE(b.tick());
    b.reply(UploadResult::refused());
    a.serve();
    w.advance(3s);
    a.drain();
    b.drain();
    // A tab closed with its items unsent: the other picks them up on its periodic reload.
    const std::string orphan = a.submit();
    w.advance(1min);
    b.tick();
    b.drain();
    CHECK(b.status().waiting == 0);
    ids.insert(orphan);
    CHECK(w.server.stored_once(ids));
    CHECK(w.store.queued.empty());
}

TEST_CASE("two tabs: a response the other tab saw rejected is held once, here too") {
    World w;
    Tab a(w.store, w.server, w.now, {}, 1);
    const std::string bad = a.submit();
    w.server.rejects.insert(bad);
    Tab b(w.store, w.server, w.now, {}, 2);  // has it queued too
    CHECK(b.status().waiting == 1);
    a.drain();
    w.advance(1min);
    b.tick();  // periodic reload
    CHECK(b.status().waiting == 0);
    CHECK(b.status().held == 1);
    CHECK(b.drain() == 0);
}

TEST_CASE("offline: no attempts until the browser is back online, then at once") {
    World w;
    Tab tab(w.store, w.server, w.now);
    tab.engine->on_offline(w.now);
    const auto ids = submit(tab, 2);
    CHECK_FALSE(tab.tick());
    CHECK(tab.status().state == SyncState::Offline);
    w.advance(1min);
    CHECK_FALSE(tab.tick());
    tab.engine->on_online();
    REQUIRE(tab.tick());
    tab.serve();
    CHECK(w.server.stored_once(ids));
    CHECK(tab.status().state == SyncState::Idle);
}

TEST_CASE("offline but the online event never comes: still tries once per maximum backoff") {
    World w;
    Tab tab(w.store, w.server, w.now);
    tab.engine->on_offline(w.now);
    submit(tab, 1);
    w.advance(5min);
    REQUIRE(tab.tick());
    tab.serve();
    CHECK(tab.status().state == SyncState::Idle);
}

TEST_CASE("on_online cuts a long backoff short") {
    World w;
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 1);
    for (int i = 0; i < 6; ++i) {
        REQUIRE(tab.tick());
        tab.reply(UploadResult::network_error());
        w.advance(until_next_attempt(tab, w.now));
    }
    REQUIRE(tab.tick());
    tab.reply(UploadResult::network_error());
    CHECK(until_next_attempt(tab, w.now) > 30s);
    tab.engine->on_online();
    REQUIRE(tab.tick());
    tab.serve();
    CHECK(w.server.stored_once(ids));
}

TEST_CASE("a damaged stored response is held with a reason instead of blocking the queue") {
    World w;
    w.store.queued["aaaaaaaa-0000-4000-8000-000000000000"] = {"aaaaaaaa-0000-4000-8000-000000000000", "{\"id\": trunc", w.now, 0};
    w.store.queued["bbbbbbbb-0000-4000-8000-000000000000"] = {"bbbbbbbb-0000-4000-8000-000000000000", R"({"id":"other"})", w.now, 0};
    Tab tab(w.store, w.server, w.now);
    const auto ids = submit(tab, 1);
    tab.drain();
    CHECK(w.server.stored_once(ids));
    CHECK(tab.status().held == 2);
    CHECK(w.store.held.size() == 2);
    CHECK(w.store.queued.empty());
}

TEST_CASE("a response too large for any request is held, the others go") {
    World w;
    SyncConfig config;
    config.max_body_bytes = 2000;
    Tab tab(w.store, w.server, w.now, config);
    json huge = Tab::response("cccccccc-0000-4000-8000-000000000000");
    huge["answers"]["went_well"] = std::string(3000, 'x');
    REQUIRE(tab.engine->enqueue(huge, w.now));
    const auto ids = submit(tab, 1);
    tab.drain();
    CHECK(w.server.stored_once(ids));
    CHECK(tab.status().held == 1);
    CHECK(tab.engine->held().front().errors[0]["message"] == "this response is too large to upload");
}

TEST_CASE("held items from an earlier session are shown again after a reload") {
    World w;
    {
        Tab tab(w.store, w.server, w.now);
        w.server.rejects.insert(tab.submit());
        tab.drain();
    }
    Tab tab(w.store, w.server, w.now);
    CHECK(tab.status().held == 1);
    CHECK(tab.status().waiting == 0);
    CHECK(tab.drain() == 0);
}

TEST_CASE("chaos: with random failures, lost answers and reloads, everything arrives exactly once") {
    World w;
    std::mt19937_64 dice(2026);
    SyncConfig config;
    config.max_batch_items = 4;
    config.upload_watchdog = 30s;
    auto tab = std::make_unique<Tab>(w.store, w.server, w.now, config, 9);
    std::set<std::string> ids;
    std::string poison;  // every batch carrying it gets 503, as long as it is on the device
    for (int step = 0; step < 2000; ++step) {
        const auto roll = dice() % 100;
        if (roll < 10 && ids.size() < 150) {
            const std::string id = tab->submit();
            if (ids.size() == 5 && poison.empty()) w.server.fatal.insert(poison = id);
            else ids.insert(id);
        }
        if (roll >= 95) {  // reload, maybe with writes lost
            if (dice() % 2) w.store.lose_pending();
            tab = std::make_unique<Tab>(w.store, w.server, w.now, config, dice());
        }
        w.advance(Millis(static_cast<Millis::rep>(dice() % 3000)));
        tab->tick();
        if (!tab->in_flight) continue;
        const auto fate = dice() % 10;
        if (fate < 4) tab->serve();
        else if (fate == 4) tab->reply(UploadResult::response(503, "{}"));
        else if (fate == 5) tab->reply(UploadResult::timeout());
        else if (fate == 6) {  // stored, answer lost
            w.server.handle(tab->in_flight->body);
            tab->in_flight.reset();
        }
        else if (fate == 7) tab->reply(UploadResult::refused());
        // otherwise still in flight at the next step
    }
    tab = std::make_unique<Tab>(w.store, w.server, w.now, config, 99);
    for (int i = 0; i < 50 && tab->status().waiting > (tab->engine->outbox().is_queued(poison) ? 1u : 0u); ++i) {
        w.advance(5min);
        tab->drain();
    }
    REQUIRE_FALSE(poison.empty());
    CHECK(ids.size() > 50);
    CHECK(w.server.stored_once(ids));
    CHECK(w.server.stored.size() == ids.size());  // the poison never stored, nothing else either
    // The poison is held or still waiting, never lost; nothing else is held or waiting.
    CHECK(w.store.queued.count(poison) + w.store.held.count(poison) == 1);
    CHECK(w.store.held.size() + w.store.queued.size() == 1);
    CHECK(tab->status().waiting + tab->status().held == 1);
}
