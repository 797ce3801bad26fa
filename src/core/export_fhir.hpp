#pragma once
// Responses as FHIR R4 QuestionnaireResponse resources, for an organisation's reporting systems.
// Each refers to its survey as the Questionnaire "urn:tellus:questionnaire:<id>|<version>"; each
// answer is a valueCoding (choices, system "urn:tellus:questionnaire:<id>:<question>"), a
// valueInteger (scales) or a valueString (free text).
#include <string>

#include <nlohmann/json.hpp>

#include "survey.hpp"

namespace tellus {

std::string fhir_questionnaire_canonical(const std::string& survey_id, int version);
std::string fhir_answer_system(const std::string& survey_id, const std::string& question_id);

// `survey` may be null (a survey no longer loaded): then items follow the answers' own order.
nlohmann::json fhir_questionnaire_response(const Survey* survey, const nlohmann::json& response);

// The Bundle is streamed: prefix, entries separated by ",", suffix.
std::string fhir_bundle_prefix(const std::string& timestamp);
nlohmann::json fhir_bundle_entry(const nlohmann::json& questionnaire_response);
inline constexpr const char* kFhirBundleSuffix = "]}";

}  // namespace tellus
