#include "app.hpp"

#include <imgui.h>

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "core/masking.hpp"
#include "platform/platform.hpp"
#include "platform/staff.hpp"
#include "widgets.hpp"

namespace tellus::ui {

// [SECTION] Start-up and loading

App::App(AppConfig config) : config_(std::move(config)) {
    const auto& langs = config_.languages;
    language_ = std::find(langs.begin(), langs.end(), config_.start_language) != langs.end() ? config_.start_language : "en";
}

void App::start() {
    catalogs_pending_ = static_cast<int>(config_.languages.size());
    for (const auto& lang : config_.languages) {
        platform::fetch("i18n/" + lang + ".json", [this, lang](int status, std::string body) {
            std::string error;
            Catalog catalog;
            if (status == 200 && catalog.load(body, error)) catalogs_[lang] = std::move(catalog);
            --catalogs_pending_;
            set_language(language_);
            if (catalogs_pending_ == 0 && survey_arrived_) go(first_screen());
        });
    }
    platform::fetch(config_.api_base + "api/v1/surveys/" + config_.survey_id,
                    [this](int status, std::string body) { on_survey(status, body); });
}

void App::on_survey(int status, const std::string& body) {
    const std::string source = "survey \"" + config_.survey_id + "\"";
    if (status == 200) {
        auto load = load_survey(body, source);
        if (load.ok()) survey_ = std::move(load.survey);
        survey_problems_ = std::move(load.errors);
    } else {
        survey_problems_ = {source + (status == 0 ? " could not be fetched: the server did not answer"
                                                  : " could not be fetched: the server answered " + std::to_string(status))};
    }
    survey_arrived_ = true;
    if (catalogs_pending_ == 0) go(first_screen());
}

Screen App::first_screen() const {
    if (!survey_) return Screen::Problem;
    return config_.language_from_url ? Screen::Welcome : Screen::Language;
}

const Catalog& App::catalog() const {
    static const Catalog empty;
    if (auto it = catalogs_.find(language_); it != catalogs_.end()) return it->second;
    if (auto it = catalogs_.find("en"); it != catalogs_.end()) return it->second;
    return empty;
}

std::string App::all_text() const {
    std::string text;
    for (const auto& [lang, catalog] : catalogs_)
        for (const auto& [key, value] : catalog.strings()) text += value;
    if (survey_) {
        auto add = [&](const LocalizedText& t) {
            for (const auto& [l, s] : t.by_locale) text += s;
        };
        add(survey_->title);
        add(survey_->you_said_we_did);
        for (const auto& q : survey_->questions) {
            add(q.text);
            add(q.min_label);
            add(q.max_label);
            for (const auto& o : q.options) add(o.label);
        }
    }
    return text;
}

void App::set_language(const std::string& language) {
    language_ = language;
    platform::set_document_language(language_, tr("app.title"));
    screen_key_.clear();  // re-announce the screen in the new language
}

void App::go(Screen screen) {
    screen_ = screen;
    screen_key_.clear();
    platform::request_frames();
}

// [SECTION] Kiosk session lifetime

void App::note_activity(double now_ms) {
    last_activity_ms_ = now_ms;
    still_there_since_ms_ = -1;
    if (screen_ == Screen::Staff) staff_model_.activity(now_ms);
}

void App::reset_for_next_person() {
    // Nothing of the previous person may remain: answers, position, language, text size, and
    // no staff session (ended on the server too).
    staff_model_.leave();
    session_.reset();
    started_at_.clear();
    text_scale_ = 0;
    high_contrast_ = false;
    save_failed_ = false;
    still_there_since_ms_ = -1;
    set_language(config_.start_language);
    go(Screen::Language);
    platform::reload_if_updated();
}

void App::update_kiosk_timeout(double now_ms) {
    // Staff mode keeps its own idle limit (core/staff_sign_in.hpp) and never asks "Are you still
    // there?": whoever answers that on a kiosk may be the next patient, not the staff member.
    if (config_.mode != Mode::Kiosk || screen_ == Screen::Language || screen_ == Screen::Loading || screen_ == Screen::Problem ||
        screen_ == Screen::Staff)
        return;
    if (still_there_since_ms_ < 0 && now_ms - last_activity_ms_ > config_.idle_before_asking_ms) still_there_since_ms_ = now_ms;
    if (still_there_since_ms_ >= 0 && now_ms - still_there_since_ms_ > kCountdownMs) reset_for_next_person();
    // Come back when the next deadline passes, even if nobody touches the screen.
    const double deadline = still_there_since_ms_ >= 0 ? kCountdownMs - (now_ms - still_there_since_ms_)
                                                      : config_.idle_before_asking_ms - (now_ms - last_activity_ms_);
    platform::wake_after(std::max(50.0, deadline));
}

// [SECTION] Sending

void App::send() {
    Response response;
    response.id = platform::random_uuid();
    response.survey_id = survey_->id;
    response.survey_version = survey_->version;
    response.locale = language_ == "fr" ? "fr-CA" : language_ == "en" ? "en-CA" : language_;
    response.channel = config_.mode == Mode::Kiosk ? "kiosk" : "phone";
    response.site = config_.site;
    response.started_at = started_at_;
    response.submitted_at = platform::now_iso8601();
    response.answers = session_->answers();
    mask_free_text_answers(*survey_, response.answers, language_);  // comment safety: core/masking.hpp (the server masks too)
    // "Thank you" only once the device has confirmed the write: nothing is lost if the tab dies now.
    // If the device refuses to store it (full, private browsing), the sync engine still holds it in
    // memory and sends it while this page is open; the patient is told plainly, and never asked to
    // send again (a second send would count twice).
    platform::save_response(response.to_json().dump(), [this](bool saved) {
        save_failed_ = !saved;
        session_.reset();
        go(Screen::Thanks);
    });
}

// [SECTION] Frame

void App::frame(float width, float height, double now_ms) {
    // Staff mode: "#staff" in the address, or a 3-second press in the language screen's top-left corner.
    if (screen_ == Screen::Language || screen_ == Screen::Welcome || screen_ == Screen::Problem) {
        const ImGuiIO& io = ImGui::GetIO();
        if (platform::url_asks_for_staff() ||
            (screen_ == Screen::Language && staff_model_.corner_held(io.MouseDown[0], io.MousePos.x, io.MousePos.y, now_ms)))
            enter_staff();
    }
    update_kiosk_timeout(now_ms);
    twins_.begin_frame();
    Style style;
    style.theme = high_contrast_ ? &high_contrast_theme() : &standard_theme();
    const bool phone = config_.mode == Mode::Phone;
    style.text = (phone ? 22.0f : 30.0f) * kTextScales[text_scale_];
    style.target = std::max(56.0f, style.text * 2.2f);
    Widgets w(twins_, style);

    const Colour bg = style.theme->background;
    ImGui::GetStyle().Colors[ImGuiCol_WindowBg] = ImVec4(bg.r / 255.f, bg.g / 255.f, bg.b / 255.f, 1);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGui::Begin("tellus", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float margin = phone ? 16.0f : 32.0f;
    const float column = std::min(width - 2 * margin, phone ? 640.0f : 820.0f);
    ImGui::SetCursorPos(ImVec2((width - column) / 2, margin));
    ImGui::BeginGroup();
    if (screen_ != Screen::Loading) draw_toolbar(w, column);
    switch (screen_) {
        case Screen::Loading: w.text(catalogs_.empty() ? "…" : tr("app.loading"), column, 1.0f, true); break;
        case Screen::Language: draw_language(w, column); break;
        case Screen::Welcome: draw_welcome(w, column); break;
        case Screen::Question: draw_question(w, column, height); break;
        case Screen::Thanks: draw_thanks(w, column); break;
        case Screen::Problem: draw_problem(w, column); break;
        case Screen::Staff:
            if (staff_.draw(w, staff_model_, staff_context(), column, now_ms)) reset_for_next_person();
            break;
    }
    ImGui::Dummy(ImVec2(1, margin));
    ImGui::EndGroup();
    follow_scrolling(height);
    if (screen_ == Screen::Language || screen_ == Screen::Thanks) draw_sync_status(w, width, height);
    if (still_there_since_ms_ >= 0) draw_still_there(w, width, height, now_ms);
    ImGui::End();
    // Screen readers hear each new screen (and each question) once, through the live region.
    if (twins_.heading() != screen_key_) {
        screen_key_ = twins_.heading();
        twins_.announce(screen_key_);
        platform::stop_speaking();  // reading aloud stops when the screen changes
    }
    twins_.end_frame();
}

// Screens taller than the display (largest text on a small phone) scroll: by wheel, by dragging
// anywhere, and by moving keyboard focus to a control out of view. A new screen starts at the top.
void App::follow_scrolling(float height) {
    ImGuiIO& io = ImGui::GetIO();
    if (twins_.heading() != screen_key_) ImGui::SetScrollY(0);
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 12.0f)) {
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
        ImGui::ClearActiveID();  // a drag is a scroll, not a tap on the control under the finger
        dragging_ = true;
    }
    if (!io.MouseDown[0]) dragging_ = false;
    const std::string& focused = twins_.focused();
    if (focused.empty() || focused == scrolled_to_focus_) return;
    scrolled_to_focus_ = focused;
    for (const auto& twin : twins_.twins()) {
        if (twin.id != focused) continue;
        if (twin.rect.y < 0) ImGui::SetScrollY(ImGui::GetScrollY() + twin.rect.y - 16);
        else if (twin.rect.y + twin.rect.h > height) ImGui::SetScrollY(ImGui::GetScrollY() + twin.rect.y + twin.rect.h - height + 16);
    }
}

