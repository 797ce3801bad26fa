#include "app.hpp"

#include <imgui.h>

#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

#include "widgets.hpp"

namespace tellus::ui {

namespace {
static_assert(std::size(kTextScales) == kTextSizeCount, "one scale per step of the text-size tool");
// The content column: comfortable line lengths on wide screens.
constexpr float kPhoneColumn = 640, kKioskColumn = 820;
// Up to this many languages, one full-width button each; more go in a grid (draw_language_grid).
constexpr size_t kLanguagesInOneColumn = 4;
}  // namespace

App::App(AppHost& host, AppConfig config) : host_(host), model_(host, std::move(config)), staff_model_(host) {}

void App::note_activity() {
    model_.activity();
    if (model_.screen() == Screen::Staff) staff_model_.activity(host_.now_ms());
}

Style App::style_for(float width) const {
    Style style;
    style.theme = &theme();
    const bool phone = model_.config().mode == Mode::Phone || width < 600;
    style.text = (phone ? 22.0f : 30.0f) * kTextScales[model_.text_size()];
    style.target = std::max(56.0f, style.text * 2.2f);
    style.engine = text_engine_;
    style.rtl = style.mirrored = right_to_left();
    return style;
}

// Staff mode: "#staff" in the address, or a 3-second press in the top-left corner of the
// language or problem screen (a kiosk with no survey must still reach staff mode).
void App::enter_staff_if_asked() {
    const Screen s = model_.screen();
    if (s != Screen::Language && s != Screen::Welcome && s != Screen::Problem) return;
    const ImGuiIO& io = ImGui::GetIO();
    const bool corner = (s == Screen::Language || s == Screen::Problem) &&
                        staff_model_.corner_held(io.MouseDown[0], io.MousePos.x, io.MousePos.y, host_.now_ms());
    if (!corner && !host_.url_asks_for_staff()) return;
    model_.enter_staff();
    staff_model_.enter(staff_context().setup(), host_.now_ms());
}

StaffContext App::staff_context() const {
    const AppConfig& c = model_.config();
    return StaffContext{model_.catalog(), model_.language(), model_.survey(), c.survey_id, c.site,
                        c.mode == Mode::Phone ? "phone" : "kiosk", c.start_language, c.api_base,
                        // The same wait as the patient screens': the idle question and its countdown.
                        c.idle_before_asking_ms + kCountdownMs, model_.unreviewed_language_names()};
}

bool App::timer_needs_frames() {
    // The corner is watched on the language and problem screens only (a press left over from
    // another screen is stale).
    const bool corner_watched = model_.screen() == Screen::Language || model_.screen() == Screen::Problem;
    if (model_.screen() == Screen::Staff || (corner_watched && staff_model_.corner_pressing()) || model_.due()) return true;
    model_.arm_next_wake();
    return false;
}

// [SECTION] Frame

void App::frame(float width, float height) {
    model_.tick();
    enter_staff_if_asked();
    twins_.begin_frame();
    const bool rtl = right_to_left();
    twins_.set_language(model_.language(), rtl, rtl ? width : 0);
    Widgets w(twins_, style_for(width));
    const Colour bg = theme().background;
    ImGui::GetStyle().Colors[ImGuiCol_WindowBg] = ImVec4(bg.r / 255.f, bg.g / 255.f, bg.b / 255.f, 1);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGui::Begin("tellus", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    const bool narrow = width < 600;
    const float margin = narrow ? 16.0f : 24.0f;
    const float column = std::min(width - 2 * margin, narrow ? kPhoneColumn : kKioskColumn);
    ImGui::SetCursorPos(ImVec2((width - column) / 2, margin));
    ImGui::BeginGroup();
    draw_screen(w, column, height);
    ImGui::Dummy(ImVec2(1, margin));
    ImGui::EndGroup();
    follow_scrolling(height);
    draw_more_below(w, width, height);
    ImGui::End();
    // Screen readers hear each new screen (and each question) once, through the live region.
    if (model_.screen_serial() != announced_serial_ || twins_.heading() != announced_heading_) {
        announced_serial_ = model_.screen_serial();
        announced_heading_ = twins_.heading();
        twins_.announce(announced_heading_);
        host_.stop_speaking();  // reading aloud stops when the screen changes
    }
    twins_.end_frame();
}

// One screen, or one dialog on its own: a dialog is drawn on the plain background with nothing
// of the screen behind it (no answer shows through, and nothing behind it takes a tap).
void App::draw_screen(Widgets& w, float width, float height) {
    if (model_.asking_still_there()) return draw_still_there(w, width);
    if (model_.picker_open()) return draw_language_picker(w, width);
    const Screen screen = model_.screen();
    if (screen != Screen::Loading && screen != Screen::Staff) draw_toolbar(w, width);
    switch (screen) {
        case Screen::Loading:
            twins_.set_heading(model_.tr("app.loading"));
            w.text(model_.tr("app.loading"), width, 1.0f, true);
            break;
        case Screen::Language: draw_language(w, width); break;
        case Screen::Welcome: draw_welcome(w, width); break;
        case Screen::Question: draw_question(w, width); break;
        case Screen::Thanks: draw_thanks(w, width); break;
        case Screen::Problem: draw_problem(w, width); break;
        case Screen::Staff:
            if (staff_.draw(w, staff_model_, staff_context(), width, host_.now_ms())) model_.leave_staff();
            break;
    }
    (void)height;
}

// Screens taller than the display (largest text on a small phone) scroll: by wheel, by dragging
// anywhere, and by moving keyboard focus to a control out of view. A new screen starts at the top.
void App::follow_scrolling(float height) {
    ImGuiIO& io = ImGui::GetIO();
    if (model_.screen_serial() != announced_serial_) ImGui::SetScrollY(0);
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 12.0f)) {
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
        ImGui::ClearActiveID();  // a drag is a scroll, not a tap on the control under the finger
    }
    const std::string& focused = twins_.focused();
    if (focused.empty() || focused == scrolled_to_focus_) return;
    scrolled_to_focus_ = focused;
    for (const auto& twin : twins_.twins()) {
        if (twin.id != focused) continue;
        if (twin.rect.y < 0) ImGui::SetScrollY(ImGui::GetScrollY() + twin.rect.y - 16);
        else if (twin.rect.y + twin.rect.h > height) ImGui::SetScrollY(ImGui::GetScrollY() + twin.rect.y + twin.rect.h - height + 16);
    }
}

