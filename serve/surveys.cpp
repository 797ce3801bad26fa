#include "surveys.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tellus::serve {

namespace fs = std::filesystem;

SurveyRegistry SurveyRegistry::load_folder(const std::string& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw std::runtime_error("survey folder \"" + folder + "\" does not exist or is not a folder (see --surveys)");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());  // the same order, and the same first error, every time
    SurveyRegistry registry;
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read survey file " + path.string());
        std::ostringstream text;
        text << in.rdbuf();
        auto loaded = load_survey(text.str(), path.string());
        if (!loaded.ok()) {
            std::string first = loaded.errors.empty() ? path.string() + ": not a valid survey" : loaded.errors.front();
            if (loaded.errors.size() > 1) first += " (and " + std::to_string(loaded.errors.size() - 1) + " more problems)";
            throw std::runtime_error("broken survey: " + first);
        }
        if (registry.find(loaded.survey->id, loaded.survey->version))
            throw std::runtime_error("broken survey: " + path.string() + ": survey \"" + loaded.survey->id + "\" version " +
                                     std::to_string(loaded.survey->version) + " is defined twice");
        registry.sources_[{loaded.survey->id, loaded.survey->version}] = text.str();
        registry.add(std::move(*loaded.survey));
    }
    if (registry.size() == 0) throw std::runtime_error("no survey definitions (*.json) found in \"" + folder + "\" (see --surveys)");
    return registry;
}

void SurveyRegistry::add(Survey survey) {
    auto key = std::make_pair(survey.id, survey.version);
    surveys_.insert_or_assign(key, std::move(survey));
}

const Survey* SurveyRegistry::find(const std::string& id, int version) const {
    auto it = surveys_.find({id, version});
    return it == surveys_.end() ? nullptr : &it->second;
}

const Survey* SurveyRegistry::latest(const std::string& id) const {
    const Survey* best = nullptr;
    for (const auto& [key, survey] : surveys_)
        if (key.first == id) best = &survey;  // the map is ordered by version within an id
    return best;
}

const std::string* SurveyRegistry::source(const std::string& id, int version) const {
    auto it = sources_.find({id, version});
    return it == sources_.end() ? nullptr : &it->second;
}

std::vector<std::string> SurveyRegistry::ids() const {
    std::vector<std::string> ids;
    for (const auto& [key, survey] : surveys_)
        if (ids.empty() || ids.back() != key.first) ids.push_back(key.first);
    return ids;
}

}  // namespace tellus::serve
