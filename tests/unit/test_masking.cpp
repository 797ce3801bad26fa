// Comment safety: likely personal details are masked, ordinary numbers and words are left alone.
#include <doctest/doctest.h>

#include "core/masking.hpp"
#include "core/response.hpp"
#include "core/survey.hpp"

using namespace tellus;

namespace {
std::string masked(const std::string& text) { return mask_personal_details(text).text; }
const std::string kCard = "[health card number removed]", kPhone = "[phone number removed]", kEmail = "[email removed]",
                  kDate = "[date removed]", kName = "[name removed]";
}  // namespace

TEST_CASE("Ontario health card numbers, plain or grouped, with or without a version code") {
    CHECK(masked("My card is 1234567890") == "My card is " + kCard);
    CHECK(masked("card 1234-567-890 please") == "card " + kCard + " please");
    CHECK(masked("1234 567 890 AB was refused") == kCard + " was refused");
    CHECK(masked("numéro 1234-567-890-KL, merci") == "numéro " + kCard + ", merci");
    CHECK(masked("ma carte 1234567890ab") == "ma carte " + kCard);
    // A version code only when it looks like one: "is" after the number stays.
    CHECK(masked("1234567890 is mine") == kCard + " is mine");
    CHECK(mask_personal_details("1234567890").found == std::vector<MaskKind>{MaskKind::HealthCard});
}

TEST_CASE("North American phone numbers in their usual forms") {
    for (const char* phone : {"(416) 555-1234", "416-555-1234", "416.555.1234", "416 555 1234", "+1 416 555 1234",
                              "1-800-555-1234", "+14165551234", "555-1234"}) {
        CAPTURE(phone);
        CHECK(masked(std::string("Call me at ") + phone + " today") == "Call me at " + kPhone + " today");
    }
    CHECK(masked("Appelez-moi au 613-555-0199.") == "Appelez-moi au " + kPhone + ".");
}

TEST_CASE("email addresses") {
    CHECK(masked("write to ann.lee+clinic@example.co.uk thanks") == "write to " + kEmail + " thanks");
    CHECK(masked("courriel : jean_roy@courriel.qc.ca") == "courriel : " + kEmail);
}

TEST_CASE("full dates, numeric and written, in English and French") {
    for (const char* date : {"1954-03-12", "1954/3/12", "12/03/1954", "03-12-1954", "12.03.1954", "12/03/54", "March 12, 1954",
                             "Mar. 12th 1954", "march 12 1954", "12 March 1954", "12th of March, 1954", "12 mars 1954",
                             "1er avril 1960", "3 février 1948", "25 déc. 1950", "14 août 1962"}) {
        CAPTURE(date);
        CHECK(masked(std::string("born ") + date + ".") == "born " + kDate + ".");
    }
    CHECK(masked("Je suis né le 12 mars 1954 à Sudbury") == "Je suis né le " + kDate + " à Sudbury");
}

TEST_CASE("a name given as one") {
    CHECK(masked("Hi, my name is Ann Lee and I waited") == "Hi, my name is " + kName + " and I waited");
    CHECK(masked("Bonjour, je m'appelle Hélène Roy.") == "Bonjour, je m'appelle " + kName + ".");
    CHECK(masked("Mon nom est Jean") == "Mon nom est " + kName);
    // Not a name: "my name is not important" keeps its words.
    CHECK(masked("my name is not important") == "my name is not important");
}

TEST_CASE("near misses stay exactly as written, in English and French") {
    for (const char* text : {
             "room 12", "I waited 2 to 3 weeks", "since 2025", "It cost $120.50 for 2 forms", "10 minutes late",
             "open 24/7", "In May 2025 things got better", "Dr. Patel in room 204, 3rd floor", "about 45 min, then 1 hour",
             "chambre 12", "j'ai attendu 2 à 3 semaines", "depuis 2025", "ça coûte 120,50 $", "10 minutes de retard",
             "le 12 mars, le médecin était en retard", "March 12 was my visit", "from 2020-2024", "5 out of 10",
             "Ma mère a 85 ans", "1 800 patients", "version 1.2.3", "my name is not important"}) {
        CAPTURE(text);
        CHECK(masked(text) == text);
        CHECK(mask_personal_details(text).found.empty());
    }
}

TEST_CASE("several details in one comment; masking twice changes nothing more") {
    const std::string text = "Ann, 1954-03-12, card 1234 567 890, call 416-555-1234 or ann@example.com";
    const MaskResult r = mask_personal_details(text);
    CHECK(r.text == "Ann, " + kDate + ", card " + kCard + ", call " + kPhone + " or " + kEmail);
    CHECK(r.found.size() == 4);
    CHECK(masked(r.text) == r.text);
}

TEST_CASE("the marker table names every kind; a marker counts as the shortest text it replaces") {
    CHECK(mask_markers().size() == 5);
    CHECK(std::string(mask_marker(MaskKind::HealthCard)) == kCard);
    CHECK(characters_for_limit("call " + kPhone) == 5 + 8);
    CHECK(characters_for_limit("é" + kEmail + "x") == 1 + 6 + 1);
    CHECK(characters_for_limit("[not a marker]") == 14);
    // Never more than what was typed: each kind's shortest source text is masked to one marker.
    for (const auto& [text, kind] : std::vector<std::pair<std::string, MaskKind>>{
             {"555-1234", MaskKind::Phone}, {"a@b.ca", MaskKind::Email}, {"1/2/54", MaskKind::Date},
             {"1234567890", MaskKind::HealthCard}}) {
        const MaskResult r = mask_personal_details(text);
        REQUIRE(r.found.size() == 1);
        CHECK(r.found[0] == kind);
        CHECK(characters_for_limit(r.text) == text.size());
    }
}

TEST_CASE("markers sent instead of text cannot store more than a patient could type") {
    const auto load = load_survey(R"({"id":"s","version":1,"title":{"en":"S"},"locales":["en"],"questions":[
        {"id":"comments","type":"text","text":{"en":"Anything else?"},"max_length":100}]})", "test");
    REQUIRE(load.ok());
    std::string markers;
    for (int i = 0; i < 100; ++i) markers += kCard;  // 100 markers: 2,800 characters on the wire
    CHECK_FALSE(validate_answers(*load.survey, {{"comments", markers}}).empty());
    std::string ten;
    for (int i = 0; i < 10; ++i) ten += kCard;  // what typing ten health card numbers would give
    CHECK(validate_answers(*load.survey, {{"comments", ten}}).empty());
}

TEST_CASE("only free-text answers of a survey are masked, and a masked comment still validates") {
    const auto load = load_survey(R"({"id":"s","version":1,"title":{"en":"S"},"locales":["en"],"questions":[
        {"id":"overall","type":"faces","text":{"en":"How was it?"}},
        {"id":"comments","type":"text","text":{"en":"Anything else?"},"max_length":20}]})", "test");
    REQUIRE(load.ok());
    nlohmann::json answers = {{"overall", "good"}, {"comments", "call 416-555-1234"}};
    CHECK(mask_free_text_answers(*load.survey, answers) == 1);
    CHECK(answers["comments"] == "call " + kPhone);
    CHECK(answers["overall"] == "good");
    std::map<std::string, nlohmann::json> map_answers = {{"comments", answers["comments"]}};
    CHECK(validate_answers(*load.survey, map_answers).empty());
    std::map<std::string, nlohmann::json> app_answers = {{"comments", "ann@example.com"}};
    CHECK(mask_free_text_answers(*load.survey, app_answers) == 1);
    CHECK(app_answers["comments"] == kEmail);
}