// When the screen continues below the fold, say so at the bottom edge: on a small phone the
// answers and Next may be out of sight.
void App::draw_more_below(Widgets& w, float width, float height) {
    // Only when a control is actually out of sight (the bottom margin alone does not count).
    const bool control_below = std::any_of(twins_.twins().begin(), twins_.twins().end(),
                                           [&](const Twin& t) { return t.role != Role::Text && t.rect.y + t.rect.h > height + 1; });
    if (!control_below) return;
    const std::string label = model_.tr("nav.more_below");
    const float size = w.style().text * 0.75f;
    const float band = size * 2.0f;
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    draw->AddRectFilled(ImVec2(0, height - band), ImVec2(width, height), to_imgui(theme().surface));
    draw->AddLine(ImVec2(0, height - band), ImVec2(width, height - band), to_imgui(theme().text), 1.5f);
    const float text_width = w.measure(label, 0.75f);
    const float x = (width - text_width - size * 1.2f) / 2, y = height - band + size * 0.5f;
    w.label(draw, label, size, ImVec2(x, y), to_imgui(theme().text));
    // A chevron pointing down, drawn (the text fonts have no arrows).
    const float cx = x + text_width + size * 0.7f, cy = y + size * 0.55f, r = size * 0.3f;
    draw->AddPolyline(std::array<ImVec2, 3>{ImVec2(cx - r, cy - r * 0.5f), ImVec2(cx, cy + r * 0.5f), ImVec2(cx + r, cy - r * 0.5f)}.data(), 3,
                      to_imgui(theme().text), 0, 2.0f);
}

// [SECTION] Toolbar and language

void App::draw_toolbar(Widgets& w, float width) {
    // Language, text size and contrast, in one row on every screen: switching never loses answers.
    // The language button names the language in use; it opens the picker.
    const float gap = w.style().gap * 0.6f;
    const float each = (width - 2 * gap) / 3;
    // The tools stay in one row at every text size: their labels grow with the text-size tool only
    // up to the normal body size, so no word is ever cut in three narrow buttons.
    const float normal_text = width < 600 ? 22.0f : 30.0f;
    const float scale = std::min(width < 600 ? 0.7f : 0.8f, normal_text * 0.75f / w.style().text);
    const Screen screen = model_.screen();
    if (screen != Screen::Language) {
        const std::string name = model_.language_name(model_.language());
        if (w.button("tool-language", model_.catalog().format("nav.language_current", {{"name", name}}), each, Widgets::Look::Quiet, scale))
            model_.open_language_picker();
    } else {
        ImGui::Dummy(ImVec2(each, 1));
    }
    ImGui::SameLine(0, gap);
    if (w.button("tool-text-size", model_.tr("tool.text_size"), each, Widgets::Look::Quiet, scale)) model_.cycle_text_size();
    ImGui::SameLine(0, gap);
    if (w.toggle("tool-contrast", model_.tr("tool.contrast"), model_.high_contrast(), each, Widgets::Look::Quiet, scale)) model_.toggle_contrast();
    ImGui::Dummy(ImVec2(1, w.style().gap));
}

