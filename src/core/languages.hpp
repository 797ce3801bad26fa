#pragma once
// Language packs (issue 13): a language is a catalog file i18n/<code>.json (catalog.hpp) plus the
// survey's texts in that language. A clinic adds or corrects one without rebuilding: tellus-serve
// lists the catalogs of its folder (GET /api/v1/languages, serve/language_folder.hpp) and the app
// offers what the server lists (app_model.hpp). Both read a catalog's description the same way:
//   "language.name"      the language named in itself ("Français"); a catalog without one is unusable
//   "language.direction" "rtl" or "ltr" (without it: rtl for codes whose script runs right to left)
//   "language.reviewed"  "yes" once a fluent speaker has checked it; anything else means not yet
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog.hpp"

namespace tellus {

inline constexpr std::size_t kMaxCatalogBytes = 256 * 1024;  // a catalog file larger than this is skipped
inline constexpr std::size_t kMaxLanguages = 200;            // catalogs read from a folder, entries taken from a list

struct LanguageInfo {
    std::string code;              // "fr", "zh-Hant", "pt-BR"
    std::string name;              // named in itself
    std::string direction = "ltr";  // "ltr" or "rtl"
    bool reviewed = false;          // a fluent speaker checked it (staff see which are not; patients never do)
    bool operator==(const LanguageInfo&) const = default;
};

// A code as catalog files are named: ^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$ ("fr", "zh-Hant",
// "pt-BR", "sr-Latn-RS"). Strict on purpose: it is also a file name and part of a URL.
bool is_language_code(std::string_view code);
// "rtl" for languages (or scripts) written right to left: Arabic, Persian, Urdu, Hebrew, Pashto...;
// "ltr" otherwise. Used when a catalog or a list does not say.
std::string default_direction(std::string_view code);
// A catalog's own description of its language (name empty when it has no "language.name").
LanguageInfo describe_catalog(const std::string& code, const Catalog& catalog);
// English first, then by code: the order of the language list everywhere.
void order_languages(std::vector<LanguageInfo>& languages);
// {"languages":[{"code","name","direction","reviewed"}, ...]}: the body of GET /api/v1/languages.
nlohmann::json language_list_json(const std::vector<LanguageInfo>& languages);
// Reads that body back, in order. Entries without a good code or a name are left out, and so are
// repeated codes; nullopt when the text is not such a list or none of its entries is usable.
std::optional<std::vector<LanguageInfo>> parse_language_list(const std::string& body);

}  // namespace tellus
