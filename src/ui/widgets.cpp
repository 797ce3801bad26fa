#include "widgets.hpp"

#include "core/text.hpp"
#include "text_engine.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace tellus::ui {

ImU32 to_imgui(Colour c, float alpha) { return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255)); }

ImVec2 Widgets::text(const std::string& text, float width, float scale, bool centred, bool muted, bool mirrored) {
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const ImVec2 end = draw_text(text, width, scale, centred, muted);
    if (mirrored && !text.empty() && text != twins_.heading())
        twins_.add({.id = "text-" + std::to_string(text_count_++), .role = Role::Text, .name = text,
                    .rect = rect_of(top, ImVec2(width, ImGui::GetCursorScreenPos().y - top.y))});
    return end;
}

ImVec2 Widgets::draw_text(const std::string& text, float width, float scale, bool centred, bool muted) {
    const float size = style_.text * scale;
    ImVec2 at = ImGui::GetCursorScreenPos();
    ImVec2 end = at;
    const ImU32 ink = to_imgui(muted ? style_.theme->muted_text : style_.theme->text);
    const bool rtl = paragraph_rtl(text);
    for (const TextLine& line : engine().wrap(text, size, width)) {
        const float x = line_x(line, rtl, centred, at.x, width);
        draw_line(ImGui::GetWindowDrawList(), text, line, size, ImVec2(x, at.y), ink, rtl);
        // Where the line ends in reading order, for a caret: its right end, or its left end when
        // it reads right to left on screen (a mirrored frame flips which one that is).
        end = ImVec2(rtl != style_.mirrored ? x : x + line.width, at.y);
        at.y += size * TextEngine::kLineHeight;
    }
    ImGui::Dummy(ImVec2(width, at.y - ImGui::GetCursorScreenPos().y));
    return end;
}

TextEngine& Widgets::engine() const { return style_.engine ? *style_.engine : imgui_text_engine(); }

bool Widgets::paragraph_rtl(std::string_view text) const {
    const auto direction = first_strong_direction(text);
    return direction ? *direction == TextDirection::RightToLeft : style_.rtl;
}

// A paragraph starts on its own side: the right for right-to-left text. Laid out before the
// frame is mirrored, so in a mirrored (RTL) layout it is the other way round.
float Widgets::line_x(const TextLine& line, bool rtl, bool centred, float left, float width) const {
    if (centred) return left + (width - line.width) / 2;
    return rtl != style_.mirrored ? left + width - line.width : left;
}

void Widgets::draw_line(ImDrawList* list, std::string_view text, const TextLine& line, float size, ImVec2 at, ImU32 ink, bool rtl) {
    engine().draw(list, text.substr(line.begin, line.end - line.begin), size, at, ink, rtl, style_.mirrored);
}

float Widgets::measure(std::string_view text, float scale) const { return engine().measure(text, style_.text * scale); }

void Widgets::label(ImDrawList* list, std::string_view text, float size, ImVec2 at, ImU32 ink) {
    engine().draw(list, text, size, at, ink, paragraph_rtl(text), style_.mirrored);
}

Rect Widgets::rect_of(ImVec2 min, ImVec2 size) const { return {min.x, min.y, size.x, size.y}; }

void Widgets::focus_ring(const std::string& id, ImVec2 min, ImVec2 max) {
    if (twins_.focused() != id) return;
    ImGui::GetWindowDrawList()->AddRect(ImVec2(min.x - 4, min.y - 4), ImVec2(max.x + 4, max.y + 4),
                                        to_imgui(style_.theme->focus), 10, 0, 4);
}

bool Widgets::pressed(const std::string& id, ImVec2 size) {
    const bool clicked = ImGui::InvisibleButton(id.c_str(), size);
    const bool by_twin = twins_.take_action(id).has_value();
    return clicked || by_twin;
}

bool Widgets::button(const std::string& id, const std::string& label, float width, Look look, float scale, bool enabled) {
    return draw_button(id, label, width, look, scale, enabled, std::nullopt);
}

bool Widgets::toggle(const std::string& id, const std::string& label, bool on, float width, Look look, float scale, bool enabled) {
    return draw_button(id, label, width, look, scale, enabled, on);
}

