#include "export_csv.hpp"

namespace tellus {
namespace {

std::string text_field(const nlohmann::json& object, const char* field) {
    if (!object.is_object() || !object.contains(field)) return {};
    const auto& value = object[field];
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return {};
    return value.dump();
}

}  // namespace

std::string csv_neutralise(const std::string& cell) {
    if (cell.empty()) return cell;
    switch (cell[0]) {
        case '=': case '+': case '-': case '@': case '\t': case '\r': return "'" + cell;
        default: return cell;
    }
}

std::string csv_quote(const std::string& cell) {
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string csv_row(const std::vector<std::string>& cells) {
    std::string row;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) row += ',';
        row += csv_quote(csv_neutralise(cells[i]));
    }
    return row + "\r\n";
}

std::vector<std::string> csv_header(const Survey& survey) {
    std::vector<std::string> header{"id", "survey", "version", "locale", "channel", "site", "started_at", "submitted_at", "received_at"};
    for (const auto& q : survey.questions) header.push_back(q.id);
    return header;
}

std::string csv_answer_text(const nlohmann::json& answer) {
    if (answer.is_null()) return {};
    if (answer.is_string()) return answer.get<std::string>();
    if (answer.is_array()) {
        std::string joined;
        for (const auto& item : answer) {
            if (!joined.empty()) joined += "; ";
            joined += item.is_string() ? item.get<std::string>() : item.dump();
        }
        return joined;
    }
    return answer.dump();
}

std::vector<std::string> csv_cells(const Survey& survey, const nlohmann::json& response, const std::string& received_at) {
    const nlohmann::json& s = response.contains("survey") ? response["survey"] : nlohmann::json::object();
    std::vector<std::string> cells{text_field(response, "id"), text_field(s, "id"), text_field(s, "version"),
                                   text_field(response, "locale"), text_field(response, "channel"), text_field(response, "site"),
                                   text_field(response, "started_at"), text_field(response, "submitted_at"), received_at};
    const nlohmann::json& answers = response.contains("answers") ? response["answers"] : nlohmann::json::object();
    for (const auto& q : survey.questions)
        cells.push_back(answers.is_object() && answers.contains(q.id) ? csv_answer_text(answers[q.id]) : std::string());
    return cells;
}

}  // namespace tellus
