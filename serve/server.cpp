#include "server.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <mutex>

#include "connection_guard.hpp"
#include "http_policy.hpp"
#include "json_reply.hpp"
#include "limits.hpp"
#include "rate_limit.hpp"
#include "request_body.hpp"
#include "routes.hpp"

namespace tellus::serve {
namespace {

using Clock = std::chrono::steady_clock;

// Each request is handled start to finish on one worker thread, so the start time can live here.
thread_local Clock::time_point request_started = Clock::now();

// Method, path, status and duration only: no addresses, no query strings, no bodies. Both texts
// come from the client, so they are escaped (no forged lines) and cut short.
void log_request(const httplib::Request& req, const httplib::Response& res) {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - request_started).count();
    const std::string method = escape_for_log(req.method, 16), path = escape_for_log(req.path, 200);
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fprintf(stderr, "%s %s %d %.1fms\n", method.c_str(), path.c_str(), res.status, ms);
}

bool is_api(const httplib::Request& req) { return req.path.rfind("/api/", 0) == 0; }

std::unique_ptr<httplib::Server> make_http_server(const Options& options) {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    // HTTPS is the HTTP library's own server, with per-read timeouts only: docs/api.md advises a
    // reverse proxy in front for TLS on an open network.
    if (!options.tls_cert.empty()) return std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
#endif
    return std::make_unique<GuardedServer>(
        GuardSettings{options.max_connections, options.max_connections_per_client, options.trust_proxy,
                      std::chrono::seconds(options.timeout_seconds)});
}

// Fills the body of errors the HTTP library produces itself (413 too large, 400 unreadable...).
httplib::Server::HandlerResponse explain_library_error(const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty() || res.content_length_ > 0) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 413) {
        GuardedServer::close_after_response();
        reply_error(res, 413, "The request is too large: the limit is 1 MiB (1048576 bytes). Send fewer responses per batch.");
    } else if (res.status == 404) {
        reply_error(res, 404, "There is nothing at this address.");
    } else if (res.status == 405) {
        reply_error(res, 405, "This method is not allowed at this address.");
    } else if (res.status >= 400) {
        GuardedServer::close_after_response();  // whatever follows an unreadable request is not a request
        reply_error(res, res.status, "The request could not be read.");
    } else {
        return httplib::Server::HandlerResponse::Unhandled;
    }
    return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

HttpServer::HttpServer(AppContext& context) : context_(context), http_(make_http_server(context.options)) {
    const Options& options = context.options;
    auto limiter = std::make_shared<RateLimiter>(options.rate_limit_per_minute);
    auto cors = std::make_shared<CorsPolicy>(options.cors_origins);
    http_->set_default_headers(security_headers(options.cors_origins));
    http_->set_payload_max_length(limits::kMaxWireBodyBytes);
    http_->set_read_timeout(options.timeout_seconds, 0);  // HTTPS only: GuardedServer keeps deadlines per phase
    http_->set_write_timeout(options.timeout_seconds, 0);
    // Without TCP_NODELAY a response written in two parts waits for the client's delayed ACK (~40 ms).
    http_->set_tcp_nodelay(true);
    http_->set_keep_alive_timeout(limits::kKeepAliveIdle.count());
    http_->set_keep_alive_max_count(100);
    if (!options.tls_cert.empty()) {
        // The HTTPS server's own pool: a thread per open connection, up to the connection cap.
        const auto threads = static_cast<size_t>(options.max_connections);
        http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    }
    const std::string proxy = options.trust_proxy;
    // Runs when the headers are in and before any of the body is read. An answer given here
    // leaves the body unread, so the connection is closed after it (close_after_response).
    http_->set_pre_routing_handler([limiter, cors, proxy](const httplib::Request& req, httplib::Response& res) {
        request_started = Clock::now();
        GuardedServer::head_read();
        cors->apply(req, res);
        if (auto problem = gate_body(req)) {
            GuardedServer::close_after_response();
            reply_error(res, problem->status, problem->message);
            return httplib::Server::HandlerResponse::Handled;
        }
        if (is_api(req) && !limiter->allow(client_key(req, proxy))) {
            if (has_body(req)) GuardedServer::close_after_response();
            res.set_header("Retry-After", "60");
            reply_error(res, 429, "Too many requests from this device. Wait a minute, then try again.");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    http_->set_error_handler(httplib::Server::HandlerWithResponse(explain_library_error));
    http_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        reply_error(res, 500, "The server met an unexpected problem. Nothing was stored from this request; try again.");
    });
    http_->set_logger(log_request);
    http_->Options(R"(/api/.*)", [cors](const httplib::Request& req, httplib::Response& res) { cors->preflight(req, res); });
    add_health_routes(*http_, context_);
    add_ingest_routes(*http_, context_);
    add_export_routes(*http_, context_);
    add_summary_routes(*http_, context_);
    add_comment_routes(*http_, context_);
    add_staff_routes(*http_, context_);
    add_survey_routes(*http_, context_);
    add_language_routes(*http_, context_);  // before the app's files: /i18n/ is the catalog folder's
    add_limits_routes(*http_, context_);
    add_static_routes(*http_, context_);
}

HttpServer::~HttpServer() = default;

bool HttpServer::bind(std::string& error) {
    if (!http_->is_valid()) {
        error = "cannot start HTTPS: the certificate or key could not be read (--tls-cert, --tls-key)";
        return false;
    }
    if (!http_->bind_to_port(context_.options.host.c_str(), context_.options.port)) {
        error = "cannot listen on " + context_.options.host + ":" + std::to_string(context_.options.port) +
                " (is the port in use, or the address not on this machine?)";
        return false;
    }
    if (auto* guarded = dynamic_cast<GuardedServer*>(http_.get())) guarded->deepen_backlog();
    return true;
}

void HttpServer::run() { http_->listen_after_bind(); }

void HttpServer::stop() {
    if (auto* guarded = dynamic_cast<GuardedServer*>(http_.get())) guarded->begin_shutdown(limits::kShutdownGrace);
    http_->stop();
}

}  // namespace tellus::serve
