#pragma once
// Staff mode (issues 6, 11, 12) as a model with no ImGui, SDL or browser calls: the pages, the
// typed token, the filters, and typed pictures of what the staff screens show (src/ui/staff.cpp
// draws them and turns presses into the calls below). It reaches the world only through AppHost,
// so every staff journey runs natively under doctest with a fake host.
//
//  enter() ─► Token ──sign_in(), 201──► Device ◄──show_device()/show_results()──► Results
//               ▲                          │                                        │
//               └── a 401 on any request ──┴────────────────────────────────────────┘
//  tick() returns true (back to the patient screens) when the session ends by the device's idle
//  limit or its own limits, and, on a kiosk, when the sign-in page is left untouched that long.
//  leave() ends the session on the server too (StaffSignIn) and forgets everything loaded.
//
// Answers that come back after staff left, after the session ended, or after a newer request for
// the same thing, are dropped: what one staff member loaded never reaches the next one's screen.
// What staff read is a StaffMessage: an i18n key and its values, formatted by the view with the
// catalog, so every word shown comes from i18n/*.json.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app_host.hpp"
#include "corner_press.hpp"
#include "period.hpp"
#include "staff_sign_in.hpp"
#include "staff_view.hpp"
#include "survey.hpp"

namespace tellus {

// What staff mode knows about this device, from the app's configuration.
struct StaffSetup {
    const Survey* survey = nullptr;  // nullptr when it could not be loaded (no comments then)
    std::string survey_id, site;
    std::string api_base;  // "" = this server
    bool kiosk = true;     // a shared kiosk (stricter idle limit) or a staff member's phone
    double kiosk_idle_ms = 75'000;  // a kiosk left in staff mode goes back to patients after this
    // The languages offered that no fluent speaker has checked yet, each named in itself (issue 13;
    // AppModel::unreviewed_language_names). Staff see them; patients never do.
    std::vector<std::string> unreviewed_languages;
};

// A line for staff: an i18n key ("staff.token_wrong") and the values of its {placeholders}.
struct StaffMessage {
    std::string key;
    std::map<std::string, std::string> values;
    bool empty() const { return key.empty(); }
    bool operator==(const StaffMessage&) const = default;
};

enum class StaffPage { Token, Device, Results };
enum class ExportFormat { Csv, Json, Fhir };

class StaffModel {
public:
    static constexpr int kCommentsPerPage = 25;  // "More comments" fetches the next page

    explicit StaffModel(AppHost& host) : host_(host) {}

    // [SECTION] Entering and leaving
    // Staff mode opens: always at the token page, with this month's results to come.
    void enter(StaffSetup setup, double now_ms);
    // Staff left, or the device is reset for the next person: the session ends (on the server
    // too) and everything loaded is forgotten.
    void leave();
    // A touch, click or key in staff mode: keeps the session alive.
    void activity(double now_ms);
    // Every frame in staff mode. True when staff mode is over: the session ended by an idle or
    // overall limit (ended on the server too), or a kiosk's sign-in page was left untouched.
    bool tick(double now_ms);
    // Feed it the pointer every frame of the language screen: true once a press in the top-left
    // corner has lasted CornerPress::kHoldMs.
    bool corner_held(bool down, float x, float y, double now_ms);
    // A press on the corner is under way: its timer needs frames to see it through.
    bool corner_pressing() const { return corner_.pressing(); }

    // [SECTION] Sign-in
    void type_token(std::string token);
    void toggle_show_token() { show_token_ = !show_token_; }
    bool can_sign_in() const;
    // "Sign in" or Enter: exchanges the token for a session (one request, however many taps).
    void sign_in(double now_ms);

    // [SECTION] Pages
    void show_device();
    void show_results();

    // [SECTION] This device
    void sync_now();
    // Managers: every response the sync engine holds (saved, memory-only and held) as one file,
    // saved only once the server has recorded the download in its audit trail.
    void download_device();
    void open_poster();

    // [SECTION] Results
    void choose_period(PeriodKind kind);  // the month, quarter or year of today
    void step_period(int steps);          // earlier (-1) or later (+1)
    void set_dates(std::string since, std::string until);  // managers, "YYYY-MM-DD" or ""
    void set_site(std::string site);
    void set_breakdown(std::string question_id);  // "" for everyone; loads at once
    void show_summary();  // "Show results" with the filters as they are
    void download(ExportFormat format);  // managers: raw rows with the same filters
    void more_comments();  // the next page, after the ones shown

    // [SECTION] What the screens show
    StaffPage page() const { return page_; }
    const std::string& typed_token() const { return typed_token_; }
    bool token_shown() const { return show_token_; }
    bool busy() const { return busy_; }
    const StaffMessage& message() const { return message_; }
    const std::string& name() const { return sign_in_.name(); }
    StaffRole role() const { return sign_in_.role(); }
    bool can(StaffRole needed) const { return sign_in_.can(needed); }
    const StaffSetup& setup() const { return setup_; }

    const std::string& period() const { return period_; }
    PeriodKind period_kind() const;
    // A manager's own dates are in use instead of the period.
    bool dates_chosen() const;
    bool dates_valid() const;
    const std::string& since() const { return since_; }
    const std::string& until() const { return until_; }
    const std::string& site_filter() const { return site_filter_; }
    const std::string& breakdown() const { return by_; }
    const std::optional<SummaryView>& summary() const { return summary_; }
    const std::vector<StaffComment>& comments() const { return comments_; }
    bool more_comments_to_load() const { return !comments_cursor_.empty(); }

    // One plain line on the device page: which languages are not reviewed yet, or that all are.
    StaffMessage languages_note() const;

    SyncStatus sync_status() const { return host_.sync_status(); }
    std::string last_sync_time() const;  // "14:05", or "" when nothing was sent since the page opened
    const std::vector<HeldLine>& held() const { return held_; }

private:
    void send(const StaffRequest& request);
    void on_session_reply(std::uint64_t serial, int status, const std::string& body);
    // A staff request's status: false (with the reason in message()) when it failed; a 401 means
    // the session is over, and returns to the token page.
    bool accepted(int status);
    // Forgets everything loaded, and drops the answers still to come.
    void forget_loaded();
    void refresh_device();
    void load_summary();
    // The first page of comments for the filters shown (`after` empty), or the page after it.
    void load_comments(const std::string& after = {});
    std::string query() const;
    std::string api(const std::string& path) const { return setup_.api_base + path; }

    AppHost& host_;
    StaffSetup setup_;
    StaffSignIn sign_in_;
    CornerPress corner_;
    StaffPage page_ = StaffPage::Token;
    std::string typed_token_;
    bool show_token_ = false;
    bool busy_ = false;
    StaffMessage message_;
    double last_activity_ms_ = 0;
    std::uint64_t serial_ = 0;          // bumped whenever what was loaded is forgotten
    std::uint64_t summary_request_ = 0;  // the newest summary asked for; older answers are dropped

    std::vector<HeldLine> held_;
    // "2026-11", "2026-Q4" or "2026": what viewers see (managers may also pick dates).
    std::string period_, since_, until_, site_filter_, by_;
    std::optional<SummaryView> summary_;
    std::vector<StaffComment> comments_;
    std::string comments_cursor_;  // where the next page starts; "" when none is left
    bool comments_loading_ = false;
};

}  // namespace tellus
