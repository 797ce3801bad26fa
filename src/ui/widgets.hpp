#pragma once
// Widget helpers: the only way screens draw a control. Each helper draws with ImGui AND adds the
// control's accessible twin, and accepts the twin's actions, so a control without a twin cannot
// be drawn by construction. Sizes are CSS pixels.
#include <string>

#include <imgui.h>

#include "theme.hpp"
#include "twins.hpp"

namespace tellus::ui {

struct Style {
    const Theme* theme = &standard_theme();
    float text = 24;        // body text size
    float target = 56;      // minimum control height (WCAG target size: at least 48)
    float gap = 14;
};

class Widgets {
public:
    Widgets(TwinLayer& twins, const Style& style) : twins_(twins), style_(style) {}
    const Style& style() const { return style_; }
    TwinLayer& twins() { return twins_; }

    // Wrapped text at the cursor, advancing it. `scale` multiplies the body size. Returns where the
    // last line ends (screen position of its top-right), e.g. for a caret.
    // The text is mirrored as a paragraph twin (unless it repeats the heading, or `mirrored` is false
    // because it is exposed another way), so nothing on screen is hidden from a screen reader.
    ImVec2 text(const std::string& text, float width, float scale = 1.0f, bool centred = false, bool muted = false,
                bool mirrored = true);

    enum class Look { Primary, Secondary, Quiet };
    // A disabled button is drawn muted, ignores presses and tells assistive technology it is disabled.
    bool button(const std::string& id, const std::string& label, float width, Look look = Look::Secondary, float scale = 1.0f,
                bool enabled = true);

    // One answer of a question: radio (single) or checkbox (multiple). `face` (0-4) draws a face,
    // above the label when `face_above`, else in place of the radio circle (narrow screens).
    bool choice(const std::string& id, const std::string& group, const std::string& label, bool selected,
                bool multiple, float width, int face = -1, float height = 0, bool face_above = true);

    // Free text, limited to `max_chars` characters. Returns true when the text changed.
    bool text_box(const std::string& id, const std::string& name, std::string& value, int max_chars, float width, float height);
    // A one-line secret (the staff token): drawn as stars unless `shown`, typed into a password
    // field that browsers do not autofill. Returns true when Enter was pressed in it.
    bool secret_box(const std::string& id, const std::string& name, std::string& value, bool shown, int max_chars, float width,
                    float height);

private:
    struct FieldResult {
        bool changed = false, submitted = false;
    };
    FieldResult field(const std::string& id, const std::string& name, std::string& value, int max_chars, float width, float height,
                      bool secret, bool shown);
    ImVec2 draw_text(const std::string& text, float width, float scale, bool centred, bool muted);
    Rect rect_of(ImVec2 min, ImVec2 size) const;
    void focus_ring(const std::string& id, ImVec2 min, ImVec2 max);
    bool pressed(const std::string& id, ImVec2 size);

    TwinLayer& twins_;
    Style style_;
    int text_count_ = 0;  // paragraph twins are numbered in drawing order
};

ImU32 to_imgui(Colour c, float alpha = 1.0f);
void draw_face(ImDrawList* draw, ImVec2 centre, float radius, int face, ImU32 ink);

}  // namespace tellus::ui
