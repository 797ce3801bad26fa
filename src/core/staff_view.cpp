#include "staff_view.hpp"

#include <cstdio>
#include <set>

namespace tellus {

int positive_share(const Question& q, const nlohmann::json& counts) {
    std::set<std::string> positive;
    if (q.type == QuestionType::Faces) positive = {"good", "very_good"};
    else if (q.type == QuestionType::YesNoUnsure) positive = {"yes"};
    else return -1;
    const auto& answered = counts.value("answered", nlohmann::json::object());
    if (!answered.contains("count") || !answered["count"].is_number_integer()) return -1;
    const long long total = answered["count"].get<long long>();
    if (total <= 0) return -1;
    long long yes = 0;
    for (const auto& option : counts.value("options", nlohmann::json::array())) {
        if (!positive.count(option.value("id", ""))) continue;
        if (!option.contains("count") || !option["count"].is_number_integer()) return -1;  // suppressed
        yes += option["count"].get<long long>();
    }
    return static_cast<int>((yes * 100 + total / 2) / total);
}

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

nlohmann::json device_export(const nlohmann::json& queued, const nlohmann::json& held) {
    nlohmann::json responses = nlohmann::json::array();
    std::set<std::string> seen;
    for (const auto* list : {&queued, &held}) {
        if (!list->is_array()) continue;
        for (const auto& record : *list) {
            if (!record.is_object() || !record.contains("body") || !record["body"].is_string()) continue;
            nlohmann::json response = nlohmann::json::parse(record["body"].get<std::string>(), nullptr, false);
            if (!response.is_object()) continue;
            const std::string id = response.value("id", "");
            if (!seen.insert(id).second) continue;
            responses.push_back(std::move(response));
        }
    }
    return {{"responses", responses}};
}

}  // namespace tellus
