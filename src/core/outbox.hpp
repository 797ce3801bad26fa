#pragma once
// The outbox: responses saved on the device and not yet acknowledged by the server, plus the held
// list of those the server refused. Nothing leaves it except on the server's word: `accepted` or
// `duplicate` forgets an item, `rejected` moves it to the held list with the server's reasons.
//
// Persistence sits behind OutboxStore so the browser can use IndexedDB and the tests a double. Store
// writes may finish later (IndexedDB is asynchronous), so the outbox never assumes one has: a new
// response is not offered for upload until the store confirms it (on_saved). Removals and holds need
// no confirmation: if one is lost to a crash, the item is simply sent again and the server, which
// dedupes on the response id, answers `duplicate` or `rejected` again.
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ids.hpp"

namespace tellus {

struct OutboxItem {
    std::string id;    // the response's UUID: the server dedupes on it
    std::string body;  // the response object as JSON text, exactly as it will be sent
    TimePoint queued_at{};
    int attempts = 0;  // uploads tried in this session (diagnostics for staff)
};

struct HeldItem {
    OutboxItem item;
    nlohmann::json errors = nlohmann::json::array();  // [{"field": ..., "message": ...}], the server's or ours
    TimePoint held_at{};
};

// Where the outbox lives between sessions. Every call may complete later; the platform reports
// completions back through SyncEngine::on_saved and SyncEngine::on_loaded.
class OutboxStore {
public:
    virtual ~OutboxStore() = default;
    // Reads every queued and held item; answer with on_loaded. Reads must see earlier writes.
    virtual void load_all() = 0;
    // Saves a new item; answer with on_saved(id, ok). Must not report ok before the write is durable.
    virtual void put(const OutboxItem& item) = 0;
    // Forgets a queued item (the server has it). Unknown ids are ignored.
    virtual void remove(const std::string& id) = 0;
    // Moves an item from the queue to the held list in one step (a put if it was not queued).
    virtual void hold(const HeldItem& held) = 0;
};

// The in-memory picture of the store, and the only writer to it.
class Outbox {
public:
    explicit Outbox(OutboxStore& store) : store_(store) {}

    // Queues a response object and asks the store to save it. False when it has no "id" text.
    // A response already queued or held is not queued twice (a double tap on "send").
    bool add(const nlohmann::json& response, TimePoint now);
    // The store's answer to add(). A failed save keeps the item in memory and still sends it:
    // better sent from memory than lost, though it will not survive a reload.
    void on_saved(const std::string& id, bool ok);
    // Merges what the store holds (from an earlier session or another tab). Items already known
    // or already acknowledged here are skipped; damaged items go to the held list with a reason.
    void on_loaded(std::vector<OutboxItem> queued, std::vector<HeldItem> held, TimePoint now);

    // The oldest items ready to send: at most `max_items`, their bodies together at most `max_bytes`.
    std::vector<const OutboxItem*> next_batch(std::size_t max_items, std::size_t max_bytes) const;
    // Holds ready items that could never fit in a request of `max_bytes` (they would block the queue).
    void hold_too_large(std::size_t max_bytes, TimePoint now);
    void count_attempt(const std::string& id);

    // The server has the response (accepted or duplicate): forget it. False when it was not queued.
    bool acknowledge(const std::string& id);
    // The server refused it: keep it, with the reasons, where staff can see it. False when not queued.
    bool hold(const std::string& id, nlohmann::json errors, TimePoint now);

    bool is_queued(const std::string& id) const { return find(id) != nullptr; }
    std::size_t waiting() const { return entries_.size(); }
    std::size_t unsaved() const;  // in memory only: the device refused to store them
    const std::vector<HeldItem>& held() const { return held_; }
    // Every queued item, saved or not (the staff "download this device's responses" rescue).
    std::vector<OutboxItem> items() const;

private:
    enum class Saved { Pending, Yes, Failed };
    struct Entry {
        OutboxItem item;
        Saved saved = Saved::Pending;
        bool ready() const { return saved != Saved::Pending; }
    };

    const Entry* find(const std::string& id) const;
    Entry* find(const std::string& id);
    bool is_held(const std::string& id) const;
    void insert_in_order(Entry entry);
    void hold_entry(std::size_t index, nlohmann::json errors, TimePoint now);

    OutboxStore& store_;
    std::vector<Entry> entries_;  // oldest first, so the longest-waiting responses go first
    std::vector<HeldItem> held_;
    std::set<std::string> acknowledged_;  // so a load that raced a removal cannot bring an item back
};

// [{"field": field, "message": message}]: the shape of the server's per-item errors.
nlohmann::json outbox_error(const std::string& field, const std::string& message);

}  // namespace tellus
