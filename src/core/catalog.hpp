#pragma once
// String catalogs from i18n/<lang>.json: a flat object of key -> text, with {name} placeholders.
// Every string the app shows comes from here or from the survey file.
#include <map>
#include <string>
#include <vector>

namespace tellus {

class Catalog {
public:
    // Returns false (and says why in `error`) when the text is not a flat JSON object of strings.
    bool load(const std::string& json_text, std::string& error);

    // The text for `key`; the key itself when missing, so a gap is visible rather than blank.
    const std::string& get(const std::string& key) const;
    // get() with each {name} replaced by its value.
    std::string format(const std::string& key, const std::map<std::string, std::string>& values) const;

    bool has(const std::string& key) const { return strings_.count(key) > 0; }
    // Adds every text of `fallback` this catalog lacks, except language.name, .direction and
    // .reviewed, which describe this catalog's own language (languages.hpp): a clinic's catalog with
    // a gap shows English there, never a raw key.
    void fill_from(const Catalog& fallback);
    const std::map<std::string, std::string>& strings() const { return strings_; }

private:
    std::map<std::string, std::string> strings_;
};

// The {name} placeholders a text uses, sorted.
std::vector<std::string> placeholders_in(const std::string& text);

// Problems that make `other` incomplete against `reference` (missing keys, different placeholders).
std::vector<std::string> compare_catalogs(const Catalog& reference, const Catalog& other, const std::string& other_name);

}  // namespace tellus
