#include "timestamps.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <regex>

namespace tellus::serve {
namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian), per Howard Hinnant's algorithm.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

std::optional<int64_t> parse_instant_ms(const std::string& text) {
    static const std::regex full(
        R"(^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2})))?$)");
    std::smatch m;
    if (!std::regex_match(text, m, full)) return std::nullopt;
    const int year = std::stoi(m[1]), month = std::stoi(m[2]), day = std::stoi(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    int64_t ms = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400000LL;
    if (m[4].matched) {
        const int hour = std::stoi(m[4]), minute = std::stoi(m[5]), second = std::stoi(m[6]);
        if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
        ms += (hour * 3600LL + minute * 60LL + second) * 1000LL;
        if (m[7].matched) ms += std::stoll((m[7].str() + "00").substr(0, 3));
        if (m[9].matched) {
            const int64_t offset = (std::stoi(m[10]) * 60LL + std::stoi(m[11])) * 60000LL;
            ms -= m[9] == "+" ? offset : -offset;  // local time minus its offset is UTC
        }
    }
    return ms;
}

std::string now_utc_iso() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                  utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
    return text;
}

}  // namespace tellus::serve
