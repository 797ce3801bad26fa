// The browser side of offline-first sync: the outbox in IndexedDB (an OutboxStore for core's
// SyncEngine), uploads with fetch() under a Web Lock so two tabs never upload at once, and the
// timers and online/offline events that drive the engine. The rules live in src/core/sync.hpp.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <sys/random.h>

#include <memory>

#include "core/ids.hpp"
#include "core/served_limits.hpp"
#include "core/sync.hpp"
#include "platform.hpp"
#include "web_state.hpp"

namespace tellus::platform {
namespace {

EM_JS(void, js_outbox_load_all, (), { TellusWeb.outboxLoadAll(); });
EM_JS(void, js_outbox_put, (const char* id, const char* body, double queued_at), {
    TellusWeb.outboxPut(UTF8ToString(id), UTF8ToString(body), queued_at);
});
EM_JS(void, js_outbox_remove, (const char* id), { TellusWeb.outboxRemove(UTF8ToString(id)); });
EM_JS(void, js_outbox_hold, (const char* held_json), { TellusWeb.outboxHold(UTF8ToString(held_json)); });
EM_JS(void, js_upload, (const char* url, const char* batch_id, const char* body), {
    TellusWeb.upload(UTF8ToString(url), UTF8ToString(batch_id), UTF8ToString(body));
});
EM_JS(int, js_timezone_offset_minutes, (), { return -new Date().getTimezoneOffset(); });

TimePoint wall_clock() { return time_from_unix_ms(static_cast<std::int64_t>(emscripten_date_now())); }

std::uint64_t random_bits() {
    std::uint64_t bits = 0;
    getentropy(&bits, sizeof bits);  // crypto.getRandomValues underneath
    return bits;
}

using Sync = PlatformState::Sync;

// The sync engine, once start_sync() has made it.
Sync* running_sync() { return platform_state().sync.get(); }

// Sends what the engine says is due, and redraws when the status line would change (the timer
// ticks every second).
void pump(Sync& sync) {
    if (auto request = sync.engine.tick(wall_clock())) js_upload(sync.endpoint.c_str(), request->batch_id.c_str(), request->body.c_str());
    const SyncStatus s = sync.engine.status();
    std::string summary = std::to_string(s.waiting) + "/" + std::to_string(s.held) + "/" +
                          std::to_string(s.last_success ? s.last_success->time_since_epoch().count() / 60000 : -1);
    if (summary != sync.last_status) {
        sync.last_status = std::move(summary);
        request_frames();
    }
}

// The server's upload limits, for the engine's batches. Until they come, and when they never do,
// the engine keeps the compiled-in ones, which suit any tellus-serve.
void follow_served_limits(const std::string& url) {
    fetch(url, [](int status, std::string body) {
        const ServedLimits served = read_served_limits(status, body);
        if (!served.problem.empty())
            emscripten_log(EM_LOG_CONSOLE | EM_LOG_WARN, "Tellus: the server's upload limits: %s (the app's own stand in)", served.problem.c_str());
        if (Sync* sync = running_sync()) sync->engine.use_served_limits(served.upload);
    });
}

TimePoint from_ms(double ms) { return time_from_unix_ms(static_cast<std::int64_t>(ms)); }

}  // namespace

void IndexedDbStore::load_all() { js_outbox_load_all(); }
void IndexedDbStore::put(const OutboxItem& item) {
    js_outbox_put(item.id.c_str(), item.body.c_str(), static_cast<double>(item.queued_at.time_since_epoch().count()));
}
void IndexedDbStore::remove(const std::string& id) { js_outbox_remove(id.c_str()); }
void IndexedDbStore::hold(const HeldItem& held) {
    const nlohmann::json record = {{"id", held.item.id}, {"body", held.item.body},
                                   {"queued_at", held.item.queued_at.time_since_epoch().count()},
                                   {"errors", held.errors}, {"held_at", held.held_at.time_since_epoch().count()}};
    js_outbox_hold(record.dump().c_str());
}

void start_sync(const std::string& api_base) {
    auto& state = platform_state();
    state.sync = std::make_unique<Sync>(random_bits);
    state.sync->endpoint = api_base + "api/v1/responses";
    state.sync->engine.start(wall_clock());
    follow_served_limits(api_base + "api/v1/limits");
}

void save_response(const std::string& id, const std::string& response_json, std::function<void(bool saved)> done) {
    Sync& sync = *running_sync();
    const auto response = nlohmann::json::parse(response_json, nullptr, false);
    const bool known = sync.engine.outbox().is_queued(id) || sync.waiting_for_save.count(id);
    if (known || !sync.engine.enqueue(response, wall_clock())) {
        // The same response again (kept, never a second one), or one that cannot be queued.
        const bool saved = known && !sync.waiting_for_save.count(id);
        call_soon([done = std::move(done), saved](int, std::string) { done(saved); }, 0);
        return;
    }
    sync.waiting_for_save[id] = std::move(done);
}

std::vector<OutboxItem> device_responses() { return running_sync() ? running_sync()->engine.outbox().items() : std::vector<OutboxItem>{}; }
std::vector<HeldItem> device_held() { return running_sync() ? running_sync()->engine.held() : std::vector<HeldItem>{}; }

SyncStatus sync_status() { return running_sync() ? running_sync()->engine.status() : SyncStatus{}; }

std::string local_time_of_day(TimePoint when) { return format_iso8601(when, js_timezone_offset_minutes()).substr(11, 5); }

std::string random_uuid() { return make_uuid_v4(random_bits); }
std::string now_iso8601() { return format_iso8601(wall_clock(), js_timezone_offset_minutes()); }

}  // namespace tellus::platform

