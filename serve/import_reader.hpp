#pragma once
// Reading a file of responses for `tellus-serve import`, one response at a time, so that memory
// stays flat whatever the file's size. No database here: run_import (command_tools.cpp) stores
// what this hands it, in batches, through ingest_items().
//
// What a file may be, and how it is told apart (docs/api.md, "Import"):
//   - NDJSON, one response object per line, blank lines skipped: chosen when the first non-blank
//     line alone is a complete JSON value and another non-blank line follows;
//   - otherwise one JSON document, read as a stream of events (nlohmann's SAX interface):
//       a JSON array of response objects (the json download; each element is one item),
//       {"responses": [ ... ]} (a device's download; other members are ignored),
//       or one response object.
// Limits, the same as an HTTP upload's (limits.hpp): nesting deeper than kMaxDepth anywhere in
// the file, one response (or one NDJSON line) larger than kMaxBodyBytes. Every problem stops the
// reading with an ImportError naming the line; the items handed out before it are the caller's.
#include <cstddef>
#include <fstream>
#include <functional>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "limits.hpp"

namespace tellus::serve {

struct ImportLimits {
    std::size_t max_depth = limits::kMaxDepth;           // nesting of [ and {, counted from the file's outermost value
    std::size_t max_item_bytes = limits::kMaxBodyBytes;  // one response, or one NDJSON line
};

// The file cannot be read further. what() is one line starting with "line N" (1-based), without
// the file's name, e.g. "line 3 is not JSON (syntax error while parsing value - invalid literal)".
class ImportError : public std::runtime_error {
public:
    ImportError(std::size_t line, const std::string& what) : std::runtime_error(what), line_(line) {}
    std::size_t line() const { return line_; }

private:
    std::size_t line_;
};

enum class ImportFormat { Ndjson, Array, ResponsesObject, OneObject };
const char* to_string(ImportFormat format);

struct ImportItem {
    nlohmann::json value;  // as read: usually an object; validation (ingest_items) judges it
    std::size_t bytes = 0;  // its size in the file
};

using ImportSink = std::function<void(ImportItem&& item)>;

// Reads `in` to its end, calling `on_item` for each response in file order. Throws ImportError at
// the first broken line, broken JSON or limit passed; an exception thrown by `on_item` passes
// through unchanged. Returns the format found.
ImportFormat read_import(std::istream& in, const ImportSink& on_item, const ImportLimits& limits = {});

// Opens `path` for read_import: throws std::runtime_error with one plain line when it is a folder,
// missing or unreadable.
std::ifstream open_import_file(const std::string& path);

// One NDJSON line (without its newline; a trailing '\r' is allowed), with the limits. Never
// throws: a problem is described in `error`, in plain words meant to follow "line N ",
// e.g. "is not JSON (...)", "is nested deeper than 32 levels".
struct ImportLine {
    bool blank = false;    // only spaces and tabs: skipped
    nlohmann::json value;  // when !blank and error is empty
    std::string error;
};
ImportLine parse_import_line(std::string_view line, const ImportLimits& limits = {});

}  // namespace tellus::serve
