#include "language_folder.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/catalog.hpp"
#include "json_reply.hpp"

namespace tellus::serve {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

const LanguageFolder::Catalog* LanguageFolder::Snapshot::find(const std::string& code) const {
    for (const auto& c : catalogs)
        if (c.info.code == code) return &c;
    return nullptr;
}

LanguageFolder::LanguageFolder(fs::path folder, Log log, std::chrono::milliseconds recheck)
    : folder_(std::move(folder)), log_(std::move(log)), recheck_(recheck) {
    if (!log_) log_ = [](const std::string& line) { std::fprintf(stderr, "tellus-serve: %s\n", line.c_str()); };
}

std::shared_ptr<const LanguageFolder::Snapshot> LanguageFolder::current() {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!scanned_ || now - checked_ >= recheck_) {
        scan();
        checked_ = now;
    }
    return snapshot_;
}

std::shared_ptr<const LanguageFolder::Snapshot> LanguageFolder::rescan() {
    std::lock_guard lock(mutex_);
    scan();
    checked_ = std::chrono::steady_clock::now();
    return snapshot_;
}

std::optional<LanguageFolder::Catalog> LanguageFolder::read(const std::string& file_name, const fs::path& path, std::uintmax_t size) {
    const std::string code = file_name.substr(0, file_name.size() - 5);
    const std::string where = "catalog " + (folder_ / file_name).string() + " left out: ";
    if (!is_language_code(code)) {
        log_(where + "its name is not a language code like fr, pt-BR or zh-Hant (then .json)");
        return std::nullopt;
    }
    if (size > kMaxCatalogBytes) {
        log_(where + "it is larger than " + std::to_string(kMaxCatalogBytes / 1024) + " KiB");
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::string body;
    if (in) {
        body.resize(kMaxCatalogBytes + 1);
        in.read(body.data(), static_cast<std::streamsize>(body.size()));
        body.resize(static_cast<size_t>(in.gcount()));
    }
    if (!in && !in.eof()) {
        log_(where + "it cannot be read");
        return std::nullopt;
    }
    if (body.size() > kMaxCatalogBytes) {  // it grew since it was measured
        log_(where + "it is larger than " + std::to_string(kMaxCatalogBytes / 1024) + " KiB");
        return std::nullopt;
    }
    const auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded()) {
        log_(where + "it is not JSON in UTF-8 (cut off, a missing comma or quote, or another encoding?)");
        return std::nullopt;
    }
    tellus::Catalog catalog;
    std::string error;
    if (!doc.is_object() || !catalog.load(body, error)) {
        log_(where + (doc.is_object() ? error : "it is not one JSON object") + " (a catalog is one object of texts: \"key\": \"text\")");
        return std::nullopt;
    }
    LanguageInfo info = describe_catalog(code, catalog);
    if (info.name.empty()) {
        log_(where + "it has no \"language.name\" (the language named in itself, e.g. \"Français\")");
        return std::nullopt;
    }
    return Catalog{std::move(info), body, etag_of(body)};
}

void LanguageFolder::scan() {
    // The *.json files (not hidden, not .json.gz siblings), by name, at most kMaxLanguages of them.
    std::vector<std::pair<std::string, fs::path>> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder_, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.' || !ends_with(name, ".json")) continue;
        files.emplace_back(name, it->path());
    }
    std::sort(files.begin(), files.end());
    if (files.size() > kMaxLanguages) {
        if (!too_many_logged_)
            log_("catalog folder " + folder_.string() + " holds " + std::to_string(files.size()) + " files: only the first " +
                 std::to_string(kMaxLanguages) + " by name are read");
        too_many_logged_ = true;
        files.resize(kMaxLanguages);
    } else {
        too_many_logged_ = false;
    }

    bool changed = !scanned_;
    std::map<std::string, Seen> now;
    for (const auto& [name, path] : files) {
        std::error_code e;
        const bool regular = fs::is_regular_file(path, e);  // follows a link
        const auto size = regular ? fs::file_size(path, e) : 0;
        const auto time = regular ? fs::last_write_time(path, e) : fs::file_time_type{};
        if (!regular || e) continue;  // a folder named x.json, a dangling link, or gone meanwhile
        auto old = seen_.find(name);
        if (old != seen_.end() && old->second.size == size && old->second.time == time) {
            now.emplace(name, std::move(old->second));
            continue;
        }
        changed = true;
        now.emplace(name, Seen{size, time, read(name, path, size)});
    }
    if (now.size() != seen_.size()) changed = true;  // a file went
    seen_ = std::move(now);
    scanned_ = true;
    if (!changed && snapshot_) return;

    auto snapshot = std::make_shared<Snapshot>();
    std::vector<LanguageInfo> infos;
    for (const auto& [name, seen] : seen_)
        if (seen.catalog) infos.push_back(seen.catalog->info);
    order_languages(infos);
    for (const auto& info : infos)
        for (const auto& [name, seen] : seen_)
            if (seen.catalog && seen.catalog->info.code == info.code) snapshot->catalogs.push_back(*seen.catalog);
    snapshot->list_body = language_list_json(infos).dump();
    snapshot->list_etag = etag_of(snapshot->list_body);
    snapshot_ = std::move(snapshot);
}

}  // namespace tellus::serve