using tellus::platform::pump;
using tellus::platform::running_sync;

// [SECTION] Called from shell/tellus-web.js

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_outbox_saved(const char* id, int ok) {
    auto* sync = running_sync();
    if (!sync) return;
    sync->engine.on_saved(id, ok != 0);
    if (auto it = sync->waiting_for_save.find(id); it != sync->waiting_for_save.end()) {
        auto done = std::move(it->second);
        sync->waiting_for_save.erase(it);
        done(ok != 0);
        tellus::platform::request_frames();  // the screen moves on (thank you, or the save problem)
    }
    pump(*sync);
}

// `json`: {"queued":[{id, body, queued_at, attempts}], "held":[{id, body, queued_at, errors, held_at}]}
extern "C" EMSCRIPTEN_KEEPALIVE void tellus_outbox_loaded(const char* json) {
    auto* sync = running_sync();
    if (!sync) return;
    auto data = nlohmann::json::parse(json, nullptr, false);
    std::vector<tellus::OutboxItem> queued;
    std::vector<tellus::HeldItem> held;
    if (data.is_object()) {
        for (const auto& q : data.value("queued", nlohmann::json::array()))
            queued.push_back({q.value("id", ""), q.value("body", ""), tellus::platform::from_ms(q.value("queued_at", 0.0)), 0});
        for (const auto& h : data.value("held", nlohmann::json::array()))
            held.push_back({{h.value("id", ""), h.value("body", ""), tellus::platform::from_ms(h.value("queued_at", 0.0)), 0},
                            h.value("errors", nlohmann::json::array()), tellus::platform::from_ms(h.value("held_at", 0.0))});
    }
    sync->engine.on_loaded(std::move(queued), std::move(held), tellus::platform::wall_clock());
    pump(*sync);
}

// kind: 0 response, 1 network error, 2 timeout, 3 refused (another tab is uploading).
extern "C" EMSCRIPTEN_KEEPALIVE void tellus_upload_done(const char* batch_id, int kind, int status, const char* body,
                                                       double retry_after_ms) {
    auto* sync = running_sync();
    if (!sync) return;
    using tellus::UploadResult;
    UploadResult result;
    switch (kind) {
        case 0:
            result = UploadResult::response(status, body, retry_after_ms > 0 ? std::optional(tellus::Millis(static_cast<long long>(retry_after_ms)))
                                                                          : std::nullopt);
            break;
        case 2: result = UploadResult::timeout(); break;
        case 3: result = UploadResult::refused(); break;
        default: result = UploadResult::network_error(body);
    }
    sync->engine.on_upload_result(batch_id, result, tellus::platform::wall_clock());
    pump(*sync);
}

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_sync_tick() {
    if (auto* sync = running_sync()) pump(*sync);
}

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_sync_online(int online) {
    auto* sync = running_sync();
    if (!sync) return;
    if (online) sync->engine.on_online();
    else sync->engine.on_offline(tellus::platform::wall_clock());
    pump(*sync);
}
