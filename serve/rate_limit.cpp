#include "rate_limit.hpp"

#include <algorithm>

namespace tellus::serve {

bool RateLimiter::allow(const std::string& client, Clock::time_point now) {
    if (per_minute_ <= 0) return true;
    std::lock_guard lock(mutex_);
    forget_idle_clients(now);
    const double capacity = per_minute_;
    auto [it, fresh] = buckets_.try_emplace(client, Bucket{capacity, now});
    Bucket& bucket = it->second;
    if (!fresh) {
        const double seconds = std::chrono::duration<double>(now - bucket.updated).count();
        bucket.tokens = std::min(capacity, bucket.tokens + seconds * capacity / 60.0);
        bucket.updated = now;
    }
    if (bucket.tokens < 1.0) return false;
    bucket.tokens -= 1.0;
    return true;
}

// A client idle for two minutes has a full bucket again: its entry carries no information.
void RateLimiter::forget_idle_clients(Clock::time_point now) {
    if (now - last_sweep_ < std::chrono::minutes(1)) return;
    last_sweep_ = now;
    std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated > std::chrono::minutes(2); });
}

}  // namespace tellus::serve
