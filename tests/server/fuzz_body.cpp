// Fuzz target "body" of tellus_fuzz (fuzz_main.cpp): what POST /api/v1/responses does with a body
// before touching the database: split it into response objects and validate each against the
// default survey. Any input must give a clean answer (a status, or per-item results), never a
// crash, hang or sanitizer report.
// Short run: ctest -R server.fuzz.body. Longer run (documented in docs/api.md):
//   TELLUS_FUZZ_TARGET=body build/native/tests/server/fuzz/tellus_fuzz -max_total_time=600 -max_len=8192 \
//     -dict=tests/server/fuzz/json.dict /tmp/tellus-corpus/body tests/server/fuzz_seeds/body
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest.hpp"
#include "surveys.hpp"

using namespace tellus::serve;

namespace {
const SurveyRegistry& surveys() {
    static const SurveyRegistry registry = SurveyRegistry::load_folder(TELLUS_SOURCE_DIR "/assets/surveys");
    return registry;
}
}  // namespace

int tellus_fuzz_body(const uint8_t* data, size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    const BodyParse parsed = parse_request_body(body);
    if (parsed.status != 200) {
        if (parsed.error.empty()) __builtin_trap();  // every refusal must say why
        return 0;
    }
    for (const auto& checked : check_items(parsed.items, surveys(), "2026-11-23T00:00:00.000Z", 1795392000000)) {
        if (!checked.valid() && checked.result.errors.empty()) __builtin_trap();  // a rejection names its fields
        if (checked.valid()) (void)checked.result.to_json().dump();
        else (void)checked.result.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return 0;
}
