#include "widgets.hpp"

#include "core/text.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace tellus::ui {

ImU32 to_imgui(Colour c, float alpha) { return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255)); }

namespace {
// Breaks `text` into lines that fit `width` at `size`, honouring explicit newlines.
std::vector<std::pair<const char*, const char*>> wrap(ImFont* font, float size, const std::string& text, float width) {
    std::vector<std::pair<const char*, const char*>> lines;
    const char* s = text.c_str();
    const char* end = s + text.size();
    const float scale = size / font->FontSize;
    while (s < end) {
        const char* line_end = font->CalcWordWrapPositionA(scale, s, end, width);
        if (line_end == s) line_end = s + 1;  // always make progress
        const char* newline = static_cast<const char*>(memchr(s, '\n', static_cast<size_t>(line_end - s)));
        if (newline) line_end = newline;
        lines.emplace_back(s, line_end);
        s = line_end;
        while (s < end && (*s == ' ' || *s == '\n')) ++s;
    }
    return lines;
}
}  // namespace

ImVec2 Widgets::text(const std::string& text, float width, float scale, bool centred, bool muted, bool mirrored) {
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const ImVec2 end = draw_text(text, width, scale, centred, muted);
    if (mirrored && !text.empty() && text != twins_.heading())
        twins_.add({.id = "text-" + std::to_string(text_count_++), .role = Role::Text, .name = text,
                    .rect = rect_of(top, ImVec2(width, ImGui::GetCursorScreenPos().y - top.y))});
    return end;
}

ImVec2 Widgets::draw_text(const std::string& text, float width, float scale, bool centred, bool muted) {
    ImFont* font = ImGui::GetFont();
    const float size = style_.text * scale;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 at = ImGui::GetCursorScreenPos();
    ImVec2 end = at;
    const ImU32 ink = to_imgui(muted ? style_.theme->muted_text : style_.theme->text);
    for (auto [from, to] : wrap(font, size, text, width)) {
        const float line_width = font->CalcTextSizeA(size, FLT_MAX, 0, from, to).x;
        const float x = centred ? at.x + (width - line_width) / 2 : at.x;
        draw->AddText(font, size, ImVec2(x, at.y), ink, from, to);
        end = ImVec2(x + line_width, at.y);
        at.y += size * 1.35f;
    }
    ImGui::Dummy(ImVec2(width, at.y - ImGui::GetCursorScreenPos().y));
    return end;
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
    ImFont* font = ImGui::GetFont();
    const float size = style_.text * scale;
    const float line_height = size * 1.25f;
    // Long labels (French, largest text size, narrow phones) wrap inside the button, which grows.
    const auto lines = wrap(font, size, label, width - 24);
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
    for (auto [from, to] : lines) {
        const float w = font->CalcTextSizeA(size, FLT_MAX, 0, from, to).x;
        draw->AddText(font, size, ImVec2(min.x + (box.x - w) / 2, y), ink, from, to);
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
    ImFont* font = ImGui::GetFont();
    const float size = style_.text;
    const bool above = face >= 0 && face_above;
    const float icon = above ? size * 2.2f : size * 1.1f;
    const ImVec2 box(width, std::max({style_.target, height, above ? icon + size * 1.8f : size * 2.2f}));
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + box.x, min.y + box.y);
    const bool result = pressed(id, box);
    const Theme& t = *style_.theme;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 ink = to_imgui(selected ? t.selected_text : t.text);
    draw->AddRectFilled(min, max, to_imgui(selected ? t.selected : t.surface), 12);
    draw->AddRect(min, max, to_imgui(t.text), 12, 0, selected ? 3.0f : 1.5f);
    if (above) {
        // Face above its label, centred: the words carry the meaning, the face helps.
        draw_face(draw, ImVec2(min.x + box.x / 2, min.y + 10 + icon / 2), icon / 2, face, ink);
        const float w = font->CalcTextSizeA(size * 0.85f, FLT_MAX, 0, label.c_str()).x;
        draw->AddText(font, size * 0.85f, ImVec2(min.x + (box.x - w) / 2, max.y - size * 1.25f), ink, label.c_str());
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
        draw->AddText(font, size, ImVec2(mark.x + icon / 2 + 14, min.y + (box.y - size) / 2), ink, label.c_str(), nullptr,
                      width - icon - 50);
    }
    focus_ring(id, min, max);
    twins_.add({.id = id, .role = multiple ? Role::Checkbox : Role::Radio, .name = label, .group = group, .checked = selected,
                .rect = rect_of(min, box)});
    return result;
}

