#pragma once
// The browser's text engine behind ui::TextEngine (shell/tellus-text.js does the painting).
// Each line of text is painted once by the browser into a WebGL texture and then drawn by ImGui
// as an image, tinted with the text colour; measurements and line breaks are remembered too, so
// an unchanged screen costs no call into JavaScript and a changed string one painting.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/text_engine.hpp"

namespace tellus::platform {

class BrowserTextEngine final : public ui::TextEngine {
public:
    // Before each frame: the display's pixel ratio, and the language whose fonts go first.
    void begin_frame(float device_pixel_ratio, const std::string& language);

    float measure(std::string_view text, float size) override;
    std::vector<std::size_t> break_opportunities(std::string_view text) override;
    std::vector<ui::TextLine> wrap(std::string_view text, float size, float width) override;
    void draw(ImDrawList* list, std::string_view text, float size, ImVec2 at, ImU32 ink, bool rtl, bool mirrored) override;

    std::size_t painted_runs() const { return runs_.size(); }

private:
    struct Run {
        unsigned texture = 0;
        float width = 0, height = 0;        // device pixels
        float origin_x = 0, origin_y = 0;   // where the text's baseline starts in it, device pixels
        std::uint64_t last_frame = 0;
    };
    std::string key(std::string_view text, float size, char kind) const;
    void forget_unused();

    float dpr_ = 1;
    std::string language_ = "en";
    std::uint64_t frame_ = 0;
    std::unordered_map<std::string, Run> runs_;
    std::unordered_map<std::string, float> widths_;
    std::unordered_map<std::string, std::vector<ui::TextLine>> wraps_;
};

}  // namespace tellus::platform