void App::draw_language(Widgets& w, float width) {
    twins_.set_heading(model_.tr("language.choose"));
    const auto languages = model_.available_languages();
    // "Choose your language" in each language while they fit in a few lines; with more, in the
    // start language only: every button below names its language in itself anyway.
    if (languages.size() <= kLanguagesInOneColumn) {
        for (const auto& lang : languages) w.text(model_.catalog_for(lang).get("language.choose"), width, 1.0f, true, true);
    } else {
        w.text(model_.tr("language.choose"), width, 1.0f, true);
    }
    ImGui::Dummy(ImVec2(1, w.style().gap));
    draw_language_grid(w, width, false);
    draw_sync_status(w, width);
}

void App::draw_language_picker(Widgets& w, float width) {
    twins_.set_heading(model_.tr("language.choose"));
    w.text(model_.tr("language.choose"), width, 1.2f, true);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    draw_language_grid(w, width, true);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    if (w.button("language-close", model_.tr("nav.close"), width, Widgets::Look::Quiet)) model_.close_language_picker();
}

// One button per language, each named in itself so anyone can find their own. A few languages
// stack in one column; more go in a grid, as many columns as keep each button a comfortable
// width at the current text size (two on a phone, three on a kiosk at the normal size), so twelve
// or more fit a 360x640 phone and a 1280x800 kiosk without scrolling. In reading order, row by row.
void App::draw_language_grid(Widgets& w, float width, bool picker) {
    const auto languages = model_.available_languages();
    const float gap = w.style().gap;
    const float min_cell = w.style().text * 6.0f;  // about ten letters of a language's name
    int columns = 1;
    if (languages.size() > kLanguagesInOneColumn)
        columns = std::clamp(static_cast<int>((width + gap) / (min_cell + gap)), 1, 3);
    const float cell = (width - (columns - 1) * gap) / columns;
    for (size_t i = 0; i < languages.size(); ++i) {
        const std::string& lang = languages[i];
        if (i % columns != 0) ImGui::SameLine(0, gap);
        const bool current = picker && lang == model_.language();
        if (w.button("language-" + lang, model_.language_name(lang), cell, current ? Widgets::Look::Primary : Widgets::Look::Secondary))
            model_.choose_language(lang);
        // Rows closer together in a grid; a row is as tall as its tallest button (a long name wraps).
        if (i % columns == static_cast<size_t>(columns - 1) || i + 1 == languages.size())
            ImGui::Dummy(ImVec2(1, columns > 1 || picker ? gap / 2 : gap));
    }
}

// [SECTION] Screens

void App::draw_welcome(Widgets& w, float width) {
    twins_.set_heading(model_.tr("welcome.heading"));
    w.text(model_.tr("welcome.heading"), width, 1.4f, true);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    for (const char* key : {"welcome.anonymous", "welcome.emergency", "welcome.no_names", "welcome.skip"}) {
        w.text(model_.tr(key), width);
        ImGui::Dummy(ImVec2(1, w.style().gap / 2));
    }
    ImGui::Dummy(ImVec2(1, w.style().gap));
    if (w.button("welcome-start", model_.tr("welcome.start"), width, Widgets::Look::Primary)) model_.start_survey();
}

void App::draw_question(Widgets& w, float width) {
    const Question* q = model_.current_question();
    if (!q) return;
    draw_progress(w, width);
    const std::string& question_text = q->text.in(model_.language());
    twins_.set_heading(question_text);
    w.text(question_text, width, 1.25f);
    ImGui::Dummy(ImVec2(1, w.style().gap / 2));
    const bool available = host_.speech_available(model_.language());
    const std::string label = !available ? model_.tr("a11y.no_voice") : host_.is_speaking() ? model_.tr("a11y.stop_reading") : model_.tr("a11y.read_aloud");
    if (w.button("tool-read-aloud", label, width, Widgets::Look::Quiet, 0.8f, available)) model_.speak_question();
    ImGui::Dummy(ImVec2(1, w.style().gap));
    draw_answers(w, *q, width);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    draw_navigation(w, *q, width);
}

