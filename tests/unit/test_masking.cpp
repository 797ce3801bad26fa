// Comment safety: likely personal details are masked, in the comment's language; ordinary numbers
// and words are left alone; the labelled corpus (masking_corpus.tsv) holds recall and harmless-kept.
#include <doctest/doctest.h>
#include <pthread.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/masking.hpp"
#include "core/response.hpp"
#include "core/survey.hpp"
#include "masking_corpus.hpp"
#include "test_files.hpp"

using namespace tellus;

namespace {
std::string masked(const std::string& text, std::string_view language = "en") { return mask_personal_details(text, language).text; }
std::vector<MaskKind> found(const std::string& text) { return mask_personal_details(text, "en").found; }
const std::string kCard = "[health card number removed]", kPhone = "[phone number removed]", kEmail = "[email removed]",
                  kDate = "[date removed]", kPostal = "[postal code removed]", kName = "[name removed]";
}  // namespace

TEST_CASE("Ontario health card numbers: a card named, a version code, or the card's check digit") {
    CHECK(masked("My card is 1234567890") == "My card is " + kCard);
    CHECK(masked("card 1234-567-890 please") == "card " + kCard + " please");
    CHECK(masked("1234 567 890 AB was refused") == kCard + " was refused");
    CHECK(masked("numéro 1234-567-890-KL, merci") == "numéro " + kCard + ", merci");
    CHECK(masked("ma carte 1234567890ab") == "ma carte " + kCard);
    CHECK(masked("OHIP 45 46 11 13 96 again") == "OHIP " + kCard + " again");
    CHECK(masked("health card: １９９１０２３７４６") == "health card: " + kCard);
    // With nothing said, ten digits are a card only when the last is the card's Luhn check digit
    // (1234567897 is, 1234567890 is not), and never a reference or a quantity.
    CHECK(masked("1234567897 is mine") == kCard + " is mine");
    CHECK(found("1234 567 897") == std::vector<MaskKind>{MaskKind::HealthCard});
    for (const char* kept : {"1234567890 is mine", "I waited 1234567890 seconds", "invoice 2024-001-234 was paid",
                             "invoice 1234567897", "1234567897 $"}) {
        CAPTURE(kept);
        CHECK(masked(kept) == kept);
    }
}

TEST_CASE("phone numbers: North American in their usual forms, and international") {
    for (const char* phone : {"(416) 555-1234", "416-555-1234", "416.555.1234", "416 555 1234", "+1 416 555 1234",
                              "1-800-555-1234", "+14165551234", "555-1234", "(705)555-0126", "+1 (416) 555-0138",
                              "416 - 555 - 1234", "+44 20 7946 0958", "+33 1 23 45 67 89", "0033 1 23 45 67 89",
                              "00 44 20 7946 0958", "+86 138 0013 8000", "13800138000", "138-0013-8000",
                              "４１６-５５５-０１２３", "＋１ ４１６ ５５５ ０１２９", "01 23 45 67 89"}) {
        CAPTURE(phone);
        CHECK(masked(std::string("Call me at ") + phone + " today") == "Call me at " + kPhone + " today");
    }
    CHECK(masked("Appelez-moi au 613-555-0199.") == "Appelez-moi au " + kPhone + ".");
    CHECK(masked("请打我的手机13800138000。") == "请打我的手机" + kPhone + "。");
    // Seven digits with no separator only when the sentence is about calling.
    CHECK(masked("call 5550175 tonight") == "call " + kPhone + " tonight");
    CHECK(masked("ticket 5550175 was lost") == "ticket 5550175 was lost");
}

TEST_CASE("emails, with @, full-width ＠, or spelled out in English and French") {
    CHECK(masked("write to ann.lee+clinic@example.co.uk thanks") == "write to " + kEmail + " thanks");
    CHECK(masked("courriel : jean_roy@courriel.qc.ca") == "courriel : " + kEmail);
    for (const char* email : {"ann at example dot com", "ann (at) example (dot) com", "ann [at] example [dot] com",
                              "ann at example.com", "lisa dot chen at gmail dot com", "wei.zhang＠example.com",
                              "chen＠ｇｍａｉｌ．ｃｏｍ", "tom @ example.org", "ann@gmail", "lihua1975@163.com"}) {
        CAPTURE(email);
        CHECK(masked(std::string("email ") + email + ", thanks") == "email " + kEmail + ", thanks");
    }
    CHECK(masked("mon courriel : luc arobase example point com") == "mon courriel : " + kEmail);
    CHECK(masked("we met at noon. Point taken") == "we met at noon. Point taken");
}

