#include "theme.hpp"

#include <algorithm>
#include <cmath>

namespace tellus::ui {

std::vector<std::pair<Colour, Colour>> Theme::text_pairs() const {
    return {{text, background},   {muted_text, background}, {text, surface},         {muted_text, surface},
            {accent_text, accent}, {selected_text, selected}, {danger_text, background}, {danger_text, surface}};
}

const Theme& standard_theme() {
    static const Theme theme{"standard",
                             {0xF7, 0xF5, 0xF0},   // background: warm off-white
                             {0xFF, 0xFF, 0xFF},   // surface: buttons, cards
                             {0x1A, 0x1A, 0x1A},   // text
                             {0x4A, 0x4A, 0x4A},   // muted text
                             {0x0B, 0x5C, 0x8A},   // accent: primary buttons
                             {0xFF, 0xFF, 0xFF},   // text on accent
                             {0x0B, 0x5C, 0x8A},   // selected answer
                             {0xFF, 0xFF, 0xFF},   // text on selected
                             {0xB3, 0x45, 0x00},   // focus ring
                             {0xA1, 0x1A, 0x1A}};  // errors
    return theme;
}

const Theme& high_contrast_theme() {
    static const Theme theme{"high-contrast",
                             {0x00, 0x00, 0x00}, {0x00, 0x00, 0x00}, {0xFF, 0xFF, 0xFF}, {0xFF, 0xFF, 0xFF},
                             {0xFF, 0xFF, 0x00}, {0x00, 0x00, 0x00}, {0xFF, 0xFF, 0x00}, {0x00, 0x00, 0x00},
                             {0x00, 0xFF, 0xFF}, {0xFF, 0xB0, 0xB0}};
    return theme;
}

namespace {
double channel(uint8_t value) {
    const double c = value / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double luminance(Colour c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }
}  // namespace

double contrast_ratio(Colour a, Colour b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace tellus::ui
