#include "staff.hpp"

#include <imgui.h>

#include <algorithm>

#include "core/file_names.hpp"
#include "core/masking.hpp"
#include "core/staff_view.hpp"
#include "platform/platform.hpp"
#include "platform/staff.hpp"
#include "widgets.hpp"

namespace tellus::ui {

using nlohmann::json;


// [SECTION] Entering and the token

bool StaffScreen::corner_held(bool down, float x, float y, double now_ms) {
    static double pressed_since = -1;
    if (!down || x < 0 || y < 0 || x > kCornerSize || y > kCornerSize) {
        pressed_since = -1;
        return false;
    }
    if (pressed_since < 0) pressed_since = now_ms;
    platform::wake_after(100);  // keep looking while the finger stays down, with no other input
    if (now_ms - pressed_since < kHoldMs) return false;
    pressed_since = -1;
    return true;
}

void StaffScreen::enter(const StaffContext& context) {
    forget_loaded();
    StaffSignInLimits limits;
    limits.kiosk_idle_ms = context.kiosk_idle_ms;
    sign_in_ = StaffSignIn(limits, context.mode == "kiosk");
    page_ = Page::Token;
    message_.clear();
    ended_ = false;
    // "#staff" is a one-time request: a kiosk reset or reload after this starts the patient screens.
    platform::clear_staff_url();
    if (!site_filter_set_) {
        site_filter_ = context.site;
        site_filter_set_ = true;
    }
}

void StaffScreen::forget_loaded() {
    typed_token_.clear();
    show_token_ = false;
    busy_ = false;
    summary_ = json();
    comments_.clear();
    queued_ = json::array();
    held_ = json::array();
    device_loaded_ = false;
}

void StaffScreen::send(const std::string& api_base, const StaffRequest& request) {
    platform::hold_staff_session(api_base + "api/v1/session", sign_in_.bearer());
    if (request.kind != StaffRequest::Kind::EndSession || request.bearer.empty()) return;
    // The server forgets the session too; nothing waits for the answer.
    platform::staff_request("DELETE", api_base + "api/v1/session", request.bearer, "", [](int, std::string) {});
}

void StaffScreen::leave(const StaffContext& context) {
    send(context.api_base, sign_in_.leave());
    forget_loaded();
    message_.clear();
    page_ = Page::Token;
}

void StaffScreen::sign_in(const StaffContext& context, std::string token) {
    token.erase(0, token.find_first_not_of(" \t\r\n"));
    token.erase(token.find_last_not_of(" \t\r\n") + 1);
    const StaffRequest request = sign_in_.sign_in(token, platform::now_ms());
    if (request.kind != StaffRequest::Kind::CreateSession) return;  // a double tap, or nothing typed
    busy_ = true;
    message_ = context.catalog.get("staff.checking");
    const Catalog* catalog = &context.catalog;  // lives as long as the app; the context does not
    const std::string api = context.api_base;
    platform::staff_request("POST", api + "api/v1/session", request.bearer, "", [this, catalog, api](int status, std::string body) {
        busy_ = false;
        send(api, sign_in_.on_session_reply(status, body, platform::now_ms()));
        if (!sign_in_.signed_in()) {
            if (sign_in_.state() == StaffSignIn::State::SignedOut && sign_in_.problem() == StaffSignIn::Problem::None) return;  // left meanwhile
            switch (sign_in_.problem()) {
                case StaffSignIn::Problem::WrongToken: message_ = catalog->get("staff.token_wrong"); break;
                case StaffSignIn::Problem::Offline: message_ = catalog->get("staff.token_offline"); break;
                default: message_ = catalog->format("staff.server_problem", {{"status", std::to_string(status)}}); break;
            }
            return;
        }
        typed_token_.clear();  // the token has done its one job; only the session is held
        show_token_ = false;
        message_.clear();
        page_ = Page::Device;
        load_device();
    });
}

bool StaffScreen::accepted(const Catalog& catalog, const std::string& api_base, int status) {
    if (status >= 200 && status < 300) return true;
    if (status == 401) {
        send(api_base, sign_in_.on_status(status));
        forget_loaded();
        page_ = Page::Token;
        message_ = catalog.get("staff.session_ended");
    } else if (status == 403) {
        message_ = catalog.get("staff.not_allowed");
    } else if (status == 0) {
        message_ = catalog.get("staff.offline");
    } else {
        message_ = catalog.format("staff.server_problem", {{"status", std::to_string(status)}});
    }
    return false;
}

// [SECTION] Loading

void StaffScreen::load_device() {
    platform::read_device_responses([this](std::string body) {
        json outbox = json::parse(body, nullptr, false);
        queued_ = outbox.is_object() ? outbox.value("queued", json::array()) : json::array();
        held_ = outbox.is_object() ? outbox.value("held", json::array()) : json::array();
        device_loaded_ = true;
    });
}

std::string StaffScreen::query(const StaffContext& context) const {
    std::string q = "survey=" + url_encode(context.survey_id);
    if (!site_filter_.empty()) q += "&site=" + url_encode(site_filter_);
    // Managers may pick any dates; everyone else sees fixed calendar periods, which cannot be
    // set a minute apart to single one patient out (issue 11).
    if (sign_in_.can(StaffRole::Manager) && (!since_.empty() || !until_.empty())) {
        const std::string now = platform::now_iso8601();
        const std::string offset = now.size() >= 6 && (now.back() != 'Z') ? now.substr(now.size() - 6) : "Z";
        return q + date_range_query(since_, until_, offset);
    }
    return q + "&period=" + url_encode(period_);
}

void StaffScreen::load_summary(const StaffContext& context) {
    busy_ = true;
    message_ = context.catalog.get("staff.checking");
    if (sign_in_.can(StaffRole::Manager)) load_comments(context);
    std::string url = context.api_base + "api/v1/summary?" + query(context);
    if (!by_.empty()) url += "&by=" + url_encode(by_);
    const Catalog* catalog = &context.catalog;
    const std::string api = context.api_base;
    platform::staff_fetch(url, sign_in_.bearer(), [this, catalog, api](int status, std::string body) {
        busy_ = false;
        message_.clear();
        if (accepted(*catalog, api, status)) summary_ = json::parse(body, nullptr, false);
    });
}

// Free-text comments for the results panel (managers: they come from the raw export), newest
// first, masked again as they are shown (for anything stored before masking existed, or imported).
void StaffScreen::load_comments(const StaffContext& context) {
    const std::string url = context.api_base + "api/v1/responses?format=json&" + query(context);
    const Survey* survey = context.survey;
    const std::string language = context.language;
    platform::staff_fetch(url, sign_in_.bearer(), [this, survey, language](int status, std::string body) {
        comments_.clear();
        if (status != 200 || !survey) return;
        const json list = json::parse(body, nullptr, false);
        if (!list.is_array()) return;
        for (const auto& r : list) {
            const json answers = r.value("answers", json::object());
            for (const auto& q : survey->questions) {
                if (q.type != QuestionType::Text || !answers.contains(q.id) || !answers[q.id].is_string()) continue;
                comments_.emplace_back(r.value("submitted_at", ""),
                                       q.text.in(language) + " " + mask_personal_details(answers[q.id].get<std::string>(), r.value("locale", "")).text);
            }
        }
        // ISO 8601 with offsets from one clinic sort well enough as text; newest first.
        std::stable_sort(comments_.begin(), comments_.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        if (comments_.size() > kMaxComments) comments_.resize(kMaxComments);
    });
}

void StaffScreen::download(const StaffContext& context, const std::string& format, const std::string& extension) {
    const bool dates = !since_.empty() || !until_.empty();
    const std::string name = dates ? export_file_name(context.survey_id, site_filter_, since_, until_, extension)
                                   : period_export_file_name(context.survey_id, site_filter_, period_, extension);
    const std::string url = context.api_base + "api/v1/responses?format=" + format + "&" + query(context);
    const Catalog* catalog = &context.catalog;
    const std::string api = context.api_base;
    message_ = catalog->get("staff.checking");
    platform::staff_download(url, sign_in_.bearer(), name, [this, catalog, api, name](int status) {
        if (accepted(*catalog, api, status)) message_ = catalog->format("staff.saved", {{"file", name}});
    });
}

void StaffScreen::download_device(const StaffContext& context) {
    const std::string name = device_file_name(context.survey_id, context.site, platform::local_date_today());
    const Catalog* catalog = &context.catalog;
    const std::string api = context.api_base;
    message_ = catalog->get("staff.checking");
    // Read again right now, so the file has everything on the device at this moment; the server
    // records the download in its audit trail first, and the file is saved only once it has.
    platform::read_device_responses([this, name, catalog, api](std::string body) {
        json outbox = json::parse(body, nullptr, false);
        queued_ = outbox.is_object() ? outbox.value("queued", json::array()) : json::array();
        held_ = outbox.is_object() ? outbox.value("held", json::array()) : json::array();
        json file = device_export(queued_, held_);
        const size_t rows = file.value("responses", json::array()).size();
        const json record = {{"action", "device_download"}, {"rows", rows}};
        platform::staff_request("POST", api + "api/v1/audit", sign_in_.bearer(), record.dump(),
                                [this, name, catalog, api, file = std::move(file)](int status, std::string) {
                                    if (!accepted(*catalog, api, status)) return;
                                    platform::save_file(name, "application/json", file.dump(2));
                                    message_ = catalog->format("staff.saved", {{"file", name}});
                                });
    });
}

// [SECTION] Drawing

void StaffScreen::say(Widgets& w, const std::string& text, float width, float scale, bool centred, bool muted) {
    w.text(text, width, scale, centred, muted);
    if (!readable_.empty()) readable_ += "\n";
    readable_ += text;
}

bool StaffScreen::draw(Widgets& w, const StaffContext& context, float width, double now_ms) {
    const Catalog& c = context.catalog;
    // The device's idle limit, or the session's own, ends staff mode: back to the patient screens.
    if (const StaffRequest ended = sign_in_.tick(now_ms); ended.kind != StaffRequest::Kind::None) {
        send(context.api_base, ended);
        forget_loaded();
        return true;
    }
    if (const double wait = sign_in_.next_deadline_in(now_ms); wait >= 0) platform::wake_after(std::max(50.0, wait));
    readable_.clear();
    const float gap = w.style().gap;
    if (page_ == Page::Token) {
        draw_token(w, context, width);
    } else {
        say(w, c.format("staff.signed_in_as", {{"name", sign_in_.name()}, {"role", c.get(std::string("staff.role_") + to_string(sign_in_.role()))}}),
            width, 0.75f, false, true);
        const float half = (width - gap) / 2;
        if (w.button("staff-tab-device", c.get("staff.tab_device"), half, page_ == Page::Device ? Widgets::Look::Primary : Widgets::Look::Secondary, 0.8f)) {
            page_ = Page::Device;
            message_.clear();
            load_device();
        }
        ImGui::SameLine(0, gap);
        if (w.button("staff-tab-results", c.get("staff.tab_results"), half, page_ == Page::Results ? Widgets::Look::Primary : Widgets::Look::Secondary, 0.8f)) {
            page_ = Page::Results;
            message_.clear();
            if (period_.empty()) period_ = period_of(platform::local_date_today(), PeriodKind::Month);
            if (summary_.is_null()) load_summary(context);
        }
        ImGui::Dummy(ImVec2(1, gap));
        if (page_ == Page::Device) draw_device(w, context, width);
        else draw_results(w, context, width);
    }
    if (!message_.empty()) {
        ImGui::Dummy(ImVec2(1, gap / 2));
        say(w, message_, width, 0.85f);
    }
    if (message_ != announced_) {
        announced_ = message_;
        if (!message_.empty()) w.twins().announce(message_);
    }
    // Every line of the panel, readable by screen readers (the canvas is not) and by tests.
    w.twins().set_status(readable_);
    ImGui::Dummy(ImVec2(1, gap));
    if (!w.button("staff-leave", c.get("staff.leave"), width, Widgets::Look::Secondary, 0.8f)) return false;
    leave(context);
    return true;
}

void StaffScreen::draw_token(Widgets& w, const StaffContext& context, float width) {
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    w.twins().set_heading(c.get("staff.sign_in"));
    say(w, c.get("staff.sign_in"), width, 1.3f);
    say(w, c.get("staff.token_prompt"), width, 0.9f);
    ImGui::Dummy(ImVec2(1, gap / 2));
    const bool enter = w.secret_box("staff-token", c.get("staff.token_label"), typed_token_, show_token_, 200, width, w.style().text * 2.2f);
    ImGui::Dummy(ImVec2(1, gap / 2));
    if (w.choice("staff-show-token", "", c.get("staff.show_token"), show_token_, true, width)) show_token_ = !show_token_;
    ImGui::Dummy(ImVec2(1, gap / 2));
    const bool ready = !busy_ && typed_token_.find_first_not_of(" \t\r\n") != std::string::npos;
    if (w.button("staff-sign-in", c.get("staff.sign_in_button"), width, Widgets::Look::Primary, 1.0f, ready) || (enter && ready))
        sign_in(context, typed_token_);
}

void StaffScreen::draw_device(Widgets& w, const StaffContext& context, float width) {
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    w.twins().set_heading(c.get("staff.tab_device"));
    say(w, c.get("staff.tab_device"), width, 1.2f);
    say(w, c.format("staff.device_survey", {{"survey", context.survey_id}}), width, 0.85f);
    say(w, c.format("staff.device_site", {{"site", context.site.empty() ? c.get("staff.no_site") : context.site}}), width, 0.85f);
    say(w, c.format("staff.device_mode", {{"mode", c.get(context.mode == "phone" ? "staff.mode_phone" : "staff.mode_kiosk")}}), width, 0.85f);
    say(w, c.format("staff.device_language", {{"language", context.start_language}}), width, 0.85f);
    ImGui::Dummy(ImVec2(1, gap / 2));
    const SyncStatus status = platform::sync_status();
    say(w, c.format("staff.waiting", {{"n", std::to_string(status.waiting)}}), width, 0.85f);
    say(w, c.format("staff.held", {{"n", std::to_string(status.held)}}), width, 0.85f);
    say(w, status.last_success ? c.format("staff.last_sync", {{"time", platform::local_time_of_day(*status.last_success)}})
                               : c.get("staff.never_synced"),
           width, 0.85f);
    if (device_loaded_ && !held_.empty()) {
        ImGui::Dummy(ImVec2(1, gap / 2));
        say(w, c.get("staff.held_heading"), width, 0.95f);
        for (const auto& item : held_) {
            std::string reasons;
            for (const auto& e : item.value("errors", json::array())) {
                if (!reasons.empty()) reasons += "; ";
                reasons += e.is_object() ? e.value("field", "") + " " + e.value("message", "") : e.dump();
            }
            say(w, c.format("staff.held_item", {{"id", item.value("id", "")}, {"reasons", reasons}}), width, 0.75f, false, true);
        }
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (w.button("staff-sync-now", c.get("staff.sync_now"), width, Widgets::Look::Secondary, 0.85f)) {
        platform::sync_now();
        message_ = c.get("staff.sync_started");
        load_device();
    }
    ImGui::Dummy(ImVec2(1, gap / 2));
    if (sign_in_.can(StaffRole::Manager)) {
        if (w.button("staff-download-device", c.get("staff.download_device"), width, Widgets::Look::Secondary, 0.85f)) download_device(context);
    } else {
        say(w, c.get("staff.downloads_need_manager"), width, 0.75f, false, true);
    }
    ImGui::Dummy(ImVec2(1, gap / 2));
    if (w.button("staff-poster", c.get("staff.poster"), width, Widgets::Look::Secondary, 0.85f)) {
        std::string url = "poster.html?survey=" + url_encode(context.survey_id);
        if (!context.site.empty()) url += "&site=" + url_encode(context.site);
        platform::open_page(url);
    }
}

namespace {
// A bar of a chart: a drawing, not a control (its number is always written next to it as text).
void bar(Widgets& w, float fraction, float width, float height) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Theme& t = *w.style().theme;
    draw->AddRect(at, ImVec2(at.x + width, at.y + height), to_imgui(t.text, 0.4f), 4);
    if (fraction > 0) draw->AddRectFilled(at, ImVec2(at.x + width * std::min(1.0f, fraction), at.y + height), to_imgui(t.accent), 4);
    ImGui::Dummy(ImVec2(width, height));
}

std::string label_of(const StaffContext& context, const Question& q, const std::string& option_id) {
    if (const Option* o = q.option(option_id); o && !o->label.empty()) return o->label.in(context.language);
    if (option_id == "no_answer") return context.catalog.get("staff.no_answer");
    if (q.type == QuestionType::Faces) return context.catalog.get("faces." + option_id);
    if (q.type == QuestionType::Scale) return option_id;
    return context.catalog.get("choice." + option_id);
}
}  // namespace

void StaffScreen::draw_question_counts(Widgets& w, const StaffContext& context, const Question& q, const json& counts, float width, bool bars) {
    const Catalog& c = context.catalog;
    const json answered = counts.value("answered", json::object());
    const std::string answered_text = answered.contains("count") && answered["count"].is_number_integer()
                                          ? std::to_string(answered["count"].get<long long>())
                                          : c.get("staff.suppressed");
    std::string line = c.format("staff.answered", {{"n", answered_text}});
    if (const int share = positive_share(q, counts); share >= 0) line += " · " + c.format("staff.positive", {{"percent", std::to_string(share)}});
    say(w, line, width, 0.75f, false, true);
    if (q.type == QuestionType::Text) return;
    long long largest = 1;
    for (const auto& o : counts.value("options", json::array()))
        if (o.contains("count") && o["count"].is_number_integer()) largest = std::max(largest, o["count"].get<long long>());
    const float size = w.style().text * 0.75f;
    int face = 0;
    for (const auto& o : counts.value("options", json::array())) {
        const std::string id = o.value("id", "");
        const bool suppressed = !o.contains("count") || !o["count"].is_number_integer();
        const long long n = suppressed ? 0 : o["count"].get<long long>();
        const std::string text = label_of(context, q, id) + ": " + (suppressed ? c.get("staff.suppressed") : std::to_string(n));
        if (bars) {
            // Label (with its face) on the left, bar on the right, the row as tall as the taller.
            const float label_width = width * 0.45f;
            const ImVec2 row = ImGui::GetCursorScreenPos();
            float indent = 0;
            if (q.type == QuestionType::Faces) {
                draw_face(ImGui::GetWindowDrawList(), ImVec2(row.x + size * 0.6f, row.y + size * 0.65f), size * 0.55f, face, to_imgui(w.style().theme->text));
                indent = size * 1.4f;
            }
            ImGui::SetCursorScreenPos(ImVec2(row.x + indent, row.y));
            ImGui::BeginGroup();
            say(w, text, label_width - indent - 8, 0.75f);
            ImGui::EndGroup();
            const float label_bottom = ImGui::GetItemRectMax().y;
            ImGui::SetCursorScreenPos(ImVec2(row.x + label_width, row.y + size * 0.15f));
            bar(w, suppressed ? 0.0f : static_cast<float>(n) / static_cast<float>(largest), width - label_width, size);
            ImGui::SetCursorScreenPos(ImVec2(row.x, std::max(label_bottom, ImGui::GetItemRectMax().y)));
            ImGui::Dummy(ImVec2(width, 1));
        } else {
            say(w, text, width, 0.7f, false, true);
        }
        ++face;
    }
}

// The period shown: this month, quarter or year, stepped back and forth. Changing it reloads.
void StaffScreen::draw_period(Widgets& w, const StaffContext& context, float width) {
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    if (period_.empty()) period_ = period_of(platform::local_date_today(), PeriodKind::Month);
    const bool dates = sign_in_.can(StaffRole::Manager) && (!since_.empty() || !until_.empty());
    say(w, dates ? c.get("staff.period_dates") : c.format("staff.period", {{"period", period_}}), width, 0.9f);
    const float third = (width - 2 * gap) / 3;
    const std::string today = platform::local_date_today();
    struct Kind {
        const char* id;
        const char* label;
        PeriodKind kind;
    };
    const Kind kinds[] = {{"staff-period-month", "staff.period_month", PeriodKind::Month},
                          {"staff-period-quarter", "staff.period_quarter", PeriodKind::Quarter},
                          {"staff-period-year", "staff.period_year", PeriodKind::Year}};
    const PeriodKind shown_kind = period_.find('Q') != std::string::npos ? PeriodKind::Quarter
                                  : period_.size() == 4                 ? PeriodKind::Year
                                                                        : PeriodKind::Month;
    std::string chosen;
    for (size_t i = 0; i < 3; ++i) {
        if (i > 0) ImGui::SameLine(0, gap);
        const bool current = !dates && kinds[i].kind == shown_kind;
        if (w.choice(kinds[i].id, "staff-period-kind", c.get(kinds[i].label), current, false, third)) chosen = period_of(today, kinds[i].kind);
    }
    if (w.button("staff-period-earlier", c.get("staff.period_earlier"), (width - gap) / 2, Widgets::Look::Quiet, 0.75f)) chosen = shift_period(period_, -1);
    ImGui::SameLine(0, gap);
    if (w.button("staff-period-later", c.get("staff.period_later"), (width - gap) / 2, Widgets::Look::Quiet, 0.75f)) chosen = shift_period(period_, 1);
    if (chosen.empty() || busy_) return;
    period_ = chosen;
    since_.clear();
    until_.clear();
    load_summary(context);
}

void StaffScreen::draw_results(Widgets& w, const StaffContext& context, float width) {
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    w.twins().set_heading(c.get("staff.tab_results"));
    say(w, c.get("staff.tab_results"), width, 1.2f);
    draw_period(w, context, width);
    // Managers may also pick any dates (the whole "to" day is included), and the site.
    const bool manager = sign_in_.can(StaffRole::Manager);
    const float box = w.style().text * 2.0f;
    const int columns = manager ? 3 : 1;
    const float each = (width - static_cast<float>(columns - 1) * gap) / static_cast<float>(columns);
    if (manager) {
        ImGui::BeginGroup();
        say(w, c.get("staff.from"), each, 0.7f, false, true);
        w.text_box("staff-from", c.get("staff.from"), since_, 10, each, box);
        ImGui::EndGroup();
        ImGui::SameLine(0, gap);
        ImGui::BeginGroup();
        say(w, c.get("staff.to"), each, 0.7f, false, true);
        w.text_box("staff-to", c.get("staff.to"), until_, 10, each, box);
        ImGui::EndGroup();
        ImGui::SameLine(0, gap);
    }
    ImGui::BeginGroup();
    say(w, c.get("staff.site"), each, 0.7f, false, true);
    w.text_box("staff-site", c.get("staff.site"), site_filter_, 64, each, box);
    ImGui::EndGroup();
    const bool dates_ok = (since_.empty() || is_date(since_)) && (until_.empty() || is_date(until_));
    if (!dates_ok) say(w, c.get("staff.date_format"), width, 0.75f);
    if (w.button("staff-apply", c.get("staff.apply"), width, Widgets::Look::Primary, 0.85f, dates_ok && !busy_)) load_summary(context);
    ImGui::Dummy(ImVec2(1, gap / 2));
    // Downloads with the same filters: raw rows, for managers.
    if (manager) {
        const float dl = (width - 2 * gap) / 3;
        if (w.button("staff-download-csv", c.get("staff.download_csv"), dl, Widgets::Look::Secondary, 0.75f, dates_ok)) download(context, "csv", "csv");
        ImGui::SameLine(0, gap);
        if (w.button("staff-download-json", c.get("staff.download_json"), dl, Widgets::Look::Secondary, 0.75f, dates_ok)) download(context, "json", "json");
        ImGui::SameLine(0, gap);
        if (w.button("staff-download-fhir", c.get("staff.download_fhir"), dl, Widgets::Look::Secondary, 0.75f, dates_ok))
            download(context, "fhir", "fhir.json");
        ImGui::Dummy(ImVec2(1, gap / 2));
    }
    // Breakdown by one "about you" question: the equity view.
    if (context.survey) {
        std::vector<const Question*> about;
        for (const auto& q : context.survey->questions)
            if (q.about_you && q.has_choices()) about.push_back(&q);
        if (!about.empty()) {
            say(w, c.get("staff.breakdown"), width, 0.8f);
            const float each = (width - gap * static_cast<float>(about.size())) / static_cast<float>(about.size() + 1);
            if (w.button("staff-by-none", c.get("staff.breakdown_none"), each, by_.empty() ? Widgets::Look::Primary : Widgets::Look::Quiet, 0.7f)) {
                by_.clear();
                load_summary(context);
            }
            for (const Question* q : about) {
                ImGui::SameLine(0, gap);
                if (w.button("staff-by-" + q->id, q->text.in(context.language), each, by_ == q->id ? Widgets::Look::Primary : Widgets::Look::Quiet, 0.7f)) {
                    by_ = q->id;
                    load_summary(context);
                }
            }
        }
    }
    if (!summary_.is_object() || !context.survey) return;
    ImGui::Dummy(ImVec2(1, gap));
    const json responses = summary_.value("responses", json::object());
    say(w, c.format("staff.responses", {{"n", responses.contains("count") && responses["count"].is_number_integer()
                                                     ? std::to_string(responses["count"].get<long long>())
                                                     : c.get("staff.suppressed")}}),
           width, 1.0f);
    say(w, c.format("staff.suppression_note", {{"n", std::to_string(summary_.value("suppressed_below", 5))}}), width, 0.7f, false, true);
    const auto find = [](const json& list, const std::string& id) -> const json* {
        for (const auto& item : list)
            if (item.value("id", "") == id) return &item;
        return nullptr;
    };
    const json questions = summary_.value("questions", json::array());
    for (const auto& q : context.survey->questions) {
        const json* counts = find(questions, q.id);
        if (!counts) continue;
        ImGui::Dummy(ImVec2(1, gap / 2));
        say(w, q.text.in(context.language), width, 0.85f);
        draw_question_counts(w, context, q, *counts, width, true);
    }
    if (sign_in_.can(StaffRole::Manager)) {
        ImGui::Dummy(ImVec2(1, gap));
        say(w, c.format("staff.comments", {{"n", std::to_string(comments_.size())}}), width, 1.0f);
        for (const auto& [when, text] : comments_) {
            say(w, when.substr(0, 10) + " · " + text, width, 0.75f);
            ImGui::Dummy(ImVec2(1, gap / 3));
        }
    }
    if (!by_.empty() && summary_.contains("groups")) {
        const Question* by_question = context.survey->question(by_);
        ImGui::Dummy(ImVec2(1, gap));
        say(w, c.format("staff.breakdown_heading", {{"question", by_question ? by_question->text.in(context.language) : by_}}), width, 1.0f);
        for (const auto& group : summary_["groups"]) {
            const std::string gid = group.value("id", "");
            const json gr = group.value("responses", json::object());
            const std::string n = gr.contains("count") && gr["count"].is_number_integer() ? std::to_string(gr["count"].get<long long>())
                                                                                          : c.get("staff.suppressed");
            ImGui::Dummy(ImVec2(1, gap / 2));
            say(w, (by_question ? label_of(context, *by_question, gid) : gid) + " · " + c.format("staff.responses", {{"n", n}}), width, 0.9f);
            const json gq = group.value("questions", json::array());
            for (const auto& q : context.survey->questions) {
                if (q.about_you || q.type == QuestionType::Text) continue;
                const json* counts = find(gq, q.id);
                if (!counts) continue;
                say(w, q.text.in(context.language), width, 0.75f);
                draw_question_counts(w, context, q, *counts, width, false);
            }
        }
    }
}

}  // namespace tellus::ui