TEST_CASE("full dates, numeric and written, in English, French and Chinese") {
    for (const char* date : {"1954-03-12", "1954/3/12", "12/03/1954", "03-12-1954", "12.03.1954", "12/03/54", "12.3.54",
                             "12-03-54", "March 12, 1954", "Mar. 12th 1954", "Mar. 12th '54", "march 12 1954",
                             "12 March 1954", "12th of March, 1954", "12-Mar-1954", "12 mars 1954", "1er avril 1960",
                             "3 février 1948", "25 déc. 1950", "14 août 1962", "premier janvier 1931", "７ JUIN １９７５",
                             "１９５４-０３-１２"}) {
        CAPTURE(date);
        CHECK(masked(std::string("born ") + date + ".") == "born " + kDate + ".");
    }
    CHECK(masked("Je suis né le 12 mars 1954 à Sudbury") == "Je suis né le " + kDate + " à Sudbury");
    for (const char* date : {"1954年3月12日", "１９５４年３月１２日", "1988年12月3号", "一九五四年三月十二日"}) {
        CAPTURE(date);
        CHECK(masked(std::string("我出生于") + date + "。") == "我出生于" + kDate + "。");
    }
}

TEST_CASE("Canadian postal codes") {
    for (const char* code : {"K1A 0B1", "k1a0b1", "K1A-0B1", "m5v 3l9"})
        CHECK(masked(std::string("I live at ") + code + ", Ontario") == "I live at " + kPostal + ", Ontario");
    CHECK(masked("Please add a ramp at door 2B.") == "Please add a ramp at door 2B.");
}

TEST_CASE("names given as one, in any case, with titles; ambiguous openers mask only what looks like a name") {
    CHECK(masked("Hi, my name is Ann Lee and I waited") == "Hi, my name is " + kName + " and I waited");
    CHECK(masked("Bonjour, je m'appelle Hélène Roy.") == "Bonjour, je m'appelle " + kName + ".");
    CHECK(masked("je m’appelle Marc") == "je m’appelle " + kName);
    CHECK(masked("Mon nom est Jean") == "Mon nom est " + kName);
    CHECK(masked("MY NAME IS ANN LEE AND I WAITED") == "MY NAME IS " + kName + " AND I WAITED");
    CHECK(masked("my name is ann lee, thanks") == "my name is " + kName + ", thanks");
    CHECK(masked("I'm Dr. Smith") == "I'm " + kName);
    CHECK(masked("I am John Smith, call me") == "I am " + kName + ", call me");
    CHECK(masked("this is john") == "this is " + kName);
    CHECK(masked("Je suis M. Tremblay, patient") == "Je suis " + kName + ", patient");
    CHECK(masked("Je suis Madame Roy") == "Je suis " + kName);
    CHECK(masked("Name: Robert Chen") == "Name: " + kName);
    CHECK(masked("我叫李明，今天等了很久") == "我叫" + kName + "，今天等了很久");
    CHECK(masked("我是王芳。") == "我是" + kName + "。");
    CHECK(masked("我是陈医生，来看病") == "我是" + kName + "，来看病");
    CHECK(masked("Thanks for everything,\nAnn Lee") == "Thanks for everything,\n" + kName);
    for (const char* kept : {"my name is not important", "I am tired", "I'm waiting", "je suis content",
                             "Je suis contente du service", "this is the best clinic", "我是第一次来", "我是高血压病人",
                             "我是张医生介绍来的", "I'm Canadian", "Dr. Patel was kind", "Thank you, Dr. Ali!",
                             "I AM VERY UNHAPPY", "Je suis Franco-Ontarienne"}) {
        CAPTURE(kept);
        CHECK(masked(kept) == kept);
    }
}

TEST_CASE("near misses stay exactly as written, in English, French and Chinese") {
    for (const char* text : {
             "room 12", "I waited 2 to 3 weeks", "since 2025", "It cost $120.50 for 2 forms", "10 minutes late",
             "open 24/7", "In May 2025 things got better", "Dr. Patel in room 204, 3rd floor", "about 45 min, then 1 hour",
             "at 10:30, then 3 pm", "14h30", "20% more", "version 1.2.3", "version 10.15.20", "from 2020-2024",
             "chambre 12", "j'ai attendu 2 à 3 semaines", "depuis 2025", "ça coûte 120,50 $", "10 minutes de retard",
             "le 12 mars, le médecin était en retard", "en mai 2025", "March 12 was my visit", "5 out of 10",
             "Ma mère a 85 ans", "1 800 patients", "my name is not important", "2025年5月", "5月12日来的",
             "等了45分钟", "120/80", "I spent 1 200 dollars"}) {
        CAPTURE(text);
        CHECK(masked(text) == text);
        CHECK(found(text).empty());
    }
}

