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

}  // namespace tellus
