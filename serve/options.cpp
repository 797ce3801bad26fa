#include "options.hpp"

#include "auth.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

#ifndef TELLUS_WEB_DIR
#define TELLUS_WEB_DIR "web"
#endif

namespace tellus::serve {
namespace {

struct OptionSpec {
    const char* name;
    const char* env;
    const char* meaning;
    std::function<std::string(Options&, const std::string&)> apply;  // returns a problem or ""
};

std::string set_int(int& target, const std::string& value, int low, int high, const char* what) {
    try {
        size_t used = 0;
        const int n = std::stoi(value, &used);
        if (used == value.size() && n >= low && n <= high) {
            target = n;
            return {};
        }
    } catch (const std::exception&) {
    }
    return std::string(what) + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) +
           ", not \"" + value + "\"";
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (!item.empty()) items.push_back(item);
    }
    return items;
}

const std::vector<OptionSpec>& option_specs() {
    static const std::vector<OptionSpec> specs{
        {"--host", "TELLUS_HOST", "address to listen on (default 127.0.0.1)",
         [](Options& o, const std::string& v) { o.host = v; return v.empty() ? "--host needs an address" : ""; }},
        {"--port", "TELLUS_PORT", "port (default 8080)",
         [](Options& o, const std::string& v) { return set_int(o.port, v, 1, 65535, "--port"); }},
        {"--db", "TELLUS_DB", "a SQLite file path, or a postgresql:// URL (default data/tellus.sqlite3)",
         [](Options& o, const std::string& v) { o.db = v; return v.empty() ? "--db needs a file path or URL" : ""; }},
        {"--web", "TELLUS_WEB", "folder of the built app to serve at / (default: the build's output)",
         [](Options& o, const std::string& v) {
             o.web = v;
             o.web_given = true;
             return std::string();
         }},
        {"--surveys", "TELLUS_SURVEYS", "folder of survey definitions answers are accepted for (default assets/surveys)",
         [](Options& o, const std::string& v) { o.surveys = v; return std::string(); }},
        {"--i18n", "TELLUS_I18N",
         "folder of translation catalogs (<code>.json): the languages offered; read while running, so a catalog added or "
         "corrected there is served without a restart (default: the app folder's i18n/)",
         [](Options& o, const std::string& v) {
             o.i18n = v;
             o.i18n_given = true;
             return v.empty() ? "--i18n needs a folder" : "";
         }},
        {"--staff-token-file", "TELLUS_STAFF_TOKEN_FILE",
         "file with one staff token per line, or sha256:<hex> lines (default none: export is refused)",
         [](Options& o, const std::string& v) { o.staff_token_file = v; return std::string(); }},
        {"--cors-origin", "TELLUS_CORS_ORIGIN",
         "origin allowed to call the API from a browser, e.g. https://survey.example.org (repeat, or separate with commas)",
         [](Options& o, const std::string& v) {
             for (auto& origin : split_list(v)) o.cors_origins.push_back(origin);
             return std::string();
         }},
        {"--rate-limit", "TELLUS_RATE_LIMIT", "API requests per minute allowed from one client (default 600, 0 = no limit)",
         [](Options& o, const std::string& v) { return set_int(o.rate_limit_per_minute, v, 0, 100000000, "--rate-limit"); }},
        {"--timeout", "TELLUS_TIMEOUT", "seconds a client may send nothing in the middle of a request before it is cut off (default 10)",
         [](Options& o, const std::string& v) { return set_int(o.timeout_seconds, v, 1, 3600, "--timeout"); }},
        {"--max-connections", "TELLUS_MAX_CONNECTIONS", "open connections served at once; more get a plain 503 (default 512)",
         [](Options& o, const std::string& v) { return set_int(o.max_connections, v, 1, 4096, "--max-connections"); }},
        {"--max-connections-per-client", "TELLUS_MAX_CONNECTIONS_PER_CLIENT",
         "open connections from one address; more get a plain 503 (default 64)",
         [](Options& o, const std::string& v) { return set_int(o.max_connections_per_client, v, 1, 4096, "--max-connections-per-client"); }},
        {"--min-cell", "TELLUS_MIN_CELL",
         "counts below this are suppressed in every summary, indicator and report (default 5; raise it before publishing)",
         [](Options& o, const std::string& v) { return set_int(o.min_cell, v, 2, 1000, "--min-cell"); }},
        {"--keep-days", "TELLUS_KEEP_DAYS",
         "delete responses submitted more than this many days ago, at start-up and daily (default: keep all)",
         [](Options& o, const std::string& v) { return set_int(o.keep_days, v, 1, 36500, "--keep-days"); }},
        {"--staff-session-idle", "TELLUS_STAFF_SESSION_IDLE", "seconds a staff sign-in in the app lasts unused (default 900)",
         [](Options& o, const std::string& v) { return set_int(o.staff_session_idle_seconds, v, 1, 24 * 3600, "--staff-session-idle"); }},
        {"--staff-session-max", "TELLUS_STAFF_SESSION_MAX", "seconds a staff sign-in in the app lasts at most (default 28800, 8 hours)",
         [](Options& o, const std::string& v) { return set_int(o.staff_session_max_seconds, v, 1, 7 * 24 * 3600, "--staff-session-max"); }},
        {"--trust-proxy", "TELLUS_TRUST_PROXY",
         "address of a reverse proxy whose X-Forwarded-For names the client, for rate limits only (default none)",
         [](Options& o, const std::string& v) { o.trust_proxy = v; return std::string(); }},
        {"--tls-cert", "TELLUS_TLS_CERT", "PEM certificate file: serve HTTPS (needs --tls-key)",
         [](Options& o, const std::string& v) { o.tls_cert = v; return std::string(); }},
        {"--tls-key", "TELLUS_TLS_KEY", "PEM private key file for --tls-cert",
         [](Options& o, const std::string& v) { o.tls_key = v; return std::string(); }},
    };
    return specs;
}

