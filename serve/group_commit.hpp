#pragma once
// Group commit: request threads queue their batches; committer threads take everything queued at
// that moment and store it in one transaction. One fsync then acknowledges many requests, and no
// request is answered before its rows are committed. Both stores use it.
// One bad row must not fail everybody's requests: when a group fails because of its data
// (StoreError::row_problem), each row is committed on its own, so only the culprit is Refused and
// every other request gets its answer. A failure of the database itself fails the whole group.
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "store.hpp"

namespace tellus::serve {

class GroupCommit {
public:
    using Batches = std::vector<const std::vector<NewResponse>*>;
    // Stores all batches in one transaction and returns their statuses, or throws (nothing stored).
    using CommitFn = std::function<std::vector<std::vector<InsertStatus>>(const Batches&)>;

    // `committers` threads call `commit`; each takes at most about `max_rows` rows at a time.
    GroupCommit(CommitFn commit, size_t committers, size_t max_rows = 2000);
    ~GroupCommit();  // commits what is queued, then stops
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    // Blocks until the batch is committed; rethrows the commit's StoreError.
    std::vector<InsertStatus> insert(const std::vector<NewResponse>& batch);

private:
    struct Pending {
        const std::vector<NewResponse>* batch;
        std::promise<std::vector<InsertStatus>> done;
    };
    void run();
    std::vector<Pending*> take_group(std::unique_lock<std::mutex>& lock);
    void commit_group(const std::vector<Pending*>& group);
    void commit_row_by_row(const std::vector<Pending*>& group);

    CommitFn commit_;
    size_t max_rows_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending*> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace tellus::serve
