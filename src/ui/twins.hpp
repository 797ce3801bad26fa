#pragma once
// The accessible twin layer, as data. Each frame, every widget helper (widgets.hpp) adds the
// twin of the control it draws: role, accessible name, state and rectangle. The platform mirrors
// the list into DOM elements over the canvas (shell/tellus-web.js), and hands back what a user
// did to a twin (click, typing, arrows) as actions the same widget picks up on the next frame.
// Plain C++ (no ImGui) so it is unit-tested natively.
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace tellus::ui {

// Text is the non-interactive kind: a paragraph of the screen, so screen readers hear all of it.
// Progress is not a control either: how far along the survey is (value between min and max).
enum class Role { Button, Radio, Checkbox, Textbox, Slider, Text, Progress };
const char* to_string(Role role);

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;  // CSS pixels, canvas-relative
    bool operator==(const Rect&) const = default;
};

struct Twin {
    std::string id;     // stable across frames
    Role role = Role::Button;
    std::string name;   // accessible name, current language
    std::string group;  // radio group / question id the control belongs to
    bool checked = false;
    bool disabled = false;
    std::string value;  // textbox text, slider value
    int min = 0, max = 0;
    Rect rect;
    bool secret = false;  // textbox: a password field (the staff token), never autofilled or kept
    bool shown = true;    // secret: its characters shown ("Show token")
    std::optional<bool> pressed;  // a toggle button's state (aria-pressed); empty for plain buttons
    bool operator==(const Twin&) const = default;
};

struct TwinAction {
    enum class Kind { Activate, SetValue, Focus } kind = Kind::Activate;
    std::string id;
    std::string value;
};

class TwinLayer {
public:
    void begin_frame();
    void add(Twin twin);
    void set_heading(std::string heading) { heading_ = std::move(heading); }
    // Politely announced by the live region (screen changes, errors, countdowns).
    void announce(std::string message) { announcement_ = std::move(message); }
    // The language of what the screen says (a BCP 47 tag) and whether it reads right to left:
    // the twins carry lang and dir. With `mirrored_width` > 0 the frame is drawn flipped within
    // that width (ui/mirror.hpp), and the published rectangles are flipped to match.
    void set_language(std::string lang, bool rtl, float mirrored_width) {
        lang_ = std::move(lang);
        rtl_ = rtl;
        mirrored_width_ = mirrored_width;
    }
    // A quiet status line (sync state), readable on demand but never announced.
    void set_status(std::string status) { status_ = std::move(status); }

    // The whole layer as JSON, when it differs from the last one returned; empty otherwise.
    std::string take_changes();
    const std::vector<Twin>& twins() const { return twins_; }
    const std::string& heading() const { return heading_; }

    // Actions arrive from the platform between frames; a widget takes the one meant for it.
    void push_action(TwinAction action) { actions_.push_back(std::move(action)); }
    std::optional<TwinAction> take_action(const std::string& id);
    // The id of the twin holding keyboard focus, so the canvas can draw the focus ring.
    void set_focused(std::string id) { focused_ = std::move(id); }
    const std::string& focused() const { return focused_; }
    // Actions nobody claimed (their widget is gone) are dropped at the end of a frame.
    void end_frame() { actions_.clear(); }

private:
    std::vector<Twin> twins_;
    std::string heading_, announcement_, status_, published_, focused_, lang_ = "en";
    bool rtl_ = false;
    float mirrored_width_ = 0;
    std::deque<TwinAction> actions_;
};

}  // namespace tellus::ui
