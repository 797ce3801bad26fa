#pragma once
// The catalogs tellus-serve offers (issue 13): every <code>.json in the --i18n folder that is a
// flat JSON object of texts with a "language.name", read while the server runs. A clinic adds or
// corrects a language by dropping a file in: the folder is looked at again at most once a second
// (when a request asks), and only files whose size or time changed are read again.
// A bad file (not JSON, not texts, no name, over kMaxCatalogBytes, a name that is not a language
// code) is left out and logged once, in one plain line, until it changes; it never stops the others.
// Requests read an immutable snapshot: the list as served and each catalog's bytes, each with an
// ETag, so nothing a request names ever reaches the file system.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/languages.hpp"

namespace tellus::serve {

class LanguageFolder {
public:
    struct Catalog {
        LanguageInfo info;
        std::string body, etag;
    };
    struct Snapshot {
        std::vector<Catalog> catalogs;  // English first, then by code
        std::string list_body, list_etag;  // GET /api/v1/languages
        const Catalog* find(const std::string& code) const;
    };
    using Log = std::function<void(const std::string& line)>;

    // `log` gets each problem line (default: standard error, prefixed "tellus-serve: ").
    explicit LanguageFolder(std::filesystem::path folder, Log log = {},
                            std::chrono::milliseconds recheck = std::chrono::milliseconds(1000));
    // The catalogs now, looking at the folder again when the last look is `recheck` old.
    std::shared_ptr<const Snapshot> current();
    // Looks at the folder now.
    std::shared_ptr<const Snapshot> rescan();
    const std::filesystem::path& folder() const { return folder_; }

private:
    struct Seen {
        std::uintmax_t size = 0;
        std::filesystem::file_time_type time;
        std::optional<Catalog> catalog;  // nullopt: left out (and logged)
    };
    void scan();  // with mutex_ held
    std::optional<Catalog> read(const std::string& file_name, const std::filesystem::path& path, std::uintmax_t size);

    std::filesystem::path folder_;
    Log log_;
    std::chrono::milliseconds recheck_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point checked_{};
    bool scanned_ = false, too_many_logged_ = false;
    std::map<std::string, Seen> seen_;  // by file name
    std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace tellus::serve
