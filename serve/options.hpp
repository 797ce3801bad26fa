#pragma once
// tellus-serve's command line: the options of ../shared contract (docs/api.md), each with an
// environment-variable fallback so a service manager can configure it without a wrapper script.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "limits.hpp"

namespace tellus::serve {

// Counts under this are hidden in summaries: the common rule for small cells. Ontario's privacy
// commissioner's de-identification guidance implies 11 to 20 for tables that are published.
inline constexpr int kDefaultMinCell = 5;

struct Options {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string db = "data/tellus.sqlite3";
    std::string web;  // default: the build's web/ folder (TELLUS_WEB_DIR at compile time)
    bool web_given = false;  // named by --web or TELLUS_WEB, so it must exist
    std::string surveys = "assets/surveys";
    std::string i18n;  // folder of catalogs read while running; default: <web>/i18n (set by parse_command_line)
    bool i18n_given = false;  // named by --i18n or TELLUS_I18N, so it must exist
    std::string staff_token_file;  // empty: export is refused
    std::vector<std::string> cors_origins;
    std::string tls_cert, tls_key;
    int rate_limit_per_minute = 600;  // per client, on /api/ only; 0 turns it off
    int timeout_seconds = 10;         // longest silence inside a request (each phase also has a deadline: limits.hpp)
    int max_connections = limits::kDefaultMaxConnections;
    int max_connections_per_client = limits::kDefaultMaxConnectionsPerClient;
    int min_cell = kDefaultMinCell;  // counts from 1 to min_cell-1 are suppressed in every summary
    int keep_days = 0;               // 0: keep responses; else delete those submitted longer ago
    int staff_session_idle_seconds = 15 * 60;  // a staff session unused this long ends
    int staff_session_max_seconds = 8 * 3600;  // and every session ends this long after sign-in
    std::string trust_proxy;  // a reverse proxy's address: its X-Forwarded-For names the client (rate limits only)
};

enum class CommandKind { Serve, Help, TokenNew, Import, Backup };

struct Command {
    CommandKind kind = CommandKind::Serve;
    Options options;
    std::string import_file;
    std::string backup_file;  // backup FILE: where the copy of the SQLite database goes
    // token new: the role and name of the new token, and the token file to add its line to ("": print only)
    std::string token_role = "viewer", token_name, token_add_to;
};

struct CommandLine {
    std::optional<Command> command;
    std::string error;  // one plain line when the command line is wrong
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

CommandLine parse_command_line(const std::vector<std::string>& args, const EnvLookup& env);
std::optional<std::string> process_env(const std::string& name);
std::string help_text();

}  // namespace tellus::serve
