// Fuzz target "masking" of tellus_fuzz (fuzz_main.cpp): core mask_personal_details over comments
// as patients type them (core/masking.hpp). The first byte picks the comment's language (en, fr,
// zh, or fr-CA; the rest is the comment). Properties, for every input:
//   - masking is idempotent: masking the output again, in the same language or in English,
//     changes nothing and finds nothing (markers of every language are kept whole);
// and for valid UTF-8 input without '[' (a marker cannot have been typed):
//   - one entry in `found` per marker written, every marker whole;
//   - the output is valid UTF-8;
//   - characters_for_limit(output) <= code points of the input (a marker never counts more than
//     what it replaced), so masking never makes an accepted comment too long.
// The engine is a linear scanner (no <regex>, no recursion): the short run (ctest -R
// server.fuzz.masking) goes to 6,000 bytes, more than the 5,000 characters a comment may have.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/masking.hpp"
#include "core/text.hpp"

using namespace tellus;

namespace {

void check(bool property) {
    if (!property) __builtin_trap();
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
bool is_valid_utf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
        if (c < 0x80) length = 1;
        else if (c >= 0xC2 && c <= 0xDF) length = 2;
        else if (c == 0xE0) length = 3, low = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC) length = 3;
        else if (c == 0xED) length = 3, high = 0x9F;
        else if (c >= 0xEE && c <= 0xEF) length = 3;
        else if (c == 0xF0) length = 4, low = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) length = 4;
        else if (c == 0xF4) length = 4, high = 0x8F;
        else return false;
        if (i + length > text.size()) return false;
        for (size_t k = 1; k < length; ++k) {
            const auto b = static_cast<unsigned char>(text[i + k]);
            if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return false;
        }
        i += length;
    }
    return true;
}

size_t count_markers(const std::string& text) {
    size_t count = 0;
    for (const auto& m : mask_markers())
        for (size_t at = text.find(m.text); at != std::string::npos; at = text.find(m.text, at + 1)) ++count;
    return count;
}

}  // namespace

int tellus_fuzz_masking(const uint8_t* data, size_t size) {
    static constexpr const char* kLanguages[] = {"en", "fr", "zh", "fr-CA"};
    if (size == 0) return 0;
    const char* language = kLanguages[data[0] % 4];
    const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const MaskResult once = mask_personal_details(input, language);
    const MaskResult twice = mask_personal_details(once.text, language);
    check(twice.text == once.text);  // idempotent
    check(twice.found.empty());
    const MaskResult in_english = mask_personal_details(once.text, "en");
    check(in_english.text == once.text);  // another language's markers are not masked again
    check(in_english.found.empty());
    if (once.found.empty()) check(once.text == input);

    if (input.find('[') != std::string::npos || !is_valid_utf8(input)) return 0;
    check(count_markers(once.text) == once.found.size());  // every replacement left its marker whole
    check(is_valid_utf8(once.text));
    check(characters_for_limit(once.text) <= count_characters(input));
    check(characters_for_limit(input) == count_characters(input));
    return 0;
}