// [SECTION] Screens

void App::draw_toolbar(Widgets& w, float width) {
    // Language, text size and contrast, on every screen: switching never loses answers. In a row
    // when they fit; stacked on a narrow phone at the largest text size, rather than cut words.
    const float gap = w.style().gap;
    const bool row = (width - 2 * gap) / 3 >= w.style().text * 0.8f * 7.5f;
    const float each = row ? (width - 2 * gap) / 3 : width;
    auto next_item = [&] {
        if (row) ImGui::SameLine(0, gap);
        else ImGui::Dummy(ImVec2(1, gap / 2));
    };
    const auto current = std::find(config_.languages.begin(), config_.languages.end(), language_);
    const std::string& next_language = config_.languages[(current - config_.languages.begin() + 1) % config_.languages.size()];
    if (screen_ != Screen::Language) {
        const std::string label = catalog().format("nav.language_switch", {{"name", catalogs_[next_language].get("language.name")}});
        if (w.button("tool-language", label, each, Widgets::Look::Quiet, 0.8f)) set_language(next_language);
        next_item();
    }
    if (w.button("tool-text-size", tr("tool.text_size"), each, Widgets::Look::Quiet, 0.8f)) text_scale_ = (text_scale_ + 1) % 3;
    next_item();
    if (w.button("tool-contrast", tr("tool.contrast"), each, Widgets::Look::Quiet, 0.8f)) high_contrast_ = !high_contrast_;
    ImGui::Dummy(ImVec2(1, gap));
}

