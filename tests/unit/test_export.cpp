// Export formats staff rely on: CSV that Excel opens safely, FHIR R4 resources, suppressed counts.
#include <doctest/doctest.h>

#include <random>

#include "core/export_csv.hpp"
#include "core/export_fhir.hpp"
#include "core/summary.hpp"
#include "test_files.hpp"

using namespace tellus;
using nlohmann::json;

namespace {
const Survey& survey() {
    static const Survey s = *load_survey(test::repo_file("assets/surveys/primary-care-visit.json"), "p").survey;
    return s;
}
json response_with(json answers) {
    return {{"id", "3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f"},
            {"survey", {{"id", "primary-care-visit"}, {"version", 1}}},
            {"locale", "fr-CA"}, {"channel", "kiosk"}, {"site", "north"},
            {"started_at", "2026-11-23T10:15:00-05:00"}, {"submitted_at", "2026-11-23T10:16:02-05:00"},
            {"answers", answers}};
}
const json& option_cell(const json& question, const std::string& id) {
    for (const auto& o : question["options"])
        if (o["id"] == id) return o;
    throw std::runtime_error("no option " + id);
}
const json& question_in(const json& counts, const std::string& id) {
    for (const auto& q : counts["questions"])
        if (q["id"] == id) return q;
    throw std::runtime_error("no question " + id);
}
}  // namespace

TEST_CASE("csv: cells a spreadsheet would run as formulas are neutralised") {
    for (std::string bad : {"=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"}) CHECK(csv_neutralise(bad) == "'" + bad);
    CHECK(csv_neutralise("Très bien") == "Très bien");
    CHECK(csv_neutralise("") == "");
}

