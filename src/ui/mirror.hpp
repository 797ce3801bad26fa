#pragma once
// Right-to-left layouts. Screens are laid out left to right as usual; for a right-to-left
// language the finished frame is flipped about the vertical centre line, and taps are flipped on
// the way in, so reading order, alignment, Back/Next, the progress bar and the scales all mirror
// with no second layout to keep in step. Text is drawn pre-flipped (TextEngine::draw's
// `mirrored`), so it reads correctly; the twins' rectangles are flipped the same way (twins.hpp).
#include <imgui.h>

namespace tellus::ui {

// Flips every vertex and clip rectangle of `data` within a display `width` CSS pixels wide.
void mirror_draw_data(ImDrawData& data, float width);
// A point on the screen to where it lies in the unflipped layout (and back: it is its own inverse).
inline float mirror_x(float x, float width) { return width - x; }

}  // namespace tellus::ui