bool Widgets::draw_button(const std::string& id, const std::string& label, float width, Look look, float scale, bool enabled,
                          std::optional<bool> on) {
    const float size = style_.text * scale;
    const float line_height = size * 1.25f;
    // Long labels (French, largest text size, narrow phones) wrap inside the button, which grows.
    const auto lines = engine().wrap(label, size, width - 24);
    const ImVec2 box(width, std::max({style_.target, size * 2.2f, lines.size() * line_height + size}));
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + box.x, min.y + box.y);
    const bool result = pressed(id, box) && enabled;
    const Theme& t = *style_.theme;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const bool primary = look == Look::Primary && enabled;
    // A toggle that is on looks like a chosen answer: filled, with a thick border (shape, not only colour).
    const bool lit = on.value_or(false);
    if (lit) draw->AddRectFilled(min, max, to_imgui(t.selected), 12);
    else if (look != Look::Quiet) draw->AddRectFilled(min, max, to_imgui(primary ? t.accent : t.surface), 12);
    if (lit) draw->AddRect(min, max, to_imgui(t.text), 12, 0, 4);
    else draw->AddRect(min, max, to_imgui(primary ? t.accent : t.text, look == Look::Quiet ? 0.55f : 1.0f), 12, 0, 2);
    const ImU32 ink = to_imgui(lit ? t.selected_text : primary ? t.accent_text : enabled ? t.text : t.muted_text);
    float y = min.y + (box.y - lines.size() * line_height) / 2 + (line_height - size) / 2;
    const bool rtl = paragraph_rtl(label);
    for (const TextLine& line : lines) {
        draw_line(draw, label, line, size, ImVec2(min.x + (box.x - line.width) / 2, y), ink, rtl);
        y += line_height;
    }
    focus_ring(id, min, max);
    twins_.add({.id = id, .role = Role::Button, .name = label, .disabled = !enabled, .rect = rect_of(min, box), .pressed = on});
    return result;
}

void draw_face(ImDrawList* draw, ImVec2 c, float r, int face, ImU32 ink) {
    const float thickness = std::max(2.0f, r * 0.09f);
    draw->AddCircle(c, r, ink, 32, thickness);
    draw->AddCircleFilled(ImVec2(c.x - r * 0.35f, c.y - r * 0.25f), r * 0.1f, ink);
    draw->AddCircleFilled(ImVec2(c.x + r * 0.35f, c.y - r * 0.25f), r * 0.1f, ink);
    // Mouth: a curve from frown (face 0) to broad smile (face 4), straight for "okay".
    const float curve = (face - 2) * 0.18f * r;
    const ImVec2 left(c.x - r * 0.45f, c.y + r * 0.35f), right(c.x + r * 0.45f, c.y + r * 0.35f);
    draw->AddBezierQuadratic(left, ImVec2(c.x, c.y + r * 0.35f + curve * 2), right, ink, thickness, 16);
}