// "Question N of M" with a bar beside it: how far, at a glance. The bar's twin (a progressbar)
// carries the words, so screen readers hear them once.
void App::draw_progress(Widgets& w, float width) {
    const SurveySession& s = *model_.session();
    const size_t total = s.visible_questions().size();
    const std::string text = model_.catalog().format("nav.progress", {{"n", std::to_string(s.position() + 1)}, {"total", std::to_string(total)}});
    const float size = w.style().text * 0.8f;
    const float text_width = std::min(width * 0.55f, w.measure(text, 0.8f) + 4);
    const ImVec2 at = ImGui::GetCursorPos();
    ImGui::BeginGroup();
    w.text(text, text_width, 0.8f, false, true, /*mirrored=*/false);
    ImGui::EndGroup();
    const float line = size * 1.35f, bar_height = std::max(12.0f, w.style().text * 0.4f);
    ImGui::SetCursorPos(ImVec2(at.x + text_width + w.style().gap, at.y + (line - bar_height) / 2));
    w.progress(total ? static_cast<float>(s.position() + 1) / static_cast<float>(total) : 0.0f, width - text_width - w.style().gap, text);
    ImGui::SetCursorPos(ImVec2(at.x, at.y + std::max(line, bar_height)));
    ImGui::Dummy(ImVec2(1, 2));
}

void App::draw_navigation(Widgets& w, const Question& q, float width) {
    const float gap = w.style().gap;
    const float half = (width - gap) / 2;
    const SurveySession& s = *model_.session();
    if (s.position() > 0) {
        if (w.button("nav-back", model_.tr("nav.back"), half, Widgets::Look::Secondary, 1.0f, !model_.sending())) model_.back();
    } else {
        ImGui::Dummy(ImVec2(half, 1));
    }
    ImGui::SameLine(0, gap);
    if (model_.on_last_question()) {
        // While the device writes, Send says so and takes no second press.
        const std::string label = model_.sending() ? model_.tr("nav.sending") : model_.tr("nav.send");
        if (w.button("nav-send", label, half, Widgets::Look::Primary, 1.0f, !model_.sending())) model_.send();
    } else {
        const bool answered = s.answer(q.id) != nullptr;
        if (w.button("nav-next", model_.tr(answered ? "nav.next" : "nav.skip"), half, Widgets::Look::Primary)) model_.next();
    }
}

void App::draw_answers(Widgets& w, const Question& q, float width) {
    const Answer* given = model_.session()->answer(q.id);
    auto is_chosen = [&](const std::string& option_id) {
        if (!given) return false;
        if (given->is_array()) return std::find(given->begin(), given->end(), option_id) != given->end();
        return given->is_string() && given->get<std::string>() == option_id;
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
                if (w.choice("answer-" + q.id + "-" + o.id, q.id, model_.option_label(q, o), is_chosen(o.id), false, cell, static_cast<int>(i), 0, row))
                    model_.choose(o.id);
                if (!row) ImGui::Dummy(ImVec2(1, gap / 2));
            }
            break;
        }
        case QuestionType::Scale: draw_scale(w, q, width); break;
        case QuestionType::Text: {
            std::string value = given && given->is_string() ? given->get<std::string>() : "";
            if (w.text_box("answer-" + q.id, q.text.in(model_.language()), value, q.max_length, width, w.style().text * 7))
                model_.set_text(value);
            int used = 0;
            for (unsigned char c : value) used += (c & 0xC0) != 0x80;
            w.text(model_.catalog().format("text.characters_left", {{"n", std::to_string(q.max_length - used)}}), width, 0.8f, false, true);
            w.text(model_.tr("text.privacy_note"), width, 0.8f, false, true);  // told gently before sending (core/masking.hpp)
            break;
        }
        default:
            for (const auto& o : q.options) {
                if (w.choice("answer-" + q.id + "-" + o.id, q.id, model_.option_label(q, o), is_chosen(o.id), q.type == QuestionType::Multiple, width))
                    model_.choose(o.id);
                ImGui::Dummy(ImVec2(1, gap / 2));
            }
    }
}

