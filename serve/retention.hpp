#pragma once
// Data minimisation (issue 11, --keep-days): responses submitted more than N days ago are
// deleted at start-up and then once a day, and each pass logs how many went and the cut-off.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace tellus::serve {

class Store;

// One pass: deletes what is older than `keep_days` and logs one line. Returns how many went.
int64_t delete_old_responses(Store& store, int keep_days);

// Runs a pass every day on its own thread until destroyed (destruction stops it promptly).
class DailyRetention {
public:
    DailyRetention(Store& store, int keep_days);
    ~DailyRetention();
    DailyRetention(const DailyRetention&) = delete;
    DailyRetention& operator=(const DailyRetention&) = delete;

private:
    Store& store_;
    int keep_days_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tellus::serve
