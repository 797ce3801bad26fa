#pragma once
// The things tellus-serve can be asked to do. Each returns the process exit code and throws
// std::runtime_error with one plain line when it cannot start.
#include <signal.h>

#include <ostream>
#include <string>

#include "options.hpp"

namespace tellus::serve {

int run_server(const Options& options, const sigset_t& stop_signals);
// Makes a staff token of `command.token_role` for `command.token_name`; prints it once, and the
// line for the token file, or appends that line to `command.token_add_to` (created with mode 0600).
int run_token_new(const Command& command, std::ostream& out);
int run_import(const Options& options, const std::string& file, std::ostream& out);
// A consistent copy of a live SQLite database (--db) in a new file; refuses PostgreSQL (pg_dump).
int run_backup(const Options& options, const std::string& file, std::ostream& out);

}  // namespace tellus::serve
