#include "text_engine.hpp"

#include <cfloat>

namespace tellus::ui {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The line [begin, end) without the spaces at its end (they hang past the margin).
std::size_t trim_end(std::string_view text, std::size_t begin, std::size_t end) {
    while (end > begin && is_space(text[end - 1])) --end;
    return end;
}
}  // namespace

std::vector<TextLine> TextEngine::wrap(std::string_view text, float size, float width) {
    std::vector<TextLine> lines;
    std::vector<std::size_t> breaks = break_opportunities(text);
    std::size_t next_break = 0;  // index into breaks
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t newline = text.find('\n', begin);
        const std::size_t hard_end = newline == std::string_view::npos ? text.size() : newline;
        // The longest run of whole pieces from `begin` that fits; at least one piece.
        std::size_t end = begin, fitted_end = begin;
        while (next_break < breaks.size() && breaks[next_break] <= begin) ++next_break;
        std::size_t b = next_break;
        for (;;) {
            const std::size_t candidate = b < breaks.size() && breaks[b] < hard_end ? breaks[b] : hard_end;
            const std::size_t trimmed = trim_end(text, begin, candidate);
            if (fitted_end > begin && measure(text.substr(begin, trimmed - begin), size) > width) break;
            fitted_end = candidate;
            end = candidate;
            if (candidate == hard_end) break;
            ++b;
        }
        std::size_t trimmed = trim_end(text, begin, end);
        // A single piece wider than the line: break it between characters.
        if (measure(text.substr(begin, trimmed - begin), size) > width) {
            std::size_t cut = begin;
            for (std::size_t i = begin + 1; i <= trimmed; ++i) {
                if (i < trimmed && is_continuation(text[i])) continue;
                if (cut > begin && measure(text.substr(begin, i - begin), size) > width) break;
                cut = i;
            }
            end = trimmed = cut;
        }
        lines.push_back({begin, trimmed, measure(text.substr(begin, trimmed - begin), size)});
        begin = end;
        while (begin < text.size() && is_space(text[begin])) ++begin;
        if (begin == hard_end && newline != std::string_view::npos) ++begin;  // past the '\n'
    }
    return lines;
}

// [SECTION] ImGui's font

namespace {
// The frame's font, or the atlas's first outside a frame.
ImFont* font() {
    if (ImFont* current = ImGui::GetFont()) return current;
    return ImGui::GetIO().Fonts->Fonts[0];
}
}  // namespace

float ImGuiTextEngine::measure(std::string_view text, float size) {
    if (text.empty()) return 0;
    return font()->CalcTextSizeA(size, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
}

std::vector<std::size_t> ImGuiTextEngine::break_opportunities(std::string_view text) {
    std::vector<std::size_t> breaks;
    for (std::size_t i = 1; i < text.size(); ++i)
        if (is_space(text[i - 1]) && !is_space(text[i])) breaks.push_back(i);
    return breaks;
}

void ImGuiTextEngine::draw(ImDrawList* list, std::string_view text, float size, ImVec2 at, ImU32 ink, bool, bool) {
    list->AddText(font(), size, at, ink, text.data(), text.data() + text.size());
}

ImGuiTextEngine& imgui_text_engine() {
    static ImGuiTextEngine engine;
    return engine;
}

}  // namespace tellus::ui
