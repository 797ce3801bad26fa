#include "connection_guard.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "limits.hpp"

namespace tellus::serve {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How often a waiting read or write looks at the drain and cut flags.
constexpr milliseconds kPollSlice{200};

// A connection's place in its current request. Reads are counted when the library takes them,
// so the head/body boundary is exact even though the stream reads ahead into its buffer.
enum class Phase { Idle, Head, Body };

class GuardedStream : public httplib::Stream {
public:
    GuardedStream(socket_t sock, milliseconds stall, const std::atomic<bool>& draining, const std::atomic<bool>& cut)
        : sock_(sock), stall_(stall), draining_(draining), cut_(cut) {}

    // Waits for the first byte of the next request: false when the client is idle for too long,
    // hung up, or the server is draining.
    bool wait_for_request(bool first) {
        phase_ = Phase::Idle;
        if (used_ < filled_) return start_request();  // the client sent it with the last one
        const auto deadline = Clock::now() + (first ? limits::kHeadDeadline : limits::kKeepAliveIdle);
        for (;;) {
            if (draining_ || cut_) return false;
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) return false;
            const int ready = wait(POLLIN, std::min(left, kPollSlice));
            if (ready < 0) return false;
            if (ready > 0) return start_request() && fill() > 0;
        }
    }

    void head_read() {
        phase_ = Phase::Body;
        deadline_ = Clock::now() + limits::kBodyDeadline;
    }
    void close_after_response() { close_requested_ = true; }
    bool close_requested() const { return close_requested_; }

    bool is_readable() const override { return used_ < filled_ || wait(POLLIN, milliseconds(0)) > 0; }
    bool is_writable() const override { return wait(POLLOUT, milliseconds(0)) > 0; }

    ssize_t read(char* ptr, size_t size) override {
        if (size == 0) return 0;
        if (used_ == filled_) {
            const ssize_t got = fill();
            if (got <= 0) return got;
        }
        const size_t n = std::min(size, filled_ - used_);
        if (!count(n)) return -1;
        std::memcpy(ptr, buffer_ + used_, n);
        used_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        const auto deadline = Clock::now() + limits::kWriteStall;
        for (;;) {
            if (cut_) return -1;
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) return -1;
            const int ready = wait(POLLOUT, std::min(left, kPollSlice));
            if (ready < 0) return -1;
            if (ready == 0) continue;
            const ssize_t sent = ::send(sock_, ptr, size, MSG_NOSIGNAL);
            if (sent < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            return sent;
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(getpeername, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(getsockname, ip, port); }
    socket_t socket() const override { return sock_; }

private:
    bool start_request() {
        phase_ = Phase::Head;
        head_bytes_ = body_bytes_ = 0;
        deadline_ = Clock::now() + limits::kHeadDeadline;
        close_requested_ = false;
        return true;
    }

    // Counts bytes the library takes against the phase's cap.
    bool count(size_t n) {
        if (phase_ == Phase::Body) return (body_bytes_ += n) <= limits::kMaxWireBodyBytes;
        return (head_bytes_ += n) <= limits::kMaxHeadBytes;
    }

    // Reads what has arrived, waiting until the phase's deadline, or a silence of `stall_`, at
    // most: -1 past either.
    ssize_t fill() {
        used_ = filled_ = 0;
        const auto until = std::min(deadline_, Clock::now() + stall_);
        for (;;) {
            if (cut_) return -1;
            const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
            if (phase_ != Phase::Idle && left.count() <= 0) return -1;
            const int ready = wait(POLLIN, phase_ == Phase::Idle ? kPollSlice : std::min(left, kPollSlice));
            if (ready < 0) return -1;
            if (ready == 0) continue;
            const ssize_t got = ::recv(sock_, buffer_, sizeof buffer_, 0);
            if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (got > 0) filled_ = static_cast<size_t>(got);
            return got;
        }
    }

    int wait(short events, milliseconds timeout) const {
        pollfd p{sock_, events, 0};
        for (;;) {
            const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
            if (ready < 0 && errno == EINTR) continue;
            if (ready > 0 && (p.revents & (POLLERR | POLLNVAL))) return -1;
            return ready;
        }
    }

    template <typename Get>
    void address_of(Get get, std::string& ip, int& port) const {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        ip.clear();
        port = 0;
        if (get(sock_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
        char text[INET6_ADDRSTRLEN] = {};
        if (address.ss_family == AF_INET) {
            const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
            inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
            port = ntohs(v4->sin_port);
        } else if (address.ss_family == AF_INET6) {
            const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
            inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
            port = ntohs(v6->sin6_port);
        }
        ip = text;
    }

    socket_t sock_;
    milliseconds stall_;
    const std::atomic<bool>& draining_;
    const std::atomic<bool>& cut_;
    char buffer_[4096];
    size_t used_ = 0, filled_ = 0;
    Phase phase_ = Phase::Idle;
    Clock::time_point deadline_{};
    size_t head_bytes_ = 0, body_bytes_ = 0;
    bool close_requested_ = false;
};

thread_local GuardedStream* current_stream = nullptr;

// Sends one plain answer straight on the socket (no request was read), best effort.
void send_plain(socket_t sock, int status, const char* reason, const std::string& message) {
    const std::string body = "{\"error\":\"" + message + "\"}";
    const std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                             "\r\nContent-Type: application/json\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n";
    const std::string all = head + body;
    pollfd p{sock, POLLOUT, 0};
    if (::poll(&p, 1, 1000) > 0) (void)::send(sock, all.data(), all.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// Closes our side for writing, then reads and drops what the client still sends for a moment,
// so that closing does not reset the connection before the client has read our answer.
void linger_and_close(socket_t sock, milliseconds limit) {
    ::shutdown(sock, SHUT_WR);
    const auto deadline = Clock::now() + limit;
    char scratch[16 * 1024];
    size_t dropped = 0;
    while (dropped < limits::kMaxWireBodyBytes) {
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;
        pollfd p{sock, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        const ssize_t got = ::recv(sock, scratch, sizeof scratch, 0);
        if (got <= 0) break;
        dropped += static_cast<size_t>(got);
    }
    ::close(sock);
}

}  // namespace

std::string peer_address(int sock) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address)->sin_addr, text, sizeof text);
    else if (address.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr, text, sizeof text);
    return text;
}

// ---- ConnectionThreads ----

void ConnectionThreads::enqueue(std::function<void()> fn) {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(fn));
    // A woken worker counts as idle until it takes its task: compare with the queue, not with 0,
    // or a burst of connections would wait behind the few threads already there.
    if (tasks_.size() > idle_ && threads_.size() < max_threads_) threads_.emplace_back([this] { work(); });
    else wake_.notify_one();
}

void ConnectionThreads::shutdown() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

void ConnectionThreads::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        ++idle_;
        wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        --idle_;
        if (tasks_.empty()) return;  // stopping, nothing left
        auto task = std::move(tasks_.front());
        tasks_.pop_front();
        lock.unlock();
        task();
        lock.lock();
    }
}

