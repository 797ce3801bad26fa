#pragma once
// Inside the masking engine (masking.hpp): the detectors over a token stream, and the choice of
// the spans to mask.
#include <cstdint>
#include <string_view>
#include <vector>

#include "masking_text.hpp"

namespace tellus::masking {

// Tokens first..last (inclusive) are one detail of `kind`.
struct Span {
    std::uint32_t first, last;
    MaskKind kind;
};

// Fills each token's word-list facts (Token::info, Token::month), once after tokenize().
void annotate(std::vector<Token>& tokens);

// The details found in `tokens` (annotated; `text` is what their offsets point into), never
// overlapping and never including a marker, in token order. Each kind's candidates are taken in
// priority order (email, postal code, date, health card, phone, name), leftmost first.
std::vector<Span> find_details(const std::vector<Token>& tokens, std::string_view text);

// The fewest characters a detail of `kind` can have (MaskMarker::min_source_chars).
std::size_t min_source_chars(MaskKind kind);

}  // namespace tellus::masking
