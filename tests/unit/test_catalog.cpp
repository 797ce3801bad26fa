// Catalogs: every key in every locale, with the same placeholders.
#include <doctest/doctest.h>

#include "core/catalog.hpp"
#include "test_files.hpp"

using namespace tellus;

TEST_CASE("format fills placeholders") {
    Catalog c;
    std::string error;
    REQUIRE(c.load(R"({"progress":"Question {n} of {total}"})", error));
    CHECK(c.format("progress", {{"n", "3"}, {"total", "9"}}) == "Question 3 of 9");
    CHECK(c.get("missing.key") == "missing.key");
}

TEST_CASE("in a right-to-left catalog each value is a bidi isolate, so a date keeps its order") {
    Catalog arabic, english;
    std::string error;
    REQUIRE(arabic.load(R"({"language.direction":"rtl","staff.period":"الفترة: {period}"})", error));
    REQUIRE(english.load(R"({"language.direction":"ltr","staff.period":"Period: {period}"})", error));
    // FSI (U+2068) ... PDI (U+2069): without them Unicode's bidi rules show 2026-11 as 11-2026.
    CHECK(arabic.format("staff.period", {{"period", "2026-11"}}) == "الفترة: \u20682026-11\u2069");
    CHECK(english.format("staff.period", {{"period", "2026-11"}}) == "Period: 2026-11");
    // A percent sign right after a number stays with it, inside the isolate ("42%", not "%42").
    REQUIRE(arabic.load(R"({"language.direction":"rtl","positive":"{percent}% إيجابي"})", error));
    CHECK(arabic.format("positive", {{"percent", "42"}}) == "\u206842%\u2069 إيجابي");
}

TEST_CASE("a catalog that is not a flat object of texts is refused with a reason") {
    Catalog c;
    std::string error;
    CHECK_FALSE(c.load("[1,2]", error));
    CHECK_FALSE(c.load(R"({"a": 3})", error));
    CHECK(error.find("\"a\"") != std::string::npos);
}

TEST_CASE("compare_catalogs finds missing keys and different placeholders") {
    Catalog en, fr;
    std::string error;
    REQUIRE(en.load(R"({"a":"Question {n}","b":"Hi"})", error));
    REQUIRE(fr.load(R"({"a":"Question {m}"})", error));
    auto problems = compare_catalogs(en, fr, "fr");
    CHECK(problems.size() == 2);
}

TEST_CASE("the shipped catalogs are complete in every language") {
    Catalog en;
    std::string error;
    REQUIRE(en.load(test::repo_file("i18n/en.json"), error));
    CHECK(en.strings().size() > 10);
    for (const char* locale : {"fr", "zh"}) {
        Catalog other;
        REQUIRE_MESSAGE(other.load(test::repo_file(std::string("i18n/") + locale + ".json"), error), error);
        auto problems = compare_catalogs(en, other, locale);
        for (const auto& p : problems) FAIL_CHECK(p);
    }
}
