// Ids and timestamps made on the device: what the server's validators (response.hpp) accept.
#include <doctest/doctest.h>

#include <random>
#include <set>

#include "core/ids.hpp"
#include "core/response.hpp"

using namespace tellus;

TEST_CASE("UUIDs made on the device are valid version 4 and do not repeat") {
    std::mt19937_64 engine(7);
    RandomSource random = [&] { return engine(); };
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = make_uuid_v4(random);
        REQUIRE(is_uuid_v4(id));
        CHECK(id.size() == 36);
        seen.insert(id);
    }
    CHECK(seen.size() == 1000);
}

TEST_CASE("UUID bits outside version and variant come from the random source") {
    RandomSource zeros = [] { return std::uint64_t{0}; };
    RandomSource ones = [] { return ~std::uint64_t{0}; };
    CHECK(make_uuid_v4(zeros) == "00000000-0000-4000-8000-000000000000");
    CHECK(make_uuid_v4(ones) == "ffffffff-ffff-4fff-bfff-ffffffffffff");
}

TEST_CASE("random fractions stay in [0, 1)") {
    CHECK(random_fraction([] { return std::uint64_t{0}; }) == 0.0);
    CHECK(random_fraction([] { return ~std::uint64_t{0}; }) < 1.0);
}

TEST_CASE("timestamps carry the local offset the clinic sees") {
    // 2026-11-23T15:15:00Z, plus 250 ms the format leaves out.
    const TimePoint t = time_from_unix_ms(1'795'446'900'250);
    CHECK(format_iso8601(t, 0) == "2026-11-23T15:15:00+00:00");
    CHECK(format_iso8601(t, -300) == "2026-11-23T10:15:00-05:00");
    CHECK(format_iso8601(t, 330) == "2026-11-23T20:45:00+05:30");
    CHECK(format_iso8601(t, -11 * 60) == "2026-11-23T04:15:00-11:00");
    CHECK(format_iso8601(t, 14 * 60) == "2026-11-24T05:15:00+14:00");  // the day changes too
    CHECK(is_iso8601_with_offset(format_iso8601(t, -300)));
}

TEST_CASE("timestamps cross month and year ends and stay valid for any offset") {
    const TimePoint new_year = time_from_unix_ms(1'798'761'600'000);  // 2027-01-01T00:00:00Z
    CHECK(format_iso8601(new_year, -60) == "2026-12-31T23:00:00-01:00");
    // A device claiming an impossible offset is clamped to +/-14:00: the same instant, still valid.
    CHECK(format_iso8601(new_year, 24 * 60 + 30) == "2027-01-01T14:00:00+14:00");
    CHECK(parse_timestamp_ms(format_iso8601(new_year, 24 * 60 + 30)) == 1'798'761'600'000);
    for (int offset = -24 * 60; offset <= 24 * 60; offset += 15) CHECK(is_iso8601_with_offset(format_iso8601(new_year, offset)));
}
