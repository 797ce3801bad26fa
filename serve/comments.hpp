#pragma once
// Comments for staff (issue 15): each non-empty answer to a free-text question becomes a row of
// the comments table, beside its response, so GET /api/v1/comments pages through them without
// reading every response. The text is the stored text, masked at ingest (core/masking.hpp):
// nothing is masked again when it is read.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/survey.hpp"
#include "store.hpp"
#include "surveys.hpp"

namespace tellus::serve {

// The comments of one stored response body (its "answers" and "locale"), in survey order: every
// answer to a question of type text that holds more than spaces.
std::vector<NewComment> comments_of(const Survey& survey, const nlohmann::json& body);

// For the comments migration: reads a stored body against the survey that validated it (its own
// version, else the latest of its id; a survey no longer loaded gives no comments). The survey
// folder, not a guess: a single-choice answer is a string too, and "good" the option id and "good"
// the comment look alike without the survey. `surveys` must outlive the returned function.
CommentsOf comments_reader(const SurveyRegistry& surveys);

}  // namespace tellus::serve
