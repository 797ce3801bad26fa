// GET /healthz: the process is alive (restart it if this fails).
// GET /readyz: the database takes writes now (send uploads elsewhere while this is 503). A load
// balancer routes by /readyz; a supervisor restarts by /healthz (docs/api.md, "Health checks").
#include <chrono>
#include <mutex>
#include <optional>

#include "json_reply.hpp"
#include "routes.hpp"
#include "store.hpp"

namespace tellus::serve {
namespace {

// One probe at a time, and at most one a second whatever the callers' rate: a busy balancer
// polling /readyz must not become the database's main load.
class Readiness {
public:
    explicit Readiness(Store& store) : store_(store) {}
    std::optional<std::string> problem() {
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (!checked_ || now - *checked_ > std::chrono::seconds(1)) {
            problem_ = store_.write_problem();
            checked_ = now;
        }
        return problem_;
    }

private:
    Store& store_;
    std::mutex mutex_;
    std::optional<std::chrono::steady_clock::time_point> checked_;
    std::optional<std::string> problem_;
};

}  // namespace

void add_health_routes(httplib::Server& http, AppContext& context) {
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { reply_json(res, 200, {{"status", "ok"}}); });
    auto readiness = std::make_shared<Readiness>(*context.store);
    http.Get("/readyz", [readiness](const httplib::Request&, httplib::Response& res) {
        if (auto problem = readiness->problem()) {
            res.set_header("Retry-After", "10");
            return reply_json(res, 503, {{"status", "not ready"}, {"error", "The database cannot take responses now: " + *problem}});
        }
        reply_json(res, 200, {{"status", "ready"}});
    });
}

}  // namespace tellus::serve
