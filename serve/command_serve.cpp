#include <signal.h>

#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "auth.hpp"
#include "commands.hpp"
#include "language_folder.hpp"
#include "retention.hpp"
#include "server.hpp"
#include "comments.hpp"
#include "store.hpp"

namespace tellus::serve {
namespace {

// Waits for SIGTERM/SIGINT, then stops accepting; requests already being handled run to the end.
std::thread stop_on_signal(HttpServer& server, const sigset_t& stop_signals) {
    return std::thread([&server, stop_signals] {
        int received = 0;
        sigwait(&stop_signals, &received);
        std::cerr << "tellus-serve: stopping (finishing requests in progress)\n";
        server.stop();
    });
}

// "1 admin, 2 manager, 3 viewer token(s)": how many, never which.
std::string staff_summary(const StaffTokens* tokens) {
    if (!tokens) return "off (no --staff-token-file)";
    std::string text;
    for (Role role : {Role::Admin, Role::Manager, Role::Viewer}) {
        if (!text.empty()) text += ", ";
        text += std::to_string(tokens->count(role)) + " " + to_string(role);
    }
    return text + " token(s)";
}

}  // namespace

// A folder someone named must exist; the build's default may not yet (the app is built separately).
void check_web_folder(const Options& options) {
    std::error_code ec;
    if (std::filesystem::is_directory(options.web, ec)) return;
    if (options.web_given) throw std::runtime_error("the app folder \"" + options.web + "\" does not exist (see --web)");
    std::cerr << "tellus-serve: the app is not built yet (" << options.web << " is missing): serving the API only\n";
}

// The same for the catalog folder: a named one must exist (checked with the fatal checks); the
// default may be missing, and the app then offers English only.
static bool i18n_folder_exists(const Options& options) {
    std::error_code ec;
    if (std::filesystem::is_directory(options.i18n, ec)) return true;
    if (options.i18n_given) throw std::runtime_error("the catalog folder \"" + options.i18n + "\" does not exist (see --i18n)");
    return false;
}

int run_server(const Options& options, const sigset_t& stop_signals) {
    AppContext context{options, SurveyRegistry::load_folder(options.surveys)};
    std::unique_ptr<StaffTokens> tokens;
    if (!options.staff_token_file.empty()) tokens = std::make_unique<StaffTokens>(StaffTokens::load_file(options.staff_token_file));
    context.tokens = tokens.get();
    std::unique_ptr<Store> store = open_store(options.db, comments_reader(context.surveys));
    context.store = store.get();
    const bool has_i18n = i18n_folder_exists(options);
    check_web_folder(options);  // after every fatal check, so a failed start prints one line only
    // Read now, so a bad catalog is named at start-up (and the start-up line can count them).
    context.languages = std::make_shared<LanguageFolder>(options.i18n);
    const size_t language_count = context.languages->rescan()->catalogs.size();
    std::unique_ptr<DailyRetention> retention;
    if (options.keep_days > 0) {
        delete_old_responses(*store, options.keep_days);
        retention = std::make_unique<DailyRetention>(*store, options.keep_days);
    }

    HttpServer server(context);
    std::string error;
    if (!server.bind(error)) throw std::runtime_error(error);
    const std::string scheme = options.tls_cert.empty() ? "http" : "https";
    std::cerr << "tellus-serve: listening on " << scheme << "://" << options.host << ":" << options.port << "  database: "
              << store->describe() << "  surveys: " << context.surveys.size() << "  languages: " << language_count << "  app: " << options.web
              << "  staff: " << staff_summary(tokens.get())
              << std::endl;
    if (!has_i18n) std::cerr << "tellus-serve: no catalog folder (" << options.i18n << " is missing): the app offers English only until it appears\n";
    std::thread waiter = stop_on_signal(server, stop_signals);
    server.run();
    // run() returns after stop(), once the worker threads have finished their requests.
    pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter if we stopped for another reason
    waiter.join();
    std::cerr << "tellus-serve: stopped" << std::endl;
    return 0;
}

}  // namespace tellus::serve
