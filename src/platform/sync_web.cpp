// The browser side of offline-first sync: the outbox in IndexedDB (an OutboxStore for core's
// SyncEngine), uploads with fetch() under a Web Lock so two tabs never upload at once, and the
// timers and online/offline events that drive the engine. The rules live in src/core/sync.hpp.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <sys/random.h>

#include <map>
#include <memory>

#include "core/ids.hpp"
#include "core/sync.hpp"
#include "platform.hpp"

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

class IndexedDbStore : public OutboxStore {
public:
    void load_all() override { js_outbox_load_all(); }
    void put(const OutboxItem& item) override {
        js_outbox_put(item.id.c_str(), item.body.c_str(), static_cast<double>(item.queued_at.time_since_epoch().count()));
    }
    void remove(const std::string& id) override { js_outbox_remove(id.c_str()); }
    void hold(const HeldItem& held) override {
        const nlohmann::json record = {{"id", held.item.id}, {"body", held.item.body},
                                       {"queued_at", held.item.queued_at.time_since_epoch().count()},
                                       {"errors", held.errors}, {"held_at", held.held_at.time_since_epoch().count()}};
        js_outbox_hold(record.dump().c_str());
    }
};

struct Sync {
    IndexedDbStore store;
    SyncEngine engine{store, random_bits};
    std::string endpoint = "api/v1/responses";
    std::map<std::string, std::function<void(bool)>> waiting_for_save;

    std::string last_status;

    void pump() {
        if (auto request = engine.tick(wall_clock())) js_upload(endpoint.c_str(), request->batch_id.c_str(), request->body.c_str());
        // Redraw only when the status line would change: the timer ticks every second.
        const SyncStatus s = engine.status();
        std::string summary = std::to_string(s.waiting) + "/" + std::to_string(s.held) + "/" +
                              std::to_string(s.last_success ? s.last_success->time_since_epoch().count() / 60000 : -1);
        if (summary != last_status) {
            last_status = std::move(summary);
            request_frames();
        }
    }
};
std::unique_ptr<Sync> sync;

TimePoint from_ms(double ms) { return time_from_unix_ms(static_cast<std::int64_t>(ms)); }

}  // namespace

void start_sync(const std::string& api_base) {
    sync = std::make_unique<Sync>();
    sync->endpoint = api_base + "api/v1/responses";
    sync->engine.start(wall_clock());
}

void save_response(const std::string& id, const std::string& response_json, std::function<void(bool saved)> done) {
    const auto response = nlohmann::json::parse(response_json, nullptr, false);
    const bool known = sync->engine.outbox().is_queued(id) || sync->waiting_for_save.count(id);
    if (known || !sync->engine.enqueue(response, wall_clock())) {
        // The same response again (kept, never a second one), or one that cannot be queued.
        const bool saved = known && !sync->waiting_for_save.count(id);
        call_soon([done = std::move(done), saved](int, std::string) { done(saved); }, 0);
        return;
    }
    sync->waiting_for_save[id] = std::move(done);
}

std::vector<OutboxItem> device_responses() { return sync ? sync->engine.outbox().items() : std::vector<OutboxItem>{}; }
std::vector<HeldItem> device_held() { return sync ? sync->engine.held() : std::vector<HeldItem>{}; }

SyncStatus sync_status() { return sync ? sync->engine.status() : SyncStatus{}; }


std::string local_time_of_day(TimePoint when) { return format_iso8601(when, js_timezone_offset_minutes()).substr(11, 5); }

std::string random_uuid() { return make_uuid_v4(random_bits); }
std::string now_iso8601() { return format_iso8601(wall_clock(), js_timezone_offset_minutes()); }

}  // namespace tellus::platform

using tellus::platform::sync;

// [SECTION] Called from shell/tellus-web.js

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_outbox_saved(const char* id, int ok) {
    if (!sync) return;
    sync->engine.on_saved(id, ok != 0);
    if (auto it = sync->waiting_for_save.find(id); it != sync->waiting_for_save.end()) {
        auto done = std::move(it->second);
        sync->waiting_for_save.erase(it);
        done(ok != 0);
    }
    sync->pump();
}

// `json`: {"queued":[{id, body, queued_at, attempts}], "held":[{id, body, queued_at, errors, held_at}]}
extern "C" EMSCRIPTEN_KEEPALIVE void tellus_outbox_loaded(const char* json) {
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
    sync->pump();
}

// kind: 0 response, 1 network error, 2 timeout, 3 refused (another tab is uploading).
extern "C" EMSCRIPTEN_KEEPALIVE void tellus_upload_done(const char* batch_id, int kind, int status, const char* body,
                                                       double retry_after_ms) {
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
    sync->pump();
}

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_sync_tick() {
    if (sync) sync->pump();
}

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_sync_online(int online) {
    if (!sync) return;
    if (online) sync->engine.on_online();
    else sync->engine.on_offline(tellus::platform::wall_clock());
    sync->pump();
}