const OptionSpec* find_spec(const std::string& name) {
    for (const auto& spec : option_specs())
        if (name == spec.name) return &spec;
    return nullptr;
}

// Environment first, so that the command line wins when both are given.
std::string apply_environment(Options& options, const EnvLookup& env) {
    for (const auto& spec : option_specs()) {
        auto value = env(spec.env);
        if (!value || value->empty()) continue;
        if (auto problem = spec.apply(options, *value); !problem.empty()) return problem + " (from " + spec.env + ")";
    }
    return {};
}

constexpr const char* kTokenUsage = "usage: tellus-serve token new --role viewer|manager|admin --name \"NAME\" [--add-to FILE]";

CommandLine parse_token_new(const std::vector<std::string>& args, Command command) {
    if (args.size() < 2 || args[1] != "new") return {std::nullopt, kTokenUsage};
    command.kind = CommandKind::TokenNew;
    for (size_t i = 2; i < args.size(); i += 2) {
        if (i + 1 >= args.size()) return {std::nullopt, args[i] + " needs a value (" + kTokenUsage + ")"};
        const std::string& value = args[i + 1];
        if (args[i] == "--role") {
            if (!parse_role(value)) return {std::nullopt, "--role must be viewer, manager or admin, not \"" + value + "\""};
            command.token_role = value;
        } else if (args[i] == "--name") {
            if (!is_valid_token_name(value)) return {std::nullopt, "--name must be 1 to 100 characters on one line, such as \"QI lead\""};
            command.token_name = value;
        } else if (args[i] == "--add-to") {
            command.token_add_to = value;
        } else {
            return {std::nullopt, "unknown option \"" + args[i] + "\" (" + kTokenUsage + ")"};
        }
    }
    if (command.token_name.empty()) return {std::nullopt, std::string("--name is needed: who the token is for, as the audit trail will show it (") + kTokenUsage + ")"};
    return {command, {}};
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
}

CommandLine parse_command_line(const std::vector<std::string>& args, const EnvLookup& env) {
    Command command;
    command.options.web = TELLUS_WEB_DIR;
    if (auto problem = apply_environment(command.options, env); !problem.empty()) return {std::nullopt, problem};
    // Options given on the command line replace the environment's list rather than adding to it.
    bool cors_from_command_line = false;
    size_t i = 0;
    if (!args.empty() && args[0] == "token") return parse_token_new(args, command);
    if (!args.empty() && args[0] == "import") {
        if (args.size() < 2 || args[1].rfind("--", 0) == 0) return {std::nullopt, "usage: tellus-serve import FILE [--db ...] [--surveys ...]"};
        command.kind = CommandKind::Import;
        command.import_file = args[1];
        i = 2;
    }
    if (!args.empty() && args[0] == "backup") {
        if (args.size() < 2 || args[1].rfind("--", 0) == 0) return {std::nullopt, "usage: tellus-serve backup FILE [--db ...]"};
        command.kind = CommandKind::Backup;
        command.backup_file = args[1];
        i = 2;
    }
    for (; i < args.size(); ++i) {
        std::string name = args[i], value;
        bool has_value = false;
        if (name == "--help" || name == "-h") {
            command.kind = CommandKind::Help;
            return {command, {}};
        }
        if (auto eq = name.find('='); eq != std::string::npos && name.rfind("--", 0) == 0) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        const OptionSpec* spec = find_spec(name);
        if (!spec) return {std::nullopt, "unknown option \"" + name + "\" (see tellus-serve --help)"};
        if (!has_value) {
            if (i + 1 >= args.size()) return {std::nullopt, name + " needs a value (see tellus-serve --help)"};
            value = args[++i];
        }
        if (name == std::string("--cors-origin") && !cors_from_command_line) {
            command.options.cors_origins.clear();
            cors_from_command_line = true;
        }
        if (auto problem = spec->apply(command.options, value); !problem.empty()) return {std::nullopt, problem};
    }
    if (command.options.tls_cert.empty() != command.options.tls_key.empty())
        return {std::nullopt, "--tls-cert and --tls-key must be given together"};
    if (!command.options.i18n_given) command.options.i18n = (std::filesystem::path(command.options.web) / "i18n").string();
    return {command, {}};
}

std::string help_text() {
    std::ostringstream out;
    out << "tellus-serve: stores patient feedback sent by the Tellus app and lets staff download it.\n\n"
        << "usage:\n"
        << "  tellus-serve [options]            serve the app and the API (docs/api.md)\n"
        << "  tellus-serve import FILE [options] load a JSON, {\"responses\":[...]} or NDJSON file of responses\n"
        << "  tellus-serve backup FILE [options] copy the live SQLite database (--db) safely to the new FILE\n"
        << "  tellus-serve token new --role ROLE --name NAME [--add-to FILE]\n"
        << "                                    make a staff token (ROLE: viewer, manager or admin; default viewer);\n"
        << "                                    prints it once, with the line for the token file (or adds it to FILE)\n\n"
        << "options (environment variable in brackets; the command line wins):\n";
    for (const auto& spec : option_specs()) {
        std::string left = std::string("  ") + spec.name + " VALUE";
        left.resize(std::max<size_t>(left.size() + 1, 28), ' ');
        out << left << spec.meaning << " [" << spec.env << "]\n";
    }
    out << "  --help                    print this help\n";
    return out.str();
}

}  // namespace tellus::serve
