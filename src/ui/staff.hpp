#pragma once
// Staff mode (issues 6, 11, 12), drawn: behind the staff token, a device panel (what this kiosk or
// phone is set to, what waits or is held on it, sync now, download what is on it) and a results
// panel (counts from GET /api/v1/summary, an equity breakdown with small counts suppressed,
// downloads). Everything it shows and does is core/staff_model.hpp's StaffModel: this file only
// draws the model and turns presses into its calls.
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/staff_model.hpp"
#include "core/survey.hpp"

namespace tellus::ui {

class Widgets;

// What staff mode shows about the device, from the app's configuration.
struct StaffContext {
    const Catalog& catalog;
    const std::string& language;
    const Survey* survey;  // nullptr when it could not be loaded
    std::string survey_id, site, mode, start_language, api_base;
    double kiosk_idle_ms = 75'000;  // a kiosk left in staff mode goes back to patients after this
    std::vector<std::string> unreviewed_languages = {};  // named in themselves (issue 13)

    // What the model needs of it.
    StaffSetup setup() const { return {survey, survey_id, site, api_base, mode == "kiosk", kiosk_idle_ms, unreviewed_languages}; }
};

class StaffScreen {
public:
    // Draws one frame of `model`; returns true when staff mode is over (staff left, or the session
    // ended by the device's idle limit or its own): the app goes back to the patient screens.
    bool draw(Widgets& w, StaffModel& model, const StaffContext& context, float width, double now_ms);

private:
    void draw_token(Widgets& w, StaffModel& model, const StaffContext& context, float width, double now_ms);
    void draw_device(Widgets& w, StaffModel& model, const StaffContext& context, float width);
    void draw_results(Widgets& w, StaffModel& model, const StaffContext& context, float width);
    void draw_period(Widgets& w, StaffModel& model, const StaffContext& context, float width);
    void draw_filters(Widgets& w, StaffModel& model, const StaffContext& context, float width);
    void draw_breakdown_choice(Widgets& w, StaffModel& model, const StaffContext& context, float width);
    void draw_summary(Widgets& w, StaffModel& model, const StaffContext& context, float width);
    // Every role: a page at a time, newest first, with "More comments" while there are more.
    void draw_comments(Widgets& w, StaffModel& model, const StaffContext& context, float width);
    void draw_question_counts(Widgets& w, const StaffContext& context, const Question& q, const QuestionCounts& counts, float width,
                              bool bars);

    // Draws text and adds it to the panel's readable text (the twin layer's status line).
    void say(Widgets& w, const std::string& text, float width, float scale = 1.0f, bool centred = false, bool muted = false);

    std::string readable_, announced_;
};

}  // namespace tellus::ui
