#pragma once
// Localized text: one string per locale ("en", "fr", "zh"...), with English as the fallback.
#include <map>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tellus {

struct LocalizedText {
    std::map<std::string, std::string> by_locale;

    // The text in `locale`, else in its shorter forms ("zh-Hant-HK", "zh-Hant", "zh"), else in
    // English, else the first one there is.
    const std::string& in(const std::string& locale) const;
    bool empty() const { return by_locale.empty(); }
};

// "fr-CA" -> "fr": the language alone. (Catalogs and survey texts may also be keyed by language and
// script, as "zh-Hant" is: LocalizedText::in tries the longer tag first.)
std::string language_of(const std::string& locale);

// Unicode code points in UTF-8 `text` (continuation bytes are not counted).
std::size_t count_characters(std::string_view text);
// True when `text` holds a C0 or C1 control character or DEL; with `line_breaks_allowed`, tab,
// line feed and carriage return are fine (a comment may have several lines).
bool has_control_characters(std::string_view text, bool line_breaks_allowed = false);
// A BCP 47 language tag in its common shape: "fr", "fr-CA", "zh-Hant-TW", "pa-Guru-IN" (letters
// first, then subtags of 1-8 letters or digits), at most limits::kLocaleChars.
bool is_language_tag(std::string_view text);

// The direction of a paragraph by its first strong character, as HTML's dir="auto" and the
// Unicode bidi algorithm (rules P2-P3) decide it: Arabic, Hebrew, Syriac, Thaana, N'Ko and the
// other right-to-left scripts make it right to left; any other letter makes it left to right;
// digits, spaces and punctuation decide nothing, nor does text inside a bidi isolate (nullopt
// when nothing decides).
enum class TextDirection { LeftToRight, RightToLeft };
std::optional<TextDirection> first_strong_direction(std::string_view utf8);

// `utf8` as a bidi isolate (FSI ... PDI, Unicode's rule for text put into other text): it takes its
// direction from its own first strong letter, and the text around it cannot reorder it.
inline std::string bidi_isolate(std::string_view utf8) { return "\u2068" + std::string(utf8) + "\u2069"; }

}  // namespace tellus
