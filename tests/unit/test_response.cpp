// Response validation: what the server accepts and rejects, with the field named.
#include <doctest/doctest.h>

#include "core/response.hpp"
#include "test_files.hpp"

using namespace tellus;
using nlohmann::json;

namespace {
const Survey& default_survey() {
    static const Survey survey = *load_survey(test::repo_file("assets/surveys/primary-care-visit.json"), "p").survey;
    return survey;
}
const Survey* lookup(const std::string& id, int version) {
    return id == "primary-care-visit" && version == 1 ? &default_survey() : nullptr;
}
json good_response() {
    return json::parse(R"({
      "id": "3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f",
      "survey": {"id": "primary-care-visit", "version": 1},
      "locale": "fr-CA", "channel": "kiosk", "site": "north",
      "started_at": "2026-11-23T10:15:00-05:00", "submitted_at": "2026-11-23T10:16:02.5-05:00",
      "answers": {"care_when_needed": "good", "involved": "always", "overall": 9,
                  "went_well": "Très bien, merci", "age_band": "prefer_not_to_say"}})");
}
bool names_field(const ParsedResponse& parsed, const std::string& field) {
    for (const auto& e : parsed.errors)
        if (e.field == field) return true;
    return false;
}
}  // namespace

TEST_CASE("a complete, well-formed response is accepted") {
    auto parsed = parse_response(good_response(), lookup);
    CHECK(parsed.ok());
    CHECK(parsed.response.answers.at("overall") == 9);
    CHECK(parsed.response.to_json()["answers"]["went_well"] == "Très bien, merci");
}

TEST_CASE("every question can be skipped") {
    auto r = good_response();
    r["answers"] = json::object();
    CHECK(parse_response(r, lookup).ok());
    r["answers"] = {{"overall", nullptr}};
    CHECK(parse_response(r, lookup).ok());
}

TEST_CASE("each kind of bad response is rejected naming the field") {
    auto r = good_response();
    SUBCASE("bad uuid") { r["id"] = "not-a-uuid"; CHECK(names_field(parse_response(r, lookup), "id")); }
    SUBCASE("uuid v1") { r["id"] = "3f2b8c1e-9d4a-1c7b-8e2f-1a2b3c4d5e6f"; CHECK(names_field(parse_response(r, lookup), "id")); }
    SUBCASE("unknown survey") { r["survey"]["id"] = "other"; CHECK(names_field(parse_response(r, lookup), "survey")); }
    SUBCASE("unknown version") { r["survey"]["version"] = 2; CHECK(names_field(parse_response(r, lookup), "survey")); }
    SUBCASE("timestamp without offset") {
        r["submitted_at"] = "2026-11-23T10:16:02";
        CHECK(names_field(parse_response(r, lookup), "submitted_at"));
    }
    SUBCASE("impossible month") { r["started_at"] = "2026-13-23T10:16:02Z"; CHECK(names_field(parse_response(r, lookup), "started_at")); }
    SUBCASE("bad channel") { r["channel"] = "fax"; CHECK(names_field(parse_response(r, lookup), "channel")); }
    SUBCASE("unknown question") { r["answers"]["favourite_colour"] = "blue"; CHECK(names_field(parse_response(r, lookup), "answers.favourite_colour")); }
    SUBCASE("unknown option") { r["answers"]["involved"] = "maybe"; CHECK(names_field(parse_response(r, lookup), "answers.involved")); }
    SUBCASE("wrong type for a choice") { r["answers"]["involved"] = 3; CHECK(names_field(parse_response(r, lookup), "answers.involved")); }
    SUBCASE("scale out of range") { r["answers"]["overall"] = 11; CHECK(names_field(parse_response(r, lookup), "answers.overall")); }
    SUBCASE("scale not whole") { r["answers"]["overall"] = 7.5; CHECK(names_field(parse_response(r, lookup), "answers.overall")); }
    SUBCASE("text over the limit") {
        r["answers"]["went_well"] = std::string(501, 'a');
        CHECK(names_field(parse_response(r, lookup), "answers.went_well"));
    }
    SUBCASE("not an object") { CHECK_FALSE(parse_response(json::array(), lookup).ok()); }
}