bool Widgets::choice(const std::string& id, const std::string& group, const std::string& label, bool selected,
                     bool multiple, float width, int face, float height, bool face_above) {
    const float size = style_.text;
    const bool above = face >= 0 && face_above;
    const float icon = above ? size * 2.2f : size * 1.1f;
    // Beside the mark, the label wraps (long answers, largest text) and the box grows to hold it.
    const float label_left = 16 + icon + 14, label_room = width - icon - 50;
    const std::vector<TextLine> lines = above ? std::vector<TextLine>{} : engine().wrap(label, size, label_room);
    const float label_height = static_cast<float>(lines.size()) * size * TextEngine::kLineHeight;
    const ImVec2 box(width, std::max({style_.target, height, above ? icon + size * 1.8f : std::max(size * 2.2f, label_height + size * 0.85f)}));
    const AnswerBox a = answer_box(id, group, label, multiple ? Role::Checkbox : Role::Radio, selected, box, 12, 3.0f);
    const ImVec2 min = a.min, max = a.max;
    const ImU32 ink = a.ink;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    if (above) {
        // Face above its label, centred: the words carry the meaning, the face helps.
        draw_face(draw, ImVec2(min.x + box.x / 2, min.y + 10 + icon / 2), icon / 2, face, ink);
        const float w = engine().measure(label, size * 0.85f);
        this->label(draw, label, size * 0.85f, ImVec2(min.x + (box.x - w) / 2, max.y - size * 1.25f), ink);
    } else {
        // A box or a circle that shows the state by shape as well as colour.
        const ImVec2 mark(min.x + 16 + icon / 2, min.y + box.y / 2);
        if (face >= 0) {
            draw_face(draw, mark, icon * 0.6f, face, ink);  // selection shows by the filled box and thick border
        } else if (multiple) {
            draw->AddRect(ImVec2(mark.x - icon / 2, mark.y - icon / 2), ImVec2(mark.x + icon / 2, mark.y + icon / 2), ink, 4, 0, 2.5f);
            if (selected)
                draw->AddPolyline(std::array<ImVec2, 3>{ImVec2(mark.x - icon * 0.3f, mark.y), ImVec2(mark.x - icon * 0.05f, mark.y + icon * 0.25f),
                                                        ImVec2(mark.x + icon * 0.32f, mark.y - icon * 0.28f)}.data(), 3, ink, 0, 3.5f);
        } else {
            draw->AddCircle(mark, icon / 2, ink, 24, 2.5f);
            if (selected) draw->AddCircleFilled(mark, icon * 0.28f, ink, 24);
        }
        const bool rtl = paragraph_rtl(label);
        float y = min.y + (box.y - label_height) / 2 + size * 0.1f;
        for (const TextLine& line : lines) {
            draw_line(draw, label, line, size, ImVec2(line_x(line, rtl, false, min.x + label_left, label_room), y), ink, rtl);
            y += size * TextEngine::kLineHeight;
        }
    }
    return a.pressed;
}

// What every answer shares, a choice or a compact one: the tap area, the box filled and bordered
// by its state (a thick border when chosen: shape, not only colour), the focus ring and the twin.
Widgets::AnswerBox Widgets::answer_box(const std::string& id, const std::string& group, const std::string& label, Role role,
                                       bool selected, ImVec2 box, float rounding, float chosen_border) {
    AnswerBox a;
    a.min = ImGui::GetCursorScreenPos();
    a.max = ImVec2(a.min.x + box.x, a.min.y + box.y);
    a.pressed = pressed(id, box);
    const Theme& t = *style_.theme;
    a.ink = to_imgui(selected ? t.selected_text : t.text);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(a.min, a.max, to_imgui(selected ? t.selected : t.surface), rounding);
    draw->AddRect(a.min, a.max, to_imgui(t.text), rounding, 0, selected ? chosen_border : 1.5f);
    focus_ring(id, a.min, a.max);
    twins_.add({.id = id, .role = role, .name = label, .group = group, .checked = selected, .rect = rect_of(a.min, box)});
    return a;
}

CompactLabel layout_compact_label(TextEngine& engine, float preferred_size, const std::string& label, ImVec2 cell_min, ImVec2 cell_size) {
    constexpr float kPadding = 6;  // keeps the label off the border, which is 4 px thick when chosen
    const float room = std::max(1.0f, cell_size.x - 2 * kPadding);
    const float natural = engine.measure(label, preferred_size);
    float size = natural > room ? preferred_size * room / natural : preferred_size;
    float width = engine.measure(label, size);
    // Glyph advances are rounded, so scaling is only nearly linear: step down until it truly fits.
    while (width > room && size > 1) width = engine.measure(label, size -= 0.5f);
    return {size, ImVec2(cell_min.x + (cell_size.x - width) / 2, cell_min.y + (cell_size.y - size) / 2)};
}

bool Widgets::compact_choice(const std::string& id, const std::string& group, const std::string& label, bool selected, float width,
                             float height) {
    const ImVec2 box(width, std::max({style_.target, height, style_.text * 2.2f}));
    const AnswerBox a = answer_box(id, group, label, Role::Radio, selected, box, 10, 4.0f);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const CompactLabel place = layout_compact_label(engine(), style_.text, label, a.min, box);
    this->label(draw, label, place.size, place.at, a.ink);
    if (selected) {
        // A bar under the chosen number: its state shows by shape as well as by colour.
        const float bar_y = std::min(place.at.y + place.size * 1.1f, a.max.y - 8);
        draw->AddRectFilled(ImVec2(a.min.x + box.x * 0.25f, bar_y), ImVec2(a.max.x - box.x * 0.25f, bar_y + 3), a.ink);
    }
    return a.pressed;
}

