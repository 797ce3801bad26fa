#pragma once
// Colours and sizes. Every text/background pair used on screen is listed in `text_pairs` so a
// unit test can prove each meets WCAG 2.0 AA contrast (4.5:1) in every theme.
#include <cstdint>
#include <string>
#include <vector>

namespace tellus::ui {

struct Colour {
    uint8_t r, g, b;
};

struct Theme {
    std::string name;
    Colour background, surface, text, muted_text, accent, accent_text, selected, selected_text, focus, danger_text;
    // Pairs of (foreground, background) that appear on screen.
    std::vector<std::pair<Colour, Colour>> text_pairs() const;
};

const Theme& standard_theme();
const Theme& high_contrast_theme();

// WCAG 2.0 relative luminance contrast ratio, from 1 to 21.
double contrast_ratio(Colour a, Colour b);

// Text sizes a patient can pick: normal, large, largest.
inline constexpr float kTextScales[] = {1.0f, 1.3f, 1.6f};

}  // namespace tellus::ui
