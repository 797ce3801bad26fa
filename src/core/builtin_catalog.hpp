#pragma once
// Generated at build time from i18n/*.json (builtin_catalog.cmake): the English catalog's text and
// the list of languages that have a catalog, English first. Use app_languages() and
// builtin_english() (app_model.hpp) rather than these.
#include <string>
#include <vector>

namespace tellus {

const char* builtin_english_catalog_json();
std::vector<std::string> builtin_language_list();

}  // namespace tellus
