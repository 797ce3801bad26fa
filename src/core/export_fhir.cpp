#include "export_fhir.hpp"

namespace tellus {
namespace {

using nlohmann::json;

json coding(const std::string& survey_id, const Question* q, const std::string& question_id, const std::string& code) {
    json c{{"system", fhir_answer_system(survey_id, question_id)}, {"code", code}};
    if (q)
        if (const Option* option = q->option(code); option && !option->label.empty()) c["display"] = option->label.in("en");
    return c;
}

json answers_for(const std::string& survey_id, const Question* q, const std::string& question_id, const json& value) {
    json answers = json::array();
    const bool is_text = q ? q->type == QuestionType::Text : false;
    if (value.is_array()) {
        for (const auto& item : value)
            if (item.is_string()) answers.push_back({{"valueCoding", coding(survey_id, q, question_id, item.get<std::string>())}});
    } else if (value.is_number_integer()) {
        answers.push_back({{"valueInteger", value.get<long long>()}});
    } else if (value.is_string()) {
        if (is_text) answers.push_back({{"valueString", value.get<std::string>()}});
        else answers.push_back({{"valueCoding", coding(survey_id, q, question_id, value.get<std::string>())}});
    }
    return answers;
}

json item(const std::string& survey_id, const Question* q, const std::string& question_id, const json& value) {
    json entry{{"linkId", question_id}};
    if (q) entry["text"] = q->text.in("en");
    entry["answer"] = answers_for(survey_id, q, question_id, value);
    return entry;
}

std::string string_field(const json& object, const char* field) {
    return object.is_object() && object.contains(field) && object[field].is_string() ? object[field].get<std::string>() : "";
}

}  // namespace

std::string fhir_questionnaire_canonical(const std::string& survey_id, int version) {
    return "urn:tellus:questionnaire:" + survey_id + "|" + std::to_string(version);
}

std::string fhir_answer_system(const std::string& survey_id, const std::string& question_id) {
    return "urn:tellus:questionnaire:" + survey_id + ":" + question_id;
}

json fhir_questionnaire_response(const Survey* survey, const json& response) {
    const json survey_ref = response.contains("survey") ? response["survey"] : json::object();
    const std::string survey_id = string_field(survey_ref, "id");
    const int version = survey_ref.is_object() && survey_ref.contains("version") && survey_ref["version"].is_number_integer()
                            ? survey_ref["version"].get<int>() : 0;
    const json answers = response.contains("answers") && response["answers"].is_object() ? response["answers"] : json::object();
    json items = json::array();
    auto add = [&](const Question* q, const std::string& question_id) {
        if (!answers.contains(question_id) || answers[question_id].is_null()) return;
        json entry = item(survey_id, q, question_id, answers[question_id]);
        if (!entry["answer"].empty()) items.push_back(std::move(entry));
    };
    if (survey) {
        for (const auto& q : survey->questions) add(&q, q.id);
    } else {
        for (const auto& [question_id, value] : answers.items()) add(nullptr, question_id);
    }
    json resource{{"resourceType", "QuestionnaireResponse"},
                  {"id", string_field(response, "id")},
                  {"identifier", {{"system", "urn:ietf:rfc:3986"}, {"value", "urn:uuid:" + string_field(response, "id")}}},
                  {"questionnaire", fhir_questionnaire_canonical(survey_id, version)},
                  {"status", "completed"},
                  {"authored", string_field(response, "submitted_at")},
                  {"item", items}};
    if (auto locale = string_field(response, "locale"); !locale.empty()) resource["language"] = locale;
    return resource;
}

std::string fhir_bundle_prefix(const std::string& timestamp) {
    return R"({"resourceType":"Bundle","type":"collection","timestamp":)" + json(timestamp).dump() + R"(,"entry":[)";
}

json fhir_bundle_entry(const json& questionnaire_response) {
    return {{"fullUrl", "urn:uuid:" + questionnaire_response.value("id", std::string())}, {"resource", questionnaire_response}};
}

}  // namespace tellus