// For staff, between patients: small and calm, never an alarm.
void App::draw_sync_status(Widgets& w, float width, float height) {
    const SyncStatus status = platform::sync_status();
    std::string line = status.waiting == 0 ? tr("sync.all_sent") : catalog().format("sync.waiting", {{"n", std::to_string(status.waiting)}});
    if (status.held > 0) line += " · " + catalog().format("sync.held", {{"n", std::to_string(status.held)}});
    if (status.last_success) line += " · " + catalog().format("sync.last", {{"time", platform::local_time_of_day(*status.last_success)}});
    const float size = 0.65f;
    ImGui::SetCursorPos(ImVec2(16, height - w.style().text * size * 1.35f - 12));
    ImGui::BeginGroup();
    w.text(line, width, size, false, true, /*mirrored=*/false);  // exposed as the twin layer's status line
    ImGui::EndGroup();
    twins_.set_status(line);
}

// [SECTION] Staff mode (issue 6): the screens live in staff.cpp

void App::enter_staff() {
    still_there_since_ms_ = -1;
    go(Screen::Staff);
    staff_model_.enter(staff_context().setup(), platform::now_ms());
}

StaffContext App::staff_context() const {
    return StaffContext{catalog(), language_, survey_ ? &*survey_ : nullptr, config_.survey_id, config_.site,
                        config_.mode == Mode::Phone ? "phone" : "kiosk", config_.start_language, config_.api_base,
                        // The same wait as the patient screens': the idle question and its countdown.
                        config_.idle_before_asking_ms + kCountdownMs};
}

void App::draw_language(Widgets& w, float width) {
    twins_.set_heading(tr("language.choose"));
    for (const auto& lang : config_.languages) w.text(catalogs_[lang].get("language.choose"), width, 1.0f, true, true);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    for (const auto& lang : config_.languages) {
        // Each language is named in itself, so anyone can find their own.
        if (w.button("language-" + lang, catalogs_[lang].get("language.name"), width, Widgets::Look::Secondary)) {
            set_language(lang);
            go(Screen::Welcome);
        }
        ImGui::Dummy(ImVec2(1, w.style().gap));
    }
}

