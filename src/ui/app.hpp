#pragma once
// The patient-facing app: screens, language, survey session, kiosk timeout. Immediate-mode code
// over core state; everything platform-specific goes through src/platform.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/session.hpp"
#include "core/staff_model.hpp"
#include "core/survey.hpp"
#include "platform/web_host.hpp"
#include "staff.hpp"
#include "theme.hpp"
#include "twins.hpp"

namespace tellus::ui {

enum class Screen { Loading, Language, Welcome, Question, Thanks, Problem, Staff };
enum class Mode { Kiosk, Phone };

struct AppConfig {
    std::string start_language = "en";
    bool language_from_url = false;  // a link that names a language skips the language screen
    Mode mode = Mode::Kiosk;
    std::string site, survey_id = "primary-care-visit", api_base;  // api_base "" = same origin
    std::vector<std::string> languages = {"en", "fr", "zh"};
    double idle_before_asking_ms = 60'000;  // kiosk: "Are you still there?" after this long untouched
};

class App {
public:
    explicit App(AppConfig config);

    // Start loading catalogs and the survey.
    void start();
    // Draw one frame into the current ImGui frame; `width`/`height` in CSS px.
    void frame(float width, float height, double now_ms);
    // Any touch, click or key: keeps a kiosk session alive.
    void note_activity(double now_ms);

    TwinLayer& twins() { return twins_; }
    Screen screen() const { return screen_; }
    const std::string& language() const { return language_; }
    // Text whose glyphs the font must have (catalogs and survey in every language).
    std::string all_text() const;
    bool needs_cjk_font() const { return language_ == "zh"; }
    // True once catalogs (and the survey, or a problem) have arrived.
    bool ready() const { return screen_ != Screen::Loading; }

    const Catalog& catalog() const;
    std::string tr(const std::string& key) const { return catalog().get(key); }

private:
    void on_survey(int status, const std::string& body);
    void set_language(const std::string& language);
    void go(Screen screen);
    Screen first_screen() const;
    void reset_for_next_person();
    void send();
    void update_kiosk_timeout(double now_ms);

    void draw_language(class Widgets& w, float width);
    void enter_staff();                  // staff mode (issue 6): staff.hpp
    StaffContext staff_context() const;
    void draw_welcome(class Widgets& w, float width);
    void draw_question(class Widgets& w, float width, float height);
    void draw_answers(class Widgets& w, const Question& q, float width);
    void draw_thanks(class Widgets& w, float width);
    void draw_problem(class Widgets& w, float width);
    void draw_still_there(class Widgets& w, float width, float height, double now_ms);
    void draw_toolbar(class Widgets& w, float width);
    void draw_sync_status(class Widgets& w, float width, float height);
    void draw_read_aloud(class Widgets& w, const Question& q, float width);
    std::string spoken_text(const Question& q) const;
    std::string option_label(const Question& q, const Option& o) const;
    void follow_scrolling(float height);

    AppConfig config_;
    Screen screen_ = Screen::Loading;
    std::string language_;
    std::map<std::string, Catalog> catalogs_;
    int catalogs_pending_ = 0;
    bool survey_arrived_ = false;
    std::optional<Survey> survey_;
    std::vector<std::string> survey_problems_;
    std::unique_ptr<SurveySession> session_;
    std::string started_at_;
    TwinLayer twins_;
    platform::WebHost host_;
    StaffModel staff_model_{host_};
    StaffScreen staff_;
    int text_scale_ = 0;
    bool high_contrast_ = false;
    double last_activity_ms_ = 0;
    double still_there_since_ms_ = -1;
    bool save_failed_ = false;
    std::string screen_key_;  // what the last announcement described
    std::string scrolled_to_focus_;  // the focused twin last scrolled into view
    bool dragging_ = false;
};

// Kiosk timing: an idle kiosk asks "Are you still there?", then after this countdown resets.
inline constexpr double kCountdownMs = 15'000;

}  // namespace tellus::ui
