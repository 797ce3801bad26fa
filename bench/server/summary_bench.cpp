// One summary's cost (bench/server/summary.sh): builds the default survey's summary for N random,
// sparse responses spread over S sites, optionally broken down by an "about you" question, and
// prints how long result() took and whether it ran out of its work budget.
// usage: summary_bench SITES RESPONSES [BY|-] [SEED] [SURVEY.json]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "core/summary.hpp"
#include "core/survey.hpp"

using namespace tellus;

int main(int argc, char** argv) {
    if (argc < 3) return 2;
    std::ifstream file(argc > 5 ? argv[5] : "assets/surveys/primary-care-visit.json");
    std::stringstream text;
    text << file.rdbuf();
    const auto load = load_survey(text.str(), "survey");
    if (!load.ok()) return 2;
    const Survey& survey = *load.survey;
    const int sites = std::atoi(argv[1]), responses = std::atoi(argv[2]);
    const std::string by = argc > 3 && std::string(argv[3]) != "-" ? argv[3] : "";
    std::mt19937 random(argc > 4 ? static_cast<unsigned>(std::atoi(argv[4])) : 1u);
    SummaryBuilder summary(survey, by);
    for (int i = 0; i < responses; ++i) {
        nlohmann::json answers = nlohmann::json::object();
        for (const auto& q : survey.questions) {
            if (random() % 7 == 0 || q.type == QuestionType::Text) continue;  // some questions skipped
            if (q.type == QuestionType::Scale) answers[q.id] = static_cast<int>(random() % 11);
            else if (!q.options.empty()) answers[q.id] = q.options[random() % q.options.size()].id;
            else answers[q.id] = builtin_option_ids(q.type)[random() % builtin_option_ids(q.type).size()];
        }
        summary.add(answers, "site-" + std::to_string(random() % static_cast<unsigned>(sites)));
    }
    const auto start = std::chrono::steady_clock::now();
    const auto result = summary.result();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%.3f %s\n", seconds, result.contains("too_detailed") ? result["too_detailed"].get<std::string>().c_str() : "-");
    return 0;
}
