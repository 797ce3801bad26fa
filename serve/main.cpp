// tellus-serve: the upload server clinics run. See docs/api.md and `tellus-serve --help`.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "options.hpp"

using namespace tellus::serve;

namespace {

int fail(const std::string& line) {
    std::cerr << "tellus-serve: " << line << "\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    // Worker threads inherit this mask, so SIGTERM/SIGINT reach only the thread that waits for them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a client hanging up must not end the server

    const std::vector<std::string> args(argv + 1, argv + argc);
    const CommandLine line = parse_command_line(args, process_env);
    if (!line.command) return fail(line.error);
    try {
        switch (line.command->kind) {
            case CommandKind::Help: std::cout << help_text(); return 0;
            case CommandKind::TokenNew: return run_token_new(*line.command, std::cout);
            case CommandKind::Import: return run_import(line.command->options, line.command->import_file, std::cout);
            case CommandKind::Backup: return run_backup(line.command->options, line.command->backup_file, std::cout);
            case CommandKind::Serve: return run_server(line.command->options, stop_signals);
        }
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    return 0;
}
