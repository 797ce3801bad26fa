#pragma once
// The survey definitions this server accepts answers for, loaded once at start-up from --surveys.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/response.hpp"
#include "core/survey.hpp"

namespace tellus::serve {

class SurveyRegistry {
public:
    // Loads every *.json in `folder`. Throws std::runtime_error naming the file and the problem.
    static SurveyRegistry load_folder(const std::string& folder);
    void add(Survey survey);

    const Survey* find(const std::string& id, int version) const;
    const Survey* latest(const std::string& id) const;  // highest version of that id
    std::vector<std::string> ids() const;
    // The file text of a survey as the clinic wrote it (what the app downloads), or nullptr.
    const std::string* source(const std::string& id, int version) const;
    size_t size() const { return surveys_.size(); }
    SurveyLookup lookup() const {
        return [this](const std::string& id, int version) { return find(id, version); };
    }

private:
    std::map<std::pair<std::string, int>, Survey> surveys_;
    std::map<std::pair<std::string, int>, std::string> sources_;
};

}  // namespace tellus::serve
