#pragma once
// Staff mode (issue 6): behind the staff token, a device panel (what this kiosk or phone is set
// to, what waits or is held on it, sync now, download what is on it) and a results panel (counts
// from GET /api/v1/summary, an equity breakdown with small counts suppressed, downloads).
// Reached by "#staff" in the address or a 3-second press in the language screen's top-left corner;
// both always ask for a staff token, which is exchanged for a server session held only in memory
// (core/staff_sign_in.hpp). What a staff member sees follows the token's role.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/catalog.hpp"
#include "core/staff_sign_in.hpp"
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
};

class StaffScreen {
public:
    // Called on entering: always starts at the sign-in page.
    void enter(const StaffContext& context);
    // A touch, click or key in staff mode: keeps the session alive.
    void activity(double now_ms) { sign_in_.activity(now_ms); }
    // Draws one frame; returns true when staff mode is over (staff left, or the session ended by
    // the device's idle limit or the server): the app goes back to the patient screens.
    bool draw(Widgets& w, const StaffContext& context, float width, double now_ms);
    // Ends the session (on the server too) and forgets everything staff mode loaded.
    void leave(const StaffContext& context);

    // The long press that opens staff mode: feed it every frame of the language screen.
    // Returns true once a press inside the corner has lasted `kHoldMs`.
    static bool corner_held(bool down, float x, float y, double now_ms);
    static constexpr double kHoldMs = 3000;
    static constexpr float kCornerSize = 72;
    static constexpr size_t kMaxComments = 200;  // newest comments shown; all are in the downloads

private:
    enum class Page { Token, Device, Results };
    void sign_in(const StaffContext& context, std::string token);
    void send(const std::string& api_base, const StaffRequest& request);
    // Reads a staff request's status: false (with the reason shown) when it failed; a 401 means
    // the session is over and returns to the sign-in page.
    bool accepted(const Catalog& catalog, const std::string& api_base, int status);
    void forget_loaded();
    void load_device();
    void load_summary(const StaffContext& context);
    void load_comments(const StaffContext& context);
    void download(const StaffContext& context, const std::string& format, const std::string& extension);
    void download_device(const StaffContext& context);
    std::string query(const StaffContext& context) const;

    void draw_token(Widgets& w, const StaffContext& context, float width);
    void draw_device(Widgets& w, const StaffContext& context, float width);
    void draw_results(Widgets& w, const StaffContext& context, float width);
    void draw_period(Widgets& w, const StaffContext& context, float width);
    void draw_question_counts(Widgets& w, const StaffContext& context, const Question& q, const nlohmann::json& counts, float width,
                              bool bars);

    // Draws text and adds it to the panel's readable text (the twin layer's status line).
    void say(Widgets& w, const std::string& text, float width, float scale = 1.0f, bool centred = false, bool muted = false);

    Page page_ = Page::Token;
    std::string readable_, announced_;
    StaffSignIn sign_in_;
    std::string typed_token_, message_;
    bool show_token_ = false;
    bool ended_ = false;  // the session ended by itself: leave staff mode at the next frame
    bool busy_ = false;
    // Device panel: this device's outbox as read from storage.
    bool device_loaded_ = false;
    nlohmann::json queued_ = nlohmann::json::array(), held_ = nlohmann::json::array();
    // Results panel: filters and the last summary.
    std::string period_;  // "2026-11", "2026-Q4" or "2026": what viewers see (managers may also pick dates)
    std::string since_, until_, site_filter_, by_;
    nlohmann::json summary_;
    std::vector<std::pair<std::string, std::string>> comments_;  // (submitted_at, question: text), newest first
    bool site_filter_set_ = false;
};

}  // namespace tellus::ui
