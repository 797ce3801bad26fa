#pragma once
// Staff mode (issue 6): behind the staff token, a device panel (what this kiosk or phone is set
// to, what waits or is held on it, sync now, download what is on it) and a results panel (counts
// from GET /api/v1/summary, an equity breakdown with small counts suppressed, downloads).
// Reached by "#staff" in the address or a 3-second press in the language screen's top-left corner.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/catalog.hpp"
#include "core/survey.hpp"

namespace tellus::ui {

class Widgets;

// What staff mode shows about the device, from the app's configuration.
struct StaffContext {
    const Catalog& catalog;
    const std::string& language;
    const Survey* survey;  // nullptr when it could not be loaded
    std::string survey_id, site, mode, start_language, api_base;
};

class StaffScreen {
public:
    // Called on entering: uses the token kept on this device, if any.
    void enter(const StaffContext& context);
    // Draws one frame; returns true when staff chose to leave.
    bool draw(Widgets& w, const StaffContext& context, float width);

    // The long press that opens staff mode: feed it every frame of the language screen.
    // Returns true once a press inside the corner has lasted `kHoldMs`.
    static bool corner_held(bool down, float x, float y, double now_ms);
    static constexpr double kHoldMs = 3000;
    static constexpr float kCornerSize = 72;
    static constexpr size_t kMaxComments = 200;  // newest comments shown; all are in the downloads

private:
    enum class Page { Token, Device, Results };
    void check_token(const StaffContext& context, const std::string& token);
    void load_device();
    void load_summary(const StaffContext& context);
    void load_comments(const StaffContext& context);
    void download(const StaffContext& context, const std::string& format, const std::string& extension);
    void download_device(const StaffContext& context);
    std::string query(const StaffContext& context) const;

    void draw_token(Widgets& w, const StaffContext& context, float width);
    void draw_device(Widgets& w, const StaffContext& context, float width);
    void draw_results(Widgets& w, const StaffContext& context, float width);
    void draw_question_counts(Widgets& w, const StaffContext& context, const Question& q, const nlohmann::json& counts, float width,
                              bool bars);

    // Draws text and adds it to the panel's readable text (the twin layer's status line).
    void say(Widgets& w, const std::string& text, float width, float scale = 1.0f, bool centred = false, bool muted = false);

    Page page_ = Page::Token;
    std::string readable_, announced_;
    std::string token_, typed_token_, message_;
    bool busy_ = false;
    // Device panel: this device's outbox as read from storage.
    bool device_loaded_ = false;
    nlohmann::json queued_ = nlohmann::json::array(), held_ = nlohmann::json::array();
    // Results panel: filters and the last summary.
    std::string since_, until_, site_filter_, by_;
    nlohmann::json summary_;
    std::vector<std::pair<std::string, std::string>> comments_;  // (submitted_at, question: text), newest first
    bool site_filter_set_ = false;
};

}  // namespace tellus::ui
