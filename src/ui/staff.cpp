#include "staff.hpp"

#include <imgui.h>

#include <algorithm>

#include "widgets.hpp"

namespace tellus::ui {

namespace {
std::string shown(const Catalog& c, ShownCount count) { return count ? std::to_string(*count) : c.get("staff.suppressed"); }

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

void StaffScreen::say(Widgets& w, const std::string& text, float width, float scale, bool centred, bool muted) {
    w.text(text, width, scale, centred, muted);
    if (!readable_.empty()) readable_ += "\n";
    readable_ += text;
}

bool StaffScreen::draw(Widgets& w, StaffModel& model, const StaffContext& context, float width, double now_ms) {
    if (model.tick(now_ms)) return true;
    const Catalog& c = context.catalog;
    readable_.clear();
    const float gap = w.style().gap;
    if (model.page() == StaffPage::Token) {
        draw_token(w, model, context, width, now_ms);
    } else {
        say(w, c.format("staff.signed_in_as", {{"name", model.name()}, {"role", c.get(std::string("staff.role_") + to_string(model.role()))}}),
            width, 0.75f, false, true);
        const float half = (width - gap) / 2;
        const auto look = [&](StaffPage page) { return model.page() == page ? Widgets::Look::Primary : Widgets::Look::Secondary; };
        if (w.button("staff-tab-device", c.get("staff.tab_device"), half, look(StaffPage::Device), 0.8f)) model.show_device();
        ImGui::SameLine(0, gap);
        if (w.button("staff-tab-results", c.get("staff.tab_results"), half, look(StaffPage::Results), 0.8f)) model.show_results();
        ImGui::Dummy(ImVec2(1, gap));
        if (model.page() == StaffPage::Device) draw_device(w, model, context, width);
        else if (model.page() == StaffPage::Results) draw_results(w, model, context, width);
    }
    const std::string message = model.message().empty() ? std::string() : c.format(model.message().key, model.message().values);
    if (!message.empty()) {
        ImGui::Dummy(ImVec2(1, gap / 2));
        say(w, message, width, 0.85f);
    }
    if (message != announced_) {
        announced_ = message;
        if (!message.empty()) w.twins().announce(message);
    }
    // Every line of the panel, readable by screen readers (the canvas is not) and by tests.
    w.twins().set_status(readable_);
    ImGui::Dummy(ImVec2(1, gap));
    if (!w.button("staff-leave", c.get("staff.leave"), width, Widgets::Look::Secondary, 0.8f)) return false;
    model.leave();
    return true;
}

void StaffScreen::draw_token(Widgets& w, StaffModel& model, const StaffContext& context, float width, double now_ms) {
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    w.twins().set_heading(c.get("staff.sign_in"));
    say(w, c.get("staff.sign_in"), width, 1.3f);
    say(w, c.get("staff.token_prompt"), width, 0.9f);
    ImGui::Dummy(ImVec2(1, gap / 2));
    std::string token = model.typed_token();
    const bool enter = w.secret_box("staff-token", c.get("staff.token_label"), token, model.token_shown(), 200, width, w.style().text * 2.2f);
    if (token != model.typed_token()) model.type_token(std::move(token));
    ImGui::Dummy(ImVec2(1, gap / 2));
    if (w.choice("staff-show-token", "", c.get("staff.show_token"), model.token_shown(), true, width)) model.toggle_show_token();
    ImGui::Dummy(ImVec2(1, gap / 2));
    const bool ready = model.can_sign_in();
    if (w.button("staff-sign-in", c.get("staff.sign_in_button"), width, Widgets::Look::Primary, 1.0f, ready) || (enter && ready))
        model.sign_in(now_ms);
}

void StaffScreen::draw_device(Widgets& w, StaffModel& model, const StaffContext& context, float width) {
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    w.twins().set_heading(c.get("staff.tab_device"));
    say(w, c.get("staff.tab_device"), width, 1.2f);
    say(w, c.format("staff.device_survey", {{"survey", context.survey_id}}), width, 0.85f);
    say(w, c.format("staff.device_site", {{"site", context.site.empty() ? c.get("staff.no_site") : context.site}}), width, 0.85f);
    say(w, c.format("staff.device_mode", {{"mode", c.get(context.mode == "phone" ? "staff.mode_phone" : "staff.mode_kiosk")}}), width, 0.85f);
    say(w, c.format("staff.device_language", {{"language", context.start_language}}), width, 0.85f);
    const StaffMessage languages = model.languages_note();
    say(w, c.format(languages.key, languages.values), width, 0.85f);
    ImGui::Dummy(ImVec2(1, gap / 2));
    const SyncStatus status = model.sync_status();
    say(w, c.format("staff.waiting", {{"n", std::to_string(status.waiting)}}), width, 0.85f);
    say(w, c.format("staff.held", {{"n", std::to_string(status.held)}}), width, 0.85f);
    const std::string last_sync = model.last_sync_time();
    say(w, last_sync.empty() ? c.get("staff.never_synced") : c.format("staff.last_sync", {{"time", last_sync}}), width, 0.85f);
    if (!model.held().empty()) {
        ImGui::Dummy(ImVec2(1, gap / 2));
        say(w, c.get("staff.held_heading"), width, 0.95f);
        for (const auto& item : model.held())
            say(w, c.format("staff.held_item", {{"id", item.id}, {"reasons", item.reasons}}), width, 0.75f, false, true);
    }
    ImGui::Dummy(ImVec2(1, gap));
    if (w.button("staff-sync-now", c.get("staff.sync_now"), width, Widgets::Look::Secondary, 0.85f)) model.sync_now();
    ImGui::Dummy(ImVec2(1, gap / 2));
    if (model.can(StaffRole::Manager)) {
        if (w.button("staff-download-device", c.get("staff.download_device"), width, Widgets::Look::Secondary, 0.85f)) model.download_device();
    } else {
        say(w, c.get("staff.downloads_need_manager"), width, 0.75f, false, true);
    }
    ImGui::Dummy(ImVec2(1, gap / 2));
    if (w.button("staff-poster", c.get("staff.poster"), width, Widgets::Look::Secondary, 0.85f)) model.open_poster();
}

void StaffScreen::draw_question_counts(Widgets& w, const StaffContext& context, const Question& q, const QuestionCounts& counts, float width,
                                       bool bars) {
    const Catalog& c = context.catalog;
    std::string line = c.format("staff.answered", {{"n", shown(c, counts.answered)}});
    if (const int share = positive_share(q, counts); share >= 0) line += " · " + c.format("staff.positive", {{"percent", std::to_string(share)}});
    say(w, line, width, 0.75f, false, true);
    if (q.type == QuestionType::Text) return;
    const float size = w.style().text * 0.75f;
    int face = 0;
    for (const auto& option : counts.options) {
        const std::string text = label_of(context, q, option.id) + ": " + shown(c, option.count);
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
            bar(w, bar_fraction(counts, option), width - label_width, size);
            ImGui::SetCursorScreenPos(ImVec2(row.x, std::max(label_bottom, ImGui::GetItemRectMax().y)));
            ImGui::Dummy(ImVec2(width, 1));
        } else {
            say(w, text, width, 0.7f, false, true);
        }
        ++face;
    }
}

// The period shown: this month, quarter or year, stepped back and forth. Changing it reloads.
void StaffScreen::draw_period(Widgets& w, StaffModel& model, const StaffContext& context, float width) {
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    const bool dates = model.dates_chosen();
    say(w, dates ? c.get("staff.period_dates") : c.format("staff.period", {{"period", model.period()}}), width, 0.9f);
    const float third = (width - 2 * gap) / 3;
    struct Kind {
        const char* id;
        const char* label;
        PeriodKind kind;
    };
    const Kind kinds[] = {{"staff-period-month", "staff.period_month", PeriodKind::Month},
                          {"staff-period-quarter", "staff.period_quarter", PeriodKind::Quarter},
                          {"staff-period-year", "staff.period_year", PeriodKind::Year}};
    for (size_t i = 0; i < 3; ++i) {
        if (i > 0) ImGui::SameLine(0, gap);
        const bool current = !dates && kinds[i].kind == model.period_kind();
        // Centred labels with no circle: "Quarter" or "Trimestre" fits a third of a phone's width.
        if (w.compact_choice(kinds[i].id, "staff-period-kind", c.get(kinds[i].label), current, third)) model.choose_period(kinds[i].kind);
    }
    if (w.button("staff-period-earlier", c.get("staff.period_earlier"), (width - gap) / 2, Widgets::Look::Quiet, 0.75f)) model.step_period(-1);
    ImGui::SameLine(0, gap);
    if (w.button("staff-period-later", c.get("staff.period_later"), (width - gap) / 2, Widgets::Look::Quiet, 0.75f)) model.step_period(1);
}

// Managers may also pick any dates (the whole "to" day is included); everyone may pick the site.
// Then "Show results", and for managers the raw downloads with the same filters.
void StaffScreen::draw_filters(Widgets& w, StaffModel& model, const StaffContext& context, float width) {
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    const bool manager = model.can(StaffRole::Manager);
    const float box = w.style().text * 2.0f;
    // Side by side only where each field's label fits on one line; else one field per row.
    const float widest_label = std::max({w.measure(c.get("staff.from"), 0.7f), w.measure(c.get("staff.to"), 0.7f), w.measure(c.get("staff.site"), 0.7f)});
    const int columns = manager && widest_label * 3 + 2 * gap <= width ? 3 : 1;
    const float each = (width - static_cast<float>(columns - 1) * gap) / static_cast<float>(columns);
    const auto next_field = [&] {
        if (columns > 1) ImGui::SameLine(0, gap);
    };
    if (manager) {
        std::string since = model.since(), until = model.until();
        ImGui::BeginGroup();
        say(w, c.get("staff.from"), each, 0.7f, false, true);
        w.text_box("staff-from", c.get("staff.from"), since, 10, each, box);
        ImGui::EndGroup();
        next_field();
        ImGui::BeginGroup();
        say(w, c.get("staff.to"), each, 0.7f, false, true);
        w.text_box("staff-to", c.get("staff.to"), until, 10, each, box);
        ImGui::EndGroup();
        next_field();
        if (since != model.since() || until != model.until()) model.set_dates(std::move(since), std::move(until));
    }
    std::string site = model.site_filter();
    ImGui::BeginGroup();
    say(w, c.get("staff.site"), each, 0.7f, false, true);
    w.text_box("staff-site", c.get("staff.site"), site, 64, each, box);
    ImGui::EndGroup();
    if (site != model.site_filter()) model.set_site(std::move(site));
    const bool dates_ok = model.dates_valid();
    if (!dates_ok) say(w, c.get("staff.date_format"), width, 0.75f);
    if (w.button("staff-apply", c.get("staff.apply"), width, Widgets::Look::Primary, 0.85f, dates_ok && !model.busy())) model.show_summary();
    ImGui::Dummy(ImVec2(1, gap / 2));
    if (!manager) return;
    const float third = (width - 2 * gap) / 3;
    if (w.button("staff-download-csv", c.get("staff.download_csv"), third, Widgets::Look::Secondary, 0.75f, dates_ok)) model.download(ExportFormat::Csv);
    ImGui::SameLine(0, gap);
    if (w.button("staff-download-json", c.get("staff.download_json"), third, Widgets::Look::Secondary, 0.75f, dates_ok)) model.download(ExportFormat::Json);
    ImGui::SameLine(0, gap);
    if (w.button("staff-download-fhir", c.get("staff.download_fhir"), third, Widgets::Look::Secondary, 0.75f, dates_ok)) model.download(ExportFormat::Fhir);
    ImGui::Dummy(ImVec2(1, gap / 2));
}

// Breakdown by one "about you" question: the equity view.
void StaffScreen::draw_breakdown_choice(Widgets& w, StaffModel& model, const StaffContext& context, float width) {
    if (!context.survey) return;
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    std::vector<const Question*> about;
    for (const auto& q : context.survey->questions)
        if (q.about_you && q.has_choices()) about.push_back(&q);
    if (about.empty()) return;
    say(w, c.get("staff.breakdown"), width, 0.8f);
    const float each = (width - gap * static_cast<float>(about.size())) / static_cast<float>(about.size() + 1);
    const auto look = [&](const std::string& by) { return model.breakdown() == by ? Widgets::Look::Primary : Widgets::Look::Quiet; };
    if (w.button("staff-by-none", c.get("staff.breakdown_none"), each, look(""), 0.7f)) model.set_breakdown("");
    for (const Question* q : about) {
        ImGui::SameLine(0, gap);
        if (w.button("staff-by-" + q->id, q->text.in(context.language), each, look(q->id), 0.7f)) model.set_breakdown(q->id);
    }
}

void StaffScreen::draw_results(Widgets& w, StaffModel& model, const StaffContext& context, float width) {
    const Catalog& c = context.catalog;
    w.twins().set_heading(c.get("staff.tab_results"));
    say(w, c.get("staff.tab_results"), width, 1.2f);
    draw_period(w, model, context, width);
    draw_filters(w, model, context, width);
    draw_breakdown_choice(w, model, context, width);
    draw_summary(w, model, context, width);
}

void StaffScreen::draw_comments(Widgets& w, StaffModel& model, const StaffContext& context, float width) {
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    ImGui::Dummy(ImVec2(1, gap));
    say(w, c.format("staff.comments", {{"n", std::to_string(model.comments().size())}}), width, 1.0f);
    for (const auto& comment : model.comments()) {
        const Question* q = context.survey->question(comment.question_id);
        say(w, comment.submitted_at.substr(0, 10) + " · " + (q ? q->text.in(context.language) + " " : std::string()) + comment.text, width, 0.75f);
        ImGui::Dummy(ImVec2(1, gap / 3));
    }
    if (model.more_comments_to_load() && w.button("staff-more-comments", c.get("staff.more_comments"), width, Widgets::Look::Secondary, 0.85f))
        model.more_comments();
}

void StaffScreen::draw_summary(Widgets& w, StaffModel& model, const StaffContext& context, float width) {
    if (!model.summary() || !context.survey) return;
    const SummaryView& summary = *model.summary();
    const Catalog& c = context.catalog;
    const float gap = w.style().gap;
    ImGui::Dummy(ImVec2(1, gap));
    say(w, c.format("staff.responses", {{"n", shown(c, summary.overall.responses)}}), width, 1.0f);
    say(w, c.format("staff.suppression_note", {{"n", std::to_string(summary.suppressed_below)}}), width, 0.7f, false, true);
    if (!summary.too_detailed.empty())
        say(w, c.get(summary.too_detailed == "summary" ? "staff.too_detailed_summary" : "staff.too_detailed_breakdown"), width, 0.8f);
    for (const auto& q : context.survey->questions) {
        const QuestionCounts* counts = summary.overall.question(q.id);
        if (!counts) continue;
        ImGui::Dummy(ImVec2(1, gap / 2));
        say(w, q.text.in(context.language), width, 0.85f);
        draw_question_counts(w, context, q, *counts, width, true);
    }
    draw_comments(w, model, context, width);
    if (summary.by.empty()) return;
    const Question* by_question = context.survey->question(summary.by);
    ImGui::Dummy(ImVec2(1, gap));
    say(w, c.format("staff.breakdown_heading", {{"question", by_question ? by_question->text.in(context.language) : summary.by}}), width, 1.0f);
    for (const auto& group : summary.groups) {
        ImGui::Dummy(ImVec2(1, gap / 2));
        say(w, (by_question ? label_of(context, *by_question, group.id) : group.id) + " · " +
                   c.format("staff.responses", {{"n", shown(c, group.counts.responses)}}),
            width, 0.9f);
        for (const auto& q : context.survey->questions) {
            if (q.about_you || q.type == QuestionType::Text) continue;
            const QuestionCounts* counts = group.counts.question(q.id);
            if (!counts) continue;
            say(w, q.text.in(context.language), width, 0.75f);
            draw_question_counts(w, context, q, *counts, width, false);
        }
    }
}

}  // namespace tellus::ui
