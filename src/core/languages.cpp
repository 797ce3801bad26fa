#include "languages.hpp"

#include <algorithm>
#include <set>

namespace tellus {
namespace {

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }

std::string direction_word(const std::string& value, std::string_view code) {
    if (value == "rtl" || value == "ltr") return value;
    return default_direction(code);
}

}  // namespace

bool is_language_code(std::string_view code) {
    size_t at = 0;
    while (at < code.size() && lower(code[at])) ++at;
    if (at < 2 || at > 3) return false;
    // An optional script (-Hant), then an optional region (-BR), in that order.
    if (at + 5 <= code.size() && code[at] == '-' && upper(code[at + 1]) && lower(code[at + 2]) && lower(code[at + 3]) && lower(code[at + 4]))
        at += 5;
    if (at + 3 <= code.size() && code[at] == '-' && upper(code[at + 1]) && upper(code[at + 2])) at += 3;
    return at == code.size();
}

std::string default_direction(std::string_view code) {
    static const std::set<std::string, std::less<>> rtl_languages{"ar", "arc", "ckb", "dv", "fa", "he", "ks", "prs", "ps",
                                                                  "sd", "syr", "ug", "ur", "yi"};
    static const std::set<std::string, std::less<>> rtl_scripts{"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"};
    const std::string_view language = code.substr(0, code.find('-'));
    if (const auto dash = code.find('-'); dash != std::string_view::npos && code.size() >= dash + 5 && upper(code[dash + 1]) &&
                                          lower(code[dash + 2])) {
        const std::string_view script = code.substr(dash + 1, 4);
        if (rtl_scripts.count(script)) return "rtl";
        if (script == "Latn" || script == "Cyrl") return "ltr";  // e.g. ku-Latn, az-Cyrl
    }
    return rtl_languages.count(language) ? "rtl" : "ltr";
}

LanguageInfo describe_catalog(const std::string& code, const Catalog& catalog) {
    LanguageInfo info;
    info.code = code;
    if (catalog.has("language.name")) info.name = catalog.get("language.name");
    // A name of spaces names nothing.
    if (info.name.find_first_not_of(" \t\r\n") == std::string::npos) info.name.clear();
    info.direction = direction_word(catalog.has("language.direction") ? catalog.get("language.direction") : "", code);
    info.reviewed = catalog.has("language.reviewed") && catalog.get("language.reviewed") == "yes";
    return info;
}

void order_languages(std::vector<LanguageInfo>& languages) {
    std::stable_sort(languages.begin(), languages.end(), [](const LanguageInfo& a, const LanguageInfo& b) {
        if ((a.code == "en") != (b.code == "en")) return a.code == "en";
        return a.code < b.code;
    });
}

nlohmann::json language_list_json(const std::vector<LanguageInfo>& languages) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& l : languages)
        list.push_back({{"code", l.code}, {"name", l.name}, {"direction", l.direction}, {"reviewed", l.reviewed}});
    return {{"languages", list}};
}

std::optional<std::vector<LanguageInfo>> parse_language_list(const std::string& body) {
    const auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("languages") || !doc["languages"].is_array()) return std::nullopt;
    std::vector<LanguageInfo> out;
    std::set<std::string> seen;
    for (const auto& item : doc["languages"]) {
        if (out.size() >= kMaxLanguages) break;
        if (!item.is_object()) continue;
        const auto code = item.find("code");
        const auto name = item.find("name");
        if (code == item.end() || !code->is_string() || name == item.end() || !name->is_string()) continue;
        LanguageInfo info;
        info.code = code->get<std::string>();
        info.name = name->get<std::string>();
        if (!is_language_code(info.code) || info.name.find_first_not_of(" \t\r\n") == std::string::npos || !seen.insert(info.code).second)
            continue;
        const auto direction = item.find("direction");
        info.direction = direction_word(direction != item.end() && direction->is_string() ? direction->get<std::string>() : "", info.code);
        const auto reviewed = item.find("reviewed");
        info.reviewed = reviewed != item.end() && reviewed->is_boolean() && reviewed->get<bool>();
        out.push_back(std::move(info));
    }
    if (out.empty()) return std::nullopt;
    return out;
}

}  // namespace tellus
