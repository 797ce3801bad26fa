// The ceiling for the benchmark: the same HTTP library and thread pool as tellus-serve, answering
// POST /api/v1/responses with a fixed body and doing nothing else (no parsing, no storage).
#include <httplib.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    const int port = argc > 1 ? std::atoi(argv[1]) : 18090;
    httplib::Server http;
    // The same connection settings as tellus-serve (serve/server.cpp), so only the work differs.
    http.set_tcp_nodelay(true);
    http.set_keep_alive_timeout(5);
    http.set_keep_alive_max_count(100);
    http.new_task_queue = [] { return new httplib::ThreadPool(32); };
    http.Post("/api/v1/responses", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"results":[{"id":"","status":"accepted","errors":[]}]})", "application/json");
    });
    std::cerr << "no-op server on 127.0.0.1:" << port << std::endl;
    return http.listen("127.0.0.1", port) ? 0 : 1;
}
