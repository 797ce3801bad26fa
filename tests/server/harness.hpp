#pragma once
// Test harness: temporary folders, free loopback ports, and the real tellus-serve started as a
// separate process (so signals, kill -9 and exit codes are tested as an operator would meet them).
#include <fcntl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace tellus::test {

namespace fs = std::filesystem;
using nlohmann::json;

inline std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// A folder under /tmp removed when the test ends.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "tellus-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

// A port nobody listens on right now (the kernel picks it).
inline int free_port() {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(s, reinterpret_cast<sockaddr*>(&address), &length);
    const int port = ntohs(address.sin_port);
    close(s);
    return port;
}

inline std::string new_uuid() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    const auto a = random(), b = random();
    char text[40];
    std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%x%03x-%012llx", static_cast<unsigned>(a >> 32), static_cast<unsigned>(a >> 16) & 0xffff,
                  static_cast<unsigned>(a) & 0xfff, 8 + static_cast<unsigned>(b >> 62), static_cast<unsigned>(b >> 48) & 0xfff,
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return text;
}

// A valid response to the default survey; tests change what they need.
inline json sample_response(const std::string& id = new_uuid()) {
    return {{"id", id},
            {"survey", {{"id", "primary-care-visit"}, {"version", 1}}},
            {"locale", "fr-CA"},
            {"channel", "kiosk"},
            {"site", "north"},
            {"started_at", "2026-11-23T10:15:00-05:00"},
            {"submitted_at", "2026-11-23T10:16:02-05:00"},
            {"answers", {{"care_when_needed", "good"}, {"overall", 9}, {"went_well", "Très bien, merci"}}}};
}

struct ServerConfig {
    std::string db;                      // empty: a SQLite file in the server's folder
    std::vector<std::string> extra_args;  // more options
    bool with_tokens = true;
    rlim_t file_size_limit = RLIM_INFINITY;  // to simulate a full disk
    bool tls = false;                        // extra_args hold --tls-cert/--tls-key
};

// The token file of every test server: one token per role (a bare line is an admin's).
inline const std::string kStaffToken = "staff-token-for-tests-0123456789";
inline const std::string kViewerToken = "viewer-token-for-tests-0123456789";
inline const std::string kManagerToken = "manager-token-for-tests-0123456789";
inline const std::string kTokenFile = "# staff tokens\n" + kStaffToken + "\nviewer QI lead " + kViewerToken + "\nmanager Office manager " + kManagerToken + "\n";

// One tellus-serve process on a free loopback port, with its own database, app folder and token file.
class ServerProcess {
public:
    explicit ServerProcess(ServerConfig config = {}) : config_(std::move(config)) {
        fs::create_directories(dir_ / "web");
        write_text(dir_ / "web" / "index.html", "<!doctype html><title>Tellus</title>");
        write_text(dir_ / "tokens", kTokenFile);
        db_ = config_.db.empty() ? (dir_ / "data" / "tellus.sqlite3").string() : config_.db;
        start();
    }
    ~ServerProcess() { kill_now(); }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::vector<std::string> arguments() const {
        std::vector<std::string> args{TELLUS_SERVE_EXE, "--host", "127.0.0.1", "--port", std::to_string(port_), "--db", db_,
                                      "--web", (dir_ / "web").string(), "--surveys", std::string(TELLUS_SOURCE_DIR) + "/assets/surveys",
                                      "--rate-limit", "0"};
        if (config_.with_tokens) {
            args.push_back("--staff-token-file");
            args.push_back((dir_ / "tokens").string());
        }
        for (const auto& a : config_.extra_args) args.push_back(a);
        return args;
    }

