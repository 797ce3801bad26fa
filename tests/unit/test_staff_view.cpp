// What the staff screens compute: positive shares from summaries (suppression respected), date
// filters, and the device file that `tellus-serve import` takes.
#include <doctest/doctest.h>

#include "core/staff_view.hpp"

using namespace tellus;
using nlohmann::json;

namespace {
Question question(QuestionType type) {
    Question q;
    q.id = "q";
    q.type = type;
    return q;
}
}  // namespace

TEST_CASE("share positive: good and very good faces, or yes, among those who answered") {
    const json faces = json::parse(R"({"answered":{"count":40},"options":[{"id":"very_bad","count":5},{"id":"bad","count":5},
        {"id":"okay","count":10},{"id":"good","count":12},{"id":"very_good","count":8}]})");
    CHECK(positive_share(question(QuestionType::Faces), faces) == 50);
    const json yes_no = json::parse(R"({"answered":{"count":3},"options":[{"id":"yes","count":2},{"id":"no","count":1}]})");
    CHECK(positive_share(question(QuestionType::YesNoUnsure), yes_no) == 67);  // rounded
}

TEST_CASE("share positive is not shown when a count it needs is suppressed, or for other questions") {
    const json suppressed = json::parse(R"({"answered":{"count":30},"options":[{"id":"good","count":null,"suppressed":true},
        {"id":"very_good","count":20},{"id":"bad","count":6}]})");
    CHECK(positive_share(question(QuestionType::Faces), suppressed) == -1);
    // A suppressed count that is not positive does not matter.
    const json other = json::parse(R"({"answered":{"count":30},"options":[{"id":"yes","count":20},{"id":"no","count":null,"suppressed":true}]})");
    CHECK(positive_share(question(QuestionType::YesNoUnsure), other) == 67);
    CHECK(positive_share(question(QuestionType::Single), other) == -1);
    CHECK(positive_share(question(QuestionType::Faces), json::parse(R"({"answered":{"count":0},"options":[]})")) == -1);
}

TEST_CASE("dates: real calendar dates only; the day after crosses months, years and leap days") {
    CHECK(is_date("2026-11-30"));
    CHECK_FALSE(is_date("2026-02-29"));
    CHECK(is_date("2028-02-29"));
    CHECK_FALSE(is_date("2026-13-01"));
    CHECK_FALSE(is_date("30/11/2026"));
    CHECK(next_day("2026-11-30") == "2026-12-01");
    CHECK(next_day("2026-12-31") == "2027-01-01");
    CHECK(next_day("2028-02-28") == "2028-02-29");
    CHECK(next_day("nope").empty());
}

TEST_CASE("a range from the 1st to the 30th includes the whole 30th, in local time") {
    CHECK(date_range_query("2026-11-01", "2026-11-30", "-05:00") ==
          "&since=2026-11-01T00%3A00%3A00-05%3A00&until=2026-12-01T00%3A00%3A00-05%3A00");
    CHECK(date_range_query("", "2026-11-30", "+01:00") == "&until=2026-12-01T00%3A00%3A00%2B01%3A00");
    CHECK(date_range_query("junk", "", "Z").empty());
}

TEST_CASE("the device file holds every waiting and held response once, as {\"responses\": [...]}") {
    const auto item = [](const std::string& id, const std::string& body) { return OutboxItem{id, body, {}, 0}; };
    const std::vector<OutboxItem> queued = {item("a", R"({"id":"a","answers":{}})"), item("b", "not json")};
    const std::vector<HeldItem> held = {{item("c", R"({"id":"c","answers":{}})"), json::parse(R"([{"field":"id","message":"bad"}])"), {}},
                                        {item("a", R"({"id":"a","answers":{}})"), json::array(), {}}};
    const json file = device_export(queued, held);
    REQUIRE(file["responses"].size() == 2);
    CHECK(file["responses"][0]["id"] == "a");
    CHECK(file["responses"][1]["id"] == "c");
    CHECK(device_export({}, {}) == json::parse(R"({"responses":[]})"));
}

TEST_CASE("fixed periods: the month, quarter and year of a date, and stepping through them") {
    CHECK(period_of("2026-11-23", PeriodKind::Month) == "2026-11");
    CHECK(period_of("2026-11-23", PeriodKind::Quarter) == "2026-Q4");
    CHECK(period_of("2026-03-31", PeriodKind::Quarter) == "2026-Q1");
    CHECK(period_of("2026-11-23", PeriodKind::Year) == "2026");
    CHECK(period_of("2026-02-30", PeriodKind::Month).empty());
    CHECK(shift_period("2026-01", -1) == "2025-12");
    CHECK(shift_period("2026-12", 1) == "2027-01");
    CHECK(shift_period("2026-11", -23) == "2024-12");
    CHECK(shift_period("2026-Q1", -1) == "2025-Q4");
    CHECK(shift_period("2026-Q4", 1) == "2027-Q1");
    CHECK(shift_period("2026", -1) == "2025");
    for (const char* bad : {"", "2026-13", "2026-Q5", "2026-Q0", "26", "2026-1", "2026-Q", "abcd", "2026-11-01", "9999-12"}) {
        CAPTURE(bad);
        CHECK(shift_period(bad, 1).empty());
    }
}

TEST_CASE("periods as staff ask for them: a month, a quarter or a year, on the clinic's own calendar") {
    auto p = parse_period("2026-11");
    REQUIRE(p);
    CHECK(p->kind == PeriodKind::Month);
    CHECK(p->first_day == "2026-11-01");
    CHECK(p->end_day == "2026-12-01");
    CHECK(parse_period("2026-12")->end_day == "2027-01-01");
    CHECK(parse_period("2026-Q4")->first_day == "2026-10-01");
    CHECK(parse_period("2026-Q4")->end_day == "2027-01-01");
    CHECK(parse_period("2026-Q1")->end_day == "2026-04-01");
    CHECK(parse_period("2026")->first_day == "2026-01-01");
    CHECK(parse_period("2026")->end_day == "2027-01-01");
    for (const char* bad : {"", "26", "2026-13", "2026-00", "2026-Q0", "2026-Q5", "2026-q4", "2026-1", "2026-11-01", "9999", "0999", "2026 ",
                            "２０２６", "2026-11\n", "-2026"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_period(bad));
    }
    // The local date the device wrote decides: 23:30 in Toronto on Nov 30 is November, whatever UTC says.
    const Period november = *parse_period("2026-11");
    CHECK(in_period("2026-11-30T23:30:00-05:00", november));
    CHECK(in_period("2026-11-01T00:00:00+14:00", november));
    CHECK_FALSE(in_period("2026-12-01T00:30:00-05:00", november));
    CHECK_FALSE(in_period("2026-10-31T23:59:59-05:00", november));
    CHECK_FALSE(in_period("", november));
}