// ---- GuardedServer ----

struct GuardedServer::Admission {
    bool admitted = false;
    std::string client;
    const char* refusal = "";
};

GuardedServer::GuardedServer(GuardSettings settings) : settings_(std::move(settings)) {
    // Room for every admitted connection plus those being refused, so a refusal never waits.
    const size_t threads = static_cast<size_t>(settings_.max_connections) + 64;
    new_task_queue = [threads] { return new ConnectionThreads(threads); };
}

GuardedServer::~GuardedServer() {
    if (cutter_.joinable()) cutter_.join();
}

void GuardedServer::deepen_backlog() { ::listen(svr_sock_, 1024); }

void GuardedServer::begin_shutdown(std::chrono::milliseconds grace) {
    draining_ = true;
    if (cutter_.joinable()) return;
    cutter_ = std::thread([this, grace] {
        const auto deadline = Clock::now() + grace;
        while (Clock::now() < deadline && open_connections() > 0) std::this_thread::sleep_for(milliseconds(50));
        cut_all();
    });
}

void GuardedServer::cut_all() {
    cut_ = true;
    std::lock_guard lock(mutex_);
    for (socket_t sock : open_) ::shutdown(sock, SHUT_RDWR);
}

size_t GuardedServer::open_connections() const {
    std::lock_guard lock(mutex_);
    return open_.size();
}

void GuardedServer::head_read() {
    if (current_stream) current_stream->head_read();
}

void GuardedServer::close_after_response() {
    if (current_stream) current_stream->close_after_response();
}

GuardedServer::Admission GuardedServer::admit(socket_t sock) {
    Admission a;
    a.client = peer_address(sock);
    std::lock_guard lock(mutex_);
    if (draining_) {
        a.refusal = "The server is restarting. Try again in a few seconds.";
    } else if (static_cast<int>(open_.size()) >= settings_.max_connections) {
        a.refusal = "The server is busy. Try again in a few seconds.";
    } else if (a.client != settings_.trusted_proxy && per_client_[a.client] >= settings_.max_connections_per_client) {
        a.refusal = "Too many connections from this device or network at once. Try again in a few seconds.";
    } else {
        ++per_client_[a.client];
        open_.insert(sock);
        a.admitted = true;
    }
    if (!a.admitted && per_client_[a.client] == 0) per_client_.erase(a.client);
    return a;
}

void GuardedServer::release(socket_t sock, const std::string& client) {
    std::lock_guard lock(mutex_);
    open_.erase(sock);
    if (--per_client_[client] <= 0) per_client_.erase(client);
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    const Admission admission = admit(sock);
    if (!admission.admitted) {
        send_plain(sock, 503, "Service Unavailable", admission.refusal);
        linger_and_close(sock, milliseconds(200));
        return false;
    }
    bool linger = false;
    serve_requests(sock, admission.client, linger);
    // Released before the close, so a cut never shuts down a number the kernel gave to another socket.
    release(sock, admission.client);
    if (linger) {
        linger_and_close(sock, limits::kLingerAfterEarlyAnswer);
    } else {
        ::shutdown(sock, SHUT_RDWR);
        ::close(sock);
    }
    return true;
}

void GuardedServer::serve_requests(socket_t sock, const std::string&, bool& linger) {
    GuardedStream stream(sock, settings_.stall, draining_, cut_);
    current_stream = &stream;
    for (size_t served = 0; served < keep_alive_max_count_; ++served) {
        if (!stream.wait_for_request(served == 0)) break;
        bool connection_closed = false;
        const bool last = served + 1 == keep_alive_max_count_ || draining_;
        const bool ok = process_request(stream, last, connection_closed, nullptr);
        if (stream.close_requested()) {
            linger = true;
            break;
        }
        if (!ok || connection_closed) break;
    }
    current_stream = nullptr;
}

}  // namespace tellus::serve
