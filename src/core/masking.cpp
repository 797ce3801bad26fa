#include "masking.hpp"

#include <algorithm>

#include "masking_detect.hpp"
#include "masking_markers.hpp"
#include "masking_text.hpp"

namespace tellus {

namespace {

using masking::kMarkerCatalogCount;
using masking::kMarkerCatalogs;
using masking::Token;
using masking::TokenKind;

// The fewest characters a patient can type that a marker replaces, in MaskKind order.
constexpr std::size_t kMinSourceChars[kMaskKindCount] = {
    10,  // health card: 1234567897
    7,   // phone: 5550175 (after "call")
    6,   // email: a@b.ca
    6,   // date: 1/2/54
    6,   // postal code: k1a0b1
    1,   // name: "my name is J": the J
};

// Masked spans become markers and the detectors run again, so that what the second reading
// would find is found now (a context word or a neighbour inside a masked span no longer counts):
// masking is idempotent. Two rounds nearly always settle it; the bound keeps the cost linear.
constexpr int kMaxRounds = 4;

std::size_t index_of(MaskKind kind) { return static_cast<std::size_t>(kind); }

bool same_letters(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
               return lower(x) == lower(y);
           });
}

const masking::MarkerCatalog& catalog_of(std::string_view language) {
    const std::string_view resolved = mask_language(language);
    for (std::size_t i = 0; i < kMarkerCatalogCount; ++i)
        if (kMarkerCatalogs[i].language == resolved) return kMarkerCatalogs[i];
    return kMarkerCatalogs[0];  // not reached: mask_language returns a catalog's language
}

// Each span of tokens becomes one marker token (new_marker) covering the bytes it replaces.
std::vector<Token> collapse(const std::vector<Token>& tokens, const std::vector<masking::Span>& spans) {
    std::vector<Token> out;
    out.reserve(tokens.size());
    std::size_t next = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (next < spans.size() && spans[next].first == i) {
            const masking::Span& s = spans[next++];
            Token marker;
            marker.begin = tokens[s.first].begin;
            marker.end = tokens[s.last].end;
            marker.kind = TokenKind::Marker;
            marker.code_point = U'[';
            marker.marker_kind = s.kind;
            marker.new_marker = true;
            out.push_back(marker);
            i = s.last;
            continue;
        }
        out.push_back(tokens[i]);
    }
    return out;
}

}  // namespace

namespace masking {
std::size_t min_source_chars(MaskKind kind) { return kMinSourceChars[index_of(kind)]; }
}  // namespace masking

const std::vector<MaskMarker>& mask_markers() {
    static const std::vector<MaskMarker> markers = [] {
        std::vector<MaskMarker> list;
        for (std::size_t c = 0; c < kMarkerCatalogCount; ++c) {
            for (std::size_t k = 0; k < kMaskKindCount; ++k) {
                const std::string_view text = kMarkerCatalogs[c].texts[k];
                const bool listed = std::any_of(list.begin(), list.end(), [&](const MaskMarker& m) { return m.text == text; });
                if (!text.empty() && !listed)
                    list.push_back({static_cast<MaskKind>(k), kMarkerCatalogs[c].language, text, kMinSourceChars[k]});
            }
        }
        return list;
    }();
    return markers;
}

std::string_view mask_language(std::string_view language) {
    for (std::size_t i = 0; i < kMarkerCatalogCount; ++i)
        if (same_letters(kMarkerCatalogs[i].language, language)) return kMarkerCatalogs[i].language;
    const std::string_view primary = language.substr(0, language.find_first_of("-_"));
    for (std::size_t i = 0; i < kMarkerCatalogCount; ++i)
        if (same_letters(kMarkerCatalogs[i].language, primary)) return kMarkerCatalogs[i].language;
    return "en";
}

std::string_view mask_marker(MaskKind kind, std::string_view language) {
    const std::string_view text = catalog_of(language).texts[index_of(kind)];
    return text.empty() ? catalog_of("en").texts[index_of(kind)] : text;
}

MaskResult mask_personal_details(std::string_view text, std::string_view language) {
    std::vector<Token> tokens = masking::tokenize(text);
    masking::annotate(tokens);
    bool masked = false;
    for (int round = 0; round < kMaxRounds; ++round) {
        const std::vector<masking::Span> spans = masking::find_details(tokens, text);
        if (spans.empty()) break;
        tokens = collapse(tokens, spans);
        masked = true;
    }
    MaskResult result;
    if (!masked) {
        result.text = text;
        return result;
    }
    const masking::MarkerCatalog& catalog = catalog_of(language);
    result.text.reserve(text.size());
    for (const Token& t : tokens) {
        if (t.kind == TokenKind::Marker && t.new_marker) {
            result.text += mask_marker(t.marker_kind, catalog.language);
            result.found.push_back(t.marker_kind);
        } else {
            result.text += text.substr(t.begin, t.end - t.begin);
        }
    }
    return result;
}

std::size_t characters_for_limit(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        const MaskMarker* marker = nullptr;
        if (text[i] == '[') {
            const std::string_view rest = text.substr(i);
            for (const auto& m : mask_markers())  // the longest, as the masking engine reads them
                if (rest.starts_with(m.text) && (!marker || m.text.size() > marker->text.size())) marker = &m;
        }
        if (marker) {
            i += marker->text.size();
            count += marker->min_source_chars;
            continue;
        }
        ++i;  // one UTF-8 sequence: its lead byte and continuation bytes
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
        ++count;
    }
    return count;
}

namespace {
template <typename Get>
int mask_text_questions(const Survey& survey, std::string_view language, Get get) {
    int masked = 0;
    for (const auto& q : survey.questions) {
        if (q.type != QuestionType::Text) continue;
        nlohmann::json* value = get(q.id);
        if (!value || !value->is_string()) continue;
        MaskResult r = mask_personal_details(value->get_ref<const std::string&>(), language);
        if (r.found.empty()) continue;
        masked += static_cast<int>(r.found.size());
        *value = std::move(r.text);
    }
    return masked;
}
}  // namespace

int mask_free_text_answers(const Survey& survey, nlohmann::json& answers, std::string_view language) {
    if (!answers.is_object()) return 0;
    return mask_text_questions(survey, language, [&](const std::string& id) -> nlohmann::json* {
        auto it = answers.find(id);
        return it == answers.end() ? nullptr : &*it;
    });
}

int mask_free_text_answers(const Survey& survey, std::map<std::string, nlohmann::json>& answers, std::string_view language) {
    return mask_text_questions(survey, language, [&](const std::string& id) -> nlohmann::json* {
        auto it = answers.find(id);
        return it == answers.end() ? nullptr : &it->second;
    });
}

}  // namespace tellus