// 0 to 10 in one row when each number gets a comfortable target, else in two rows.
void App::draw_scale(Widgets& w, const Question& q, float width) {
    const Answer* given = model_.session()->answer(q.id);
    const int count = q.max - q.min + 1;
    const float spacing = 8.0f;
    // Numbers in boxes without radio circles (compact_choice): the digits always show, and fit.
    const float min_cell = std::max(Widgets::kMinCompactCell + 12, w.style().text * 1.8f);
    const int per_row = width >= count * (min_cell + spacing) ? count : (count + 1) / 2;
    const float cell = (width - (per_row - 1) * spacing) / per_row;
    for (int v = q.min; v <= q.max; ++v) {
        if ((v - q.min) % per_row != 0) ImGui::SameLine(0, spacing);
        else if (v != q.min) ImGui::Dummy(ImVec2(1, spacing / 2));
        const bool chosen = given && given->is_number_integer() && given->get<int>() == v;
        if (w.compact_choice("answer-" + q.id + "-" + std::to_string(v), q.id, std::to_string(v), chosen, cell)) model_.choose_number(v);
    }
    ImGui::Dummy(ImVec2(1, spacing));
    const float half = (width - w.style().gap) / 2;
    const std::string& lang = model_.language();
    ImGui::BeginGroup();
    w.text(std::to_string(q.min) + " = " + q.min_label.in(lang), half, 0.85f, false, true);
    ImGui::EndGroup();
    ImGui::SameLine(0, w.style().gap);
    ImGui::BeginGroup();
    w.text(std::to_string(q.max) + " = " + q.max_label.in(lang), half, 0.85f, false, true);
    ImGui::EndGroup();
}

void App::draw_thanks(Widgets& w, float width) {
    twins_.set_heading(model_.tr("thanks.heading"));
    w.text(model_.tr("thanks.heading"), width, 1.5f, true);
    w.text(model_.tr(model_.save_failed() ? "error.storage" : "thanks.saved"), width, 1.0f, true);
    ImGui::Dummy(ImVec2(1, w.style().gap * 2));
    const Survey* survey = model_.survey();
    if (survey && !survey->you_said_we_did.empty()) {
        w.text(model_.tr("thanks.you_said_we_did"), width, 1.1f);
        w.text(survey->you_said_we_did.in(model_.language()), width);
        ImGui::Dummy(ImVec2(1, w.style().gap * 2));
    }
    if (w.button("thanks-again", model_.tr("thanks.again"), width, Widgets::Look::Primary)) model_.start_again();
    draw_sync_status(w, width);
}

void App::draw_problem(Widgets& w, float width) {
    twins_.set_heading(model_.tr("error.survey_unavailable"));
    w.text(model_.tr("error.survey_unavailable"), width, 1.2f);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    if (w.button("problem-retry", model_.tr("error.retry"), width, Widgets::Look::Primary)) model_.retry();
    ImGui::Dummy(ImVec2(1, w.style().gap));
    for (const auto& detail : model_.problem_details())
        w.text(model_.catalog().format("error.survey_details", {{"details", detail}}), width, 0.8f, false, true);
}

void App::draw_still_there(Widgets& w, float width) {
    const std::string countdown = model_.catalog().format("kiosk.countdown", {{"seconds", std::to_string(model_.countdown_seconds())}});
    twins_.set_heading(model_.tr("kiosk.still_there"));
    ImGui::Dummy(ImVec2(1, ImGui::GetWindowHeight() / 5));
    w.text(model_.tr("kiosk.still_there"), width, 1.4f, true);
    w.text(countdown, width, 1.0f, true);
    const int seconds = model_.countdown_seconds();
    if (seconds % 5 == 0 || seconds <= 3) twins_.announce(model_.tr("kiosk.still_there") + " " + countdown);
    ImGui::Dummy(ImVec2(1, w.style().gap));
    if (w.button("kiosk-continue", model_.tr("kiosk.continue"), width, Widgets::Look::Primary)) model_.still_here();
}

// For staff, between patients: small and calm, never an alarm. In the flow of the screen, so it
// never lies over a button.
void App::draw_sync_status(Widgets& w, float width) {
    const SyncStatus status = host_.sync_status();
    const Catalog& c = model_.catalog();
    std::string line = status.waiting == 0 ? c.get("sync.all_sent") : c.format("sync.waiting", {{"n", std::to_string(status.waiting)}});
    if (status.held > 0) line += " · " + c.format("sync.held", {{"n", std::to_string(status.held)}});
    if (status.last_success) line += " · " + c.format("sync.last", {{"time", host_.local_time_of_day(*status.last_success)}});
    ImGui::Dummy(ImVec2(1, w.style().gap));
    w.text(line, width, 0.65f, false, true, /*mirrored=*/false);  // exposed as the twin layer's status line
    twins_.set_status(line);
}

}  // namespace tellus::ui
