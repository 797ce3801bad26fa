#include "timestamp.hpp"

#include "limits.hpp"

namespace tellus {
namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian), per Howard Hinnant's algorithm.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Reads exactly `count` ASCII digits at `pos`, advancing it; nullopt when they are not there.
class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}
    std::optional<int> digits(std::size_t count) {
        if (pos_ + count > text_.size()) return std::nullopt;
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char c = text_[pos_ + i];
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        pos_ += count;
        return value;
    }
    bool take(char expected) {
        if (pos_ >= text_.size() || text_[pos_] != expected) return false;
        ++pos_;
        return true;
    }
    std::optional<char> peek() const { return pos_ < text_.size() ? std::optional<char>(text_[pos_]) : std::nullopt; }
    bool at_end() const { return pos_ == text_.size(); }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

std::optional<std::int64_t> read_date_ms(Reader& in) {
    const auto year = in.digits(4);
    if (!year || !in.take('-')) return std::nullopt;
    const auto month = in.digits(2);
    if (!month || *month < 1 || *month > 12 || !in.take('-')) return std::nullopt;
    const auto day = in.digits(2);
    if (!day || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
    return days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) * 86'400'000LL;
}

// "THH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" after a date: milliseconds to add for UTC.
std::optional<std::int64_t> read_time_ms(Reader& in) {
    if (!in.take('T')) return std::nullopt;
    const auto hour = in.digits(2);
    if (!hour || *hour > 23 || !in.take(':')) return std::nullopt;
    const auto minute = in.digits(2);
    if (!minute || *minute > 59 || !in.take(':')) return std::nullopt;
    const auto second = in.digits(2);
    if (!second || *second > 59) return std::nullopt;
    std::int64_t ms = (*hour * 3600LL + *minute * 60LL + *second) * 1000LL;
    if (in.take('.')) {
        int fraction_digits = 0, millis = 0;
        while (auto digit = in.digits(1)) {
            if (++fraction_digits > 9) return std::nullopt;
            if (fraction_digits <= 3) millis = millis * 10 + *digit;
        }
        if (fraction_digits == 0) return std::nullopt;
        for (int i = fraction_digits; i < 3; ++i) millis *= 10;
        ms += millis;
    }
    if (in.take('Z')) return ms;
    const auto sign = in.peek();
    if (!sign || (*sign != '+' && *sign != '-')) return std::nullopt;
    in.take(*sign);
    const auto offset_hours = in.digits(2);
    if (!offset_hours || !in.take(':')) return std::nullopt;
    const auto offset_minutes = in.digits(2);
    if (!offset_minutes || *offset_minutes > 59) return std::nullopt;
    const int offset = *offset_hours * 60 + *offset_minutes;
    if (offset > limits::kMaxOffsetMinutes) return std::nullopt;
    // Local time minus its offset is UTC.
    return ms - (*sign == '+' ? 1 : -1) * static_cast<std::int64_t>(offset) * 60'000LL;
}

std::optional<std::int64_t> parse(std::string_view text, bool date_alone_allowed) {
    if (text.size() > limits::kTimestampChars) return std::nullopt;
    Reader in(text);
    const auto date = read_date_ms(in);
    if (!date) return std::nullopt;
    if (in.at_end()) return date_alone_allowed ? date : std::nullopt;
    const auto time = read_time_ms(in);
    if (!time || !in.at_end()) return std::nullopt;
    return *date + *time;
}

}  // namespace

std::optional<std::int64_t> parse_timestamp_ms(std::string_view text) { return parse(text, false); }
std::optional<std::int64_t> parse_date_or_timestamp_ms(std::string_view text) { return parse(text, true); }
bool is_iso8601_with_offset(std::string_view text) { return parse_timestamp_ms(text).has_value(); }

}  // namespace tellus
