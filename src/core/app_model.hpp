#pragma once
// The patient app as a state machine, like SyncEngine: no drawing, no browser, no clock of its
// own. Views (src/ui/app.cpp) draw what it holds and call its actions; it reaches the world only
// through AppHost (fetch, store, clock, speech), so every journey is tested natively.
//
//   Loading ──► Language ──► Welcome ──► Question … Question ──send──► Thanks ──► Language
//      │   (survey and language list in, or 10 s) ▲        │ (saving: Send disabled)
//      └──► Problem ──retry──► Loading            └─ back ─┘
//   Staff: from Language, Welcome or Problem ("#staff" or a 3-second corner press); leaving it,
//   like every kiosk reset, starts the next person on the Language screen with nothing kept.
//
// What it guarantees:
//  - one response per survey taken: its id is made when the survey starts, Send is refused while
//    the write is pending, and saving the same id again is the same response;
//  - a tap within kTapGuardMs of a screen change does nothing (the second tap of a double tap
//    would otherwise land on the next screen's button);
//  - a start shows its first real screen as soon as it can: nothing is drawn in its first
//    kQuietStartMs, so a quick start never flashes "Loading";
//  - every start ends on a screen with words on it: a survey that is not JSON, not valid or does
//    not answer within kLoadTimeoutMs falls back to the device's last good copy, or shows the
//    "tell the front desk" screen with a retry; a missing catalog falls back to English, which
//    is built in;
//  - the languages offered are the server's (GET api/v1/languages, issue 13), so a clinic adds or
//    corrects one without rebuilding; when the server cannot be reached or answers nonsense, the
//    device's last good copy of that list, else the list compiled in (i18n/ at build time): never
//    an empty list, and English always first.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app_host.hpp"
#include "catalog.hpp"
#include "languages.hpp"
#include "session.hpp"
#include "survey.hpp"

namespace tellus {

enum class Screen { Loading, Language, Welcome, Question, Thanks, Problem, Staff };
enum class Mode { Kiosk, Phone };

// Defaults, defined once.
inline constexpr const char* kDefaultSurveyId = TELLUS_DEFAULT_SURVEY;  // CMakeLists.txt, shared with the web shell
inline constexpr double kDefaultIdleMs = 60'000;     // kiosk: "Are you still there?" after this long untouched
inline constexpr double kCountdownMs = 15'000;       // then this long to answer before the kiosk resets
inline constexpr double kTapGuardMs = 400;           // taps this soon after a screen change are ignored
inline constexpr double kLoadTimeoutMs = 10'000;     // a survey or catalog that has not answered by then
inline constexpr double kSaveTimeoutMs = 10'000;     // a device write that has not been confirmed by then
// A start draws nothing for this long while it loads: one that has its survey and words by then
// goes straight to its first screen, and the browser spends the time reading them rather than
// painting "Loading" (issue 16: painting it delayed the first screen by up to 0.7 s).
inline constexpr double kQuietStartMs = 500;
inline constexpr int kTextSizeCount = 3;
// Up to this many languages, the language screen says "Choose your language" in each of them, so
// their catalogs are fetched at start; with more, it shows only their names (from the server's
// list) and a catalog is fetched when its language is chosen, or by a kiosk once it has started
// (a kiosk must offer every language offline).
inline constexpr std::size_t kLanguagesInOneColumn = 4;

// The languages compiled in (i18n/<lang>.json at build time), English first: what the app offers
// when the server's list (AppModel::languages()) cannot be had.
const std::vector<std::string>& app_languages();
// The English catalog, compiled in: the app always has words, even when no catalog can be fetched.
const Catalog& builtin_english();

struct AppConfig {
    std::string start_language = "en";
    bool language_from_url = false;  // a link that names a language skips the language screen
    Mode mode = Mode::Kiosk;
    std::string site, survey_id = kDefaultSurveyId, api_base;  // api_base "" = same origin
    double idle_before_asking_ms = kDefaultIdleMs;
};

// Why the survey is not shown, for staff (the patient sees one plain sentence).
struct LoadProblem {
    enum class Kind { None, NoAnswer, TimedOut, HttpStatus, NotJson, Invalid } kind = Kind::None;
    int status = 0;
    std::vector<std::string> details;  // the survey loader's messages
};

class AppModel {
public:
    AppModel(AppHost& host, AppConfig config);

    // [SECTION] Events
    void start();                 // fetch catalogs and the survey
    void tick();                  // timers: load time-out, save time-out, kiosk idle and countdown
    // Whether a deadline tick() acts on has passed: a timer that finds none (the load time-out of a
    // load long finished) draws nothing, so an idle screen costs no frames (issue 16).
    bool due() const;
    // Asks the host to wake the app at the next deadline still pending (the host keeps only the
    // earliest; after a wake that found nothing due, the later ones are asked for again).
    void arm_next_wake();
    void activity();              // any touch, click or key: keeps a kiosk session alive
    // Whether the view should draw nothing yet: the start's first kQuietStartMs on the loading
    // screen. After that (or once another screen is reached) it is false for good, and the
    // loading screen, if the start is still loading, is due to be drawn.
    bool hold_first_frame();

    // [SECTION] Patient actions: each returns false when it was ignored (tap guard, wrong screen, busy)
    // On the language screen or in the picker. A language whose catalog has not come yet is fetched
    // first (a phone downloads only the catalogs it uses); the screen moves on when it comes, or
    // after kLoadTimeoutMs in English words with the survey's own texts in that language.
    bool choose_language(const std::string& lang);
    bool open_language_picker();
    void close_language_picker();
    bool start_survey();
    bool choose(const std::string& option_id);      // a choice or face: tapping a chosen one un-answers
    bool choose_number(int value);                   // the 0-10 scale: the same
    bool set_text(const std::string& text);          // the comment as typed (limited to the question's length)
    bool next();
    bool back();
    bool send();
    bool start_again();                              // on the thank-you screen
    bool still_here();                               // "Yes, I am still here"
    bool retry();                                    // the problem screen's "Try again"
    void cycle_text_size();
    void toggle_contrast();
    void speak_question();                           // read aloud, or stop reading
    void enter_staff();
    void leave_staff();                              // staff mode ended (by staff or by its limits)

