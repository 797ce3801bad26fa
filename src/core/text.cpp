#include "text.hpp"

#include "limits.hpp"

namespace tellus {

const std::string& LocalizedText::in(const std::string& locale) const {
    static const std::string nothing;
    // The longest match first: "zh-Hant-HK" finds "zh-Hant" (Traditional) before "zh" (Simplified).
    for (std::string tag = locale; !tag.empty();) {
        if (auto it = by_locale.find(tag); it != by_locale.end()) return it->second;
        const auto cut = tag.find_last_of("-_");
        tag = cut == std::string::npos ? std::string() : tag.substr(0, cut);
    }
    if (auto it = by_locale.find("en"); it != by_locale.end()) return it->second;
    return by_locale.empty() ? nothing : by_locale.begin()->second;
}

std::string language_of(const std::string& locale) {
    const auto cut = locale.find_first_of("-_");
    return cut == std::string::npos ? locale : locale.substr(0, cut);
}

std::size_t count_characters(std::string_view text) {
    std::size_t count = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

bool has_control_characters(std::string_view text, bool line_breaks_allowed) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && !(line_breaks_allowed && (c == '\t' || c == '\n' || c == '\r'))) return true;
        if (c == 0x7F) return true;
        // C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8.
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return true;
    }
    return false;
}

bool is_language_tag(std::string_view text) {
    if (text.empty() || text.size() > limits::kLocaleChars) return false;
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t start = 0;
    for (bool first = true;; first = false) {
        std::size_t end = text.find('-', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view subtag = text.substr(start, end - start);
        if (subtag.empty() || subtag.size() > 8 || (first && subtag.size() < 2)) return false;
        for (char c : subtag)
            if (!letter(c) && (first || !digit(c))) return false;
        if (end == text.size()) return true;
        start = end + 1;
    }
}

namespace {
// The next code point of UTF-8 `text` from `i` (advanced past it); U+FFFD for a broken sequence.
char32_t next_code_point(std::string_view text, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i++);
    if (lead < 0x80) return lead;
    const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (extra == 0) return 0xFFFD;
    char32_t cp = lead & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) {
        if (i >= text.size() || (byte(i) & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (byte(i++) & 0x3F);
    }
    return cp;
}

bool in(char32_t cp, char32_t first, char32_t last) { return cp >= first && cp <= last; }

// Bidi classes R and AL, by block (UnicodeData.txt): Hebrew to NKo and Samaritan to Arabic
// Extended-A, the Hebrew and Arabic presentation forms, and the historic RTL scripts of plane 1.
bool strong_right_to_left(char32_t cp) {
    return in(cp, 0x0590, 0x08FF) || in(cp, 0xFB1D, 0xFDFF) || in(cp, 0xFE70, 0xFEFF) || in(cp, 0x10800, 0x10FFF) ||
           in(cp, 0x1E800, 0x1EFFF);
}

// Characters that are not strong: controls, spaces, digits, punctuation and symbols.
bool weak_or_neutral(char32_t cp) {
    if (cp < 0x80) return !((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'));
    return in(cp, 0x0080, 0x00BF) || cp == 0x00D7 || cp == 0x00F7 || in(cp, 0x0300, 0x036F) ||  // Latin-1 symbols, combining marks
           in(cp, 0x0660, 0x0669) || in(cp, 0x06F0, 0x06F9) ||                               // Arabic-Indic digits: numbers
           in(cp, 0x064B, 0x065F) || cp == 0x0670 || in(cp, 0x0591, 0x05C7) ||                // Arabic and Hebrew marks
           in(cp, 0x2000, 0x2BFF) || in(cp, 0x3000, 0x303F) || in(cp, 0xFE00, 0xFE0F) ||       // punctuation, symbols, arrows
           in(cp, 0xFF00, 0xFF20) || in(cp, 0x1F000, 0x1FAFF) || cp == 0xFFFD;                    // full-width forms, emoji
}
}  // namespace

std::optional<TextDirection> first_strong_direction(std::string_view utf8) {
    int isolates = 0;  // open isolates (LRI, RLI, FSI ... PDI): what they hold decides nothing (rule P2)
    for (std::size_t i = 0; i < utf8.size();) {
        const char32_t cp = next_code_point(utf8, i);
        if (cp >= 0x2066 && cp <= 0x2068) ++isolates;
        if (cp == 0x2069 && isolates > 0) --isolates;
        if (isolates > 0 || weak_or_neutral(cp)) continue;
        return strong_right_to_left(cp) ? TextDirection::RightToLeft : TextDirection::LeftToRight;
    }
    return std::nullopt;
}

}  // namespace tellus
