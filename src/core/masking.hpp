#pragma once
// Comment safety: masks likely personal details in free text before it is stored or shown.
// Shared by the app (before a response is saved on the device) and tellus-serve (before it is
// stored), so a comment typed on an old kiosk build is still masked by the server.
//
// What is masked, each replaced by a fixed marker (English, catalog-independent, so every export
// and every staff screen shows the same words whatever the device's language):
//   - Ontario health card numbers: 10 digits, plain or grouped 4-3-3 with spaces or dashes,
//     with an optional 2-letter version code ("1234-567-890-AB", "1234567890ab")
//   - North American phone numbers: "(416) 555-1234", "416-555-1234", "416.555.1234",
//     "+1 416 555 1234", "1-800-555-1234", "555-1234"
//   - email addresses
//   - full dates (day, month and year), numeric or written in English or French: "1954-03-12",
//     "12/03/1954", "March 12, 1954", "12 mars 1954", "1er avril 1960". A complete date in a
//     comment is most likely a date of birth; a visit's date is in the response's own timestamps.
//   - a name introduced as one: "my name is Ann Lee", "je m'appelle Hélène Roy" (other names
//     cannot be told from ordinary words; the patient is asked not to write them)
// Left alone: numbers that are not these ("room 12", "2 to 3 weeks", "2025", "$120.50",
// "10 minutes", "24/7", "May 2025").
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "survey.hpp"

namespace tellus {

enum class MaskKind { HealthCard, Phone, Email, Date, Name };

// The marker that replaces each kind ("[health card number removed]"...), in the order above.
struct MaskMarker {
    MaskKind kind;
    const char* marker;
    // The fewest characters a patient can type that this marker replaces ("555-1234" is 8): a
    // marker counts this much against a length limit, so a marker never counts more than what
    // it replaced, and a client cannot send markers to store more than a patient could type.
    std::size_t min_source_chars;
};
const std::vector<MaskMarker>& mask_markers();
const char* mask_marker(MaskKind kind);

struct MaskResult {
    std::string text;
    std::vector<MaskKind> found;  // one entry per replacement made
};

// Masks `text` (UTF-8). Idempotent: markers contain nothing that is masked again.
MaskResult mask_personal_details(const std::string& text);

// Characters of `text` as counted against a question's length limit: what the patient typed, at
// least. Each marker counts as the shortest text it can replace (min_source_chars), so masking a
// comment that was within the limit never makes the server reject it, and text made of markers
// cannot be longer than what a patient could have typed. Characters, not bytes: 500 means 500 in
// French or Chinese too.
size_t characters_for_limit(const std::string& text);

// Masks every free-text answer of `answers` (a response's "answers" object) in place, using the
// survey to know which questions are free text. Returns how many details were masked.
int mask_free_text_answers(const Survey& survey, nlohmann::json& answers);
// The same over the app's answer map.
int mask_free_text_answers(const Survey& survey, std::map<std::string, nlohmann::json>& answers);

}  // namespace tellus
