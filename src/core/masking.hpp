#pragma once
// Comment safety: masks likely personal details in free text before it is stored or shown.
// Shared by the app (before a response is saved on the device) and tellus-serve (before it is
// stored), so a comment typed on an old kiosk build is still masked by the server.
//
// What is masked, each replaced by a marker in the comment's language ("[phone number removed]",
// "[numéro de téléphone supprimé]", "[电话号码已删除]"; texts from the i18n catalogs, keys mask.*):
//   - Ontario health card numbers: 10 digits with any separators and grouping, an optional
//     2-letter version code, ASCII or full-width digits. Ten digits alone are not enough ("I waited
//     1234567890 seconds", "invoice 2024-001-234" stay): a number is a card when its sentence
//     names a card (card, OHIP, carte santé, 健康卡...), or a version code follows it, or it passes
//     the card's Luhn (mod 10) check digit in the card's own 4-3-3 or 10-digit shape, with no
//     "invoice"/"order"-like word just before it and no unit ("seconds", "$") after it.
//   - phone numbers: North American ("(416) 555-1234", "1-800-555-1234", "+1 416 555 1234",
//     "555-1234"), international with + or 00 ("+44 20 7946 0958", "0033 1 23 45 67 89"), Chinese
//     mobiles ("13800138000"), national numbers starting with 0 in groups ("01 23 45 67 89"), and
//     any 7 to 15 digits in a sentence that speaks of calling (call, phone, téléphone, 电话...).
//   - emails, with "@", full-width "＠", or spelled out: "ann at example dot com",
//     "ann (at) example (dot) com", "ann arobase example point com".
//   - full dates (day, month and year: most likely a date of birth; a visit's date is in the
//     response's own timestamps): "1954-03-12", "12/03/1954", "12.3.54", "12-Mar-1954",
//     "March 12, 1954", "Mar. 12th '54", "12 mars 1954", "1er avril 1960", "1954年3月12日",
//     "一九五四年三月十二日".
//   - Canadian postal codes: "K1A 0B1", "k1a0b1", "K1A-0B1".
//   - names given as one: after "my name is", "je m'appelle", "mon nom est", "我叫", "Name:"...
//     any word that is not a common word; after the ambiguous "I'm", "I am", "this is", "je suis",
//     "我是" only what looks like a name (a title such as Dr./Mme/M.; a capitalised word that is not
//     a common word; a known given name; a Chinese surname and one or two characters ending the
//     phrase); and a signature ending the comment ("Thanks,\nAnn Lee").
// What is kept: every other number (times "10:30", "14h30"; durations; money "$120.50",
// "120,50 $"; rooms; counts; years "2025"; "May 2025", "2025年5月"; "24/7"; percentages;
// versions), doctors named without an opener ("Dr. Patel was kind"), and existing markers of
// every language, which are never broken or masked again.
//
// How, and what it costs: no regular expressions and no recursion. One pass cuts the UTF-8 text
// into tokens with byte offsets (words, digit runs, CJK ideographs, spaces, punctuation, markers),
// reading full-width forms as their ASCII twins; each detector reads a bounded number of tokens
// from the token it starts at (at most 64, for an email's local part; names and numbers far
// fewer); candidates are kept by priority (email, postal code, date, health card, phone, name),
// leftmost first, never overlapping; the original bytes of each kept span are replaced. Masked
// spans become marker tokens and the detectors run again until nothing new is found (at most
// 4 rounds, nearly always 1 or 2), which is what makes masking idempotent. So the cost is linear
// in the length: measured (bench/masking/README.md), about 50 ns of CPU per character on typical
// comments and at most about 40 on the worst 5,000-character inputs tried, 65 ms for a batch of
// 500 comments of 5,000 characters, and 1.3 KiB of stack whatever the length.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "survey.hpp"

namespace tellus {

// The kinds of detail masked, in the order of the mask.* catalog keys (masking_markers.cmake).
enum class MaskKind { HealthCard, Phone, Email, Date, PostalCode, Name };
inline constexpr std::size_t kMaskKindCount = 6;

// One marker text: the catalog key's text in one language.
struct MaskMarker {
    MaskKind kind;
    std::string_view language;  // "en", "fr", "zh": the catalog file's name
    std::string_view text;      // "[phone number removed]"
    // The fewest characters a patient can type that this marker replaces ("555-1234" is 8): a
    // marker counts this much against a length limit, so a marker never counts more than what
    // it replaced, and a client cannot send markers to store more than a patient could type.
    std::size_t min_source_chars;
};
// Every marker of every language (a language whose catalog lacks a key uses the English text).
const std::vector<MaskMarker>& mask_markers();
// The marker for `kind` in `language` ("fr", "fr-CA", "zh-Hans-CN"...); English when the language
// has no catalog.
std::string_view mask_marker(MaskKind kind, std::string_view language);
// The catalog language used for `language`: "fr-CA" -> "fr", "pa" -> "en".
std::string_view mask_language(std::string_view language);

struct MaskResult {
    std::string text;
    std::vector<MaskKind> found;  // one entry per marker written, in text order
};

// Masks `text` (UTF-8; invalid bytes are kept as they are) with markers in `language`.
// Idempotent: masking the result again changes nothing.
MaskResult mask_personal_details(std::string_view text, std::string_view language);

// Characters of `text` as counted against a question's length limit: what the patient typed, at
// least. Each marker (of any language) counts as the shortest text it can replace
// (min_source_chars), so masking a comment that was within the limit never makes the server
// reject it, and text made of markers cannot be longer than what a patient could have typed.
// Characters, not bytes: 500 means 500 in French or Chinese too.
std::size_t characters_for_limit(std::string_view text);

// Masks every free-text answer of `answers` (a response's "answers" object) in place, using the
// survey to know which questions are free text, with markers in `language` (the response's
// locale). Returns how many details were masked.
int mask_free_text_answers(const Survey& survey, nlohmann::json& answers, std::string_view language);
// The same over the app's answer map.
int mask_free_text_answers(const Survey& survey, std::map<std::string, nlohmann::json>& answers,
                           std::string_view language);

}  // namespace tellus