    void start() {
        port_ = free_port();
        const auto args = arguments();
        const std::string log = (dir_ / "server.log").string();
        pid_ = fork();
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);  // a crashed test must not leave servers behind
            const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            dup2(fd, 2);
            dup2(fd, 1);
            if (config_.file_size_limit != RLIM_INFINITY) {
                rlimit limit{config_.file_size_limit, config_.file_size_limit};
                setrlimit(RLIMIT_FSIZE, &limit);
                signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG, like a full disk
            }
            std::vector<char*> argv;
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        wait_until_healthy();
    }

    // SIGTERM, then the exit code (or -1 if it did not exit within `limit`).
    int stop(std::chrono::seconds limit = std::chrono::seconds(10)) {
        if (pid_ <= 0) return -1;
        ::kill(pid_, SIGTERM);
        return wait_exit(limit);
    }
    void kill_now() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        wait_exit(std::chrono::seconds(10));
    }
    void restart() {
        kill_now();
        start();
    }

    httplib::Client client() const {
        httplib::Client c((config_.tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_));
        c.enable_server_certificate_verification(false);  // the tests' own self-signed certificate
        c.set_read_timeout(30, 0);
        c.set_connection_timeout(5, 0);
        return c;
    }
    httplib::Headers staff() const { return bearer(kStaffToken); }
    static httplib::Headers bearer(const std::string& secret) { return {{"Authorization", "Bearer " + secret}}; }
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // Peak resident memory of the server so far, in KiB (VmHWM), or -1.
    long peak_memory_kib() const {
        std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
        for (std::string line; std::getline(status, line);)
            if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
        return -1;
    }
    const fs::path& dir() const { return dir_.path(); }
    std::string log() const { return read_text(dir_ / "server.log"); }
    const std::string& db() const { return db_; }

private:
    void wait_until_healthy() {
        for (int i = 0; i < 200; ++i) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("tellus-serve exited at start:\n" + log());
            }
            if (auto r = client().Get("/healthz"); r && r->status == 200) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        throw std::runtime_error("tellus-serve did not answer /healthz within 5 s:\n" + log());
    }
    int wait_exit(std::chrono::seconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return -1;
    }

    ServerConfig config_;
    TempDir dir_;
    std::string db_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// A raw TCP connection to the server, from `source` (any 127.x.y.z: each is a different client
// to the server), for requests no HTTP client library would send.
class RawConnection {
public:
    RawConnection(int port, const std::string& source = "127.0.0.1") {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in from{};
        from.sin_family = AF_INET;
        inet_pton(AF_INET, source.c_str(), &from.sin_addr);
        bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        to.sin_port = htons(static_cast<uint16_t>(port));
        connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
    }
    ~RawConnection() { close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    bool connected() const { return connected_; }
    // False once the server has closed the connection (or it broke).
    bool send_all(const std::string& bytes) {
        size_t sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<size_t>(n);
        }
        return true;
    }
    // Everything the server sends until it closes, or until `limit` passes.
    std::string read_until_closed(std::chrono::milliseconds limit = std::chrono::milliseconds(15000)) {
        std::string all;
        const auto deadline = std::chrono::steady_clock::now() + limit;
        char buffer[65536];
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
            if (left <= 0) { timed_out_ = true; break; }
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
            const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            all.append(buffer, static_cast<size_t>(n));
        }
        return all;
    }
    bool timed_out() const { return timed_out_; }
    int fd() const { return fd_; }

private:
    int fd_ = -1;
    bool connected_ = false;
    bool timed_out_ = false;
};

// The status code of the first response in `raw` ("HTTP/1.1 404 ..."), or 0.
inline int status_of(const std::string& raw) {
    if (raw.rfind("HTTP/1.", 0) != 0 || raw.size() < 12) return 0;
    return std::atoi(raw.c_str() + 9);
}

// Runs tellus-serve with `args` to completion; returns exit code, what it printed, its peak
// memory (ru_maxrss) and its wall time.
struct RunResult {
    int exit_code;
    std::string output;
    long max_rss_kib = 0;
    double seconds = 0;
};
inline RunResult run_serve(const std::vector<std::string>& args) {
    TempDir dir;
    const std::string out = (dir / "out").string();
    const auto started = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        std::vector<std::string> all{TELLUS_SERVE_EXE};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (const auto& a : all) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), read_text(out), usage.ru_maxrss, seconds};
}

}  // namespace tellus::test
