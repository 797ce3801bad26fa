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
