#pragma once
// The sync engine: decides when to upload the outbox, builds each request, and reads the server's
// answer (docs: POST /api/v1/responses). It performs no I/O and reads no clock: the platform
// drives it with events and the current time, sends the UploadRequest it returns, and reports the
// outcome. Rules it keeps so that no response is lost or counted twice:
//  - at most one upload in flight, ever;
//  - an item leaves the outbox only when the server names it `accepted` or `duplicate`;
//    `rejected` moves it to the held list with the server's reasons; unmentioned items stay;
//  - the server's word on an id counts even when it comes late (after the watchdog gave up on the
//    batch), but only for ids that batch carried; an answer for a batch this engine never sent (from
//    before a reload) is ignored, and resending is safe because the server dedupes on the id;
//  - only the current batch's answer moves the state machine;
//  - the engine never loops on one batch: a batch that keeps getting 5xx is split, and a response
//    that keeps getting 5xx on its own is held, but only on evidence that the server stores others.
//
//                 tick: items ready                       200 + results
//     ┌──────┐ ─────────────────────────► ┌───────────┐ ──────────────────► Idle (next tick sends
//     │ Idle │                            │ Uploading │                      the next batch at once)
//     └──────┘ ◄──────────────────────────└───────────┘
//        ▲      400/413: smaller batch now;    │   │ network error, timeout (transport's or the
//        │      a lone item gets held          │   │ watchdog's), 429, 5xx, 415, anything else
//        │                                     │   ▼
//        │   tick at next_attempt_at,   ┌────────────────┐  backoff: doubles from first_retry up
//        └── or on_online() ─ ─ ─ ─ ─ ─ │ WaitingToRetry │  to max_retry, with jitter in [d/2, d)
//                                       └────────────────┘
//        5xx (500-599) always backs off (a server with its database down answers 503 to all), and
//        also decides what the next request carries:
//          - several items, and the previous attempt starting with the same item got a 5xx too
//            (split_after_server_errors in a row): the next batch is half as big, as after 400;
//          - one item alone: it becomes a *suspect*, sent alone from now on, taking turns with
//            batches of the other items (so they no longer wait behind it). It is held with the
//            server's reason after hold_after_server_errors 5xx in a row, and only if the server
//            accepted other items after its first one. With nothing else on the device there is
//            no such evidence: it keeps its place and retries with backoff, never held. A second
//            item failing alone before the server stored anything since the first suspect's
//            failure points at the server, not the item: it backs off without becoming a suspect.
//          A suspect that gets any other answer from the server goes back to ordinary batches.
//        Batches grow back (doubling after each success) as after 400/413.
//        transport refused (another tab holds the upload lock) → WaitingToRetry after
//        refusal_delay, no backoff, and the outbox is reloaded from the store meanwhile.
//        on_offline() → Offline: no attempt until on_online(), except one per max_retry in case
//        the browser's `online` event never comes.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "limits.hpp"
#include "outbox.hpp"
#include "served_limits.hpp"

