#include "sync.hpp"

#include "limits.hpp"

#include <algorithm>
#include <limits>

namespace tellus {
namespace {

using nlohmann::json;

constexpr std::size_t kServerMaxItems = limits::kMaxUploadResponses;
constexpr std::size_t kEnvelopeBytes = sizeof(R"({"responses":[]})") - 1;
constexpr std::size_t kTimedOutBatchesKept = 8;

bool is_success(const UploadResult& r) { return r.kind == UploadResult::Kind::Response && r.http_status / 100 == 2; }
bool is_server_error(const UploadResult& r) { return r.kind == UploadResult::Kind::Response && r.http_status / 100 == 5; }

// The contract's {"results":[...]}, or nothing when the body is not that.
std::optional<json> results_in(const std::string& body) {
    json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object() || !parsed.contains("results") || !parsed["results"].is_array()) return std::nullopt;
    return parsed["results"];
}

// The contract's {"error":"..."}, or nothing (a proxy's HTML page, say).
std::optional<std::string> server_error_in(const std::string& body) {
    const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object() || !parsed.contains("error") || !parsed["error"].is_string()) return std::nullopt;
    return parsed["error"].get<std::string>();
}

std::string describe(const UploadResult& r) {
    switch (r.kind) {
        case UploadResult::Kind::NetworkError: return r.detail.empty() ? "network error" : "network error: " + r.detail;
        case UploadResult::Kind::Timeout: return "no answer from the server in time";
        case UploadResult::Kind::Refused: return "another tab is sending";
        case UploadResult::Kind::Response: break;
    }
    std::string text = "the server answered " + std::to_string(r.http_status);
    if (auto error = server_error_in(r.body)) text += ": " + *error;
    return text;
}

