// The browser entry point: wires SDL2 + WebGL + Dear ImGui to the Tellus app, loads fonts,
// and runs frames on demand. Everything else lives in src/ui (screens) and src/platform (glue).
#include <SDL.h>
#include <SDL_opengles2.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

#include "platform/platform.hpp"
#include "platform/web_host.hpp"
#include "ui/app.hpp"

namespace {

// A font file, not a portal's page or an error answered with 200: TrueType or OpenType's magic.
bool looks_like_font(const std::string& bytes) {
    return bytes.size() > 12 && (bytes.compare(0, 4, std::string("\0\1\0\0", 4)) == 0 || bytes.compare(0, 4, "OTTO") == 0 ||
                                 bytes.compare(0, 4, "true") == 0);
}

struct Host {
    tellus::platform::WebHost web;
    SDL_Window* window = nullptr;
    std::unique_ptr<tellus::ui::App> app;
    std::string latin_font, cjk_font;  // font file bytes, kept alive for ImGui
    std::string cjk_names_font;        // just the glyphs of the language screen
    bool cjk_requested = false;
    float built_for_dpr = 0;  // 0 until the first atlas is built
    bool fonts_dirty = true;  // a font arrived since the atlas was built
    size_t built_for_text = 0;  // the size of the app's text when the atlas was built
    double css_width = 0, css_height = 0;
};
Host host;

tellus::AppConfig config_from_url() {
    tellus::AppConfig config;
    if (auto lang = tellus::platform::url_parameter("lang"); !lang.empty()) {
        config.start_language = lang;
        config.language_from_url = true;
    }
    const std::string mode = tellus::platform::url_parameter("mode");
    if (mode == "phone" || mode == "kiosk") {
        config.mode = mode == "phone" ? tellus::Mode::Phone : tellus::Mode::Kiosk;
    } else {
        double w = 0, h = 0;
        emscripten_get_element_css_size("#canvas", &w, &h);
        config.mode = std::min(w, h) < 600 ? tellus::Mode::Phone : tellus::Mode::Kiosk;
    }
    config.site = tellus::platform::url_parameter("site");
    // ?idle=SECONDS: how long a kiosk waits untouched before asking (10 s to 1 h; default 60 s).
    if (auto idle = tellus::platform::url_parameter("idle"); !idle.empty())
        config.idle_before_asking_ms = std::clamp(std::atof(idle.c_str()), 10.0, 3600.0) * 1000;
    if (auto survey = tellus::platform::url_parameter("survey"); !survey.empty()) config.survey_id = survey;
    if (auto api = tellus::platform::url_parameter("api"); !api.empty()) config.api_base = api.back() == '/' ? api : api + "/";
    return config;
}

// Glyphs the app can show: Latin-1 and French punctuation for any typed comment, plus every
// character of the catalogs and survey (which covers Chinese once its font is merged in).
void build_fonts(float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontGlyphRangesBuilder ranges_builder;
    static const ImWchar latin[] = {0x0020, 0x00FF, 0x0152, 0x0153, 0x0178, 0x0178, 0x2013, 0x2014, 0x2018, 0x201D, 0x2026, 0x2026, 0x20AC, 0x20AC, 0};
    ranges_builder.AddRanges(latin);
    ranges_builder.AddText(host.app->all_text().c_str());
    static ImVector<ImWchar> ranges;
    ranges.clear();
    ranges_builder.BuildRanges(&ranges);
    // Rasterise at the largest size drawn times the device pixel ratio; smaller text scales down.
    const float pixels = std::min(48.0f * dpr, 96.0f);
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    config.OversampleH = dpr > 1.5f ? 1 : 2;
    config.OversampleV = 1;
    io.Fonts->AddFontFromMemoryTTF(host.latin_font.data(), static_cast<int>(host.latin_font.size()), pixels, &config, ranges.Data);
    std::string& cjk = host.cjk_font.empty() ? host.cjk_names_font : host.cjk_font;
    if (!cjk.empty()) {
        ImFontConfig merge = config;
        merge.MergeMode = true;
        merge.OversampleH = 1;
        io.Fonts->AddFontFromMemoryTTF(cjk.data(), static_cast<int>(cjk.size()), pixels, &merge, ranges.Data);
    }
    io.Fonts->Build();
    io.FontGlobalScale = 1.0f;  // text is drawn at explicit CSS-pixel sizes
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    host.built_for_dpr = dpr;
    host.built_for_text = host.app->all_text().size();
    host.fonts_dirty = false;
}

void load_cjk_font_when_needed() {
    if (!host.app->needs_cjk_font() || host.cjk_requested) return;
    // Fetched only when someone picks Chinese: most visitors never pay for it.
    host.cjk_requested = true;
    tellus::platform::fetch("fonts/NotoSansSC-tellus.otf", [](int status, std::string body) {
        if (status == 200 && looks_like_font(body)) host.cjk_font = std::move(body);
        host.fonts_dirty = true;
    });
}

// Keeps the canvas backing store at CSS size x devicePixelRatio (crisp text, relayout on rotation).
void follow_canvas_size() {
    double w = 0, h = 0;
    emscripten_get_element_css_size("#canvas", &w, &h);
    const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (w != host.css_width || h != host.css_height || dpr != host.built_for_dpr) {
        host.css_width = w;
        host.css_height = h;
        emscripten_set_canvas_element_size("#canvas", static_cast<int>(std::lround(w * dpr)), static_cast<int>(std::lround(h * dpr)));
        tellus::platform::request_frames();
    }
}

void frame() {
    follow_canvas_size();
    SDL_Event event;
    bool had_input = false;
    while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_FINGERDOWN || event.type == SDL_KEYDOWN || event.type == SDL_MOUSEWHEEL)
            had_input = true;
        if (event.type != SDL_MOUSEMOTION || (event.motion.state != 0)) tellus::platform::request_frames();
    }
    if (had_input) host.app->note_activity();
    if (!tellus::platform::take_frame()) return;

    const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    load_cjk_font_when_needed();
    // Built as soon as the font is here: "Loading…" shows while the survey is on its way.
    if (!host.latin_font.empty() && (host.fonts_dirty || dpr != host.built_for_dpr || host.app->all_text().size() != host.built_for_text))
        build_fonts(dpr);
    const tellus::ui::Colour bg = host.app->theme().background;
    if (host.built_for_dpr == 0) {  // nothing to draw text with yet: the page's colour, never black
        glClearColor(bg.r / 255.f, bg.g / 255.f, bg.b / 255.f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        return;
    }

    ImGuiIO& io = ImGui::GetIO();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    // SDL reports the window in CSS pixels; the framebuffer is DPR times larger.
    io.DisplaySize = ImVec2(static_cast<float>(host.css_width), static_cast<float>(host.css_height));
    io.DisplayFramebufferScale = ImVec2(dpr, dpr);
    if (io.DeltaTime <= 0) io.DeltaTime = 1.0f / 60;  // ImGui 1.86 asserts on a zero step
    ImGui::NewFrame();
    host.app->frame(io.DisplaySize.x, io.DisplaySize.y);
    ImGui::Render();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * dpr), static_cast<int>(io.DisplaySize.y * dpr));
    glClearColor(bg.r / 255.f, bg.g / 255.f, bg.b / 255.f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (auto layer = host.app->twins().take_changes(); !layer.empty()) tellus::platform::publish_twins(layer);
    // After a tap, move the pointer away so no hover highlight sticks on a touch screen.
    if (!ImGui::IsAnyMouseDown()) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

}  // namespace

