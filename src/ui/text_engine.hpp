#pragma once
// How the widgets measure, wrap and draw text. The browser's own text engine does it in the app
// (platform/text_web.hpp): shaping, right-to-left runs, per-script line breaks and font fallback
// for every script the device can show, with no font download. ImGui's built-in font does it in
// native tests, where only layout is checked. Sizes are CSS pixels; text is UTF-8.
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace tellus::ui {

// One line of a wrapped paragraph: a byte range of the text, and its width.
struct TextLine {
    std::size_t begin = 0, end = 0;
    float width = 0;
};

class TextEngine {
public:
    virtual ~TextEngine() = default;
    // The width of `text` set on one line at `size`.
    virtual float measure(std::string_view text, float size) = 0;
    // Byte offsets where a line may begin, in order, as the script's rules allow (after spaces in
    // Latin, between most characters in Chinese...). 0 and the offsets after '\n' need not be given.
    virtual std::vector<std::size_t> break_opportunities(std::string_view text) = 0;
    // `text` broken into lines no wider than `width` at those opportunities (a word longer than
    // the width is broken between characters); '\n' always breaks. Empty only for empty text.
    // Virtual so an engine can remember the answer.
    virtual std::vector<TextLine> wrap(std::string_view text, float size, float width);
    // Draws one line with its top-left at `at`, in `ink`. `rtl` is its base direction (how mixed
    // runs are ordered); `mirrored` says the frame will be flipped left-to-right afterwards (an
    // RTL layout, ui/mirror.hpp), so the line is drawn flipped and comes out readable.
    virtual void draw(ImDrawList* list, std::string_view text, float size, ImVec2 at, ImU32 ink, bool rtl, bool mirrored) = 0;
    // The text a line box holds: lines advance by size * kLineHeight.
    static constexpr float kLineHeight = 1.35f;
};

// ImGui's own font (Latin only, no shaping): for native builds and tests.
class ImGuiTextEngine final : public TextEngine {
public:
    float measure(std::string_view text, float size) override;
    std::vector<std::size_t> break_opportunities(std::string_view text) override;
    void draw(ImDrawList* list, std::string_view text, float size, ImVec2 at, ImU32 ink, bool rtl, bool mirrored) override;
};
ImGuiTextEngine& imgui_text_engine();

}  // namespace tellus::ui