bool carries(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

UploadResult UploadResult::response(int status, std::string body, std::optional<Millis> retry_after) {
    UploadResult r;
    r.kind = Kind::Response;
    r.http_status = status;
    r.body = std::move(body);
    r.retry_after = retry_after;
    return r;
}

UploadResult UploadResult::network_error(std::string detail) {
    UploadResult r;
    r.kind = Kind::NetworkError;
    r.detail = std::move(detail);
    return r;
}

UploadResult UploadResult::timeout() {
    UploadResult r;
    r.kind = Kind::Timeout;
    return r;
}

UploadResult UploadResult::refused() {
    UploadResult r;
    r.kind = Kind::Refused;
    return r;
}

const char* to_string(SyncState state) {
    switch (state) {
        case SyncState::Idle: return "idle";
        case SyncState::Uploading: return "uploading";
        case SyncState::WaitingToRetry: return "waiting-to-retry";
        case SyncState::Offline: return "offline";
    }
    return "unknown";
}

SyncEngine::SyncEngine(OutboxStore& store, RandomSource random, SyncConfig config)
    : outbox_(store), store_(store), random_(std::move(random)), config_(config) {
    config_.max_batch_items = std::clamp<std::size_t>(config_.max_batch_items, 1, kServerMaxItems);
    config_.max_body_bytes = std::max(config_.max_body_bytes, kEnvelopeBytes + 1);
    config_.split_after_server_errors = std::max(config_.split_after_server_errors, 1);
    config_.hold_after_server_errors = std::max(config_.hold_after_server_errors, 1);
    batch_limit_ = batch_ceiling_ = config_.max_batch_items;
    max_body_bytes_ = config_.max_body_bytes;
}

void SyncEngine::use_served_limits(const UploadLimits& served) {
    batch_ceiling_ = std::clamp<std::size_t>(served.max_responses, 1, batch_ceiling_);
    batch_limit_ = std::min(batch_limit_, batch_ceiling_);
    max_body_bytes_ = std::clamp(body_budget_within(served.max_bytes), kEnvelopeBytes + 1, max_body_bytes_);
}

void SyncEngine::start(TimePoint now) {
    next_reload_at_ = now + config_.reload_every;
    store_.load_all();
}

bool SyncEngine::enqueue(const json& response, TimePoint now) { return outbox_.add(response, now); }

void SyncEngine::on_saved(const std::string& id, bool ok) { outbox_.on_saved(id, ok); }

void SyncEngine::on_loaded(std::vector<OutboxItem> queued, std::vector<HeldItem> held, TimePoint now) {
    outbox_.on_loaded(std::move(queued), std::move(held), now);
}

std::optional<UploadRequest> SyncEngine::tick(TimePoint now) {
    reload_if_due(now);
    if (in_flight_) {
        if (now - in_flight_->started < config_.upload_watchdog) return std::nullopt;
        give_up_waiting(now);
    }
    if (!due(now)) return std::nullopt;
    return start_upload(now);
}

void SyncEngine::on_upload_result(const std::string& batch_id, const UploadResult& result, TimePoint now) {
    bool current = false;
    const std::optional<Batch> batch = take_batch(batch_id, current);
    // An answer for a batch this engine never sent (say, from before a reload) proves nothing
    // about what we hold: ignore it; resending is safe because the server dedupes.
    if (!batch) return;
    std::optional<std::size_t> answered;
    if (is_success(result))
        if (auto results = results_in(result.body)) answered = apply_verdicts(*results, *batch, now);
    // Pruned here rather than when the items leave: only what is still queued can be sent again.
    std::erase_if(suspects_, [&](const auto& s) { return !outbox_.is_queued(s.first); });
    std::erase_if(server_error_runs_, [&](const auto& r) { return !outbox_.is_queued(r.first); });
    if (current) advance(*batch, result, answered, now);
}

void SyncEngine::on_online() {
    offline_ = false;
    wake_ = true;
}

void SyncEngine::on_offline(TimePoint now) {
    offline_ = true;
    wake_ = false;
    next_attempt_at_ = now + config_.max_retry;
}

SyncStatus SyncEngine::status() const {
    SyncStatus s;
    s.state = in_flight_ ? SyncState::Uploading
              : offline_ ? SyncState::Offline
              : waiting_to_retry_ ? SyncState::WaitingToRetry
                                  : SyncState::Idle;
    s.waiting = outbox_.waiting();
    s.held = outbox_.held().size();
    s.unsaved = outbox_.unsaved();
    s.last_success = last_success_;
    if (s.state == SyncState::Offline || s.state == SyncState::WaitingToRetry) s.next_attempt_at = next_attempt_at_;
    s.consecutive_failures = failures_;
    s.last_problem = last_problem_;
    return s;
}

bool SyncEngine::due(TimePoint now) const {
    if (wake_) return true;
    if (offline_ || waiting_to_retry_) return now >= next_attempt_at_;
    return true;
}

void SyncEngine::reload_if_due(TimePoint now) {
    if (!next_reload_at_ || now < *next_reload_at_) return;
    next_reload_at_ = now + config_.reload_every;
    store_.load_all();
}

std::optional<UploadRequest> SyncEngine::start_upload(TimePoint now) {
    const std::size_t max_bytes = max_body_bytes_ - kEnvelopeBytes;
    outbox_.hold_too_large(max_bytes, now);
    bool suspect = false;
    const auto items = choose_items(max_bytes, suspect);
    waiting_to_retry_ = false;
    wake_ = false;
    if (items.empty()) return std::nullopt;

    UploadRequest request{make_uuid_v4(random_), R"({"responses":[)", {}};
    for (const OutboxItem* item : items) {
        if (!request.ids.empty()) request.body += ',';
        request.body += item->body;
        request.ids.push_back(item->id);
    }
    request.body += "]}";
    for (const auto& id : request.ids) outbox_.count_attempt(id);
    in_flight_ = Batch{request.batch_id, request.ids, now, ++serial_, suspect};
    if (suspect) suspects_[request.ids.front()].last_sent = serial_;
    return request;
}

// The oldest ready items, as many as batch_limit_ and max_bytes allow, leaving suspects out; or a
// suspect alone, when it is their turn or nothing else is ready. Suspects and the others take
// turns, so one item the server fails on cannot hold up the rest, nor be starved by them.
std::vector<const OutboxItem*> SyncEngine::choose_items(std::size_t max_bytes, bool& suspect) {
    suspect = false;
    std::erase_if(suspects_, [&](const auto& s) { return !outbox_.is_queued(s.first); });
    if (suspects_.empty()) return outbox_.next_batch(batch_limit_, max_bytes);

    const auto ready = outbox_.next_batch(std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max());
    std::vector<const OutboxItem*> others;
    const OutboxItem* chosen = nullptr;  // the suspect sent least recently
    std::size_t bytes = 0;
    bool full = false;
    for (const OutboxItem* item : ready) {
        if (const auto it = suspects_.find(item->id); it != suspects_.end()) {
            if (!chosen || it->second.last_sent < suspects_.at(chosen->id).last_sent) chosen = item;
            continue;
        }
        // As Outbox::next_batch does: stop rather than skip, to keep the oldest-first order.
        const std::size_t size = item->body.size() + 1;
        if (full || others.size() >= batch_limit_ || bytes + size > max_bytes) {
            full = true;
            continue;
        }
        bytes += size;
        others.push_back(item);
    }
    if (!others.empty() && (!suspect_turn_ || !chosen)) return others;
    if (!chosen) return {};
    suspect = true;
    return {chosen};
}

// The transport should have reported a timeout long before the watchdog: do it for it, so one
// lost callback cannot stop uploads for good.
void SyncEngine::give_up_waiting(TimePoint now) {
    suspect_turn_ = !in_flight_->suspect;
    timed_out_.push_back(*in_flight_);
    if (timed_out_.size() > kTimedOutBatchesKept) timed_out_.pop_front();
    in_flight_.reset();
    back_off(describe(UploadResult::timeout()), std::nullopt, now);
}

std::optional<SyncEngine::Batch> SyncEngine::take_batch(const std::string& batch_id, bool& current) {
    if (in_flight_ && in_flight_->id == batch_id) {
        current = true;
        Batch batch = std::move(*in_flight_);
        in_flight_.reset();
        return batch;
    }
    const auto it = std::find_if(timed_out_.begin(), timed_out_.end(), [&](const Batch& b) { return b.id == batch_id; });
    if (it == timed_out_.end()) return std::nullopt;
    Batch batch = std::move(*it);
    timed_out_.erase(it);
    return batch;
}

// Applies the server's word on each item the batch carried, and returns how many it named.
// Ids the batch did not carry are ignored: only what was sent can have been stored.
std::size_t SyncEngine::apply_verdicts(const json& results, const Batch& batch, TimePoint now) {
    std::size_t answered = 0;
    bool stored = false;
    for (const auto& r : results) {
        if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || !r.contains("status")) continue;
        const std::string id = r["id"].get<std::string>();
        const std::string status = r["status"].is_string() ? r["status"].get<std::string>() : "";
        if (!carries(batch.item_ids, id)) continue;
        if (status == "accepted" || status == "duplicate") {
            outbox_.acknowledge(id);
            stored = stored || status == "accepted";
        } else if (status == "rejected") {
            const bool has_errors = r.contains("errors") && r["errors"].is_array() && !r["errors"].empty();
            outbox_.hold(id, has_errors ? r["errors"] : outbox_error("", "rejected by the server"), now);
        } else {
            continue;  // a status we do not know: keep the item and send it again
        }
        ++answered;
    }
    if (stored) note_stored(batch);
    return answered;
}

