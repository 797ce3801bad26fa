// Fuzz target "import_line" of tellus_fuzz (fuzz_main.cpp): what `tellus-serve import` does with a
// file's bytes (serve/import_reader.hpp), before any validation or database.
//   - parse_import_line, the input taken as one NDJSON line, with the default limits and with small
//     ones: exactly one of blank / value / error, and each judged against nlohmann's own parser
//     (the value is what json::parse gives; an error is too long, too deep or not JSON);
//   - read_import, the input taken as a whole file, with small limits (depth 6, 256 bytes) so the
//     limits are reached: an ImportError is one line whose line number is in the file and in the
//     message; what is read matches json::parse of the document, or of each line for NDJSON; and
//     a short file that is plainly valid (one array or object, or valid JSON lines) is not refused.
// Short run: ctest -R server.fuzz.import_line. Longer run: docs/api.md, "For developers".
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "import_reader.hpp"

using namespace tellus::serve;
using nlohmann::json;

namespace {

void check(bool property) {
    if (!property) __builtin_trap();
}

// Deepest nesting of [ and { outside strings, of text json::accept took. nlohmann's lexer takes
// a NUL byte for the end of the input (so "{}\0anything" is accepted as {}): counting stops there.
size_t depth_of(std::string_view text) {
    size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size() && text[i] != '\0'; ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

bool blank_line(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

void check_line(std::string_view input, const ImportLimits& limits) {
    const ImportLine parsed = parse_import_line(input, limits);
    std::string_view line = input;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > limits.max_item_bytes) {
        check(!parsed.blank && parsed.error.find("is longer than") == 0);
        return;
    }
    if (blank_line(line)) {
        check(parsed.blank && parsed.error.empty() && parsed.value.is_null());
        return;
    }
    check(!parsed.blank);
    if (line.find('\0') != std::string_view::npos) {  // never JSON text: refused, not cut short
        check(parsed.error.find("holds a NUL byte") == 0);
        return;
    }
    if (!json::accept(line)) {  // the reader stops at the first problem: too deep may come before broken
        check(parsed.error.find("is not JSON") == 0 || parsed.error.find("is nested deeper than") == 0);
        return;
    }
    if (depth_of(line) > limits.max_depth) {
        check(parsed.error.find("is nested deeper than") == 0);
        return;
    }
    check(parsed.error.empty());
    check(parsed.value == json::parse(line));
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    for (size_t start = 0;;) {
        const size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return lines;
        start = end + 1;
    }
}

std::string_view without_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

// A file read_import must take: small enough that no limit on bytes applies, nested within the
// limit, and either one array or object, or at least two lines that are each valid JSON.
bool plainly_valid(std::string_view file, const std::vector<std::string_view>& lines, const ImportLimits& limits) {
    // A NUL byte is never valid JSON, though nlohmann stops reading there (see depth_of).
    if (file.size() > limits.max_item_bytes || file.find('\0') != std::string_view::npos) return false;
    if (json::accept(file)) {
        const auto first = file.find_first_not_of(" \t\r\n");
        return (file[first] == '[' || file[first] == '{') && depth_of(file) <= limits.max_depth;
    }
    size_t values = 0;
    for (const auto line : lines) {
        if (blank_line(line)) continue;
        if (!json::accept(without_cr(line)) || depth_of(line) > limits.max_depth) return false;
        ++values;
    }
    return values >= 2;
}

void check_file(std::string_view file, const ImportLimits& limits) {
    std::istringstream in{std::string(file)};
    std::vector<ImportItem> items;
    const std::vector<std::string_view> lines = lines_of(file);
    ImportFormat format;
    try {
        format = read_import(in, [&](ImportItem&& item) { items.push_back(std::move(item)); }, limits);
    } catch (const ImportError& e) {
        const std::string what = e.what();
        check(e.line() >= 1 && e.line() <= lines.size());
        check(!what.empty() && what.find('\n') == std::string::npos);
        const std::string named = "line " + std::to_string(e.line());  // "line 3 is not JSON", "line 3: the file ends..."
        const size_t at = what.find(named);
        check(at != std::string::npos && at + named.size() < what.size() && (what[at + named.size()] == ' ' || what[at + named.size()] == ':'));
        check(!plainly_valid(file, lines, limits));  // every refusal has a reason
        return;
    }
    size_t bytes = 0;
    for (const auto& item : items) {
        check(item.bytes <= limits.max_item_bytes + (format == ImportFormat::Ndjson ? 1 : 0));
        bytes += item.bytes;
    }
    check(bytes <= file.size());
    if (format == ImportFormat::Ndjson) {
        std::vector<json> expected;
        for (const auto line : lines)
            if (!blank_line(line)) expected.push_back(json::parse(without_cr(line)));
        check(items.size() == expected.size());
        for (size_t i = 0; i < items.size(); ++i) check(items[i].value == expected[i]);
        return;
    }
    const json document = json::parse(file);  // it was read, so it is one JSON document
    if (format == ImportFormat::Array) {
        check(document.is_array() && document.size() == items.size());
        for (size_t i = 0; i < items.size(); ++i) check(items[i].value == document[i]);
    } else if (format == ImportFormat::OneObject) {
        check(document.is_object() && items.size() == 1 && items[0].value == document);
    } else {
        // {"responses": [...]}: the items of every "responses" member, in order; json::parse keeps
        // the last of repeated members, whose items end the list.
        check(document.is_object() && document.contains("responses") && document["responses"].is_array());
        const json& list = document["responses"];
        check(items.size() >= list.size());
        const size_t skip = items.size() - list.size();
        for (size_t i = 0; i < list.size(); ++i) check(items[skip + i].value == list[i]);
    }
}

}  // namespace

int tellus_fuzz_import_line(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const ImportLimits small{6, 256};
    check_line(input, ImportLimits{});
    check_line(input, small);
    check_file(input, small);
    return 0;
}
