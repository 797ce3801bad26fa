#include "masking_text.hpp"

#include <cstring>

namespace tellus::masking {

namespace {

struct Decoded {
    char32_t code_point;
    std::uint32_t size;  // bytes; 1 for an invalid byte
    bool valid;
};

// Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF): an invalid byte is one
// token of its own, so every token starts on a character of a valid text.
Decoded decode(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return {lead, 1, true};
    std::uint32_t size = 0;
    char32_t cp = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) size = 2, cp = lead & 0x1F;
    else if (lead >= 0xE0 && lead <= 0xEF) size = 3, cp = lead & 0x0F, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
    else if (lead >= 0xF0 && lead <= 0xF4) size = 4, cp = lead & 0x07, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
    else return {lead, 1, false};
    if (at + size > text.size()) return {lead, 1, false};
    for (std::uint32_t k = 1; k < size; ++k) {
        const unsigned char c = byte(at + k);
        if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) return {lead, 1, false};
        cp = (cp << 6) | (c & 0x3F);
    }
    return {cp, size, true};
}

enum class CharClass { Letter, Digit, Cjk, Space, Break, Punct, Other };

struct Char {
    CharClass cls;
    char ascii;  // Digit: '0'-'9'; Punct: its ASCII twin
};

bool in(char32_t cp, char32_t from, char32_t to) { return cp >= from && cp <= to; }

Char classify_ascii(char32_t cp) {
    const char c = static_cast<char>(cp);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return {CharClass::Letter, c};
    if (c >= '0' && c <= '9') return {CharClass::Digit, c};
    if (c == ' ' || c == '\t') return {CharClass::Space, ' '};
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f') return {CharClass::Break, '\n'};
    if (c == '`') return {CharClass::Punct, '\''};
    if (cp > 0x20 && cp < 0x7F) return {CharClass::Punct, c};
    return {CharClass::Other, 0};  // control characters
}

Char classify(char32_t cp) {
    if (cp < 0x80) return classify_ascii(cp);
    if (in(cp, 0xFF01, 0xFF5E)) return classify_ascii(cp - 0xFEE0);  // full-width ASCII
    if (cp == 0x3000 || cp == 0x00A0 || cp == 0x1680 || in(cp, 0x2000, 0x200B) || cp == 0x202F || cp == 0x205F)
        return {CharClass::Space, ' '};
    if (cp == 0x0085 || cp == 0x2028 || cp == 0x2029) return {CharClass::Break, '\n'};
    if (in(cp, 0x2010, 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63) return {CharClass::Punct, '-'};
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x02BC || cp == 0x00B4) return {CharClass::Punct, '\''};
    if (cp == 0x201C || cp == 0x201D || cp == 0x00AB || cp == 0x00BB) return {CharClass::Punct, '"'};
    if (cp == 0x3002 || cp == 0xFF61) return {CharClass::Punct, kIdeographicStop};
    if (cp == 0x3001 || cp == 0xFF64) return {CharClass::Punct, ','};
    if (cp == 0x2026) return {CharClass::Punct, '.'};
    if (cp == 0xFE6B) return {CharClass::Punct, '@'};
    if (cp == 0x20AC || cp == 0x00A3 || cp == 0x00A5 || cp == 0x00A2 || cp == 0xFFE5 || cp == 0xFFE1) return {CharClass::Punct, '$'};
    if (cp == 0x3010 || cp == 0x3014) return {CharClass::Punct, '('};  // 【 〔 used as brackets
    if (cp == 0x3011 || cp == 0x3015) return {CharClass::Punct, ')'};
    if (in(cp, 0x4E00, 0x9FFF) || in(cp, 0x3400, 0x4DBF) || in(cp, 0xF900, 0xFAFF) || in(cp, 0x20000, 0x3FFFF) ||
        cp == 0x3005 || cp == 0x3007 || in(cp, 0x3040, 0x30FF) || in(cp, 0x31F0, 0x31FF) || in(cp, 0xFF66, 0xFF9F))
        return {CharClass::Cjk, 0};
    // Punctuation and symbols of the other blocks: Latin-1's, general punctuation, currency,
    // arrows, mathematics, boxes, CJK symbols, compatibility forms, private use, emoji, tags.
    const bool latin1_symbol = in(cp, 0x00A1, 0x00BF) && cp != 0x00AA && cp != 0x00B5 && cp != 0x00BA;
    if (latin1_symbol || cp == 0x00D7 || cp == 0x00F7 || in(cp, 0x2000, 0x2BFF) || in(cp, 0x2E00, 0x2E7F) ||
        in(cp, 0x3000, 0x303F) || in(cp, 0xD800, 0xF8FF) || in(cp, 0xFE00, 0xFE6F) || in(cp, 0xFF00, 0xFFEF) ||
        in(cp, 0xFFF0, 0xFFFF) || in(cp, 0x1F000, 0x1FAFF) || cp >= 0xE0000)
        return {CharClass::Other, 0};
    return {CharClass::Letter, 0};
}

