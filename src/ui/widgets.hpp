#pragma once
// Widget helpers: the only way screens draw a control. Each helper draws with ImGui AND adds the
// control's accessible twin, and accepts the twin's actions, so a control without a twin cannot
// be drawn by construction. Sizes are CSS pixels.
#include <optional>
#include <string>
#include <string_view>

#include <imgui.h>

#include "text_engine.hpp"
#include "theme.hpp"
#include "twins.hpp"

namespace tellus::ui {

struct Style {
    const Theme* theme = &standard_theme();
    float text = 24;        // body text size
    float target = 56;      // minimum control height (WCAG target size: at least 48)
    float gap = 14;
    TextEngine* engine = nullptr;  // null: ImGui's font (native tests)
    bool rtl = false;       // the language reads right to left: text with no strong letter takes this direction
    bool mirrored = false;  // the frame is flipped afterwards (ui/mirror.hpp); equals rtl in the app
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
    // A button that stays on or off (high contrast, "Show token"): drawn filled with a thick border
    // while `on`, and its twin says so (aria-pressed). Returns true when pressed; the caller flips `on`.
    bool toggle(const std::string& id, const std::string& label, bool on, float width, Look look = Look::Quiet, float scale = 1.0f,
                bool enabled = true);

    // One answer of a question: radio (single) or checkbox (multiple). `face` (0-4) draws a face,
    // above the label when `face_above`, else in place of the radio circle (narrow screens).
    bool choice(const std::string& id, const std::string& group, const std::string& label, bool selected,
                bool multiple, float width, int face = -1, float height = 0, bool face_above = true);
    // One answer of a row of short answers (the digits of a 0-10 scale): a radio with its label
    // centred and no circle, chosen shown by fill, a thick border and a bar under the label. The
    // label shrinks if it must, so one or two characters always fit a cell of kMinCompactCell.
    bool compact_choice(const std::string& id, const std::string& group, const std::string& label, bool selected, float width,
                        float height = 0);
    static constexpr float kMinCompactCell = 44;  // WCAG 2.1 target size; give cells at least this

    // How far along the survey is, as a bar; its twin is a progressbar (0-100) named `label`
    // (e.g. "Question 3 of 11"), so screen readers hear the words, not only the number.
    void progress(float fraction, float width, const std::string& label);

    // The width of `text` on one line at the body size times `scale`; and one line of text drawn
    // at `at` (top-left) in `size` px, for the few texts drawn outside the flow (overlays).
    float measure(std::string_view text, float scale = 1.0f) const;
    void label(ImDrawList* list, std::string_view text, float size, ImVec2 at, ImU32 ink);

    // Free text, limited to `max_chars` characters. Returns true when the text changed.
    bool text_box(const std::string& id, const std::string& name, std::string& value, int max_chars, float width, float height);
    // A one-line secret (the staff token): drawn as stars unless `shown`, typed into a password
    // field that browsers do not autofill. Returns true when Enter was pressed in it.
    bool secret_box(const std::string& id, const std::string& name, std::string& value, bool shown, int max_chars, float width,
                    float height);

private:
    struct AnswerBox {
        ImVec2 min, max;
        ImU32 ink = 0;  // the text and marks inside, for its state
        bool pressed = false;
    };
    AnswerBox answer_box(const std::string& id, const std::string& group, const std::string& label, Role role, bool selected, ImVec2 box,
                         float rounding, float chosen_border);
    struct FieldResult {
        bool changed = false, submitted = false;
    };
    FieldResult field(const std::string& id, const std::string& name, std::string& value, int max_chars, float width, float height,
                      bool secret, bool shown);
    ImVec2 draw_text(const std::string& text, float width, float scale, bool centred, bool muted);
    TextEngine& engine() const;
    bool paragraph_rtl(std::string_view text) const;  // by its first strong letter, else the language's
    float line_x(const TextLine& line, bool rtl, bool centred, float left, float width) const;
    void draw_line(ImDrawList* list, std::string_view text, const TextLine& line, float size, ImVec2 at, ImU32 ink, bool rtl);
    bool draw_button(const std::string& id, const std::string& label, float width, Look look, float scale, bool enabled,
                     std::optional<bool> on);
    Rect rect_of(ImVec2 min, ImVec2 size) const;
    void focus_ring(const std::string& id, ImVec2 min, ImVec2 max);
    bool pressed(const std::string& id, ImVec2 size);

    TwinLayer& twins_;
    Style style_;
    int text_count_ = 0;  // paragraph twins are numbered in drawing order
};

// Where a compact choice's label goes: the text size (the body size, or smaller when the label
// would not fit the cell with its padding) and the top-left corner, centred in `cell`.
struct CompactLabel {
    float size = 0;
    ImVec2 at;
};
CompactLabel layout_compact_label(TextEngine& engine, float preferred_size, const std::string& label, ImVec2 cell_min, ImVec2 cell_size);

ImU32 to_imgui(Colour c, float alpha = 1.0f);
void draw_face(ImDrawList* draw, ImVec2 centre, float radius, int face, ImU32 ink);

}  // namespace tellus::ui
