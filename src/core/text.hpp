#pragma once
// Localized text: one string per locale ("en", "fr", "zh"...), with English as the fallback.
#include <map>
#include <string>

namespace tellus {

struct LocalizedText {
    std::map<std::string, std::string> by_locale;

    // The text in `locale`, else in English, else the first one there is.
    const std::string& in(const std::string& locale) const;
    bool empty() const { return by_locale.empty(); }
};

// "fr-CA" -> "fr": catalogs and surveys are keyed by language only.
std::string language_of(const std::string& locale);

}  // namespace tellus
