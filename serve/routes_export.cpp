// Staff downloads: GET /api/v1/responses (csv, json, ndjson, fhir), for managers.
// Rows are read with a cursor and sent in chunks as they are read, so memory does not grow with
// the number of responses.
#include <algorithm>
#include <cstdio>
#include <utility>
#include <memory>

#include "core/export_csv.hpp"
#include "core/export_fhir.hpp"
#include "json_reply.hpp"
#include "routes.hpp"
#include "staff_access.hpp"
#include "staff_query.hpp"
#include "store.hpp"
#include "timestamps.hpp"

namespace tellus::serve {
namespace {

using nlohmann::json;

enum class Format { Csv, Json, Ndjson, Fhir };

std::optional<Format> read_format(const std::string& name) {
    if (name.empty() || name == "json") return Format::Json;
    if (name == "csv") return Format::Csv;
    if (name == "ndjson") return Format::Ndjson;
    if (name == "fhir") return Format::Fhir;
    return std::nullopt;
}

const char* content_type_of(Format format) {
    switch (format) {
        case Format::Csv: return "text/csv; charset=utf-8";
        case Format::Ndjson: return "application/x-ndjson";
        case Format::Fhir: return "application/fhir+json";
        case Format::Json: break;
    }
    return "application/json";
}

const char* extension_of(Format format) {
    switch (format) {
        case Format::Csv: return "csv";
        case Format::Ndjson: return "ndjson";
        case Format::Fhir: return "fhir.json";
        case Format::Json: break;
    }
    return "json";
}

// One export in progress: formats each row as it comes off the cursor.
class ExportStream {
public:
    ExportStream(Format format, std::unique_ptr<ResponseCursor> cursor, const SurveyRegistry& surveys, const Survey* csv_survey)
        : format_(format), cursor_(std::move(cursor)), surveys_(surveys), csv_survey_(csv_survey) {}

    // Fills the next piece (about 64 KiB); false once everything, suffix included, is in `out`.
    bool next_chunk(std::string& out) {
        if (!started_) {
            out += prefix();
            started_ = true;
        }
        StoredResponse row;
        while (out.size() < 64 * 1024) {
            if (!cursor_->next(row)) {
                out += suffix();
                return false;
            }
            append_row(row, out);
            first_ = false;
            ++rows_;
        }
        return true;
    }

    long long rows() const { return rows_; }

private:
    std::string prefix() const {
        switch (format_) {
            case Format::Csv: return std::string(kUtf8Bom) + csv_row(csv_header(*csv_survey_));
            case Format::Json: return "[";
            case Format::Fhir: return fhir_bundle_prefix(now_utc_iso());
            case Format::Ndjson: break;
        }
        return {};
    }
    std::string suffix() const {
        if (format_ == Format::Json) return first_ ? "]" : "\n]";
        if (format_ == Format::Fhir) return kFhirBundleSuffix;
        return {};
    }
    void append_row(const StoredResponse& row, std::string& out) const {
        json body = json::parse(row.body, nullptr, false);
        if (body.is_discarded()) body = json::object();
        switch (format_) {
            case Format::Csv: out += csv_row(csv_cells(*csv_survey_, body, row.received_at)); return;
            case Format::Ndjson:
                body["received_at"] = row.received_at;
                out += body.dump() + "\n";
                return;
            case Format::Json:
                body["received_at"] = row.received_at;
                out += (first_ ? "\n" : ",\n") + body.dump();
                return;
            case Format::Fhir: {
                const json resource = fhir_questionnaire_response(surveys_.find(row.survey_id, row.survey_version), body);
                out += (first_ ? "" : ",") + fhir_bundle_entry(resource).dump();
                return;
            }
        }
    }

    Format format_;
    std::unique_ptr<ResponseCursor> cursor_;
    const SurveyRegistry& surveys_;
    const Survey* csv_survey_;
    bool started_ = false, first_ = true;
    long long rows_ = 0;
};

// What an export asked for, for the audit trail.
json export_filters(const httplib::Request& req) {
    json filters = json::object();
    for (const char* name : {"format", "survey", "site", "since", "until"})
        if (req.has_param(name)) filters[name] = req.get_param_value(name).substr(0, 100);
    return filters;
}

// CSV columns come from one survey: the one asked for, or the only one loaded.
const Survey* survey_for_csv(const AppContext& context, const ResponseFilter& filter) {
    if (!filter.survey.empty()) return context.surveys.latest(filter.survey);
    const auto ids = context.surveys.ids();
    return ids.size() == 1 ? context.surveys.latest(ids.front()) : nullptr;
}

void get_responses(AppContext& context, const httplib::Request& req, httplib::Response& res) {
    const auto who = require_role(context, req, res, Role::Manager);
    if (!who) return;
    const auto format = read_format(req.get_param_value("format"));
    if (!format) return reply_error(res, 400, "format must be csv, json, ndjson or fhir");
    ResponseFilter filter;
    if (auto problem = read_filter(context, req, filter); !problem.empty()) return reply_error(res, 400, problem);
    const Survey* csv_survey = survey_for_csv(context, filter);
    if (*format == Format::Csv && !csv_survey)
        return reply_error(res, 400, "Several surveys are loaded: add survey=ID to choose the one whose questions make the CSV columns.");
    std::shared_ptr<ExportStream> stream;
    try {
        stream = std::make_shared<ExportStream>(*format, context.store->select(filter), context.surveys, csv_survey);
    } catch (const StoreError& e) {
        return reply_store_unavailable(res, e);
    }
    const std::string name = "tellus-" + (filter.survey.empty() ? std::string("responses") : filter.survey) + "." + extension_of(*format);
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.set_header("Cache-Control", "no-store");
    // The audit trail records the export once it ends, with the rows that went out, whole or not.
    auto audit = std::make_shared<bool>(false);
    const auto record = [&context, who = *who, filters = export_filters(req), stream, audit](bool whole) {
        if (std::exchange(*audit, true)) return;
        try {
            record_audit(context, who, whole ? "export" : "export cut short", filters, stream->rows());
        } catch (const StoreError& e) {
            std::fprintf(stderr, "tellus-serve: the audit trail could not record an export (%s)\n", e.what());
        }
    };
    res.set_chunked_content_provider(
        content_type_of(*format),
        [stream, record](size_t, httplib::DataSink& sink) {
            std::string chunk;
            bool more = false;
            try {
                more = stream->next_chunk(chunk);
            } catch (const StoreError& e) {
                // Headers are gone already: cutting the connection tells the client the file is incomplete.
                std::fprintf(stderr, "tellus-serve: export stopped (%s)\n", e.what());
                return false;
            }
            if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
            if (!more) {
                sink.done();
                record(true);
            }
            return true;
        },
        [record](bool success) { record(success); });
}

}  // namespace

void add_export_routes(httplib::Server& http, AppContext& context) {
    http.Get("/api/v1/responses", [&context](const httplib::Request& req, httplib::Response& res) { get_responses(context, req, res); });
}

}  // namespace tellus::serve