void App::draw_welcome(Widgets& w, float width) {
    twins_.set_heading(tr("welcome.heading"));
    w.text(tr("welcome.heading"), width, 1.4f, true);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    for (const char* key : {"welcome.anonymous", "welcome.emergency", "welcome.no_names", "welcome.skip"}) {
        w.text(tr(key), width);
        ImGui::Dummy(ImVec2(1, w.style().gap / 2));
    }
    ImGui::Dummy(ImVec2(1, w.style().gap));
    if (w.button("welcome-start", tr("welcome.start"), width, Widgets::Look::Primary)) {
        session_ = std::make_unique<SurveySession>(*survey_);
        started_at_ = platform::now_iso8601();
        go(Screen::Question);
    }
}

void App::draw_question(Widgets& w, float width, float height) {
    const Question* q = session_->current();
    const auto shown = session_->visible_questions();
    if (!q) return;
    w.text(catalog().format("nav.progress", {{"n", std::to_string(session_->position() + 1)}, {"total", std::to_string(shown.size())}}),
           width, 0.8f, false, true);
    const std::string& question_text = q->text.in(language_);
    twins_.set_heading(question_text);
    w.text(question_text, width, 1.25f);
    ImGui::Dummy(ImVec2(1, w.style().gap / 2));
    draw_read_aloud(w, *q, width);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    draw_answers(w, *q, width);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    const float half = (width - w.style().gap) / 2;
    if (session_->position() > 0) {
        if (w.button("nav-back", tr("nav.back"), half)) session_->back();
    } else {
        ImGui::Dummy(ImVec2(half, 1));
    }
    ImGui::SameLine(0, w.style().gap);
    const bool last = session_->position() + 1 == shown.size();
    const bool answered = session_->answer(q->id) != nullptr;
    const std::string label = last ? tr("nav.send") : answered ? tr("nav.next") : tr("nav.skip");
    if (w.button(last ? "nav-send" : "nav-next", label, half, Widgets::Look::Primary)) {
        if (last) send();
        else session_->next();
        screen_key_.clear();
    }
    (void)height;
}

std::string App::option_label(const Question& q, const Option& o) const {
    if (!o.label.empty()) return o.label.in(language_);
    if (q.type == QuestionType::Faces) return tr("faces." + o.id);
    return tr("choice." + o.id);
}

// The question and its answers, as one text to read aloud.
std::string App::spoken_text(const Question& q) const {
    std::string text = q.text.in(language_);
    for (const auto& o : q.options) text += "\n" + option_label(q, o) + ".";
    if (q.type == QuestionType::Scale)
        text += "\n" + std::to_string(q.min) + ": " + q.min_label.in(language_) + ". " + std::to_string(q.max) + ": " + q.max_label.in(language_) + ".";
    return text;
}

void App::draw_read_aloud(Widgets& w, const Question& q, float width) {
    const bool available = platform::speech_available(language_);
    const bool speaking = platform::is_speaking();
    const std::string label = !available ? tr("a11y.no_voice") : speaking ? tr("a11y.stop_reading") : tr("a11y.read_aloud");
    if (w.button("tool-read-aloud", label, width, Widgets::Look::Quiet, 0.8f, available)) {
        if (speaking) platform::stop_speaking();
        else platform::speak(spoken_text(q), language_);
    }
}

