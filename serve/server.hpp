#pragma once
// The HTTP server: routes, policies and logging around one httplib::Server.
#include <atomic>
#include <memory>

#include "options.hpp"
#include "surveys.hpp"

namespace httplib {
class Server;
}

namespace tellus::serve {

class Store;
class StaffTokens;
class LanguageFolder;

// Everything the routes need, owned by main.
struct AppContext {
    Options options;
    SurveyRegistry surveys;
    Store* store = nullptr;
    const StaffTokens* tokens = nullptr;  // nullptr: no token file, export refused
    std::shared_ptr<LanguageFolder> languages;  // the --i18n folder (nullptr: the routes open it)
    std::atomic<int> summaries_running{0};      // GET /api/v1/summary at work now (limits::kMaxSummariesAtOnce)
};

class HttpServer {
public:
    explicit HttpServer(AppContext& context);
    ~HttpServer();
    // Binds the address; returns false (with `error` set) when it cannot.
    bool bind(std::string& error);
    void run();   // serves until stop(); in-flight requests finish first
    void stop();  // safe from another thread

private:
    AppContext& context_;
    std::unique_ptr<httplib::Server> http_;
};

}  // namespace tellus::serve
