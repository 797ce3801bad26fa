#pragma once
// All of the browser implementation's state, in one struct behind one accessor, as Dear ImGui's
// backends keep theirs (imgui_impl_sdl.cpp: ImGui_ImplSDL2_Data). Each part has one owner file:
//   calls, frames_owed  web.cpp       calls waiting for JavaScript; render on demand
//   sync                sync_web.cpp  the outbox in IndexedDB and core's sync engine
//   host, display, app  main_web.cpp  the AppHost, the window and text engine, and the app itself
// Nothing else in src/platform or src/app keeps mutable state at file level.
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/sync.hpp"
#include "platform.hpp"
#include "text_web.hpp"
#include "web_host.hpp"

struct SDL_Window;
namespace tellus::ui {
class App;
}

namespace tellus::platform {

// core's OutboxStore over IndexedDB: each call hands off to shell/tellus-web.js (sync_web.cpp).
class IndexedDbStore : public OutboxStore {
public:
    void load_all() override;
    void put(const OutboxItem& item) override;
    void remove(const std::string& id) override;
    void hold(const HeldItem& held) override;
};

struct PlatformState {
    // The one registry of calls waiting for JavaScript (platform.hpp: remember_call).
    struct Calls {
        std::map<int, FetchDone> pending;  // id -> what to run when JavaScript answers
        int next_id = 1;
    };
    struct Sync {
        explicit Sync(RandomSource random) : engine(store, std::move(random)) {}
        IndexedDbStore store;
        SyncEngine engine;
        std::string endpoint = "api/v1/responses";
        std::map<std::string, std::function<void(bool)>> waiting_for_save;  // id -> the app's callback
        std::string last_status;  // what the status line last showed: redraw only when it changes
    };
    // Where the app is drawn: the canvas's CSS size and pixel ratio, as last seen.
    struct Display {
        SDL_Window* window = nullptr;
        BrowserTextEngine text;  // every letter on screen is painted by the browser
        float dpr = 0;
        double css_width = 0, css_height = 0;
        bool drew_a_frame = false;  // the first is marked for bench/app's start-up breakdown
    };

    PlatformState();
    ~PlatformState();  // in web_state.cpp, where ui::App is a complete type

    Calls calls;
    int frames_owed = 3;          // render on demand: frames still to draw
    std::unique_ptr<Sync> sync;   // from start_sync() on
    WebHost host;
    Display display;
    std::unique_ptr<ui::App> app;  // from main() on
};

// The one instance, made on first use.
PlatformState& platform_state();

}  // namespace tellus::platform
