#pragma once
// The labelled masking corpus (tests/unit/masking_corpus.tsv, format in its header): reading it,
// and scoring an engine on it. Shared by tests/unit/test_masking.cpp and bench/masking.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/masking.hpp"

namespace tellus::test {

struct CorpusDetail {
    std::string text;  // as typed: it must be gone from the masked comment
    MaskKind kind;     // and reported
};

struct CorpusCase {
    int line = 0;
    std::string language;  // "en", "fr", "zh"
    std::string text;      // the comment given to the engine
    std::vector<CorpusDetail> details;  // none: harmless, it must come back unchanged
};

struct Corpus {
    std::vector<CorpusCase> cases;
    std::string error;  // the first malformed line, if any
};

inline bool corpus_kind(std::string_view name, MaskKind& kind) {
    static const std::pair<std::string_view, MaskKind> kNames[] = {
        {"card", MaskKind::HealthCard}, {"phone", MaskKind::Phone},       {"email", MaskKind::Email},
        {"date", MaskKind::Date},       {"postal", MaskKind::PostalCode}, {"name", MaskKind::Name}};
    for (const auto& [n, k] : kNames)
        if (n == name) return kind = k, true;
    return false;
}

// One line: "en<TAB>Call me at {phone:416-555-0199}." -> the comment, and its details.
inline bool parse_corpus_line(std::string_view line, CorpusCase& c, std::string& error) {
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos) return error = "no tab between the language and the comment", false;
    c.language = std::string(line.substr(0, tab));
    const std::string_view rest = line.substr(tab + 1);
    for (std::size_t i = 0; i < rest.size();) {
        if (rest.compare(i, 2, "\\n") == 0) {
            c.text += '\n', i += 2;
        } else if (rest[i] == '{') {
            const auto colon = rest.find(':', i), close = rest.find('}', i);
            MaskKind kind{};
            if (colon == std::string_view::npos || close == std::string_view::npos || colon > close ||
                !corpus_kind(rest.substr(i + 1, colon - i - 1), kind))
                return error = "a detail is not written {kind:text} with a known kind", false;
            const std::string detail(rest.substr(colon + 1, close - colon - 1));
            c.details.push_back({detail, kind});
            c.text += detail;
            i = close + 1;
        } else {
            c.text += rest[i++];
        }
    }
    for (const auto& d : c.details) {  // "gone" means something only if the detail is there once
        const auto at = c.text.find(d.text);
        if (d.text.empty() || at == std::string::npos || c.text.find(d.text, at + 1) != std::string::npos)
            return error = "the detail \"" + d.text + "\" must appear exactly once in its comment", false;
    }
    return true;
}

inline Corpus parse_corpus(std::string_view tsv) {
    Corpus corpus;
    int number = 0;
    for (std::size_t at = 0; at < tsv.size();) {
        const std::size_t end = std::min(tsv.find('\n', at), tsv.size());
        const std::string_view line = tsv.substr(at, end - at);
        at = end + 1;
        ++number;
        if (line.empty() || line[0] == '#') continue;
        CorpusCase c;
        c.line = number;
        std::string error;
        if (!parse_corpus_line(line, c, error)) {
            corpus.error = "masking_corpus.tsv:" + std::to_string(number) + ": " + error;
            return corpus;
        }
        corpus.cases.push_back(std::move(c));
    }
    return corpus;
}

struct CorpusScore {
    std::size_t details = 0, details_found = 0;  // personal details, and those gone and reported
    std::size_t harmless = 0, harmless_kept = 0;  // harmless comments, and those left exactly as written
    std::vector<std::string> misses;             // one line per failure, for the test's output

    double recall() const { return details ? double(details_found) / double(details) : 1.0; }
    double kept() const { return harmless ? double(harmless_kept) / double(harmless) : 1.0; }
};

// `mask(text, language)` returns the masked text and the kinds found.
template <typename Mask>
CorpusScore score_corpus(const std::vector<CorpusCase>& cases, Mask mask, std::string_view only_language = {}) {
    CorpusScore score;
    for (const auto& c : cases) {
        if (!only_language.empty() && c.language != only_language) continue;
        const std::pair<std::string, std::vector<MaskKind>> r = mask(c.text, c.language);
        const auto where = "line " + std::to_string(c.line) + " (" + c.language + "): ";
        if (c.details.empty()) {
            ++score.harmless;
            if (r.first == c.text && r.second.empty()) ++score.harmless_kept;
            else score.misses.push_back(where + "harmless text changed: " + r.first);
            continue;
        }
        for (const auto& d : c.details) {
            ++score.details;
            const bool gone = r.first.find(d.text) == std::string::npos;
            const bool reported = std::find(r.second.begin(), r.second.end(), d.kind) != r.second.end();
            if (gone && reported) ++score.details_found;
            else score.misses.push_back(where + (gone ? "wrong kind for \"" : "kept \"") + d.text + "\": " + r.first);
        }
    }
    return score;
}

}  // namespace tellus::test
