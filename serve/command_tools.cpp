#include <fstream>
#include <sstream>
#include <stdexcept>

#include "auth.hpp"
#include "commands.hpp"
#include "ingest.hpp"
#include "store.hpp"
#include "surveys.hpp"

namespace tellus::serve {
namespace {

using nlohmann::json;

std::string read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read \"" + path + "\"");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A JSON array (our json export), {"responses": [...]} (a device's download), one object, or NDJSON.
std::vector<json> read_responses(const std::string& text, const std::string& path) {
    json whole = json::parse(text, nullptr, false);
    if (!whole.is_discarded()) {
        if (whole.is_array()) return whole.get<std::vector<json>>();
        if (whole.is_object() && whole.contains("responses") && whole["responses"].is_array()) return whole["responses"].get<std::vector<json>>();
        if (whole.is_object()) return {whole};
    }
    std::vector<json> items;
    std::istringstream lines(text);
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json item = json::parse(line, nullptr, false);
        if (item.is_discarded())
            throw std::runtime_error(path + " line " + std::to_string(number) + " is not JSON (expected a JSON array, {\"responses\": [...]} or one object per line)");
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace

int run_token_new(std::ostream& out) {
    const NewToken made = make_token();
    out << "New staff token (give it to the staff member; it is shown only once):\n  " << made.token << "\n"
        << "Add this line to the staff token file (--staff-token-file), then restart tellus-serve:\n  " << made.file_line << "\n";
    return 0;
}

int run_import(const Options& options, const std::string& file, std::ostream& out) {
    const SurveyRegistry surveys = SurveyRegistry::load_folder(options.surveys);
    std::vector<json> items = read_responses(read_whole_file(file), file);
    for (auto& item : items)
        if (item.is_object()) item.erase("received_at");  // an export's own field: the server sets it again
    auto store = open_store(options.db);
    size_t accepted = 0, duplicate = 0, rejected = 0;
    for (size_t start = 0; start < items.size(); start += kMaxBatch) {
        const std::vector<json> chunk(items.begin() + static_cast<long>(start), items.begin() + static_cast<long>(std::min(items.size(), start + kMaxBatch)));
        for (const auto& result : ingest_items(chunk, surveys, *store)) {
            if (result.status == "accepted") ++accepted;
            else if (result.status == "duplicate") ++duplicate;
            else if (++rejected <= 20) {
                out << "rejected " << (result.id.empty() ? "(no id)" : result.id) << ":";
                for (const auto& e : result.errors) out << " " << e.field << " " << e.message << ";";
                out << "\n";
            }
        }
    }
    out << "imported into " << store->describe() << ": " << accepted << " accepted, " << duplicate << " duplicate, " << rejected
        << " rejected (of " << items.size() << ")\n";
    return rejected == 0 ? 0 : 1;
}

}  // namespace tellus::serve
