#include "text.hpp"

namespace tellus {

const std::string& LocalizedText::in(const std::string& locale) const {
    static const std::string nothing;
    if (auto it = by_locale.find(language_of(locale)); it != by_locale.end()) return it->second;
    if (auto it = by_locale.find("en"); it != by_locale.end()) return it->second;
    return by_locale.empty() ? nothing : by_locale.begin()->second;
}

std::string language_of(const std::string& locale) {
    const auto cut = locale.find_first_of("-_");
    return cut == std::string::npos ? locale : locale.substr(0, cut);
}

}  // namespace tellus