CompactLabel layout_compact_label(ImFont* font, float preferred_size, const std::string& label, ImVec2 cell_min, ImVec2 cell_size) {
    constexpr float kPadding = 6;  // keeps the label off the border, which is 4 px thick when chosen
    const float room = std::max(1.0f, cell_size.x - 2 * kPadding);
    const float natural = font->CalcTextSizeA(preferred_size, FLT_MAX, 0, label.c_str()).x;
    float size = natural > room ? preferred_size * room / natural : preferred_size;
    float width = font->CalcTextSizeA(size, FLT_MAX, 0, label.c_str()).x;
    // Glyph advances are rounded, so scaling is only nearly linear: step down until it truly fits.
    while (width > room && size > 1) width = font->CalcTextSizeA(size -= 0.5f, FLT_MAX, 0, label.c_str()).x;
    return {size, ImVec2(cell_min.x + (cell_size.x - width) / 2, cell_min.y + (cell_size.y - size) / 2)};
}

bool Widgets::compact_choice(const std::string& id, const std::string& group, const std::string& label, bool selected, float width,
                             float height) {
    ImFont* font = ImGui::GetFont();
    const ImVec2 box(width, std::max({style_.target, height, style_.text * 2.2f}));
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + box.x, min.y + box.y);
    const bool result = pressed(id, box);
    const Theme& t = *style_.theme;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 ink = to_imgui(selected ? t.selected_text : t.text);
    draw->AddRectFilled(min, max, to_imgui(selected ? t.selected : t.surface), 10);
    draw->AddRect(min, max, to_imgui(t.text), 10, 0, selected ? 4.0f : 1.5f);
    const CompactLabel place = layout_compact_label(font, style_.text, label, min, box);
    draw->AddText(font, place.size, place.at, ink, label.c_str());
    if (selected) {
        // A bar under the chosen number: its state shows by shape as well as by colour.
        const float bar_y = std::min(place.at.y + place.size * 1.1f, max.y - 8);
        draw->AddRectFilled(ImVec2(min.x + box.x * 0.25f, bar_y), ImVec2(max.x - box.x * 0.25f, bar_y + 3), ink);
    }
    focus_ring(id, min, max);
    twins_.add({.id = id, .role = Role::Radio, .name = label, .group = group, .checked = selected, .rect = rect_of(min, box)});
    return result;
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

float Widgets::begin_modal(const std::string& id, float screen_width, float screen_height, float max_width) {
    const Colour bg = style_.theme->background;
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(bg.r / 255.f, bg.g / 255.f, bg.b / 255.f, 1.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(screen_width, screen_height));
    ImGui::Begin(id.c_str(), nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar(3);
    ImGui::PopStyleColor();
    // In front of the screen it covers, so the taps land here (ImGui hovers the front-most window).
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    twins_.begin_frame();  // only the dialog is operable while it shows

    const float padding = style_.gap * 2;
    const float panel_width = std::min(screen_width - 32, max_width);
    // Centred by the height its contents had last frame (unknown until they are drawn).
    const float last_height = ImGui::GetStateStorage()->GetFloat(ImGui::GetID("panel-height"), screen_height / 3);
    modal_origin_ = ImVec2((screen_width - panel_width) / 2, std::max(16.0f, (screen_height - last_height) / 2));
    modal_width_ = panel_width;
    // The panel goes behind its contents, and is drawn once their height is known (end_modal).
    ImGui::GetWindowDrawList()->ChannelsSplit(2);
    ImGui::GetWindowDrawList()->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(modal_origin_.x + padding, modal_origin_.y + padding));
    ImGui::BeginGroup();
    return panel_width - 2 * padding;
}

void Widgets::end_modal() {
    ImGui::EndGroup();
    const float padding = style_.gap * 2;
    const ImVec2 content_max = ImGui::GetItemRectMax();
    const ImVec2 panel_max(modal_origin_.x + modal_width_, content_max.y + padding);
    ImGui::GetStateStorage()->SetFloat(ImGui::GetID("panel-height"), panel_max.y - modal_origin_.y);
    ImGui::Dummy(ImVec2(1, padding));  // room below the panel when the dialog must scroll
    const Theme& t = *style_.theme;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSetCurrent(0);
    draw->AddRectFilled(modal_origin_, panel_max, to_imgui(t.surface), 16);
    draw->AddRect(modal_origin_, panel_max, to_imgui(t.text), 16, 0, 3);
    draw->ChannelsMerge();
    ImGui::End();
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
    if (twins_.focused() == id)
        draw->AddLine(ImVec2(end.x + 2, end.y), ImVec2(end.x + 2, end.y + style_.text * 1.1f), to_imgui(t.text), 2.0f);
    ImGui::PopClipRect();
    ImGui::SetCursorScreenPos(ImVec2(min.x, min.y + box.y + 6));
    clamp_utf8(value, max_chars);
    focus_ring(id, min, ImVec2(min.x + box.x, min.y + box.y));
    twins_.add({.id = id, .role = Role::Textbox, .name = name, .value = value, .max = max_chars, .rect = rect_of(min, box),
                .secret = secret, .shown = shown});
    return result;
}

}  // namespace tellus::ui