void App::draw_answers(Widgets& w, const Question& q, float width) {
    const Answer* given = session_->answer(q.id);
    auto is_chosen = [&](const std::string& option_id) {
        if (!given) return false;
        if (given->is_array()) return std::find(given->begin(), given->end(), option_id) != given->end();
        return given->is_string() && given->get<std::string>() == option_id;
    };
    auto label_of = [&](const Option& o) { return option_label(q, o); };
    auto choose = [&](const std::string& option_id) {
        if (q.type == QuestionType::Multiple) session_->toggle_choice(q.id, option_id);
        else if (is_chosen(option_id)) session_->clear_answer(q.id);  // tapping again un-answers: skipping stays possible
        else session_->set_answer(q.id, option_id);
    };
    const float gap = w.style().gap;
    switch (q.type) {
        case QuestionType::Faces: {
            // Five faces in a row on a kiosk; on a narrow phone one per line reads better.
            const bool row = width >= 5 * w.style().text * 4;
            const float cell = row ? (width - 4 * gap) / 5 : width;
            for (size_t i = 0; i < q.options.size(); ++i) {
                const auto& o = q.options[i];
                if (row && i > 0) ImGui::SameLine(0, gap);
                if (w.choice("answer-" + q.id + "-" + o.id, q.id, label_of(o), is_chosen(o.id), false, cell, static_cast<int>(i), 0, row))
                    choose(o.id);
                if (!row) ImGui::Dummy(ImVec2(1, gap / 2));
            }
            break;
        }
        case QuestionType::Scale: {
            const int count = q.max - q.min + 1;
            const int per_row = width >= count * 64.0f ? count : (count + 1) / 2;
            const float cell = (width - (per_row - 1) * 8.0f) / per_row;
            for (int v = q.min; v <= q.max; ++v) {
                if ((v - q.min) % per_row != 0) ImGui::SameLine(0, 8.0f);
                const bool chosen = given && given->is_number_integer() && given->get<int>() == v;
                if (w.choice("answer-" + q.id + "-" + std::to_string(v), q.id, std::to_string(v), chosen, false, cell)) {
                    if (chosen) session_->clear_answer(q.id);
                    else session_->set_answer(q.id, v);
                }
            }
            const float half = (width - gap) / 2;
            ImGui::BeginGroup();
            w.text(std::to_string(q.min) + " = " + q.min_label.in(language_), half, 0.85f, false, true);
            ImGui::EndGroup();
            ImGui::SameLine(0, gap);
            ImGui::BeginGroup();
            w.text(std::to_string(q.max) + " = " + q.max_label.in(language_), half, 0.85f, false, true);
            ImGui::EndGroup();
            break;
        }
        case QuestionType::Text: {
            std::string value = given && given->is_string() ? given->get<std::string>() : "";
            if (w.text_box("answer-" + q.id, q.text.in(language_), value, q.max_length, width, w.style().text * 7)) {
                if (value.empty()) session_->clear_answer(q.id);
                else session_->set_answer(q.id, value);
            }
            int used = 0;
            for (unsigned char c : value) used += (c & 0xC0) != 0x80;
            w.text(catalog().format("text.characters_left", {{"n", std::to_string(q.max_length - used)}}), width, 0.8f, false, true);
            w.text(tr("text.privacy_note"), width, 0.8f, false, true);  // told gently before sending (core/masking.hpp)
            break;
        }
        default:
            for (const auto& o : q.options) {
                if (w.choice("answer-" + q.id + "-" + o.id, q.id, label_of(o), is_chosen(o.id), q.type == QuestionType::Multiple, width))
                    choose(o.id);
                ImGui::Dummy(ImVec2(1, gap / 2));
            }
    }
}

void App::draw_thanks(Widgets& w, float width) {
    twins_.set_heading(tr("thanks.heading"));
    w.text(tr("thanks.heading"), width, 1.5f, true);
    w.text(tr(save_failed_ ? "error.storage" : "thanks.saved"), width, 1.0f, true);
    ImGui::Dummy(ImVec2(1, w.style().gap * 2));
    if (survey_ && !survey_->you_said_we_did.empty()) {
        w.text(tr("thanks.you_said_we_did"), width, 1.1f);
        w.text(survey_->you_said_we_did.in(language_), width);
        ImGui::Dummy(ImVec2(1, w.style().gap * 2));
    }
    if (w.button("thanks-again", tr("thanks.again"), width, Widgets::Look::Primary)) reset_for_next_person();
}

void App::draw_problem(Widgets& w, float width) {
    twins_.set_heading(tr("error.survey_unavailable"));
    w.text(tr("error.survey_unavailable"), width, 1.2f);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    for (const auto& problem : survey_problems_) w.text(catalog().format("error.survey_details", {{"details", problem}}), width, 0.8f, false, true);
}

void App::draw_still_there(Widgets& w, float width, float height, double now_ms) {
    const int seconds = std::max(0, static_cast<int>((kCountdownMs - (now_ms - still_there_since_ms_)) / 1000.0 + 0.999));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(ImVec2(0, 0), ImVec2(width, height), to_imgui(w.style().theme->background, 0.97f));
    const float column = std::min(width - 32, 640.0f);
    ImGui::SetCursorScreenPos(ImVec2((width - column) / 2, height / 3));
    ImGui::BeginGroup();
    // Only this dialog is operable while it shows.
    twins_.begin_frame();
    twins_.set_heading(tr("kiosk.still_there"));
    const std::string countdown = catalog().format("kiosk.countdown", {{"seconds", std::to_string(seconds)}});
    w.text(tr("kiosk.still_there"), column, 1.4f, true);
    w.text(countdown, column, 1.0f, true);
    if (seconds % 5 == 0 || seconds <= 3) twins_.announce(tr("kiosk.still_there") + " " + countdown);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    if (w.button("kiosk-continue", tr("kiosk.continue"), column, Widgets::Look::Primary)) note_activity(now_ms);
    ImGui::EndGroup();
    // Tick once per second of the countdown, no faster.
    platform::wake_after(1000.0 - std::fmod(now_ms - still_there_since_ms_, 1000.0) + 5.0);
}

}  // namespace tellus::ui
