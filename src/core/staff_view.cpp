#include "staff_view.hpp"

#include <algorithm>
#include <cstdio>
#include <set>


namespace tellus {

using nlohmann::json;

namespace {
// Reading JSON from the network without exceptions: every step checks the type first.
const json* member(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
}

std::string text_of(const json& object, const char* key) {
    const json* value = member(object, key);
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

const json& list_of(const json& object, const char* key) {
    static const json empty = json::array();
    const json* value = member(object, key);
    return value && value->is_array() ? *value : empty;
}

// {"count": 12} -> 12; {"count": null, "suppressed": true}, or anything else, -> hidden.
ShownCount count_in(const json& object, const char* key) {
    const json* cell = member(object, key);
    const json* count = cell ? member(*cell, "count") : nullptr;
    if (!count || !count->is_number_integer()) return std::nullopt;
    return count->get<long long>();
}

QuestionCounts question_counts(const json& entry) {
    QuestionCounts counts{text_of(entry, "id"), count_in(entry, "answered"), {}};
    for (const auto& option : list_of(entry, "options")) {
        const json* count = member(option, "count");
        counts.options.push_back({text_of(option, "id"), count && count->is_number_integer() ? ShownCount(count->get<long long>()) : std::nullopt});
    }
    return counts;
}

Counts counts_of(const json& object) {
    Counts counts{count_in(object, "responses"), {}};
    for (const auto& entry : list_of(object, "questions"))
        if (entry.is_object()) counts.questions.push_back(question_counts(entry));
    return counts;
}
}  // namespace

// [SECTION] Summaries

const QuestionCounts* Counts::question(const std::string& id) const {
    for (const auto& q : questions)
        if (q.id == id) return &q;
    return nullptr;
}

std::optional<SummaryView> parse_summary(std::string_view body) {
    const json summary = json::parse(body, nullptr, false);
    if (!summary.is_object()) return std::nullopt;
    SummaryView view;
    view.overall = counts_of(summary);
    if (const json* below = member(summary, "suppressed_below"); below && below->is_number_integer())
        view.suppressed_below = below->get<int>();
    view.by = text_of(summary, "by");
    view.too_detailed = text_of(summary, "too_detailed");
    for (const auto& group : list_of(summary, "groups"))
        if (group.is_object()) view.groups.push_back({text_of(group, "id"), counts_of(group)});
    return view;
}

int positive_share(const Question& q, const QuestionCounts& counts) {
    std::set<std::string> positive;
    if (q.type == QuestionType::Faces) positive = {"good", "very_good"};
    else if (q.type == QuestionType::YesNoUnsure) positive = {"yes"};
    else return -1;
    if (!counts.answered || *counts.answered <= 0) return -1;
    const long long total = *counts.answered;
    long long yes = 0;
    for (const auto& option : counts.options) {
        if (!positive.count(option.id)) continue;
        if (!option.count) return -1;  // hidden
        yes += *option.count;
    }
    return static_cast<int>((yes * 100 + total / 2) / total);
}

int positive_share(const Question& q, const json& question_counts_json) {
    return positive_share(q, question_counts(question_counts_json));
}

float bar_fraction(const QuestionCounts& question, const OptionCount& option) {
    if (!question.answered || !option.count || *question.answered <= 0 || *option.count <= 0) return 0.0f;
    return std::min(1.0f, static_cast<float>(*option.count) / static_cast<float>(*question.answered));
}

// [SECTION] Comments

std::optional<CommentsPage> parse_comments_page(std::string_view body) {
    const json page = json::parse(body, nullptr, false);
    if (!page.is_object() || !member(page, "comments")) return std::nullopt;
    CommentsPage out;
    for (const auto& c : list_of(page, "comments")) {
        const json* id = member(c, "id");
        if (!id || !id->is_number_integer() || text_of(c, "text").empty()) continue;
        out.comments.push_back({id->get<std::int64_t>(), text_of(c, "submitted_at"), text_of(c, "question"), text_of(c, "text"), text_of(c, "status")});
    }
    out.next_cursor = text_of(page, "next_cursor");
    return out;
}

// [SECTION] This device

std::vector<HeldLine> held_lines(const std::vector<HeldItem>& held) {
    std::vector<HeldLine> lines;
    for (const auto& item : held) {
        std::string reasons;
        for (const auto& error : item.errors.is_array() ? item.errors : json::array()) {
            if (!reasons.empty()) reasons += "; ";
            reasons += error.is_object() ? text_of(error, "field") + " " + text_of(error, "message") : error.dump(-1, ' ', false, json::error_handler_t::replace);
        }
        lines.push_back({item.item.id, reasons});
    }
    return lines;
}

json device_export(const std::vector<OutboxItem>& queued, const std::vector<HeldItem>& held) {
    json responses = json::array();
    std::set<std::string> seen;
    const auto add = [&](const OutboxItem& item) {
        json response = json::parse(item.body, nullptr, false);
        if (!response.is_object() || !seen.insert(text_of(response, "id")).second) return;
        responses.push_back(std::move(response));
    };
    for (const auto& item : queued) add(item);
    for (const auto& item : held) add(item.item);
    return {{"responses", responses}};
}

// [SECTION] Filters

namespace {
bool parse_date(const std::string& text, int& y, int& m, int& d) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (text[i] < '0' || text[i] > '9') return false;
    y = std::stoi(text.substr(0, 4));
    m = std::stoi(text.substr(5, 2));
    d = std::stoi(text.substr(8, 2));
    if (m < 1 || m > 12 || d < 1) return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}
}  // namespace

bool is_date(const std::string& text) {
    int y, m, d;
    return parse_date(text, y, m, d);
}

std::string next_day(const std::string& date) {
    int y, m, d;
    if (!parse_date(date, y, m, d)) return {};
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d + 1);
    if (is_date(buffer)) return buffer;
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
    return buffer;
}

std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string date_range_query(const std::string& from, const std::string& to, const std::string& utc_offset) {
    std::string query;
    if (is_date(from)) query += "&since=" + url_encode(from + "T00:00:00" + utc_offset);
    if (is_date(to)) query += "&until=" + url_encode(next_day(to) + "T00:00:00" + utc_offset);
    return query;
}

}  // namespace tellus
