// The doctest main of the server tests: picks the backend, starting PostgreSQL when asked.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

#include "backend.hpp"

namespace tellus::test {
Backend& backend() {
    static Backend instance;
    return instance;
}
}  // namespace tellus::test

int main(int argc, char** argv) {
    using namespace tellus::test;
    const char* chosen = std::getenv("TELLUS_TEST_BACKEND");
    if (chosen && std::string(chosen) == "postgres") {
        std::string why;
        backend().postgres = PostgresServer::start(why);
        if (!backend().postgres) {
            std::printf("SKIPPED: PostgreSQL tests cannot run here: %s\n", why.c_str());
            return 77;
        }
        backend().name = "postgres";
    }
    doctest::Context context(argc, argv);
    return context.run();
}
