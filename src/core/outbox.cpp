#include "outbox.hpp"

#include <algorithm>

namespace tellus {
namespace {

using nlohmann::json;

// Why a stored body cannot be sent as it is, or empty when it can. The server only knows an item
// by the id inside its body, so a body whose id differs would never be acknowledged.
std::string damage_in(const OutboxItem& item) {
    const json body = json::parse(item.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) return "the saved response is damaged (not valid JSON)";
    if (!body.is_object() || !body.contains("id") || body["id"] != item.id) return "the saved response does not carry its own id";
    return {};
}

bool older(const OutboxItem& a, const OutboxItem& b) {
    return a.queued_at != b.queued_at ? a.queued_at < b.queued_at : a.id < b.id;
}

}  // namespace

json outbox_error(const std::string& field, const std::string& message) {
    return json::array({{{"field", field}, {"message", message}}});
}

bool Outbox::add(const json& response, TimePoint now) {
    if (!response.is_object() || !response.contains("id") || !response["id"].is_string()) return false;
    OutboxItem item{response["id"].get<std::string>(), {}, now, 0};
    if (find(item.id) || is_held(item.id)) return true;
    // Replacing invalid UTF-8 rather than throwing: a response with one odd character still arrives.
    item.body = response.dump(-1, ' ', false, json::error_handler_t::replace);
    acknowledged_.erase(item.id);
    insert_in_order({item, Saved::Pending});
    store_.put(item);
    return true;
}

void Outbox::on_saved(const std::string& id, bool ok) {
    if (Entry* entry = find(id)) entry->saved = ok ? Saved::Yes : Saved::Failed;
}

void Outbox::on_loaded(std::vector<OutboxItem> queued, std::vector<HeldItem> held, TimePoint now) {
    for (auto& h : held) {
        if (is_held(h.item.id)) continue;
        // Another tab got the server's `rejected` for it: stop sending it from here too.
        std::erase_if(entries_, [&](const Entry& e) { return e.item.id == h.item.id; });
        held_.push_back(std::move(h));
    }
    for (auto& item : queued) {
        if (find(item.id) || is_held(item.id) || acknowledged_.count(item.id)) continue;
        if (const std::string damage = damage_in(item); !damage.empty()) {
            HeldItem h{std::move(item), outbox_error("", damage), now};
            store_.hold(h);
            held_.push_back(std::move(h));
            continue;
        }
        insert_in_order({std::move(item), Saved::Yes});
    }
}

std::vector<const OutboxItem*> Outbox::next_batch(std::size_t max_items, std::size_t max_bytes) const {
    std::vector<const OutboxItem*> batch;
    std::size_t bytes = 0;
    for (const Entry& entry : entries_) {
        if (batch.size() >= max_items) break;
        if (!entry.ready()) continue;
        const std::size_t size = entry.item.body.size() + 1;  // and its comma
        if (bytes + size > max_bytes) break;  // stop rather than skip: keeps the oldest-first order
        bytes += size;
        batch.push_back(&entry.item);
    }
    return batch;
}

void Outbox::hold_too_large(std::size_t max_bytes, TimePoint now) {
    for (std::size_t i = entries_.size(); i-- > 0;)
        if (entries_[i].ready() && entries_[i].item.body.size() + 1 > max_bytes)
            hold_entry(i, outbox_error("", "this response is too large to upload"), now);
}

void Outbox::count_attempt(const std::string& id) {
    if (Entry* entry = find(id)) ++entry->item.attempts;
}

bool Outbox::acknowledge(const std::string& id) {
    const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.item.id == id; });
    if (it == entries_.end()) return false;
    entries_.erase(it);
    acknowledged_.insert(id);
    store_.remove(id);
    return true;
}

bool Outbox::hold(const std::string& id, json errors, TimePoint now) {
    const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.item.id == id; });
    if (it == entries_.end()) return false;
    hold_entry(static_cast<std::size_t>(it - entries_.begin()), std::move(errors), now);
    return true;
}

std::size_t Outbox::unsaved() const {
    return static_cast<std::size_t>(
        std::count_if(entries_.begin(), entries_.end(), [](const Entry& e) { return e.saved == Saved::Failed; }));
}

std::vector<OutboxItem> Outbox::items() const {
    std::vector<OutboxItem> items;
    for (const Entry& entry : entries_) items.push_back(entry.item);
    return items;
}

const Outbox::Entry* Outbox::find(const std::string& id) const {
    for (const Entry& entry : entries_)
        if (entry.item.id == id) return &entry;
    return nullptr;
}

Outbox::Entry* Outbox::find(const std::string& id) {
    return const_cast<Entry*>(static_cast<const Outbox*>(this)->find(id));
}

bool Outbox::is_held(const std::string& id) const {
    return std::any_of(held_.begin(), held_.end(), [&](const HeldItem& h) { return h.item.id == id; });
}

void Outbox::insert_in_order(Entry entry) {
    const auto at = std::upper_bound(entries_.begin(), entries_.end(), entry,
                                     [](const Entry& a, const Entry& b) { return older(a.item, b.item); });
    entries_.insert(at, std::move(entry));
}

void Outbox::hold_entry(std::size_t index, json errors, TimePoint now) {
    HeldItem held{std::move(entries_[index].item), std::move(errors), now};
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(index));
    store_.hold(held);
    held_.push_back(std::move(held));
}

}  // namespace tellus
