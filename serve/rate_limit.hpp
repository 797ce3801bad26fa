#pragma once
// A per-client request budget (token bucket), so one misbehaving device or script cannot crowd
// out the kiosks. Client keys live only in memory and are never logged or stored.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tellus::serve {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    // `per_minute` requests per client per minute, with bursts up to the same number; 0 = no limit.
    explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}
    bool allow(const std::string& client, Clock::time_point now = Clock::now());
    bool enabled() const { return per_minute_ > 0; }

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    void forget_idle_clients(Clock::time_point now);

    int per_minute_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    Clock::time_point last_sweep_{};
};

}  // namespace tellus::serve
