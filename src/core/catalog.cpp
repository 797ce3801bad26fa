#include "catalog.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "text.hpp"

namespace tellus {

bool Catalog::load(const std::string& json_text, std::string& error) {
    auto doc = nlohmann::json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        error = "the catalog is not a JSON object";
        return false;
    }
    std::map<std::string, std::string> strings;
    for (const auto& [key, value] : doc.items()) {
        if (!value.is_string()) {
            error = "the catalog entry \"" + key + "\" is not text";
            return false;
        }
        strings[key] = value.get<std::string>();
    }
    strings_ = std::move(strings);
    return true;
}

void Catalog::fill_from(const Catalog& fallback) {
    for (const auto& [key, value] : fallback.strings_)
        if (key != "language.name" && key != "language.direction" && key != "language.reviewed") strings_.emplace(key, value);
}

const std::string& Catalog::get(const std::string& key) const {
    auto it = strings_.find(key);
    return it == strings_.end() ? key : it->second;
}

std::string Catalog::format(const std::string& key, const std::map<std::string, std::string>& values) const {
    std::string text = get(key);
    // In a right-to-left language each value is a bidi isolate (FSI ... PDI, Unicode's rule for
    // inserted text): it takes its direction from its own first letter, and the sentence around
    // it cannot reorder it. Without that, "2026-11" after Arabic words shows as "11-2026".
    const auto found = strings_.find("language.direction");
    const bool isolate = found != strings_.end() && found->second == "rtl";
    for (const auto& [name, raw] : values) {
        const std::string token = "{" + name + "}";
        for (size_t at = text.find(token); at != std::string::npos;) {
            // A percent sign right after a number belongs to it ("{percent}% مثبت"): inside.
            const bool percent = isolate && at + token.size() < text.size() && text[at + token.size()] == '%';
            const std::string value = isolate ? bidi_isolate(raw + (percent ? "%" : "")) : raw;
            text.replace(at, token.size() + (percent ? 1 : 0), value);
            at = text.find(token, at + value.size());
        }
    }
    return text;
}

std::vector<std::string> placeholders_in(const std::string& text) {
    std::vector<std::string> names;
    for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
        const size_t close = text.find('}', open);
        if (close == std::string::npos) break;
        names.push_back(text.substr(open + 1, close - open - 1));
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> compare_catalogs(const Catalog& reference, const Catalog& other, const std::string& other_name) {
    std::vector<std::string> problems;
    for (const auto& [key, text] : reference.strings()) {
        if (!other.has(key)) {
            problems.push_back(other_name + " has no text for \"" + key + "\"");
        } else if (other.get(key).empty()) {
            problems.push_back(other_name + " has an empty text for \"" + key + "\"");
        } else if (placeholders_in(text) != placeholders_in(other.get(key))) {
            problems.push_back(other_name + " uses different {placeholders} for \"" + key + "\"");
        }
    }
    for (const auto& [key, text] : other.strings())
        if (!reference.has(key)) problems.push_back(other_name + " has \"" + key + "\", which the reference catalog does not");
    return problems;
}

}  // namespace tellus
