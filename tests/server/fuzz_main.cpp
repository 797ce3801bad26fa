// tellus_fuzz: one libFuzzer binary holding every fuzz target (compiling all of core with ASan is
// slow, so the targets share one build). TELLUS_FUZZ_TARGET picks the target:
//   body         POST /api/v1/responses body parsing + validation    (fuzz_body.cpp)
//   survey       core load_survey on survey files                    (fuzz_survey.cpp)
//   masking      core mask_personal_details on comments              (fuzz_masking.cpp)
//   timestamp    core parse_timestamp_ms / parse_date_or_timestamp_ms (fuzz_timestamp.cpp)
//   import_line  `tellus-serve import`: one NDJSON line, and the streaming reader (fuzz_import_line.cpp)
// Short runs: ctest -R server.fuzz. Longer runs: docs/api.md, "For developers".
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int tellus_fuzz_body(const uint8_t* data, size_t size);
int tellus_fuzz_survey(const uint8_t* data, size_t size);
int tellus_fuzz_masking(const uint8_t* data, size_t size);
int tellus_fuzz_timestamp(const uint8_t* data, size_t size);
int tellus_fuzz_import_line(const uint8_t* data, size_t size);

namespace {

using Target = int (*)(const uint8_t*, size_t);

struct Named {
    const char* name;
    Target run;
};

constexpr Named kTargets[] = {
    {"body", tellus_fuzz_body},
    {"survey", tellus_fuzz_survey},
    {"masking", tellus_fuzz_masking},
    {"timestamp", tellus_fuzz_timestamp},
    {"import_line", tellus_fuzz_import_line},
};

Target chosen = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* name = std::getenv("TELLUS_FUZZ_TARGET");
    for (const auto& target : kTargets)
        if (name && std::strcmp(name, target.name) == 0) chosen = target.run;
    if (!chosen) {
        std::fprintf(stderr, "tellus_fuzz: %s%s%s: set TELLUS_FUZZ_TARGET to one of:", name ? "unknown TELLUS_FUZZ_TARGET \"" : "TELLUS_FUZZ_TARGET is not set",
                     name ? name : "", name ? "\"" : "");
        for (const auto& target : kTargets) std::fprintf(stderr, " %s", target.name);
        std::fprintf(stderr, "\n  e.g. TELLUS_FUZZ_TARGET=masking %s -max_total_time=600 CORPUS_DIR tests/server/fuzz_seeds/masking\n",
                     "build/native/tests/server/fuzz/tellus_fuzz");
        std::exit(2);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return chosen(data, size); }