TEST_CASE("csv: quoting follows RFC 4180") {
    CHECK(csv_quote("plain") == "plain");
    CHECK(csv_quote("a,b") == "\"a,b\"");
    CHECK(csv_quote("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_quote("two\nlines") == "\"two\nlines\"");
    CHECK(csv_row({"a", "=1,2", ""}) == "a,\"'=1,2\",\r\n");
}

TEST_CASE("csv: one column per question in survey order, multiple choice joined with '; '") {
    const auto header = csv_header(survey());
    CHECK(header.front() == "id");
    CHECK(header[9] == "care_when_needed");
    CHECK(header.back() == "age_band");
    const auto cells = csv_cells(survey(), response_with({{"care_when_needed", "good"}, {"overall", 9}, {"went_well", "Très bien"}}),
                                 "2026-11-23T15:20:00.000Z");
    REQUIRE(cells.size() == header.size());
    CHECK(cells[0] == "3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f");
    CHECK(cells[2] == "1");
    CHECK(cells[8] == "2026-11-23T15:20:00.000Z");
    CHECK(cells[9] == "good");
    CHECK(cells[10] == "");
    CHECK(csv_answer_text(json::array({"a", "b"})) == "a; b");
    CHECK(csv_answer_text(nullptr) == "");
}

TEST_CASE("fhir: a response becomes a completed QuestionnaireResponse pointing at its survey") {
    const json qr = fhir_questionnaire_response(
        &survey(), response_with({{"care_when_needed", "good"}, {"overall", 9}, {"went_well", "Très bien"}, {"involved", "always"},
                                  {"respect", nullptr}}));
    CHECK(qr["resourceType"] == "QuestionnaireResponse");
    CHECK(qr["status"] == "completed");
    CHECK(qr["questionnaire"] == "urn:tellus:questionnaire:primary-care-visit|1");
    CHECK(qr["authored"] == "2026-11-23T10:16:02-05:00");
    REQUIRE(qr["item"].size() == 4);  // the skipped (null) answer is left out
    CHECK(qr["item"][0]["linkId"] == "care_when_needed");
    CHECK(qr["item"][0]["answer"][0]["valueCoding"]["code"] == "good");
    CHECK(qr["item"][1]["answer"][0]["valueCoding"]["display"] == "Always");
    CHECK(qr["item"][2]["answer"][0]["valueInteger"] == 9);
    CHECK(qr["item"][3]["answer"][0]["valueString"] == "Très bien");
    const json bundle = json::parse(fhir_bundle_prefix("2026-11-23T00:00:00Z") + fhir_bundle_entry(qr).dump() + kFhirBundleSuffix);
    CHECK(bundle["type"] == "collection");
    CHECK(bundle["entry"][0]["fullUrl"] == "urn:uuid:3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f");
}

TEST_CASE("summary: counts per option, small counts hidden with what would give them away, free text only counted as answered") {
    SummaryBuilder summary(survey());
    for (int i = 0; i < 7; ++i) summary.add({{"care_when_needed", "good"}, {"went_well", "nice"}});
    for (int i = 0; i < 2; ++i) summary.add({{"care_when_needed", "bad"}});
    summary.add({{"care_when_needed", "okay"}});
    const json result = summary.result();
    CHECK(result["responses"]["count"] == 10);
    const json& care = question_in(result, "care_when_needed");
    CHECK(option_cell(care, "bad")["suppressed"] == true);
    CHECK(option_cell(care, "bad")["count"].is_null());
    CHECK(option_cell(care, "okay")["suppressed"] == true);
    // 10 answered minus 7 "good" would leave 3 for "bad" and "okay": "good" is hidden too.
    CHECK(option_cell(care, "good")["suppressed"] == true);
    CHECK(option_cell(care, "very_good")["count"] == 0);
    const json& went_well = question_in(result, "went_well");
    CHECK(went_well["answered"]["count"] == 7);
    CHECK_FALSE(went_well.contains("options"));
}

TEST_CASE("summary: with enough answers, only the small count and the least it takes to cover it are hidden") {
    SummaryBuilder summary(survey());
    for (int i = 0; i < 30; ++i) summary.add({{"listened", "yes"}});
    for (int i = 0; i < 12; ++i) summary.add({{"listened", "no"}});
    for (int i = 0; i < 2; ++i) summary.add({{"listened", "not_sure"}});
    const json result = summary.result();
    CHECK(result["responses"]["count"] == 44);
    const json& listened = question_in(result, "listened");
    CHECK(listened["answered"]["count"] == 44);
    CHECK(option_cell(listened, "not_sure")["suppressed"] == true);
    CHECK(option_cell(listened, "no")["suppressed"] == true);  // the smallest that covers it
    CHECK(option_cell(listened, "yes")["count"] == 30);
}

TEST_CASE("summary: a breakdown hides what subtraction from the overall numbers would reveal, and never changes them") {
    CHECK(SummaryBuilder::check_breakdown(survey(), "overall").find("about you") != std::string::npos);
    CHECK(SummaryBuilder::check_breakdown(survey(), "nope").find("not a question") != std::string::npos);
    CHECK(SummaryBuilder::check_breakdown(survey(), "home_language").empty());
    SummaryBuilder plain(survey()), by_language(survey(), "home_language");
    const auto add = [&](const json& answers, int times) {
        for (int i = 0; i < times; ++i) {
            plain.add(answers);
            by_language.add(answers);
        }
    };
    add({{"home_language", "english"}, {"respect", "good"}}, 40);
    add({{"home_language", "french"}, {"respect", "good"}}, 20);
    add({{"home_language", "french"}, {"respect", "okay"}}, 9);
    add({{"home_language", "french"}, {"respect", "very_bad"}}, 1);  // the one French "very bad"
    add({{"respect", "very_bad"}}, 6);
    const json overall = plain.result(), result = by_language.result();
    CHECK(result["by"] == "home_language");
    // The overall numbers are the summary's without a breakdown, exactly.
    CHECK(result["responses"] == overall["responses"]);
    CHECK(result["questions"] == overall["questions"]);
    CHECK(option_cell(question_in(overall, "respect"), "very_bad")["count"] == 7);
    const json* french = nullptr;
    for (const auto& g : result["groups"])
        if (g["id"] == "french") french = &g;
    REQUIRE(french);
    CHECK((*french)["responses"]["count"] == 30);
    CHECK(option_cell(question_in(*french, "respect"), "very_bad")["suppressed"] == true);
    // Overall 7 "very bad" minus the other groups' shown counts must not leave the French one.
    long long shown_elsewhere = 0;
    bool another_hidden = false;
    for (const auto& g : result["groups"]) {
        if (g["id"] == "french") continue;
        const json cell = option_cell(question_in(g, "respect"), "very_bad");
        if (cell["count"].is_number()) shown_elsewhere += cell["count"].get<long long>();
        else another_hidden = true;
    }
    CHECK((another_hidden || 7 - shown_elsewhere >= 5));
    CHECK(result["groups"].back()["id"] == "no_answer");
}

TEST_CASE("summary: one site or all sites, the numbers agree, and a small site's are hidden in both") {
    SummaryBuilder summary(survey());
    for (int i = 0; i < 40; ++i) summary.add({{"listened", "yes"}}, "north");
    summary.add({{"listened", "no"}}, "south");
    const json all = summary.result(5), north = summary.result(5, "north"), south = summary.result(5, "south");
    CHECK(south["site"] == "south");
    CHECK(south["responses"]["suppressed"] == true);
    // "All sites" minus "north" must not give south's one response.
    const bool all_shown = all["responses"]["count"].is_number(), north_shown = north["responses"]["count"].is_number();
    CHECK_FALSE((all_shown && north_shown));
    // The same request twice, or in another order, gives the same answer.
    CHECK(summary.result(5) == all);
    CHECK(summary.result(5, "nowhere")["responses"]["count"] == 0);
}

TEST_CASE("summary: a breakdown too fine to prove safe in the budget hides its groups and says so, the overall numbers stay") {
    // Six sites of uneven, sparse answers broken down by language: thousands of small cells.
    std::mt19937 random(7);
    SummaryBuilder plain(survey()), by_language(survey(), "home_language");
    const std::vector<std::string> languages{"english", "french", "chinese", "other"};
    for (int i = 0; i < 1000; ++i) {
        json answers = json::object();
        for (const auto& q : survey().questions) {
            if (random() % 7 == 0 || q.type == QuestionType::Text) continue;
            if (q.type == QuestionType::Scale) answers[q.id] = static_cast<int>(random() % 11);
            else if (!q.options.empty()) answers[q.id] = q.options[random() % q.options.size()].id;
            else answers[q.id] = builtin_option_ids(q.type)[random() % builtin_option_ids(q.type).size()];
        }
        const std::string site = "site-" + std::to_string(random() % 6);
        plain.add(answers, site);
        by_language.add(answers, site);
    }
    const json overall = plain.result(), result = by_language.result();
    CHECK_FALSE(overall.contains("too_detailed"));
    REQUIRE(result.value("too_detailed", "") == "breakdown");
    CHECK(result["questions"] == overall["questions"]);  // what the summary without groups shows, unchanged
    for (const auto& g : result["groups"]) {
        CHECK(g["responses"]["suppressed"] == true);
        for (const auto& q : g["questions"]) CHECK(q["answered"]["count"].is_null());
    }
}
