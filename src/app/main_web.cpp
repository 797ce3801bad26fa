// The browser entry point: wires SDL2 + WebGL + Dear ImGui and the browser's text engine to the Tellus app,
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
#include "platform/web_state.hpp"
#include "ui/app.hpp"
#include "ui/mirror.hpp"

namespace {

using tellus::platform::platform_state;

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

// Keeps the canvas backing store at CSS size x devicePixelRatio (crisp text, relayout on rotation).
void follow_canvas_size() {
    auto& display = platform_state().display;
    double w = 0, h = 0;
    emscripten_get_element_css_size("#canvas", &w, &h);
    const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (w != display.css_width || h != display.css_height || dpr != display.dpr) {
        display.css_width = w;
        display.css_height = h;
        display.dpr = dpr;
        const int width = static_cast<int>(std::lround(w * dpr)), height = static_cast<int>(std::lround(h * dpr));
        // Setting a canvas's size, even to the one it has, reallocates its buffers (about 300 ms on
        // a software renderer); SDL has usually sized it already when it made the window.
        int now_width = 0, now_height = 0;
        emscripten_get_canvas_element_size("#canvas", &now_width, &now_height);
        if (now_width != width || now_height != height) emscripten_set_canvas_element_size("#canvas", width, height);
        tellus::platform::request_frames();
    }
}

void frame() {
    auto& state = platform_state();
    tellus::ui::App& app = *state.app;
    auto& display = state.display;
    follow_canvas_size();
    SDL_Event event;
    bool had_input = false;
    while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_FINGERDOWN || event.type == SDL_KEYDOWN || event.type == SDL_MOUSEWHEEL)
            had_input = true;
        if (event.type != SDL_MOUSEMOTION || (event.motion.state != 0)) tellus::platform::request_frames();
    }
    if (had_input) app.note_activity();
    if (!tellus::platform::take_frame()) return;
    if (app.hold_first_frame()) return;  // a start's quiet half second: a timer or its data wake it

    const float dpr = display.dpr;
    const tellus::ui::Colour bg = app.theme().background;
    const bool mirrored = app.right_to_left();
    display.text.begin_frame(dpr, app.model().language());

    ImGuiIO& io = ImGui::GetIO();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    // SDL reports the window in CSS pixels; the framebuffer is DPR times larger.
    io.DisplaySize = ImVec2(static_cast<float>(display.css_width), static_cast<float>(display.css_height));
    io.DisplayFramebufferScale = ImVec2(dpr, dpr);
    if (io.DeltaTime <= 0) io.DeltaTime = 1.0f / 60;  // ImGui 1.86 asserts on a zero step
    // A right-to-left frame is laid out left to right and flipped (ui/mirror.hpp): so is a tap.
    if (mirrored && io.MousePos.x != -FLT_MAX) io.MousePos.x = tellus::ui::mirror_x(io.MousePos.x, io.DisplaySize.x);
    ImGui::NewFrame();
    app.frame(io.DisplaySize.x, io.DisplaySize.y);
    ImGui::Render();
    if (mirrored) tellus::ui::mirror_draw_data(*ImGui::GetDrawData(), io.DisplaySize.x);
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * dpr), static_cast<int>(io.DisplaySize.y * dpr));
    glClearColor(bg.r / 255.f, bg.g / 255.f, bg.b / 255.f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (auto layer = app.twins().take_changes(); !layer.empty()) tellus::platform::publish_twins(layer);
    if (!display.drew_a_frame) {
        display.drew_a_frame = true;
        tellus::platform::mark("first-frame");
    }
    // After a tap, move the pointer away so no hover highlight sticks on a touch screen.
    if (!ImGui::IsAnyMouseDown()) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

}  // namespace

// [SECTION] Called from shell/tellus-web.js

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_twin_action(int kind, const char* id, const char* value) {
    tellus::ui::App& app = *platform_state().app;
    app.twins().push_action({static_cast<tellus::ui::TwinAction::Kind>(kind), id, value});
    app.note_activity();
    tellus::platform::request_frames();
}

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_twin_focus(const char* id) {
    tellus::ui::App& app = *platform_state().app;
    app.twins().set_focused(id);
    app.note_activity();
    tellus::platform::request_frames();
}

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_wake() { tellus::platform::request_frames(); }

extern "C" EMSCRIPTEN_KEEPALIVE void tellus_timer() {
    if (platform_state().app->timer_needs_frames()) tellus::platform::request_frames();
}

int main() {
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        emscripten_log(EM_LOG_ERROR, "SDL_Init failed: %s", SDL_GetError());
        tellus::platform::report_start_failure(SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    auto& state = platform_state();
    state.display.window = SDL_CreateWindow("Tellus", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 800, 600,
                                            SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_GLContext gl = SDL_GL_CreateContext(state.display.window);
    if (!state.display.window || !gl) {
        emscripten_log(EM_LOG_ERROR, "Could not create a WebGL 2 context: %s", SDL_GetError());
        tellus::platform::report_start_failure(SDL_GetError());
        return 1;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk writes no settings file
    ImGui::GetStyle().TouchExtraPadding = ImVec2(4, 4);
    ImGui_ImplSDL2_InitForOpenGL(state.display.window, gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    tellus::platform::mark("webgl-ready");

    auto config = config_from_url();
    tellus::platform::start_sync(config.api_base);
    state.app = std::make_unique<tellus::ui::App>(state.host, config);
    state.app->use_text_engine(&state.display.text);
    state.app->start();
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