void Widgets::progress(float fraction, float width, const std::string& label) {
    const float done = std::clamp(std::isfinite(fraction) ? fraction : 0.0f, 0.0f, 1.0f);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 box(width, std::max(12.0f, style_.text * 0.4f));
    const Theme& t = *style_.theme;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float rounding = box.y / 2;
    draw->AddRectFilled(min, ImVec2(min.x + box.x, min.y + box.y), to_imgui(t.surface), rounding);
    if (done > 0)
        draw->AddRectFilled(min, ImVec2(min.x + std::max(box.y, box.x * done), min.y + box.y), to_imgui(t.accent), rounding);
    draw->AddRect(min, ImVec2(min.x + box.x, min.y + box.y), to_imgui(t.text), rounding, 0, 1.5f);
    ImGui::Dummy(box);
    twins_.add({.id = "progress", .role = Role::Progress, .name = label, .value = std::to_string(std::lround(done * 100)),
                .min = 0, .max = 100, .rect = rect_of(min, box)});
}

namespace {
// Cuts to at most `max_chars` characters without splitting one.
void clamp_utf8(std::string& s, int max_chars) {
    int seen = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++seen > max_chars) {
            s.resize(i);
            return;
        }
    }
}
}  // namespace

bool Widgets::text_box(const std::string& id, const std::string& name, std::string& value, int max_chars, float width, float height) {
    return field(id, name, value, max_chars, width, height, false, true).changed;
}

bool Widgets::secret_box(const std::string& id, const std::string& name, std::string& value, bool shown, int max_chars, float width,
                         float height) {
    return field(id, name, value, max_chars, width, height, true, shown).submitted;
}

Widgets::FieldResult Widgets::field(const std::string& id, const std::string& name, std::string& value, int max_chars, float width,
                                    float height, bool secret, bool shown) {
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 box(width, height);
    FieldResult result;
    // Every keystroke sends the whole text; on a slow frame several wait here, and the last one is
    // the text. Taking only the first would lose the end of a comment if "Next" comes in this frame.
    // Enter in a one-line field arrives as an Activate after the text it submits.
    while (auto action = twins_.take_action(id)) {
        if (action->kind == TwinAction::Kind::Activate) {
            result.submitted = true;
        } else if (action->kind == TwinAction::Kind::SetValue) {
            value = action->value;
            result.changed = true;
        }
    }
    const Theme& t = *style_.theme;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, ImVec2(min.x + box.x, min.y + box.y), to_imgui(t.surface), 8);
    draw->AddRect(min, ImVec2(min.x + box.x, min.y + box.y), to_imgui(t.text), 8, 0, 2);
    // The text is typed into the twin, a real <textarea> (or password <input>) lying over this box
    // that takes taps itself: phones raise their keyboard, and accents and input methods work.
    ImGui::SetCursorScreenPos(ImVec2(min.x + 12, min.y + 10));
    ImGui::PushClipRect(min, ImVec2(min.x + box.x, min.y + box.y), true);
    const std::string drawn = secret && !shown ? std::string(count_characters(value), '*') : value;
    const ImVec2 end = draw_text(drawn, box.x - 24, 1.0f, false, false);  // its twin is the field itself
    // The typing happens in the twin, whose own caret is hidden: draw one where the text ends.
    // (Past the text's end in reading order: its left for right-to-left text on screen.)
    const float caret_x = drawn.empty() || paragraph_rtl(drawn) == style_.mirrored ? end.x + 2 : end.x - 4;
    if (twins_.focused() == id)
        draw->AddLine(ImVec2(caret_x, end.y), ImVec2(caret_x, end.y + style_.text * 1.1f), to_imgui(t.text), 2.0f);
    ImGui::PopClipRect();
    ImGui::SetCursorScreenPos(ImVec2(min.x, min.y + box.y + 6));
    clamp_utf8(value, max_chars);
    focus_ring(id, min, ImVec2(min.x + box.x, min.y + box.y));
    twins_.add({.id = id, .role = Role::Textbox, .name = name, .value = value, .max = max_chars, .rect = rect_of(min, box),
                .secret = secret, .shown = shown});
    return result;
}

}  // namespace tellus::ui