TEST_CASE("several details in one comment; masking twice changes nothing more") {
    const std::string text = "Ann, 1954-03-12, card 1234 567 890, call 416-555-1234 or ann@example.com";
    const MaskResult r = mask_personal_details(text, "en");
    CHECK(r.text == "Ann, " + kDate + ", card " + kCard + ", call " + kPhone + " or " + kEmail);
    CHECK(r.found == std::vector<MaskKind>{MaskKind::Date, MaskKind::HealthCard, MaskKind::Phone, MaskKind::Email});
    CHECK(masked(r.text) == r.text);
}

TEST_CASE("markers are never broken or masked again (\"my name is A#a@b.ca\" kept both markers whole)") {
    const MaskResult r = mask_personal_details("my name is A#a@b.ca", "en");
    CHECK(r.text == "my name is A#" + kEmail);
    CHECK(r.found == std::vector<MaskKind>{MaskKind::Email});
    for (const auto& m : mask_markers()) {
        CAPTURE(m.text);
        const std::string around = "my name is " + std::string(m.text) + ", call " + std::string(m.text);
        CHECK(masked(around) == around);
    }
}

TEST_CASE("markers are in the comment's language; markers of every language are kept as they are") {
    const std::string text = "Appelez-moi au 613-555-0199, je m'appelle Hélène";
    CHECK(masked(text, "fr") == "Appelez-moi au [numéro de téléphone supprimé], je m'appelle [nom supprimé]");
    CHECK(masked(text, "fr-CA") == masked(text, "fr"));
    CHECK(masked("我的电话是13800138000", "zh") == "我的电话是[电话号码已删除]");
    CHECK(masked("我的电话是13800138000", "zh-Hans-CN") == "我的电话是[电话号码已删除]");
    CHECK(masked("call 416-555-0199", "de") == "call " + kPhone);  // no German catalog: English
    CHECK(masked("call 416-555-0199", "") == "call " + kPhone);
    CHECK(mask_language("FR-ca") == "fr");
    // A French marker in a comment masked in an English session stays French, and is not masked again.
    const std::string mixed = "Écrivez-moi : [courriel supprimé], or call 416-555-0199";
    const MaskResult r = mask_personal_details(mixed, "en");
    CHECK(r.text == "Écrivez-moi : [courriel supprimé], or call " + kPhone);
    CHECK(r.found.size() == 1);
    for (const char* language : {"en", "fr", "zh"}) {
        const std::string once = masked("my name is Ann, born 1954-03-12, K1A 0B1", language);
        CHECK(masked(once, language) == once);
        CHECK(masked(once, "en") == once);
    }
}

TEST_CASE("the marker table comes from the catalogs: every kind, every language, none inside another") {
    for (const char* language : {"en", "fr", "zh"}) {
        const auto catalog = nlohmann::json::parse(test::repo_file(std::string("i18n/") + language + ".json"));
        for (const auto& [key, kind] : std::vector<std::pair<std::string, MaskKind>>{
                 {"mask.health_card", MaskKind::HealthCard}, {"mask.phone", MaskKind::Phone}, {"mask.email", MaskKind::Email},
                 {"mask.date", MaskKind::Date}, {"mask.postal_code", MaskKind::PostalCode}, {"mask.name", MaskKind::Name}}) {
            CAPTURE(key);
            CHECK(mask_marker(kind, language) == catalog.at(key).get<std::string>());
        }
    }
    // Every catalog's markers are its own: none is shared with another language (so none is dropped).
    std::size_t catalogs = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(TELLUS_SOURCE_DIR) + "/i18n"))
        if (entry.path().extension() == ".json") ++catalogs;
    CHECK(catalogs >= 3);
    CHECK(mask_markers().size() == catalogs * kMaskKindCount);
    for (const auto& a : mask_markers())
        for (const auto& b : mask_markers())
            if (&a != &b) CHECK_MESSAGE(b.text.find(a.text) == std::string_view::npos, a.text, " inside ", b.text);
}

