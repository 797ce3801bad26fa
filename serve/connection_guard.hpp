#pragma once
// Connections that no client can hold hostage. The HTTP library (cpp-httplib 0.11) times out each
// read on its own, so a client sending one byte a second keeps a thread for ever, and its thread
// pool makes every later client wait behind such connections. GuardedServer takes over the one
// step the library lets a subclass replace, "serve this accepted socket", and reads each
// connection through a GuardedStream that enforces, per request:
//   - a deadline for the whole head (request line and headers) and one for the whole body,
//     not per byte (limits.hpp), and a cap on head bytes and on body bytes on the wire;
//   - caps on open connections, overall and per client address, answered with a plain 503;
//   - a drain on shutdown: idle connections close at once, requests in flight get a grace
//     period, then every socket still open is cut.
// Each connection has a thread of its own (ConnectionThreads), so a connection waiting on a slow
// client never delays another client's request.
//
// Handlers talk to the connection they run on through two calls (the request is served start to
// finish on that connection's thread):
//   - head_read(): the headers are in; the body deadline starts (the pre-routing handler calls it);
//   - close_after_response(): this answer was given without reading the body (429, 413...), so
//     the connection is closed after it rather than reading the body as the next request; what
//     the client still sends is read and dropped for a moment first, so it sees the answer.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace tellus::serve {

struct GuardSettings {
    int max_connections = 0;             // open connections in all
    int max_connections_per_client = 0;  // from one address (a trusted proxy is not capped)
    std::string trusted_proxy;           // --trust-proxy: that address carries many clients
    std::chrono::seconds stall{10};      // --timeout: longest silence inside a request
};

// A thread for every connection, started on demand and kept for the next one.
class ConnectionThreads : public httplib::TaskQueue {
public:
    explicit ConnectionThreads(size_t max_threads) : max_threads_(max_threads) {}
    ~ConnectionThreads() override { shutdown(); }
    void enqueue(std::function<void()> fn) override;
    void shutdown() override;  // runs what is queued, then joins every thread

private:
    void work();
    size_t max_threads_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    std::vector<std::thread> threads_;
    size_t idle_ = 0;
    bool stopping_ = false;
};

class GuardedServer : public httplib::Server {
public:
    explicit GuardedServer(GuardSettings settings);
    ~GuardedServer() override;

    // After bind: a listen backlog deep enough for a burst of clients (the library asks for 5).
    void deepen_backlog();
    // Starts the drain; after `grace`, cuts whatever is still open. Then stop() the server.
    void begin_shutdown(std::chrono::milliseconds grace);

    // For handlers, on the connection's own thread (no effect elsewhere, e.g. in tests).
    static void head_read();
    static void close_after_response();

    // Open connections right now (for tests and the start-up line).
    size_t open_connections() const;

private:
    bool process_and_close_socket(socket_t sock) override;
    struct Admission;
    Admission admit(socket_t sock);
    void release(socket_t sock, const std::string& client);
    void serve_requests(socket_t sock, const std::string& client, bool& linger);
    void cut_all();

    GuardSettings settings_;
    mutable std::mutex mutex_;
    std::map<std::string, int> per_client_;
    std::set<socket_t> open_;
    std::atomic<bool> draining_{false};
    std::atomic<bool> cut_{false};
    std::thread cutter_;
};

// A client's address as text ("127.0.0.1", "::1"), or "" when the socket has none.
std::string peer_address(int sock);

}  // namespace tellus::serve
