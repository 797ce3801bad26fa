#pragma once
// The patient app's screens: a view of core's AppModel (core/app_model.hpp). Each frame draws
// what the model holds and turns presses into model actions; no logic worth testing lives here.
// Staff mode's screens are in staff.cpp.
#include <string>

#include "core/app_host.hpp"
#include "core/app_model.hpp"
#include "core/staff_model.hpp"
#include "staff.hpp"
#include "text_engine.hpp"
#include "theme.hpp"
#include "twins.hpp"
#include "widgets.hpp"

namespace tellus::ui {

class App {
public:
    App(AppHost& host, AppConfig config);

    void start() { model_.start(); }
    // Draws one frame into the current ImGui frame; `width`/`height` in CSS px.
    void frame(float width, float height);
    // Any touch, click or key: keeps a kiosk session alive.
    void note_activity();
    // A timer the app asked for has fired: true when it needs frames (a deadline passed, staff
    // mode, a corner press under way); otherwise it asks for its next deadline again and draws
    // nothing, so an idle screen costs no frames.
    bool timer_needs_frames();

    TwinLayer& twins() { return twins_; }
    const AppModel& model() const { return model_; }
    // True while a start should draw nothing yet (AppModel::hold_first_frame).
    // A held frame asks again for the next deadline (the page keeps one timer).
    bool hold_first_frame() {
        if (!model_.hold_first_frame()) return false;
        model_.arm_next_wake();
        return true;
    }
    const Theme& theme() const { return model_.high_contrast() ? high_contrast_theme() : standard_theme(); }
    // Who measures and draws text (the browser's engine in the app; ImGui's font when unset).
    void use_text_engine(TextEngine* engine) { text_engine_ = engine; }
    // The current language reads right to left: the frame is mirrored (ui/mirror.hpp).
    bool right_to_left() const { return model_.direction() == "rtl"; }

private:
    Style style_for(float width) const;
    void enter_staff_if_asked();
    StaffContext staff_context() const;

    void draw_screen(Widgets& w, float width, float height);
    void draw_toolbar(Widgets& w, float width);
    void draw_language(Widgets& w, float width);
    void draw_language_picker(Widgets& w, float width);
    void draw_language_grid(Widgets& w, float width, bool picker);
    void draw_welcome(Widgets& w, float width);
    void draw_question(Widgets& w, float width);
    void draw_progress(Widgets& w, float width);
    void draw_answers(Widgets& w, const Question& q, float width);
    void draw_scale(Widgets& w, const Question& q, float width);
    void draw_navigation(Widgets& w, const Question& q, float width);
    void draw_thanks(Widgets& w, float width);
    void draw_problem(Widgets& w, float width);
    void draw_still_there(Widgets& w, float width);
    void draw_sync_status(Widgets& w, float width);
    void draw_more_below(Widgets& w, float width, float height);
    void follow_scrolling(float height);

    AppHost& host_;
    AppModel model_;
    TwinLayer twins_;
    StaffModel staff_model_;
    StaffScreen staff_;
    int announced_serial_ = -1;      // the screen the live region last described
    std::string announced_heading_;
    std::string scrolled_to_focus_;  // the focused twin last scrolled into view
    TextEngine* text_engine_ = nullptr;
};

}  // namespace tellus::ui
