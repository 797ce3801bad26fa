#include "staff_model.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "file_names.hpp"
#include "text.hpp"

namespace tellus {

namespace {
std::string trimmed(std::string text) {
    text.erase(0, text.find_first_not_of(" \t\r\n"));
    text.erase(text.find_last_not_of(" \t\r\n") + 1);
    return text;
}

const char* format_parameter(ExportFormat format) {
    switch (format) {
        case ExportFormat::Csv: return "csv";
        case ExportFormat::Json: return "json";
        case ExportFormat::Fhir: break;
    }
    return "fhir";
}

const char* file_extension(ExportFormat format) { return format == ExportFormat::Fhir ? "fhir.json" : format_parameter(format); }
}  // namespace

// [SECTION] Entering and leaving

void StaffModel::enter(StaffSetup setup, double now_ms) {
    forget_loaded();
    setup_ = std::move(setup);
    StaffSignInLimits limits;
    limits.kiosk_idle_ms = setup_.kiosk_idle_ms;
    sign_in_ = StaffSignIn(limits, setup_.kiosk);
    page_ = StaffPage::Token;
    message_ = {};
    last_activity_ms_ = now_ms;
    // Each staff member starts from this month, all of this device's site, everyone.
    period_.clear();
    since_.clear();
    until_.clear();
    by_.clear();
    site_filter_ = setup_.site;
    // "#staff" is a one-time request: a kiosk reset or reload after this starts the patient screens.
    host_.clear_staff_url();
}

void StaffModel::leave() {
    send(sign_in_.leave());
    forget_loaded();
    message_ = {};
    page_ = StaffPage::Token;
}

void StaffModel::activity(double now_ms) {
    last_activity_ms_ = std::max(last_activity_ms_, now_ms);
    sign_in_.activity(now_ms);
}

bool StaffModel::tick(double now_ms) {
    if (const StaffRequest ended = sign_in_.tick(now_ms); ended.kind != StaffRequest::Kind::None) {
        send(ended);
        forget_loaded();
        page_ = StaffPage::Token;
        return true;
    }
    // A kiosk's sign-in page, untouched: whoever stands there now is more likely a patient.
    if (setup_.kiosk && sign_in_.state() == StaffSignIn::State::SignedOut && now_ms - last_activity_ms_ >= setup_.kiosk_idle_ms) {
        leave();
        return true;
    }
    const double session_wait = sign_in_.next_deadline_in(now_ms);
    const double page_wait = setup_.kiosk && !sign_in_.signed_in() ? last_activity_ms_ + setup_.kiosk_idle_ms - now_ms : -1;
    const double wait = session_wait < 0 ? page_wait : page_wait < 0 ? session_wait : std::min(session_wait, page_wait);
    if (wait >= 0) host_.wake_after(std::max(50.0, wait));
    if (page_ == StaffPage::Device) refresh_device();
    return false;
}

bool StaffModel::corner_held(bool down, float x, float y, double now_ms) {
    const bool held = corner_.held(down, x, y, now_ms);
    if (corner_.pressing()) host_.wake_after(100);  // keep looking while the finger stays down, with no other input
    return held;
}

void StaffModel::forget_loaded() {
    ++serial_;
    typed_token_.clear();
    show_token_ = false;
    busy_ = false;
    summary_.reset();
    comments_.clear();
    comments_cursor_.clear();
    comments_loading_ = false;
    held_.clear();
}

void StaffModel::send(const StaffRequest& request) {
    host_.hold_staff_session(api("api/v1/session"), sign_in_.bearer());
    if (request.kind != StaffRequest::Kind::EndSession || request.bearer.empty()) return;
    // The server forgets the session too; nothing waits for the answer.
    host_.staff_request("DELETE", api("api/v1/session"), request.bearer, "", [](int, std::string) {});
}

// [SECTION] Sign-in

void StaffModel::type_token(std::string token) { typed_token_ = std::move(token); }

bool StaffModel::can_sign_in() const {
    return !busy_ && sign_in_.state() == StaffSignIn::State::SignedOut && !trimmed(typed_token_).empty();
}

void StaffModel::sign_in(double now_ms) {
    activity(now_ms);
    const StaffRequest request = sign_in_.sign_in(trimmed(typed_token_), now_ms);
    if (request.kind != StaffRequest::Kind::CreateSession) return;  // a double tap, or nothing typed
    busy_ = true;
    message_ = {"staff.checking", {}};
    const std::uint64_t serial = serial_;
    host_.staff_request("POST", api("api/v1/session"), request.bearer, "",
                        [this, serial](int status, std::string body) { on_session_reply(serial, status, body); });
}

void StaffModel::on_session_reply(std::uint64_t serial, int status, const std::string& body) {
    if (serial != serial_) {
        // Staff left (or the device was reset) before the answer came: nobody may pick this
        // session up, so it ends now. A signed-out StaffSignIn says how.
        send(StaffSignIn().on_session_reply(status, body, host_.now_ms()));
        return;
    }
    busy_ = false;
    send(sign_in_.on_session_reply(status, body, host_.now_ms()));
    if (!sign_in_.signed_in()) {
        switch (sign_in_.problem()) {
            case StaffSignIn::Problem::WrongToken: message_ = {"staff.token_wrong", {}}; break;
            case StaffSignIn::Problem::Offline: message_ = {"staff.token_offline", {}}; break;
            default: message_ = {"staff.server_problem", {{"status", std::to_string(status)}}}; break;
        }
        return;
    }
    typed_token_.clear();  // the token has done its one job; only the session is held
    show_token_ = false;
    message_ = {};
    show_device();
}

bool StaffModel::accepted(int status) {
    if (status >= 200 && status < 300) return true;
    if (status == 401) {
        send(sign_in_.on_status(status));
        forget_loaded();
        page_ = StaffPage::Token;
        message_ = {"staff.session_ended", {}};
    } else if (status == 403) {
        message_ = {"staff.not_allowed", {}};
    } else if (status == 0) {
        message_ = {"staff.offline", {}};
    } else {
        message_ = {"staff.server_problem", {{"status", std::to_string(status)}}};
    }
    return false;
}

// [SECTION] Pages

void StaffModel::show_device() {
    if (!sign_in_.signed_in()) return;
    page_ = StaffPage::Device;
    message_ = {};
    refresh_device();
}

void StaffModel::show_results() {
    if (!sign_in_.signed_in()) return;
    page_ = StaffPage::Results;
    message_ = {};
    if (period_.empty()) period_ = period_of(host_.local_date_today(), PeriodKind::Month);
    if (!summary_ && !busy_) load_summary();
}

// [SECTION] This device

StaffMessage StaffModel::languages_note() const {
    if (setup_.unreviewed_languages.empty()) return {"staff.languages_reviewed", {}};
    std::string names;
    // Each name is a bidi isolate: a list of names in several scripts keeps its order in any language.
    for (const auto& name : setup_.unreviewed_languages) names += (names.empty() ? "" : ", ") + bidi_isolate(name);
    return {"staff.languages_unreviewed", {{"languages", names}}};
}

void StaffModel::refresh_device() { held_ = held_lines(host_.device_held()); }

std::string StaffModel::last_sync_time() const {
    const SyncStatus status = host_.sync_status();
    return status.last_success ? host_.local_time_of_day(*status.last_success) : std::string();
}

void StaffModel::sync_now() {
    if (!sign_in_.signed_in()) return;
    host_.sync_now();
    message_ = {"staff.sync_started", {}};
    refresh_device();
}

void StaffModel::download_device() {
    if (!sign_in_.can(StaffRole::Manager)) return;
    const std::string name = device_file_name(setup_.survey_id, setup_.site, host_.local_date_today());
    // Taken from the sync engine right now, memory-only responses included (the device may have
    // refused to store them): the file has everything on the device at this moment.
    const nlohmann::json file = device_export(host_.device_responses(), host_.device_held());
    const nlohmann::json record = {{"action", "device_download"}, {"rows", file["responses"].size()}};
    std::string content = file.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    message_ = {"staff.checking", {}};
    // The server records the download in its audit trail first; the file is saved only once it has.
    const std::uint64_t serial = serial_;
    host_.staff_request("POST", api("api/v1/audit"), sign_in_.bearer(), record.dump(),
                        [this, serial, name, content = std::move(content)](int status, std::string) {
                            if (serial != serial_ || !accepted(status)) return;
                            host_.save_file(name, "application/json", content);
                            message_ = {"staff.saved", {{"file", name}}};
                        });
}

void StaffModel::open_poster() {
    std::string url = "poster.html?survey=" + url_encode(setup_.survey_id);
    if (!setup_.site.empty()) url += "&site=" + url_encode(setup_.site);
    host_.open_page(url);
}

// [SECTION] Results

PeriodKind StaffModel::period_kind() const {
    if (period_.find('Q') != std::string::npos) return PeriodKind::Quarter;
    return period_.size() == 4 ? PeriodKind::Year : PeriodKind::Month;
}

bool StaffModel::dates_chosen() const { return sign_in_.can(StaffRole::Manager) && (!since_.empty() || !until_.empty()); }

bool StaffModel::dates_valid() const { return (since_.empty() || is_date(since_)) && (until_.empty() || is_date(until_)); }

void StaffModel::choose_period(PeriodKind kind) {
    if (busy_ || !sign_in_.signed_in()) return;
    period_ = period_of(host_.local_date_today(), kind);
    since_.clear();
    until_.clear();
    load_summary();
}

void StaffModel::step_period(int steps) {
    if (busy_ || !sign_in_.signed_in()) return;
    const std::string shifted = shift_period(period_, steps);
    if (shifted.empty()) return;
    period_ = shifted;
    since_.clear();
    until_.clear();
    load_summary();
}

void StaffModel::set_dates(std::string since, std::string until) {
    since_ = std::move(since);
    until_ = std::move(until);
}

void StaffModel::set_site(std::string site) { site_filter_ = std::move(site); }

void StaffModel::set_breakdown(std::string question_id) {
    if (!sign_in_.signed_in()) return;
    by_ = std::move(question_id);
    load_summary();
}

void StaffModel::show_summary() {
    if (busy_ || !dates_valid() || !sign_in_.signed_in()) return;
    load_summary();
}

std::string StaffModel::query() const {
    std::string q = "survey=" + url_encode(setup_.survey_id);
    if (!site_filter_.empty()) q += "&site=" + url_encode(site_filter_);
    // Managers may pick any dates; everyone else sees fixed calendar periods, which cannot be
    // set a minute apart to single one patient out (issue 11).
    if (dates_chosen()) {
        const std::string now = host_.now_iso8601();
        const std::string offset = now.size() >= 6 && now.back() != 'Z' ? now.substr(now.size() - 6) : "Z";
        return q + date_range_query(since_, until_, offset);
    }
    return q + "&period=" + url_encode(period_);
}

void StaffModel::load_summary() {
    if (period_.empty()) period_ = period_of(host_.local_date_today(), PeriodKind::Month);
    busy_ = true;
    message_ = {"staff.checking", {}};
    // Numbers for other filters must not stay on screen under the new ones.
    summary_.reset();
    const std::uint64_t serial = serial_, request = ++summary_request_;
    load_comments();
    std::string url = api("api/v1/summary?") + query();
    if (!by_.empty()) url += "&by=" + url_encode(by_);
    host_.staff_request("GET", url, sign_in_.bearer(), "", [this, serial, request](int status, std::string body) {
        if (serial != serial_ || request != summary_request_) return;
        busy_ = false;
        message_ = {};
        if (!accepted(status)) return;
        summary_ = parse_summary(body);
        if (!summary_) message_ = {"staff.server_problem", {{"status", std::to_string(status)}}};
    });
}

// Free-text comments for the results panel, a page at a time, with the summary's filters. Every
// role reads them: the server masked them before storing, and keeps who read what (issue 11).
void StaffModel::load_comments(const std::string& after) {
    if (after.empty()) {
        comments_.clear();
        comments_cursor_.clear();
    }
    comments_loading_ = true;
    const std::uint64_t serial = serial_, request = summary_request_;
    std::string url = api("api/v1/comments?") + query() + "&limit=" + std::to_string(kCommentsPerPage);
    if (!after.empty()) url += "&cursor=" + url_encode(after);
    host_.staff_request("GET", url, sign_in_.bearer(), "", [this, serial, request](int status, std::string body) {
        if (serial != serial_ || request != summary_request_) return;
        comments_loading_ = false;
        if (status != 200) return;  // the summary's own request says what went wrong
        auto page = parse_comments_page(body);
        if (!page) return;
        comments_.insert(comments_.end(), page->comments.begin(), page->comments.end());
        comments_cursor_ = page->next_cursor;
    });
}

void StaffModel::more_comments() {
    if (comments_loading_ || comments_cursor_.empty() || !sign_in_.signed_in()) return;
    load_comments(comments_cursor_);
}

void StaffModel::download(ExportFormat format) {
    if (!sign_in_.can(StaffRole::Manager) || !dates_valid()) return;
    const std::string extension = file_extension(format);
    const std::string name = dates_chosen() ? export_file_name(setup_.survey_id, site_filter_, since_, until_, extension)
                                            : period_export_file_name(setup_.survey_id, site_filter_, period_, extension);
    const std::string url = api("api/v1/responses?format=") + format_parameter(format) + "&" + query();
    message_ = {"staff.checking", {}};
    const std::uint64_t serial = serial_;
    host_.staff_download(url, sign_in_.bearer(), name, [this, serial, name](int status) {
        if (serial != serial_ || !accepted(status)) return;
        message_ = {"staff.saved", {{"file", name}}};
    });
}

}  // namespace tellus
