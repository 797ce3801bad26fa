#pragma once
// Inside the masking engine (masking.hpp): a comment cut into tokens, in one pass with no
// look-back, each token keeping the byte offsets of what the patient typed. Full-width forms
// ("１２３", "＠", "－", "（", "　") read as their ASCII twins, and letters are compared in lower
// case without accents, so detectors match "ＯＨＩＰ", "Hélène" and "HELENE" alike while the
// original bytes are what gets replaced.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "masking.hpp"

namespace tellus::masking {

enum class TokenKind : std::uint8_t {
    Word,    // letters of any alphabetic script, not CJK: "Hélène", "OHIP", "Олег"
    Digits,  // a run of ASCII or full-width digits
    Cjk,     // one CJK ideograph (or kana): Chinese is written without spaces
    Space,   // a run of spaces and tabs (no line break)
    Break,   // a run of line breaks
    Punct,   // one punctuation mark or symbol, read as its ASCII twin in `punct`
    Marker,  // a masking marker, of any language: never looked inside
    Other,   // anything else (emoji, invalid bytes...)
};

// Longest word or digit run kept for comparison: longer ones are matched against nothing.
inline constexpr std::size_t kKeyChars = 23;

// Ideographic full stop "。", which ends a sentence like "." but has no ASCII twin.
inline constexpr char kIdeographicStop = '|';

struct Token {
    std::uint32_t begin = 0, end = 0;  // bytes of the original text
    TokenKind kind = TokenKind::Other;
    char punct = 0;                      // Punct: '-', '.', '@', '(', '\'' (any apostrophe)...
    std::uint8_t key_size = 0;           // bytes used in key
    bool long_key = false;               // the word or digit run was longer than kKeyChars
    bool capitalised = false;            // Word: first letter upper case ("Ann", "ANN")
    bool all_caps = false;               // Word: two or more letters, all upper case ("ANN")
    std::uint32_t length = 0;            // Word: letters; Digits: digits
    char32_t code_point = 0;             // Cjk: the ideograph; Punct/Other: the character
    std::uint32_t info = 0;              // Word: masking_words.hpp WordInfo bits
    std::uint8_t month = 0;              // Word: 1-12 when it names a month
    MaskKind marker_kind = MaskKind::Name;  // Marker: which kind it stands for
    bool new_marker = false;             // Marker: written by this masking (not in the input)
    char key[kKeyChars + 1] = {};        // Word: lower case, accents removed; Digits: ASCII digits

    std::string_view key_view() const { return {key, key_size}; }
    bool is(TokenKind k) const { return kind == k; }
    bool is_punct(char c) const { return kind == TokenKind::Punct && punct == c; }
};

// Cuts `text` into tokens; every byte belongs to exactly one token. Markers of every language are
// recognised whole. Linear: each byte is decoded once, and a '[' is compared with each marker.
std::vector<Token> tokenize(std::string_view text);

// Code points in `text` (continuation bytes not counted).
std::size_t count_code_points(std::string_view text);

// A whole text folded as the detectors compare words: lower case without accents ("Hélène" ->
// "helene", "ＯＨＩＰ" -> "ohip", "ÉTÉ" -> "ete"), Greek and Cyrillic capitals in lower case too;
// every other character (Chinese, Arabic, digits, punctuation) and any invalid byte as it is.
// Staff search of comments (serve/comments.hpp) folds both the stored comment and the words
// searched for with this one function, so SQLite and PostgreSQL find the same comments.
std::string fold_text(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace tellus::masking
