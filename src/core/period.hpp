#pragma once
// Fixed calendar periods (issue 11): viewers read summaries by month ("2026-11"), quarter
// ("2026-Q4") or year ("2026"), never by cut-offs of their choosing, so two requests a minute
// apart cannot single one patient out. A period follows the clinic's own calendar: the local date
// written in each response's submitted_at (which carries the device's offset), not UTC.
#include <optional>
#include <string>
#include <string_view>

namespace tellus {

enum class PeriodKind { Month, Quarter, Year };

struct Period {
    PeriodKind kind = PeriodKind::Month;
    std::string first_day;  // "2026-10-01"
    std::string end_day;    // the day after the last: "2027-01-01"
};

// "2026-11", "2026-Q4" or "2026" (years 1000 to 9999); nullopt for anything else.
std::optional<Period> parse_period(std::string_view text);
// True when the local date of an ISO 8601 time ("2026-11-30T23:30:00-05:00") is in `period`.
bool in_period(std::string_view submitted_at, const Period& period);

// The period of `kind` holding the date "YYYY-MM-DD"; "" when it is not a date.
std::string period_of(const std::string& date, PeriodKind kind);
// The period `steps` before (negative) or after (positive) `period`; "" when it is not one.
std::string shift_period(const std::string& period, int steps);

}  // namespace tellus
