#include "period.hpp"

#include <cstdio>


namespace tellus {
namespace {

bool digits(std::string_view text) {
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return !text.empty();
}

int number(std::string_view text) {
    int n = 0;
    for (char c : text) n = n * 10 + (c - '0');
    return n;
}

std::string day(int y, int m) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-01", y, m);
    return buffer;
}

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

bool parse_date(const std::string& text, int& y, int& m, int& d) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text.substr(0, 4)) || !digits(text.substr(5, 2)) ||
        !digits(text.substr(8, 2)))
        return false;
    y = number(text.substr(0, 4));
    m = number(text.substr(5, 2));
    d = number(text.substr(8, 2));
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool is_date(const std::string& text) {
    int y, m, d;
    return parse_date(text, y, m, d);
}

}  // namespace

std::optional<Period> parse_period(std::string_view text) {
    if (text.size() < 4 || !digits(text.substr(0, 4))) return std::nullopt;
    const int y = number(text.substr(0, 4));
    if (y < 1000 || y > 9998) return std::nullopt;
    if (text.size() == 4) return Period{PeriodKind::Year, day(y, 1), day(y + 1, 1)};
    if (text.size() == 7 && text[4] == '-' && text[5] == 'Q' && text[6] >= '1' && text[6] <= '4') {
        const int q = text[6] - '0';
        return Period{PeriodKind::Quarter, day(y, 3 * q - 2), q == 4 ? day(y + 1, 1) : day(y, 3 * q + 1)};
    }
    if (text.size() == 7 && text[4] == '-' && digits(text.substr(5, 2))) {
        const int m = number(text.substr(5, 2));
        if (m < 1 || m > 12) return std::nullopt;
        return Period{PeriodKind::Month, day(y, m), m == 12 ? day(y + 1, 1) : day(y, m + 1)};
    }
    return std::nullopt;
}

bool in_period(std::string_view submitted_at, const Period& period) {
    if (submitted_at.size() < 10) return false;
    const std::string_view date = submitted_at.substr(0, 10);  // the local date, as the device wrote it
    return date >= period.first_day && date < period.end_day;
}

std::string period_of(const std::string& date, PeriodKind kind) {
    int y, m, d;
    if (!parse_date(date, y, m, d)) return {};
    char buffer[32];
    switch (kind) {
        case PeriodKind::Month: std::snprintf(buffer, sizeof buffer, "%04d-%02d", y, m); break;
        case PeriodKind::Quarter: std::snprintf(buffer, sizeof buffer, "%04d-Q%d", y, (m - 1) / 3 + 1); break;
        case PeriodKind::Year: std::snprintf(buffer, sizeof buffer, "%04d", y); break;
    }
    return buffer;
}

std::string shift_period(const std::string& period, int steps) {
    int y = 0, part = 0;
    char buffer[32];
    // Each kind is counted in its own units from year 0, shifted, and written back.
    if (period.size() == 7 && period[4] == '-' && period[5] == 'Q' && std::sscanf(period.c_str(), "%4d-Q%1d", &y, &part) == 2 &&
        part >= 1 && part <= 4) {
        const int index = y * 4 + part - 1 + steps;
        if (index < 0 || index / 4 > 9999) return {};
        std::snprintf(buffer, sizeof buffer, "%04d-Q%d", index / 4, index % 4 + 1);
        return buffer;
    }
    if (period.size() == 7 && is_date(period + "-01")) {
        std::sscanf(period.c_str(), "%4d-%2d", &y, &part);
        const int index = y * 12 + part - 1 + steps;
        if (index < 12 || index / 12 > 9999) return {};
        std::snprintf(buffer, sizeof buffer, "%04d-%02d", index / 12, index % 12 + 1);
        return buffer;
    }
    if (period.size() == 4 && is_date(period + "-01-01")) {
        std::sscanf(period.c_str(), "%4d", &y);
        y += steps;
        if (y < 1 || y > 9999) return {};
        std::snprintf(buffer, sizeof buffer, "%04d", y);
        return buffer;
    }
    return {};
}

}  // namespace tellus