namespace tellus {

// How much of a server's body limit a request may fill: room to spare for what the count misses.
constexpr std::size_t body_budget_within(std::size_t server_max_bytes) { return server_max_bytes * 9 / 10; }

struct SyncConfig {
    std::size_t max_batch_items = 100;  // clamped to 1..limits::kMaxUploadResponses, the server's limit
    std::size_t max_body_bytes = body_budget_within(limits::kMaxUploadBytes);  // under the server's limit
    Millis first_retry{2'000};
    Millis max_retry{5 * 60'000};
    Millis refusal_delay{3'000};     // another tab is uploading: look again soon
    Millis upload_watchdog{120'000};  // a result still missing after this counts as a timeout
    Millis reload_every{60'000};      // picks up items left by a closed tab
    // A batch is halved after this many 5xx in a row for attempts starting with the same item: one
    // item can make the whole batch fail (an older server's group commit failed on one poisoned
    // item), and resending it unchanged would loop for ever. One 5xx alone is usually a passing
    // outage (a restart, a busy database), so the first one only backs off.
    int split_after_server_errors = 2;
    // An item sent alone is held after this many 5xx in a row, and only once the server has
    // accepted other items since its first one: that shows the server can store and refuses this
    // one. Held items are never retried automatically, so a server that is simply down (503 to
    // everyone, nothing accepted) must never cause a hold. Nor should a flaky one: if it fails one
    // request in six at random, a suspect is wrongly held about once in 6^(n-1) (1 in 36 at 3, 7,776
    // at 6). Holding late costs little, as the other items no longer wait for it.
    int hold_after_server_errors = 6;
};

struct UploadRequest {
    std::string batch_id;  // pass back to on_upload_result
    std::string body;      // {"responses":[...]}: POST it to /api/v1/responses as application/json
    std::vector<std::string> ids;
};

struct UploadResult {
    enum class Kind { Response, NetworkError, Timeout, Refused };
    Kind kind = Kind::NetworkError;
    int http_status = 0;
    std::string body;
    std::optional<Millis> retry_after;  // from a Retry-After header, when there was one
    std::string detail;                 // plain words from the transport, for staff

    static UploadResult response(int status, std::string body, std::optional<Millis> retry_after = {});
    static UploadResult network_error(std::string detail = {});
    static UploadResult timeout();
    // The transport did not send it (another tab holds the upload lock): a deferral, not a failure.
    static UploadResult refused();
};

enum class SyncState { Idle, Uploading, WaitingToRetry, Offline };
const char* to_string(SyncState state);

struct SyncStatus {
    SyncState state = SyncState::Idle;
    std::size_t waiting = 0;  // on the device, not yet acknowledged (in flight included)
    std::size_t held = 0;     // refused by the server: for staff to look at
    std::size_t unsaved = 0;  // waiting in memory only, because the device refused to store them
    std::optional<TimePoint> last_success;
    std::optional<TimePoint> next_attempt_at;  // when WaitingToRetry or Offline
    int consecutive_failures = 0;
    std::string last_problem;  // plain English, for staff and logs; empty after a success
};

class SyncEngine {
public:
    SyncEngine(OutboxStore& store, RandomSource random, SyncConfig config = {});

    // On start: asks the store for what earlier sessions left (answer with on_loaded).
    void start(TimePoint now);
    // A patient pressed send: queues the response and asks the store to save it. The response is
    // uploaded once on_saved reports the write. False when it has no "id".
    bool enqueue(const nlohmann::json& response, TimePoint now);
    // Store completions.
    void on_saved(const std::string& id, bool ok);
    void on_loaded(std::vector<OutboxItem> queued, std::vector<HeldItem> held, TimePoint now);

    // Call on a timer (every second or so) and after any event. Returns a request to send now, if any.
    std::optional<UploadRequest> tick(TimePoint now);
    // The transport's outcome for a request from tick().
    void on_upload_result(const std::string& batch_id, const UploadResult& result, TimePoint now);

    // What the server says its limits are (read_served_limits, GET /api/v1/limits): from now on
    // batches stay within them too. They only ever lower what the config allows.
    void use_served_limits(const UploadLimits& served);

    void on_online();               // the browser's `online` event: try at once
    void on_offline(TimePoint now);  // the browser's `offline` event: stop trying for now

    SyncStatus status() const;
    const std::vector<HeldItem>& held() const { return outbox_.held(); }
    const Outbox& outbox() const { return outbox_; }
    // The batch size the next request may use (shrinks after 400/413 and repeated 5xx, grows back
    // after successes).
    std::size_t batch_limit() const { return batch_limit_; }
    // The most bytes the next request's body may hold.
    std::size_t max_body_bytes() const { return max_body_bytes_; }

private:
    struct Batch {
        std::string id;
        std::vector<std::string> item_ids;
        TimePoint started;
        std::uint64_t serial = 0;  // order of sending, to tell what the server did after what
        bool suspect = false;      // a suspect sent alone (see the comment at the top)
    };
    // An item that got a 5xx when sent alone.
    struct Suspect {
        std::uint64_t since = 0;      // the serial of the batch that got its first 5xx of this run
        std::uint64_t last_sent = 0;  // the serial of the last batch that carried it: least recent goes first
        int server_errors = 0;        // 5xx in a row when sent alone
        bool others_stored = false;   // the server accepted other items sent after `since`
    };

    bool due(TimePoint now) const;
    void reload_if_due(TimePoint now);
    std::optional<UploadRequest> start_upload(TimePoint now);
    void give_up_waiting(TimePoint now);
    std::optional<Batch> take_batch(const std::string& batch_id, bool& current);
    std::vector<const OutboxItem*> choose_items(std::size_t max_bytes, bool& suspect);
    std::size_t apply_verdicts(const nlohmann::json& results, const Batch& batch, TimePoint now);
    void note_stored(const Batch& batch);
    void advance(const Batch& batch, const UploadResult& result, std::optional<std::size_t> answered, TimePoint now);
    void succeed(TimePoint now);
    void shrink_or_hold(const Batch& batch, const std::string& reason, bool too_large, TimePoint now);
    void server_error(const Batch& batch, const UploadResult& result, TimePoint now);
    void back_off(const std::string& problem, std::optional<Millis> retry_after, TimePoint now);
    void defer(TimePoint now);
    Millis backoff_delay();

    Outbox outbox_;
    OutboxStore& store_;
    RandomSource random_;
    SyncConfig config_;

    std::optional<Batch> in_flight_;
    std::deque<Batch> timed_out_;  // the last few batches the watchdog gave up on: a late answer still counts
    bool waiting_to_retry_ = false;
    bool offline_ = false;
    bool wake_ = false;  // on_online(): try at the next tick whatever the backoff says
    TimePoint next_attempt_at_{};
    int failures_ = 0;
    std::size_t batch_limit_;
    std::size_t batch_ceiling_;  // lowered by 413 and by the server's limits for the rest of the session
    std::size_t max_body_bytes_;  // the config's, lowered by the server's limits
    std::optional<TimePoint> last_success_;
    std::string last_problem_;
    std::optional<TimePoint> next_reload_at_;  // unset until start()
    std::uint64_t serial_ = 0;                  // batches sent so far
    std::map<std::string, int> server_error_runs_;  // first item of a batch -> 5xx in a row for batches starting with it
    std::map<std::string, Suspect> suspects_;
    bool suspect_turn_ = false;  // the next request carries a suspect (when there are others to send too)
};

}  // namespace tellus
