// Comment-masking benchmark (bench/masking/run.sh builds and runs it; it prints figures and never
// fails on a timing). The engine of today (core/masking.hpp) side by side with the std::regex
// engine it replaced (commit 00c2477, compiled here as namespace tellus_old), on the same inputs:
//   - recall and harmless-kept on the labelled corpus (tests/unit/masking_corpus.tsv);
//   - CPU nanoseconds per character on typical comments (the corpus) and on worst cases: 5,000
//     digits, 5,000 letters, 5,000 characters of "my name is ", of "1-" and of "a.";
//   - one 500-item batch of 5,000-character comments, as tellus-serve masks a full upload;
//   - the stack each call needs, for a short and a long input.
#include <sys/mman.h>
#include <unistd.h>
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "core/masking.hpp"
#include "masking_corpus.hpp"
#include "old_masking.hpp"
#include "test_files.hpp"

namespace {

// CPU time of this thread: the build machine is shared, and wall time would count other work.
struct Clock {
    using duration = std::chrono::nanoseconds;
    using time_point = std::chrono::time_point<Clock, duration>;
    static time_point now() {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return time_point(duration(std::int64_t(t.tv_sec) * 1000000000 + t.tv_nsec));
    }
};
using Engine = std::function<std::pair<std::string, std::vector<tellus::MaskKind>>(const std::string&, const std::string&)>;

std::pair<std::string, std::vector<tellus::MaskKind>> run_new(const std::string& text, const std::string& language) {
    tellus::MaskResult r = tellus::mask_personal_details(text, language);
    return {std::move(r.text), std::move(r.found)};
}

std::pair<std::string, std::vector<tellus::MaskKind>> run_old(const std::string& text, const std::string&) {
    // The old kinds, in their order: HealthCard, Phone, Email, Date, Name (no postal codes).
    static constexpr tellus::MaskKind kKinds[] = {tellus::MaskKind::HealthCard, tellus::MaskKind::Phone, tellus::MaskKind::Email,
                                                  tellus::MaskKind::Date, tellus::MaskKind::Name};
    tellus_old::MaskResult r = tellus_old::mask_personal_details(text);
    std::vector<tellus::MaskKind> kinds;
    for (const auto k : r.found) kinds.push_back(kKinds[static_cast<int>(k)]);
    return {std::move(r.text), std::move(kinds)};
}

std::string repeat(std::string_view piece, std::size_t chars) {
    std::string out;
    while (out.size() < chars) out += piece;
    return out.substr(0, chars);
}

// Nanoseconds per character of masking every text of `texts` once, repeated for at least 0.3 s.
double ns_per_char(const Engine& engine, const std::vector<std::string>& texts) {
    std::size_t chars = 0;
    for (const auto& t : texts) chars += t.size();
    std::size_t rounds = 0;
    const auto start = Clock::now();
    auto elapsed = Clock::duration::zero();
    do {
        for (const auto& t : texts) engine(t, "en");
        ++rounds;
        elapsed = Clock::now() - start;
    } while (elapsed < std::chrono::milliseconds(300));
    return std::chrono::duration<double, std::nano>(elapsed).count() / double(chars * rounds);
}

double total_ms(const Engine& engine, const std::vector<std::string>& texts) {
    const auto start = Clock::now();
    for (const auto& t : texts) engine(t, "en");
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Stack bytes a call needs: it runs on a thread whose stack is fresh memory. The top 1 MiB is
// painted first, so what the call overwrote there is exact; below that the kernel maps pages only
// when touched, and the pages resident afterwards are counted. A call doing nothing is the
// baseline (the thread's own bookkeeping sits at the top of its stack).
struct StackJob {
    std::function<void()> work;
};
void* run_job(void* job) {
    static_cast<StackJob*>(job)->work();
    return nullptr;
}
std::size_t stack_used(const std::function<void()>& work) {
    constexpr std::size_t kStack = std::size_t(1) << 31;  // 2 GiB of address space, reserved only when touched
    constexpr std::size_t kPainted = std::size_t(1) << 20;
    constexpr unsigned char kPaint = 0xA5;
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    void* memory = mmap(nullptr, kStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (memory == MAP_FAILED) return 0;
    auto* bytes = static_cast<unsigned char*>(memory);
    std::fill(bytes + kStack - kPainted, bytes + kStack, kPaint);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, memory, kStack);
    StackJob job{work};
    pthread_t thread;
    if (pthread_create(&thread, &attr, run_job, &job) == 0) pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    std::size_t used = 0;
    for (std::size_t at = kStack - kPainted; at < kStack; ++at)
        if (bytes[at] != kPaint) {
            used = kStack - at;
            break;
        }
    if (used == kPainted || bytes[kStack - kPainted] != kPaint) {  // deeper than the painted part
        std::vector<unsigned char> resident((kStack - kPainted) / page);
        mincore(memory, kStack - kPainted, resident.data());
        for (const unsigned char r : resident) used += (r & 1) * page;
    }
    munmap(memory, kStack);
    return used;
}
std::size_t stack_bytes(const Engine& engine, const std::string& text) {
    static const std::size_t baseline = stack_used([] {});
    const std::size_t used = stack_used([&] { engine(text, "en"); });
    return used > baseline ? used - baseline : 0;
}

std::string human_bytes(std::size_t bytes) {
    char out[32];
    if (bytes >= 1 << 20) std::snprintf(out, sizeof out, "%.1f MiB", double(bytes) / double(1 << 20));
    else std::snprintf(out, sizeof out, "%.1f KiB", double(bytes) / 1024);
    return out;
}

}  // namespace

int run() {
    const tellus::test::Corpus corpus = tellus::test::parse_corpus(tellus::test::repo_file("tests/unit/masking_corpus.tsv"));
    if (!corpus.error.empty()) {
        std::fprintf(stderr, "%s\n", corpus.error.c_str());
        return 1;
    }
    const std::pair<const char*, Engine> engines[] = {{"new (scanner)", run_new}, {"old (std::regex)", run_old}};

    std::printf("Corpus: %zu comments (tests/unit/masking_corpus.tsv)\n", corpus.cases.size());
    std::printf("%-18s %-28s %-28s\n", "engine", "recall (details)", "harmless kept");
    for (const auto& [name, engine] : engines) {
        const auto s = tellus::test::score_corpus(corpus.cases, engine);
        std::printf("%-18s %.3f (%3zu of %3zu)          %.3f (%3zu of %3zu)\n", name, s.recall(), s.details_found, s.details,
                    s.kept(), s.harmless_kept, s.harmless);
    }

    std::vector<std::string> typical;
    for (const auto& c : corpus.cases) typical.push_back(c.text);
    std::string long_comment;  // 5,000 characters of realistic comments
    for (std::size_t i = 0; long_comment.size() < 5000; ++i) long_comment += corpus.cases[i % corpus.cases.size()].text + " ";
    const std::pair<const char*, std::string> worst[] = {
        {"5,000 digits", repeat("7", 5000)},
        {"5,000 letters", repeat("a", 5000)},
        {"5,000 chars of \"my name is \"", repeat("my name is ", 5000)},
        {"5,000 chars of \"1-\"", repeat("1-", 5000)},
        {"5,000 chars of \"a.\" then @b.ca", repeat("a.", 4994) + "@b.ca"},
        {"5,000 chars of comments", long_comment.substr(0, 5000)},
    };

    std::printf("\nCost per character (CPU ns per character; lower is better)\n");
    std::printf("%-34s %14s %18s\n", "input", "new (scanner)", "old (std::regex)");
    std::printf("%-34s %14.1f %18.1f\n", "typical: the corpus's comments", ns_per_char(run_new, typical), ns_per_char(run_old, typical));
    for (const auto& [name, text] : worst) {
        std::printf("%-34s %14.1f %18.1f\n", name, ns_per_char(run_new, {text}), ns_per_char(run_old, {text}));
    }

    std::vector<std::string> batch;  // 500 different 5,000-character comments
    for (std::size_t i = 0; i < 500; ++i) {
        std::string comment;
        for (std::size_t k = i; comment.size() < 5000; ++k) comment += corpus.cases[k % corpus.cases.size()].text + " ";
        batch.push_back(comment.substr(0, 5000));
    }
    std::printf("\nOne batch of 500 comments of 5,000 characters (a full upload), CPU time: new %.0f ms, old %.0f ms\n",
                total_ms(run_new, batch), total_ms(run_old, batch));

    std::printf("\nStack used by one call\n");
    std::printf("%-34s %14s %18s\n", "input", "new (scanner)", "old (std::regex)");
    const std::pair<const char*, std::string> stack_inputs[] = {
        {"50 digits", repeat("7", 50)},
        worst[0], worst[1], worst[2], worst[5],
    };
    for (const auto& [name, text] : stack_inputs)
        std::printf("%-34s %14s %18s\n", name, human_bytes(stack_bytes(run_new, text)).c_str(),
                    human_bytes(stack_bytes(run_old, text)).c_str());
    std::printf("Recursion: none in the new engine (its stack is the same for 50 and 5,000 characters); the old\n"
                "one's std::regex matcher recurses per character.\n");
    return 0;
}

// Everything runs on a thread with a 1 GiB stack: the old engine needs far more than the usual 8 MiB
// on long runs of digits or letters.
int main() {
    int status = 1;
    StackJob job{[&] { status = run(); }};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, std::size_t(1) << 30);
    pthread_t thread;
    if (pthread_create(&thread, &attr, run_job, &job) != 0) return 1;
    pthread_join(thread, nullptr);
    return status;
}