    // [SECTION] What views show
    Screen screen() const { return screen_; }
    const AppConfig& config() const { return config_; }
    const std::string& language() const { return language_; }
    const Catalog& catalog() const { return catalog_for(language_); }
    const Catalog& catalog_for(const std::string& lang) const;
    std::string tr(const std::string& key) const { return catalog().get(key); }
    const Survey* survey() const { return survey_ ? &*survey_ : nullptr; }
    const SurveySession* session() const { return session_.get(); }
    const Question* current_question() const;
    bool on_last_question() const;
    std::string option_label(const Question& q, const Option& o) const;
    std::string spoken_text(const Question& q) const;
    bool sending() const { return sending_; }
    bool save_failed() const { return save_failed_; }
    const LoadProblem& problem() const { return problem_; }
    std::vector<std::string> problem_details() const;  // plain lines for staff
    bool picker_open() const { return picker_open_; }
    bool asking_still_there() const { return still_there_since_ms_ >= 0; }
    int countdown_seconds() const;
    int text_size() const { return text_size_; }
    bool high_contrast() const { return high_contrast_; }
    const std::string& response_id() const { return response_id_; }  // "" outside a survey
    // Moves on each screen change (and each new question): views re-announce and scroll to the top.
    int screen_serial() const { return screen_serial_; }

    // [SECTION] Languages (issue 13)
    // The languages offered, English first: the server's list, or the compiled-in one (whose
    // entries have no name until their catalog arrives) while it has not answered, and when
    // neither the server nor the device has a good copy of it.
    const std::vector<LanguageInfo>& languages() const { return languages_; }
    bool language_list_from_server() const { return list_from_server_; }
    // The codes the language screen offers: listed, and whose catalog arrived (English always).
    std::vector<std::string> available_languages() const;
    // The language named in itself ("Français"), from its catalog, else from the list.
    std::string language_name(const std::string& code) const;
    // "rtl" or "ltr": how the text shown for the current language runs (English, so "ltr", while
    // its catalog has not arrived). Views mirror the layout when it is "rtl".
    std::string direction() const { return direction_of(language_); }
    std::string direction_of(const std::string& code) const;
    // Whether a fluent speaker checked the language's catalog ("language.reviewed": "yes").
    bool language_reviewed(const std::string& code) const;
    // The offered languages nobody fluent has checked yet, each named in itself: for staff screens
    // only, never shown to patients.
    std::vector<std::string> unreviewed_language_names() const;

private:
    void go(Screen screen);
    bool guard() const;  // true when a tap may act now
    void set_language(const std::string& lang);
    void load();
    void ask_catalog(const std::string& lang);
    void on_catalog(int generation, const std::string& lang, int status, const std::string& body);
    void on_language_list(int generation, int status, const std::string& body);
    void language_list_from_device();
    void take_language_list(std::vector<LanguageInfo> list, bool from_server);
    void ask_listed_catalogs();
    void take_chosen_language();
    void languages_changed(const std::vector<std::string>& before);
    const LanguageInfo* listed(const std::string& code) const;
    std::string languages_url() const { return config_.api_base + "api/v1/languages"; }
    std::string catalog_url(const std::string& lang) const { return config_.api_base + "i18n/" + lang + ".json"; }
    void on_survey(int generation, int status, const std::string& body);
    bool take_survey(const std::string& body, LoadProblem& problem);
    void fall_back_to_cached_copy(LoadProblem problem);
    void survey_failed(LoadProblem problem);
    void finish_loading_if_ready();
    Screen first_screen() const;
    void reset_for_next_person();
    void finish_sending(bool saved);
    void update_kiosk_timer(double now);
    bool kiosk_timer_running() const;
    std::string response_locale() const;

    AppHost& host_;
    AppConfig config_;
    Screen screen_ = Screen::Loading;
    int screen_serial_ = 0;
    double screen_changed_ms_ = -1e18;
    std::string language_;
    std::map<std::string, Catalog> catalogs_;
    int generation_ = 0;          // a retry ignores answers to the previous attempt
    std::set<std::string> catalogs_asked_;  // fetched in this attempt (answered or not)
    std::string chosen_before_catalog_;     // a language tapped before its catalog came
    double chosen_at_ms_ = 0;
    std::vector<LanguageInfo> languages_;
    bool list_from_server_ = false;
    enum class ListStage { Network, Cache, Done } list_stage_ = ListStage::Network;
    enum class SurveyStage { Network, Cache, Done } survey_stage_ = SurveyStage::Network;
    double load_started_ms_ = 0;
    bool first_screen_drawn_ = false;  // hold_first_frame() has let a frame through
    // A start's first frame has not been drawn and it is still loading (kQuietStartMs applies).
    bool quiet_start_pending() const { return !first_screen_drawn_ && screen_ == Screen::Loading; }
    std::optional<Survey> survey_;
    LoadProblem problem_;
    std::unique_ptr<SurveySession> session_;
    std::string response_id_, started_at_;
    bool sending_ = false, save_failed_ = false;
    double sending_since_ms_ = 0;
    bool picker_open_ = false;
    int text_size_ = 0;
    bool high_contrast_ = false;
    double last_activity_ms_ = 0;
    double still_there_since_ms_ = -1;
};

}  // namespace tellus
