#include "retention.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "store.hpp"

namespace tellus::serve {
namespace {
constexpr auto kEvery = std::chrono::hours(24);
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
}  // namespace

int64_t delete_old_responses(Store& store, int keep_days) {
    const auto now = std::chrono::system_clock::now();
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const int64_t cutoff_ms = now_ms - keep_days * kDayMs;
    const std::time_t cutoff = static_cast<std::time_t>(cutoff_ms / 1000);
    std::tm utc{};
    gmtime_r(&cutoff, &utc);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
    try {
        const int64_t deleted = store.delete_submitted_before(cutoff_ms);
        std::fprintf(stderr, "tellus-serve: retention: deleted %lld responses submitted before %s (--keep-days %d)\n",
                     static_cast<long long>(deleted), when, keep_days);
        return deleted;
    } catch (const StoreError& e) {
        std::fprintf(stderr, "tellus-serve: retention: could not delete old responses (%s); trying again in a day\n", e.what());
        return 0;
    }
}

DailyRetention::DailyRetention(Store& store, int keep_days) : store_(store), keep_days_(keep_days) {
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, kEvery, [this] { return stopping_; })) {
            lock.unlock();
            delete_old_responses(store_, keep_days_);
            lock.lock();
        }
    });
}

DailyRetention::~DailyRetention() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

}  // namespace tellus::serve
