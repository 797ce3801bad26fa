// Browser implementation of text_web.hpp. Each EM_JS body hands off to shell/tellus-text.js;
// the WebGL texture is made here because only this side knows Emscripten's GL object table.
#include "text_web.hpp"

#include <emscripten.h>

#include <cmath>

namespace tellus::platform {

namespace {

// The text's font size is this share of the size the widgets ask for: a widget's "size" is the
// height of a line of text, as ImGui's fonts measure it (Noto Sans: ascent + descent = 1.362 em),
// which every screen's layout was made for.
constexpr float kEmPerSize = 1 / 1.362f;
// Where the baseline lies below a line's top, as a share of that size.
constexpr float kBaselinePerSize = 0.8f;
// How many painted lines stay when no longer on screen (a screen holds well under a hundred).
constexpr std::size_t kKeptRuns = 400;
constexpr std::size_t kKeptMeasures = 4000;

EM_JS(void, js_text_language, (const char* lang), { TellusText.setLanguage(UTF8ToString(lang)); });
EM_JS(double, js_text_measure, (const char* text, int bytes, double px), {
    return TellusText.measure(UTF8ToString(text, bytes), px);
});
// Writes up to `capacity` offsets to `out`; returns how many there are.
EM_JS(int, js_text_breaks, (const char* text, int bytes, int* out, int capacity), {
    const offsets = TellusText.breaks(UTF8ToString(text, bytes));
    const n = Math.min(offsets.length, capacity);
    for (let i = 0; i < n; ++i) HEAP32[(out >> 2) + i] = offsets[i];
    return offsets.length;
});
// Paints one line into a new texture (luminance + alpha: white ink, the vertex colour tints it).
EM_JS(int, js_text_paint, (const char* text, int bytes, double px, int rtl, float* out), {
    const run = TellusText.paint(UTF8ToString(text, bytes), px, rtl !== 0);
    const gl = GLctx;
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.LUMINANCE_ALPHA, gl.LUMINANCE_ALPHA, gl.UNSIGNED_BYTE, run.canvas);
    const id = GL.getNewId(GL.textures);
    texture.name = id;
    GL.textures[id] = texture;
    HEAPF32[(out >> 2) + 0] = run.width;
    HEAPF32[(out >> 2) + 1] = run.height;
    HEAPF32[(out >> 2) + 2] = run.originX;
    HEAPF32[(out >> 2) + 3] = run.originY;
    return id;
});
EM_JS(void, js_text_forget, (int id), {
    const texture = GL.textures[id];
    if (!texture) return;
    GLctx.deleteTexture(texture);
    texture.name = 0;
    GL.textures[id] = null;
});

}  // namespace

void BrowserTextEngine::begin_frame(float device_pixel_ratio, const std::string& language) {
    ++frame_;
    if (language != language_) {
        language_ = language;
        js_text_language(language_.c_str());
    }
    dpr_ = device_pixel_ratio > 0 ? device_pixel_ratio : 1;
    forget_unused();
}

// What a measurement depends on: the fonts (by language), the pixel size and the text.
std::string BrowserTextEngine::key(std::string_view text, float size, char kind) const {
    std::string k;
    k.reserve(text.size() + language_.size() + 24);
    k += kind;
    k += language_;
    k += '|';
    k += std::to_string(std::lround(size * dpr_ * 100));
    k += '|';
    k += text;
    return k;
}

float BrowserTextEngine::measure(std::string_view text, float size) {
    if (text.empty()) return 0;
    const std::string k = key(text, size, 'm');
    if (auto it = widths_.find(k); it != widths_.end()) return it->second;
    const float width = static_cast<float>(js_text_measure(text.data(), static_cast<int>(text.size()), size * kEmPerSize * dpr_) / dpr_);
    widths_.emplace(k, width);
    return width;
}

std::vector<std::size_t> BrowserTextEngine::break_opportunities(std::string_view text) {
    std::vector<int> offsets(64);
    int n = js_text_breaks(text.data(), static_cast<int>(text.size()), offsets.data(), static_cast<int>(offsets.size()));
    if (n > static_cast<int>(offsets.size())) {
        offsets.resize(static_cast<std::size_t>(n));
        n = js_text_breaks(text.data(), static_cast<int>(text.size()), offsets.data(), n);
    }
    return {offsets.begin(), offsets.begin() + n};
}

std::vector<ui::TextLine> BrowserTextEngine::wrap(std::string_view text, float size, float width) {
    std::string k = key(text, size, 'w');
    k += '|';
    k += std::to_string(std::lround(width * 100));
    if (auto it = wraps_.find(k); it != wraps_.end()) return it->second;
    auto lines = TextEngine::wrap(text, size, width);
    wraps_.emplace(std::move(k), lines);
    return lines;
}

void BrowserTextEngine::draw(ImDrawList* list, std::string_view text, float size, ImVec2 at, ImU32 ink, bool rtl, bool mirrored) {
    if (text.empty()) return;
    std::string k = key(text, size, rtl ? 'r' : 'l');
    auto it = runs_.find(k);
    if (it == runs_.end()) {
        float out[4] = {};
        Run run;
        run.texture = static_cast<unsigned>(js_text_paint(text.data(), static_cast<int>(text.size()), size * kEmPerSize * dpr_, rtl, out));
        run.width = out[0];
        run.height = out[1];
        run.origin_x = out[2];
        run.origin_y = out[3];
        it = runs_.emplace(std::move(k), run).first;
    }
    Run& run = it->second;
    run.last_frame = frame_;
    // On the device's pixel grid: the baseline's start at a whole device pixel, the texture's
    // pixels on the screen's.
    const float baseline = std::round((at.y + size * kBaselinePerSize) * dpr_);
    const float top = (baseline - run.origin_y) / dpr_, bottom = top + run.height / dpr_;
    ImVec2 uv_min(0, 0), uv_max(1, 1);
    float left;
    if (!mirrored) {
        left = (std::round(at.x * dpr_) - run.origin_x) / dpr_;
    } else {
        // Drawn flipped where its mirror image belongs: once the frame is flipped, the text reads
        // correctly and starts where a line starting at `at` ends (ui/mirror.hpp).
        const float advance = measure(text, size);
        left = (std::round((at.x + advance) * dpr_) + run.origin_x - run.width) / dpr_;
        uv_min = ImVec2(1, 0);
        uv_max = ImVec2(0, 1);
    }
    list->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(run.texture)), ImVec2(left, top),
                   ImVec2(left + run.width / dpr_, bottom), uv_min, uv_max, ink);
}

// Lines not drawn in the last frame are let go once there are many (their textures with them);
// measurements are cheap to redo and simply start afresh.
void BrowserTextEngine::forget_unused() {
    if (runs_.size() > kKeptRuns) {
        for (auto it = runs_.begin(); it != runs_.end();) {
            if (it->second.last_frame + 1 < frame_) {
                js_text_forget(static_cast<int>(it->second.texture));
                it = runs_.erase(it);
            } else {
                ++it;
            }
        }
    }
    if (widths_.size() > kKeptMeasures) widths_.clear();
    if (wraps_.size() > kKeptMeasures) wraps_.clear();
}

}  // namespace tellus::platform
