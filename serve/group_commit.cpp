#include "group_commit.hpp"

namespace tellus::serve {

GroupCommit::GroupCommit(CommitFn commit, size_t committers, size_t max_rows) : commit_(std::move(commit)), max_rows_(max_rows) {
    for (size_t i = 0; i < committers; ++i) threads_.emplace_back([this] { run(); });
}

GroupCommit::~GroupCommit() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
}

std::vector<InsertStatus> GroupCommit::insert(const std::vector<NewResponse>& batch) {
    if (batch.empty()) return {};
    Pending pending{&batch, {}};
    auto result = pending.done.get_future();
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(&pending);
    }
    wake_.notify_one();
    return result.get();
}

// Everything waiting, up to about max_rows_ rows (always at least one batch).
std::vector<GroupCommit::Pending*> GroupCommit::take_group(std::unique_lock<std::mutex>&) {
    std::vector<Pending*> group;
    size_t rows = 0;
    while (!queue_.empty() && (group.empty() || rows + queue_.front()->batch->size() <= max_rows_)) {
        rows += queue_.front()->batch->size();
        group.push_back(queue_.front());
        queue_.pop_front();
    }
    return group;
}

void GroupCommit::run() {
    for (;;) {
        std::vector<Pending*> group;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to write
            group = take_group(lock);
            if (!queue_.empty()) wake_.notify_one();  // another committer can start on the rest
        }
        commit_group(group);
    }
}

void GroupCommit::commit_group(const std::vector<Pending*>& group) {
    Batches batches;
    for (auto* p : group) batches.push_back(p->batch);
    try {
        auto statuses = commit_(batches);
        for (size_t i = 0; i < group.size(); ++i) group[i]->done.set_value(std::move(statuses.at(i)));
    } catch (const StoreError& e) {
        if (!e.row_problem()) {
            for (auto* p : group) p->done.set_exception(std::current_exception());
            return;
        }
        commit_row_by_row(group);
    } catch (...) {
        for (auto* p : group) p->done.set_exception(std::current_exception());
    }
}

// Slow (a transaction per row), and only after a row was refused.
void GroupCommit::commit_row_by_row(const std::vector<Pending*>& group) {
    for (auto* p : group) {
        std::vector<InsertStatus> statuses;
        try {
            for (const auto& row : *p->batch) {
                const std::vector<NewResponse> one{row};
                try {
                    statuses.push_back(commit_({&one}).at(0).at(0));
                } catch (const StoreError& e) {
                    if (!e.row_problem()) throw;
                    statuses.push_back(InsertStatus::Refused);
                }
            }
            p->done.set_value(std::move(statuses));
        } catch (...) {
            // Rows stored before the failure come back as duplicates when the device retries.
            p->done.set_exception(std::current_exception());
        }
    }
}

}  // namespace tellus::serve