// Upper case letters of the Latin, Greek and Cyrillic blocks (enough to tell "Ann" from "ann").
bool is_upper(char32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    if (in(cp, 0xFF21, 0xFF3A)) return true;  // full-width A-Z
    if (in(cp, 0x00C0, 0x00DE)) return cp != 0x00D7;
    if (in(cp, 0x0100, 0x0137) || in(cp, 0x014A, 0x0177)) return cp % 2 == 0;
    if (in(cp, 0x0139, 0x0148) || in(cp, 0x0179, 0x017E)) return cp % 2 == 1;
    if (cp == 0x0178) return true;
    return in(cp, 0x0391, 0x03A9) || in(cp, 0x0400, 0x042F);
}

bool is_lower(char32_t cp) {
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    if (in(cp, 0xFF41, 0xFF5A)) return true;
    if (in(cp, 0x00DF, 0x00FF)) return cp != 0x00F7;
    if (in(cp, 0x0100, 0x017F)) return !is_upper(cp) && cp != 0x0138;
    return in(cp, 0x03B1, 0x03C9) || in(cp, 0x0430, 0x045F);
}

// Lower case without accents, for comparing with the word lists: "É" -> "e", "Œ" -> "oe".
std::string_view fold(char32_t cp, char* buffer, std::string_view original) {
    if (in(cp, 0xFF21, 0xFF5A)) cp -= 0xFEE0;  // full-width letters
    if (cp < 0x80) {
        buffer[0] = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return {buffer, 1};
    }
    // U+00C0 to U+00FF, upper and lower case alike.
    static constexpr const char* kLatin1[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y"};
    if (in(cp, 0x00C0, 0x00FF)) return kLatin1[cp - 0x00C0];
    if (cp == 0x0152 || cp == 0x0153) return "oe";
    return original;  // other scripts: as typed (no list holds them)
}

// Greek and Cyrillic capitals to lower case (fold() keeps other scripts as typed).
char32_t lower_greek_cyrillic(char32_t cp) {
    if (in(cp, 0x0391, 0x03A9) || in(cp, 0x0410, 0x042F)) return cp + 32;
    if (in(cp, 0x0400, 0x040F)) return cp + 80;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : text_(text) { tokens_.reserve(text.size() / 3 + 4); }

    std::vector<Token> run() {
        std::size_t at = 0;
        while (at < text_.size()) {
            if (text_[at] == '[') {
                if (const std::size_t size = take_marker(at)) {
                    at += size;
                    continue;
                }
            }
            const Decoded d = decode(text_, at);
            if (!d.valid) {
                single(at, 1, TokenKind::Other, 0, d.code_point);
            } else {
                const Char c = classify(d.code_point);
                add(at, d, c);
            }
            at += d.size;
        }
        return std::move(tokens_);
    }

private:
    // The bytes of the longest marker starting at `at` (0 when none), taken as one token.
    std::size_t take_marker(std::size_t at) {
        const std::string_view rest = text_.substr(at);
        const MaskMarker* best = nullptr;
        for (const auto& m : mask_markers())
            if (rest.starts_with(m.text) && (!best || m.text.size() > best->text.size())) best = &m;
        if (!best) return 0;
        Token& t = single(at, best->text.size(), TokenKind::Marker, 0, U'[');
        t.marker_kind = best->kind;
        return best->text.size();
    }

    Token& single(std::size_t at, std::size_t size, TokenKind kind, char punct, char32_t cp) {
        Token& t = tokens_.emplace_back();
        t.begin = static_cast<std::uint32_t>(at);
        t.end = static_cast<std::uint32_t>(at + size);
        t.kind = kind;
        t.punct = punct;
        t.code_point = cp;
        return t;
    }

    // Extends the last token when it is a run of the same kind, else starts one.
    Token& run_of(std::size_t at, std::uint32_t size, TokenKind kind) {
        if (!tokens_.empty() && tokens_.back().kind == kind && tokens_.back().end == at) {
            tokens_.back().end += size;
            return tokens_.back();
        }
        return single(at, size, kind, 0, 0);
    }

    void append_key(Token& t, std::string_view piece) {
        if (t.long_key || t.key_size + piece.size() > kKeyChars) {
            t.long_key = true;
            return;
        }
        std::memcpy(t.key + t.key_size, piece.data(), piece.size());
        t.key_size = static_cast<std::uint8_t>(t.key_size + piece.size());
    }

    void add(std::size_t at, const Decoded& d, const Char& c) {
        switch (c.cls) {
            case CharClass::Letter: {
                Token& t = run_of(at, d.size, TokenKind::Word);
                const bool upper = is_upper(d.code_point), lower = is_lower(d.code_point);
                if (t.length == 0) t.capitalised = t.all_caps = upper;  // all_caps also needs a 2nd letter: tokenize()
                if (lower) t.all_caps = false;
                ++t.length;
                char buffer[4];
                append_key(t, fold(d.code_point, buffer, text_.substr(at, d.size)));
                break;
            }
            case CharClass::Digit: {
                Token& t = run_of(at, d.size, TokenKind::Digits);
                ++t.length;
                append_key(t, std::string_view(&c.ascii, 1));
                break;
            }
            case CharClass::Space: run_of(at, d.size, TokenKind::Space); break;
            case CharClass::Break: run_of(at, d.size, TokenKind::Break); break;
            case CharClass::Cjk: single(at, d.size, TokenKind::Cjk, 0, d.code_point); break;
            case CharClass::Punct: single(at, d.size, TokenKind::Punct, c.ascii, d.code_point); break;
            case CharClass::Other: single(at, d.size, TokenKind::Other, 0, d.code_point); break;
        }
    }

    std::string_view text_;
    std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens = Tokenizer(text).run();
    for (Token& t : tokens)
        if (t.kind == TokenKind::Word && t.length < 2) t.all_caps = false;  // "I" is not shouting
    return tokens;
}

std::string fold_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const Decoded d = decode(text, at);
        const std::string_view original = text.substr(at, d.size);
        at += d.size;
        if (!d.valid) {
            out += original;
            continue;
        }
        const char32_t lowered = lower_greek_cyrillic(d.code_point);
        if (lowered != d.code_point) {
            append_utf8(out, lowered);
            continue;
        }
        if (d.code_point == 0x00D7 || d.code_point == 0x00F7) {  // × and ÷: fold() drops them (no letter)
            out += original;
            continue;
        }
        char buffer[4];
        out += fold(d.code_point, buffer, original);
    }
    return out;
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const Decoded d = decode(text, at);
        if (!d.valid) return false;
        at += d.size;
    }
    return true;
}

std::size_t count_code_points(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

}  // namespace tellus::masking