// [SECTION] Called from shell/tellus-web.js

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_twin_action(int kind, const char* id, const char* value) {
    host.app->twins().push_action({static_cast<tellus::ui::TwinAction::Kind>(kind), id, value});
    host.app->note_activity();
    tellus::platform::request_frames();
}

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_twin_focus(const char* id) {
    host.app->twins().set_focused(id);
    host.app->note_activity();
    tellus::platform::request_frames();
}

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_wake() { tellus::platform::request_frames(); }

int main() {
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        emscripten_log(EM_LOG_ERROR, "SDL_Init failed: %s", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    host.window = SDL_CreateWindow("Tellus", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 800, 600,
                                   SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_GLContext gl = SDL_GL_CreateContext(host.window);
    if (!host.window || !gl) {
        emscripten_log(EM_LOG_ERROR, "Could not create a WebGL 2 context: %s", SDL_GetError());
        return 1;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk writes no settings file
    ImGui::GetStyle().TouchExtraPadding = ImVec2(4, 4);
    ImGui_ImplSDL2_InitForOpenGL(host.window, gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    auto config = config_from_url();
    tellus::platform::start_sync(config.api_base);
    host.app = std::make_unique<tellus::ui::App>(host.web, config);
    tellus::platform::fetch("fonts/NotoSans-tellus.ttf", [](int status, std::string body) {
        host.fonts_dirty = true;
        if (status == 200 && looks_like_font(body)) host.latin_font = std::move(body);
        else emscripten_log(EM_LOG_ERROR, "The font could not be loaded (HTTP %d)", status);
    });
    tellus::platform::fetch("fonts/NotoSansSC-names.otf", [](int status, std::string body) {
        if (status == 200 && looks_like_font(body)) host.cjk_names_font = std::move(body);
        host.fonts_dirty = true;
    });
    host.app->start();
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
