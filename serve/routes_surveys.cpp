// GET /api/v1/surveys/{id}: the current survey definition, which the app fetches at start so a
// clinic changes its questions by editing a file, without rebuilding the app.
#include "json_reply.hpp"
#include "routes.hpp"

namespace tellus::serve {

void add_survey_routes(httplib::Server& http, AppContext& context) {
    http.Get("/api/v1/surveys", [&context](const httplib::Request&, httplib::Response& res) {
        reply_json(res, 200, {{"surveys", context.surveys.ids()}});
    });
    http.Get(R"(/api/v1/surveys/([a-z0-9][a-z0-9_-]*))", [&context](const httplib::Request& req, httplib::Response& res) {
        const std::string id = req.matches[1];
        const Survey* survey = context.surveys.latest(id);
        const std::string* source = survey ? context.surveys.source(id, survey->version) : nullptr;
        if (!source) {
            reply_json(res, 404, {{"error", "There is no survey \"" + id + "\" on this server."}});
            return;
        }
        // Always revalidated: a clinic's edit reaches the next person who starts the survey.
        res.set_header("Cache-Control", "no-cache");
        res.set_content(*source, kJsonType);
    });
}

}  // namespace tellus::serve
