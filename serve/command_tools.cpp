#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "auth.hpp"
#include "commands.hpp"
#include "import_reader.hpp"
#include "ingest.hpp"
#include "limits.hpp"
#include "comments.hpp"
#include "store.hpp"
#include "surveys.hpp"

namespace tellus::serve {
namespace {

using nlohmann::json;

struct ImportCounts {
    size_t accepted = 0, duplicate = 0, rejected = 0;
    size_t total() const { return accepted + duplicate + rejected; }
    std::string words() const {
        return std::to_string(accepted) + " accepted, " + std::to_string(duplicate) + " duplicate, " + std::to_string(rejected) + " rejected";
    }
};

}  // namespace

int run_token_new(const Command& command, std::ostream& out) {
    const Role role = parse_role(command.token_role).value_or(Role::Viewer);
    const NewToken made = make_token(role, command.token_name);
    if (!command.token_add_to.empty()) {
        // Only the hash goes into the file, which only its owner may read.
        const int fd = ::open(command.token_add_to.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0) throw std::runtime_error("cannot write the token file \"" + command.token_add_to + "\": " + std::strerror(errno));
        const std::string line = made.file_line + "\n";
        const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
        ::close(fd);
        if (!written) throw std::runtime_error("cannot write the token file \"" + command.token_add_to + "\": " + std::strerror(errno));
    }
    out << "New " << to_string(role) << " token for " << command.token_name << " (give it to them; it is shown only once):\n  " << made.token << "\n";
    if (command.token_add_to.empty())
        out << "Add this line to the staff token file (--staff-token-file), then restart tellus-serve:\n  " << made.file_line << "\n";
    else
        out << "Added to " << command.token_add_to << " (only its hash is kept there); restart tellus-serve to use it.\n"
            << "To revoke it, delete its line (\"" << to_string(role) << " " << command.token_name << " sha256:...\") and restart.\n";
    return 0;
}

// Reads the file one response at a time (import_reader.hpp) and stores them in batches like an
// HTTP upload's: at most kMaxBatch responses and about kMaxBodyBytes of them, so memory stays flat.
int run_import(const Options& options, const std::string& file, std::ostream& out) {
    const SurveyRegistry surveys = SurveyRegistry::load_folder(options.surveys);
    std::ifstream in = open_import_file(file);
    auto store = open_store(options.db, comments_reader(surveys));
    ImportCounts counts;
    std::vector<json> batch;
    size_t batch_bytes = 0;
    const auto store_batch = [&] {
        if (batch.empty()) return;
        for (const auto& result : ingest_items(batch, surveys, *store)) {
            if (result.status == "accepted") ++counts.accepted;
            else if (result.status == "duplicate") ++counts.duplicate;
            else if (++counts.rejected <= 20) {
                out << "rejected " << (result.id.empty() ? "(no id)" : result.id) << ":";
                for (const auto& e : result.errors) out << " " << e.field << " " << e.message << ";";
                out << "\n";
            }
        }
        batch.clear();
        batch_bytes = 0;
    };
    try {
        read_import(in, [&](ImportItem&& item) {
            if (item.value.is_object()) item.value.erase("received_at");  // an export's own field: the server sets it again
            batch_bytes += item.bytes;
            batch.push_back(std::move(item.value));
            if (batch.size() >= limits::kMaxBatch || batch_bytes >= limits::kMaxBodyBytes) store_batch();
        });
        store_batch();
    } catch (const ImportError& e) {
        // What was read before the problem is kept: a second run after the fix counts it as duplicate.
        store_batch();
        out.flush();
        if (counts.total() == 0) throw std::runtime_error(file + ": " + e.what() + "; nothing was imported");
        throw std::runtime_error(file + ": " + e.what() + "; stopped there: the " + std::to_string(counts.total()) +
                                 (counts.total() == 1 ? " response before it was" : " responses before it were") + " imported into " + store->describe() + " (" +
                                 counts.words() + "), and importing the fixed file again counts those as duplicate");
    } catch (const StoreError& e) {
        out.flush();
        throw std::runtime_error(std::string(e.what()) + "; stopped after " + std::to_string(counts.total()) + " responses (" + counts.words() +
                                 "): nothing of the batch being stored was kept, import again to finish");
    }
    out << "imported into " << store->describe() << ": " << counts.words() << " (of " << counts.total() << ")\n";
    return counts.rejected == 0 ? 0 : 1;
}

}  // namespace tellus::serve
