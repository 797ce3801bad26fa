#pragma once
// Inside the masking engine (masking.hpp): the word lists it reads, each defined once in
// masking_words.cpp (common words, given names, Chinese surnames, months, titles, context words),
// and their lookup. Words are compared lower case without accents ("Hélène" as "helene").
#include <cstdint>
#include <span>
#include <string_view>

namespace tellus::masking {

// What a word can be; a word may be several ("may": a month and a common word).
enum WordInfo : std::uint32_t {
    kCommon = 1u << 0,          // an ordinary word, never taken for a name ("tired", "the", "contente")
    kGivenName = 1u << 1,       // a given name, a name even in lower case ("ann", "helene")
    kTitle = 1u << 2,           // Dr, Mrs, Madame, Mme, Monsieur...
    kOrdinalSuffix = 1u << 3,   // "st", "nd", "rd", "th", "er", "re", "e": "12th", "1er"
    kTopLevelDomain = 1u << 4,  // "com", "ca", "org"...: ends a spelled-out email
    kMailProvider = 1u << 5,    // "gmail", "hotmail", "qq": "ann@gmail" is an email
    kAtWord = 1u << 6,          // "at", "arobase"
    kDotWord = 1u << 7,         // "dot", "point"
    kUnit = 1u << 8,            // "seconds", "minutes", "dollars", "fois": the number before is a quantity
    kCardContext = 1u << 9,     // "card", "ohip", "carte", "sante": a health card is named
    kPhoneContext = 1u << 10,   // "call", "phone", "cell", "telephone", "appelez"
    kBirthContext = 1u << 11,   // "born", "birth", "dob", "naissance"
    kReferenceWord = 1u << 12,  // "invoice", "order", "facture": the number after is a reference
    kNameParticle = 1u << 13,   // "de", "van", "la", "bin": inside a name ("Marie de la Roche")
    kClosing = 1u << 14,        // "thanks", "regards", "merci", "cordialement": a signature may follow
    kVersionWord = 1u << 15,    // "version", "v", "build": the numbers after are not a date
    kFirstDay = 1u << 16,       // "premier": the first day of a month, in words
    kOfWord = 1u << 17,         // "of", "de": "12th of March"
    kTheWord = 1u << 18,        // "the", "le": "March the 12th", "le 3 mars"
    kWeekday = 1u << 19,        // "monday", "lundi"
};

struct WordEntry {
    std::uint32_t info = 0;
    std::uint8_t month = 0;  // 1-12 when the word names a month ("march", "mars", "sept", "dec")
};

// What the lists say of a word (its lower-case, accent-free key); nothing for unknown words.
WordEntry look_up_word(std::string_view key);

// A phrase that introduces a name, as lower-case words ("my name is", "i m" for "I'm"; an
// apostrophe or a space joins the words), or as CJK characters ("我叫").
struct NameOpener {
    std::span<const std::string_view> words;  // empty for a CJK opener
    std::u32string_view cjk;                  // empty for a word opener
    bool ambiguous;     // "I'm", "je suis", "我是": only what looks like a name follows
    bool needs_colon;   // "Name: Ann", "Nom : Ann", "姓名：李明"
    bool surname_only;  // "我姓王": the surname alone
};
std::span<const NameOpener> name_openers();
// True when some opener starts with this word key ("my", "i", "je"...), or this ideograph.
bool starts_opener(std::string_view key);
bool starts_cjk_opener(char32_t ideograph);

// Chinese names: single and two-character surnames, titles written after the surname (医生,
// 先生...), and characters that end a name rather than continue it (的, 今, 是...).
bool is_chinese_surname(char32_t ideograph);
bool is_compound_surname(char32_t first, char32_t second);
// Length in ideographs of the title starting at `at` (0 when none).
std::size_t chinese_title_at(std::u32string_view text);
bool ends_chinese_name(char32_t ideograph);

// Chinese words that set a sentence's context (健康卡, 电话, 出生...) or are units after a number
// (秒, 分钟, 元): WordInfo bits, and the ideographs the word takes at the start of `text`.
struct CjkWord {
    std::uint32_t info;
    std::size_t length;
};
CjkWord cjk_word_at(std::u32string_view text);
// Chinese numerals for dates: 〇/零 一 二 ... 九 -> 0-9, 十 -> 10; -1 otherwise.
int chinese_numeral(char32_t ideograph);

}  // namespace tellus::masking