// The server stored something new (a `duplicate` would only show it can read): evidence, for each
// suspect whose first 5xx came before this batch was sent, that the server can store and refuses
// that one item. A late answer counts too, as long as its batch was sent after that 5xx.
void SyncEngine::note_stored(const Batch& batch) {
    for (auto& [id, suspect] : suspects_)
        if (batch.serial > suspect.since && !carries(batch.item_ids, id)) suspect.others_stored = true;
}

void SyncEngine::advance(const Batch& batch, const UploadResult& result, std::optional<std::size_t> answered,
                         TimePoint now) {
    using Kind = UploadResult::Kind;
    if (result.kind == Kind::Refused) return defer(now);  // not sent: the same turn comes again
    suspect_turn_ = !batch.suspect;
    if (is_server_error(result)) return server_error(batch, result, now);
    if (result.kind == Kind::Response) {
        // Any other word from the server ends a run of 5xx: that batch was not stuck on one item.
        server_error_runs_.erase(batch.item_ids.front());
        if (batch.suspect) suspects_.erase(batch.item_ids.front());
    }
    if (answered) {
        if (*answered > 0) return succeed(now);
        // Nothing named: treat as a failure, or an item the server keeps ignoring would spin.
        return back_off("the server's answer named none of the responses sent", result.retry_after, now);
    }
    if (result.kind == Kind::Response && result.http_status == 413)
        return shrink_or_hold(batch, describe(result), /*too_large=*/true, now);
    // A 400 from our server ({"error":...}) blames the body; one from a proxy (an HTML page)
    // says nothing about the items, and holding them all one by one would be wrong.
    if (result.kind == Kind::Response && result.http_status == 400 && server_error_in(result.body))
        return shrink_or_hold(batch, describe(result), /*too_large=*/false, now);
    // 415 lands here too: it is about how we send, never about one response, so splitting is useless.
    std::string problem = is_success(result) ? "the server's answer could not be read" : describe(result);
    back_off(problem, result.retry_after, now);
}