TEST_CASE("a marker counts as the shortest text it replaces, in every language") {
    CHECK(characters_for_limit("call " + kPhone) == 5 + 7);
    CHECK(characters_for_limit("é" + kEmail + "x") == 1 + 6 + 1);
    CHECK(characters_for_limit("[courriel supprimé]") == 6);
    CHECK(characters_for_limit("电话[电话号码已删除]") == 2 + 7);
    CHECK(characters_for_limit("[not a marker]") == 14);
    // Never more than what was typed: each kind's shortest source text is masked to one marker.
    for (const auto& [text, kind] : std::vector<std::pair<std::string, MaskKind>>{
             {"call 5550175", MaskKind::Phone}, {"a@b.ca", MaskKind::Email}, {"1/2/54", MaskKind::Date},
             {"1234567897", MaskKind::HealthCard}, {"k1a0b1", MaskKind::PostalCode}, {"我叫李", MaskKind::Name}}) {
        CAPTURE(text);
        for (const char* language : {"en", "fr", "zh"}) {
            const MaskResult r = mask_personal_details(text, language);
            REQUIRE(r.found.size() == 1);
            CHECK(r.found[0] == kind);
            CHECK(characters_for_limit(r.text) == count_characters(text));
        }
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
    for (int i = 0; i < 10; ++i) ten += "[numéro de carte santé supprimé]";  // what typing ten card numbers would give
    CHECK(validate_answers(*load.survey, {{"comments", ten}}).empty());
}

TEST_CASE("only free-text answers of a survey are masked, in the response's language, and still validate") {
    const auto load = load_survey(R"({"id":"s","version":1,"title":{"en":"S"},"locales":["en"],"questions":[
        {"id":"overall","type":"faces","text":{"en":"How was it?"}},
        {"id":"comments","type":"text","text":{"en":"Anything else?"},"max_length":20}]})", "test");
    REQUIRE(load.ok());
    nlohmann::json answers = {{"overall", "good"}, {"comments", "call 416-555-1234"}};
    CHECK(mask_free_text_answers(*load.survey, answers, "en-CA") == 1);
    CHECK(answers["comments"] == "call " + kPhone);
    CHECK(answers["overall"] == "good");
    std::map<std::string, nlohmann::json> map_answers = {{"comments", answers["comments"]}};
    CHECK(validate_answers(*load.survey, map_answers).empty());
    std::map<std::string, nlohmann::json> app_answers = {{"comments", "ann@example.com"}};
    CHECK(mask_free_text_answers(*load.survey, app_answers, "fr") == 1);
    CHECK(app_answers["comments"] == "[courriel supprimé]");
}

namespace {
struct StackRun {
    std::string text;
    MaskResult result;
};
void* mask_on_thread(void* arg) {
    auto* run = static_cast<StackRun*>(arg);
    run->result = mask_personal_details(run->text, "en");
    return nullptr;
}
// Masks `text` on a thread whose whole stack is `stack_bytes`: a scanner that recursed per
// character would overflow it and crash the test.
MaskResult mask_with_small_stack(const std::string& text, std::size_t stack_bytes) {
    StackRun run{text, {}};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stack_bytes);
    pthread_t thread;
    REQUIRE(pthread_create(&thread, &attr, mask_on_thread, &run) == 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    return run.result;
}
std::string repeat(std::string_view piece, std::size_t chars) {
    std::string out;
    while (out.size() < chars) out += piece;
    return out;
}
}  // namespace

TEST_CASE("long comments need no deep stack: 5,000 digits, letters or openers on a 64 KiB stack") {
    constexpr std::size_t kStack = 64 * 1024;
    for (const std::string& text : {repeat("7", 5000), repeat("a", 5000), repeat("my name is ", 5000),
                                    repeat("1-", 5000), repeat("我是", 5000), repeat("a.", 5000) + "@b.ca"}) {
        CAPTURE(text.substr(0, 20));
        const MaskResult r = mask_with_small_stack(text, kStack);
        CHECK(mask_personal_details(r.text, "en").text == r.text);
    }
    const MaskResult r = mask_with_small_stack(repeat("my name is Ann ", 5000), kStack);
    CHECK(r.found.size() == repeat("my name is Ann ", 5000).size() / 15);
}

TEST_CASE("the labelled corpus: recall >= 0.97 and harmless text kept >= 0.97") {
    const test::Corpus corpus = test::parse_corpus(test::repo_file("tests/unit/masking_corpus.tsv"));
    REQUIRE_MESSAGE(corpus.error.empty(), corpus.error);
    const auto engine = [](const std::string& text, const std::string& language) {
        MaskResult r = mask_personal_details(text, language);
        return std::pair{std::move(r.text), std::move(r.found)};
    };
    const test::CorpusScore all = test::score_corpus(corpus.cases, engine);
    CHECK(corpus.cases.size() >= 300);
    CHECK(all.harmless >= 100);
    for (const char* language : {"en", "fr", "zh"}) {
        const test::CorpusScore s = test::score_corpus(corpus.cases, engine, language);
        CHECK(s.details > 0);
        CHECK(s.harmless > 0);
        std::printf("masking corpus, %s: recall %.3f (%zu of %zu details), harmless kept %.3f (%zu of %zu)\n", language,
                    s.recall(), s.details_found, s.details, s.kept(), s.harmless_kept, s.harmless);
    }
    std::printf("masking corpus, all: recall %.3f (%zu of %zu details), harmless kept %.3f (%zu of %zu)\n", all.recall(),
                all.details_found, all.details, all.kept(), all.harmless_kept, all.harmless);
    for (const auto& miss : all.misses) std::printf("  miss: %s\n", miss.c_str());
    CHECK(all.recall() >= 0.97);
    CHECK(all.kept() >= 0.97);
}
