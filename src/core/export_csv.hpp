#pragma once
// Responses as CSV for staff: opens in Excel with accents intact (UTF-8 with a byte-order mark),
// one column per question in survey order, and cells that a spreadsheet would run as a formula
// (= + - @, tab, carriage return) neutralised with a leading apostrophe.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "survey.hpp"

namespace tellus {

inline constexpr const char* kUtf8Bom = "\xEF\xBB\xBF";

// "=SUM(A1)" -> "'=SUM(A1)"; anything else unchanged.
std::string csv_neutralise(const std::string& cell);
// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
std::string csv_quote(const std::string& cell);
// Neutralises and quotes each cell; ends with CRLF.
std::string csv_row(const std::vector<std::string>& cells);

// id, survey, version, locale, channel, site, started_at, submitted_at, received_at, then questions.
std::vector<std::string> csv_header(const Survey& survey);
// `response` is a response object as stored (docs/api.md).
std::vector<std::string> csv_cells(const Survey& survey, const nlohmann::json& response, const std::string& received_at);
// "good"; ["a","b"] -> "a; b"; 7 -> "7"; null or missing -> "".
std::string csv_answer_text(const nlohmann::json& answer);

}  // namespace tellus