void SyncEngine::succeed(TimePoint now) {
    failures_ = 0;
    offline_ = false;  // an answer from the server is the best proof of being online
    waiting_to_retry_ = false;
    last_success_ = now;
    last_problem_.clear();
    batch_limit_ = std::min(batch_ceiling_, batch_limit_ * 2);
}

// Bisects a refused batch until the culprit is alone, then holds it with the server's reason, so
// one bad response delays the others by a few requests instead of blocking them forever.
void SyncEngine::shrink_or_hold(const Batch& batch, const std::string& reason, bool too_large, TimePoint now) {
    last_problem_ = reason;
    waiting_to_retry_ = false;
    if (batch.item_ids.size() <= 1) {
        if (!batch.item_ids.empty()) outbox_.hold(batch.item_ids.front(), outbox_error("", reason), now);
        return;
    }
    batch_limit_ = std::max<std::size_t>(1, batch.item_ids.size() / 2);
    if (too_large) batch_ceiling_ = batch_limit_;  // the server's size limit will not change this session
}

// A 5xx says nothing was stored (docs/api.md), either because the server cannot store anything
// right now or because something in this batch makes it fail. Always backs off, and narrows the
// next requests down when the same items keep failing (see the comment at the top of sync.hpp).
void SyncEngine::server_error(const Batch& batch, const UploadResult& result, TimePoint now) {
    const std::string reason = describe(result);
    const std::string& first = batch.item_ids.front();
    if (batch.item_ids.size() > 1) {
        if (++server_error_runs_[first] >= config_.split_after_server_errors)
            batch_limit_ = std::max<std::size_t>(1, batch.item_ids.size() / 2);
    } else if (const auto it = suspects_.find(first); it != suspects_.end()) {
        Suspect& suspect = it->second;
        if (++suspect.server_errors >= config_.hold_after_server_errors && suspect.others_stored) {
            outbox_.hold(first, outbox_error("", reason), now);
            suspects_.erase(it);
        }
    } else if (std::all_of(suspects_.begin(), suspects_.end(), [](const auto& s) { return s.second.others_stored; })) {
        suspects_[first] = Suspect{batch.serial, batch.serial, 1, false};
        suspect_turn_ = false;  // the others go next: they show whether the server can store at all
    }
    back_off(reason, result.retry_after, now);
}

void SyncEngine::back_off(const std::string& problem, std::optional<Millis> retry_after, TimePoint now) {
    ++failures_;
    last_problem_ = problem;
    Millis delay = offline_ ? config_.max_retry : backoff_delay();
    if (retry_after) delay = std::max(delay, std::min(*retry_after, config_.max_retry));
    next_attempt_at_ = now + delay;
    waiting_to_retry_ = true;
    wake_ = false;
}

// The other tab is uploading. Reloading halfway through the wait lets its removals reach us, so we
// resend less of what it delivered (resending would be harmless, only wasteful) and pick up what it queued.
void SyncEngine::defer(TimePoint now) {
    waiting_to_retry_ = true;
    wake_ = false;
    next_attempt_at_ = now + config_.refusal_delay;
    if (next_reload_at_) next_reload_at_ = now + config_.refusal_delay / 2;
}

// Doubles from first_retry up to max_retry; the wait is a random point in the upper half, so
// phones that lost the network together do not all come back at the same instant.
Millis SyncEngine::backoff_delay() {
    const int doublings = std::min(failures_ - 1, 30);
    const Millis full = std::min(config_.max_retry, config_.first_retry * (std::int64_t{1} << doublings));
    const Millis half = full / 2;
    const auto spread = static_cast<Millis::rep>(random_fraction(random_) * static_cast<double>((full - half).count()));
    return half + Millis(spread);
}

}  // namespace tellus