TEST_CASE("text limits count characters, not bytes") {
    auto r = good_response();
    std::string accents;
    for (int i = 0; i < 500; ++i) accents += "é";  // 1000 bytes, 500 characters
    r["answers"]["went_well"] = accents;
    CHECK(parse_response(r, lookup).ok());
}

// ---- Records a hostile or broken client may send (issue 10) ----

TEST_CASE("timestamps must be real calendar times with a real offset") {
    for (const char* good : {"2024-02-29T12:00:00Z", "2000-02-29T00:00:00+00:00", "2026-11-23T23:59:59.999999999-05:00",
                             "2026-12-31T10:00:00+14:00", "2026-12-31T10:00:00-14:00", "2026-04-30T10:00:00+05:45"}) {
        INFO(good);
        CHECK(is_iso8601_with_offset(good));
    }
    for (const char* bad : {"2026-02-31T10:00:00Z", "2026-02-29T10:00:00Z", "1900-02-29T10:00:00Z", "2026-04-31T10:00:00Z",
                            "2026-11-23T10:00:00+99:99", "2026-11-23T10:00:00+14:01", "2026-11-23T10:00:00-15:00",
                            "2026-11-23T10:00:00+05:60", "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z", "2026-11-23T10:00:60Z",
                            "2026-11-23T10:00:00.1234567890Z", "2026-11-23T10:00:00.Z", "2026-11-23t10:00:00z",
                            "2026-11-23T10:00:00Z ", " 2026-11-23T10:00:00Z", "2026-11-23T10:00:00", "2026-11-23",
                            "+2026-11-23T10:00:00Z", "2026-1-23T10:00:00Z", "２０２６-11-23T10:00:00Z", "", "2026-11-23T10:00:00+0500"}) {
        INFO(bad);
        CHECK_FALSE(is_iso8601_with_offset(bad));
    }
    CHECK(parse_timestamp_ms("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_timestamp_ms("1970-01-01T00:00:00.5Z") == 500);
    CHECK(parse_timestamp_ms("2026-11-23T10:00:00-05:00") == parse_timestamp_ms("2026-11-23T15:00:00Z"));
    CHECK(parse_date_or_timestamp_ms("1970-01-02") == 86'400'000);
    CHECK_FALSE(parse_date_or_timestamp_ms("1970-02-30"));
}

TEST_CASE("Feb 31 and +99:99 are rejected, never moved to another day") {
    auto r = good_response();
    r["submitted_at"] = "2026-02-31T10:16:02-05:00";
    CHECK(names_field(parse_response(r, lookup), "submitted_at"));
    r = good_response();
    r["started_at"] = "2026-11-23T10:15:00+99:99";
    CHECK(names_field(parse_response(r, lookup), "started_at"));
}

TEST_CASE("started_at <= submitted_at <= the server's time plus a day") {
    const auto received = *parse_timestamp_ms("2026-11-23T15:17:00Z");
    auto r = good_response();
    CHECK(parse_response(r, lookup, received).ok());
    r["started_at"] = "2029-11-23T10:15:00-05:00";
    CHECK(names_field(parse_response(r, lookup, received), "started_at"));
    r = good_response();
    r["submitted_at"] = "2026-11-24T10:16:02-05:00";  // 23 h ahead: a fast clock, accepted
    CHECK(parse_response(r, lookup, received).ok());
    r["submitted_at"] = "2026-11-24T15:18:00Z";  // more than a day ahead
    CHECK(names_field(parse_response(r, lookup, received), "submitted_at"));
    CHECK(parse_response(r, lookup).ok());  // without the server's clock (the app): no such check
    r = good_response();
    r["submitted_at"] = "2020-01-01T00:00:00Z";  // days or years offline are fine, if in order
    r["started_at"] = "2020-01-01T00:00:00Z";
    CHECK(parse_response(r, lookup, received).ok());
}

TEST_CASE("an id in capitals is the same response: kept in lower case") {
    auto r = good_response();
    r["id"] = "3F2B8C1E-9D4A-4C7B-8E2F-1A2B3C4D5E6F";
    const auto parsed = parse_response(r, lookup);
    CHECK(parsed.ok());
    CHECK(parsed.response.id == "3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f");
    r["id"] = "3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f0";
    CHECK(names_field(parse_response(r, lookup), "id"));
    r["id"] = "3f2b8c1e_9d4a-4c7b-8e2f-1a2b3c4d5e6f";
    CHECK(names_field(parse_response(r, lookup), "id"));
    r["id"] = "3f2b8c1e-9d4a-4c7b-7e2f-1a2b3c4d5e6f";  // variant 7
    CHECK(names_field(parse_response(r, lookup), "id"));
}

TEST_CASE("survey versions are whole numbers in range: no wrap-around") {
    auto r = good_response();
    for (const json& bad : {json(4294967297ULL), json(-1), json(0), json(1.0), json("1"), json(18446744073709551615ULL),
                            json(1'000'001), json(nullptr)}) {
        INFO(bad.dump());
        r["survey"]["version"] = bad;
        CHECK(names_field(parse_response(r, lookup), "survey.version"));
    }
    r["survey"]["version"] = 1U;
    CHECK(parse_response(r, lookup).ok());
    r["survey"]["id"] = std::string(65, 'a');
    CHECK(names_field(parse_response(r, lookup), "survey.id"));
    r["survey"]["id"] = "Primary-Care";
    CHECK(names_field(parse_response(r, lookup), "survey.id"));
}

TEST_CASE("short fields have a maximum in characters and no control characters") {
    auto r = good_response();
    SUBCASE("locale is a BCP 47 tag of at most 35 characters") {
        for (const char* good : {"fr", "fr-CA", "zh-Hant-TW", "pa-Guru-IN", "en-US-x-kiosk"}) {
            r["locale"] = good;
            CHECK(parse_response(r, lookup).ok());
        }
        for (const std::string& bad : {std::string(109 * 1024, 'a'), std::string(36, 'a'), std::string("fr_CA"), std::string("f"),
                                       std::string("fr-"), std::string("fr--CA"), std::string("fr-CA\n"), std::string("1fr"),
                                       std::string("fr-abcdefghi"), std::string("")}) {
            INFO(bad.substr(0, 20));
            r["locale"] = bad;
            CHECK(names_field(parse_response(r, lookup), "locale"));
        }
    }
    SUBCASE("site: 64 characters, counted as characters") {
        std::string chinese;
        for (int i = 0; i < 64; ++i) chinese += "诊";  // 192 bytes
        r["site"] = chinese;
        CHECK(parse_response(r, lookup).ok());
        r["site"] = chinese + "所";
        CHECK(names_field(parse_response(r, lookup), "site"));
    }
    SUBCASE("a NUL or a line break in site is refused (PostgreSQL cannot store NUL; logs and CSVs break on lines)") {
        for (const std::string& bad : {std::string("north\0", 6), std::string("north\n"), std::string("a\x7f"), std::string("a\xc2\x85")}) {
            r["site"] = bad;
            CHECK(names_field(parse_response(r, lookup), "site"));
        }
    }
    SUBCASE("a NUL in a comment is refused; line breaks are fine") {
        r["answers"]["went_well"] = std::string("Bien\0 merci", 11);
        CHECK(names_field(parse_response(r, lookup), "answers.went_well"));
        r["answers"]["went_well"] = "Bien.\nMerci.\r\n\tBonne journée";
        CHECK(parse_response(r, lookup).ok());
    }
}

TEST_CASE("thousands of unknown answers give a short list of errors with short names") {
    auto r = good_response();
    for (int i = 0; i < 5000; ++i) r["answers"]["q" + std::to_string(i)] = "x";
    r["answers"][std::string(10'000, 'k')] = "x";
    const auto parsed = parse_response(r, lookup);
    CHECK(parsed.errors.size() == kMaxErrorsPerResponse);
    for (const auto& e : parsed.errors) CHECK(e.field.size() < 100);
}
