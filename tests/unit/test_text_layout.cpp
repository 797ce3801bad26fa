// Text for every script (issue 13): line breaking over an engine's break opportunities, the
// direction of a paragraph, right-to-left layouts by mirroring the frame, and the twins' dir and
// lang. Real Dear ImGui with its built-in font stands in for the browser's text engine, whose own
// painting is tested in the browser (tests/browser/scripts.test.mjs).
#include <doctest/doctest.h>

#include <imgui.h>

#include <string>
#include <vector>

#include "core/text.hpp"
#include "imgui_context.hpp"
#include "ui/mirror.hpp"
#include "ui/text_engine.hpp"
#include "ui/twins.hpp"
#include "ui/widgets.hpp"

using namespace tellus;
using namespace tellus::ui;

namespace {

struct ImGuiContextForText {
    tellus::test::ImGuiTestContext imgui{1000, 800};
};

// Every character is 10 px wide; a line may begin where the test says (as a script's rules would).
struct FixedEngine final : TextEngine {
    std::vector<std::size_t> opportunities;
    float measure(std::string_view text, float) override {
        float n = 0;
        for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return n * 10;
    }
    std::vector<std::size_t> break_opportunities(std::string_view) override { return opportunities; }
    void draw(ImDrawList*, std::string_view, float, ImVec2, ImU32, bool, bool) override {}
};

std::vector<std::string> lines_of(TextEngine& engine, const std::string& text, float width, float size = 10) {
    std::vector<std::string> out;
    for (const TextLine& line : engine.wrap(text, size, width)) out.push_back(text.substr(line.begin, line.end - line.begin));
    return out;
}

}  // namespace

TEST_CASE("lines break only where the script allows, as late as fits, and spaces hang at line ends") {
    FixedEngine engine;
    engine.opportunities = {6, 12};  // "Hello world again": after each space
    CHECK(lines_of(engine, "Hello world again", 120) == std::vector<std::string>{"Hello world", "again"});
    CHECK(lines_of(engine, "Hello world again", 1000) == std::vector<std::string>{"Hello world again"});
    CHECK(lines_of(engine, "Hello world again", 60) == std::vector<std::string>{"Hello", "world", "again"});
    // No opportunity inside a word: a word wider than the line is cut between characters, never lost.
    engine.opportunities = {};
    CHECK(lines_of(engine, "abcdefgh", 30) == std::vector<std::string>{"abc", "def", "gh"});
    // Chinese has no spaces: the engine offers breaks between words (here every character, 3 bytes each).
    const std::string chinese = "您今天的就诊";
    engine.opportunities = {3, 6, 9, 12, 15};
    CHECK(lines_of(engine, chinese, 40) == std::vector<std::string>{"您今天的", "就诊"});
    // A multi-byte character is never split.
    engine.opportunities = {};
    for (const auto& line : lines_of(engine, chinese, 25)) CHECK(count_characters(line) * 3 == line.size());
}

TEST_CASE("a line feed always breaks, empty lines are kept, and every byte of text is on some line") {
    FixedEngine engine;
    engine.opportunities = {};
    CHECK(lines_of(engine, "one\n\ntwo", 1000) == std::vector<std::string>{"one", "", "two"});
    CHECK(lines_of(engine, "", 100).empty());
    // Hostile: a thousand spaces, a width of zero, text of only line feeds: it ends, with no line lost.
    CHECK(lines_of(engine, std::string(1000, ' '), 100).size() <= 1);
    CHECK(lines_of(engine, "abc", 0) == std::vector<std::string>{"a", "b", "c"});
    CHECK(lines_of(engine, "\n\n\n", 100).size() == 3);
}

TEST_CASE("ImGui's engine breaks after spaces and measures as ImGui does") {
    ImGuiContextForText context;
    ImGui::NewFrame();  // (ImGui has a current font inside a frame)
    TextEngine& engine = imgui_text_engine();
    const auto lines = lines_of(engine, "Could you get care when you needed it?", engine.measure("Could you get care", 24) + 1, 24);
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0] == "Could you get care");
    CHECK(engine.measure("", 24) == 0);
    ImGui::EndFrame();
}

TEST_CASE("a paragraph's direction comes from its first strong letter, as dir=auto decides") {
    using D = TextDirection;
    CHECK(first_strong_direction("Hello") == D::LeftToRight);
    CHECK(first_strong_direction("مرحبا بكم") == D::RightToLeft);       // Arabic
    CHECK(first_strong_direction("آپ کی رائے") == D::RightToLeft);      // Urdu
    CHECK(first_strong_direction("שלום") == D::RightToLeft);            // Hebrew
    CHECK(first_strong_direction("123, مرحبا") == D::RightToLeft);      // digits and punctuation decide nothing
    CHECK(first_strong_direction("٣ كتب") == D::RightToLeft);           // nor do Arabic-Indic digits
    CHECK(first_strong_direction("(OHIP) مرحبا") == D::LeftToRight);    // the first strong letter wins
    CHECK(first_strong_direction("ਸਤ ਸ੍ਰੀ ਅਕਾਲ") == D::LeftToRight);     // Gurmukhi
    CHECK(first_strong_direction("您好") == D::LeftToRight);
    CHECK(first_strong_direction("ᑕᐻ") == D::LeftToRight);              // Canadian syllabics
    CHECK_FALSE(first_strong_direction("123 - 456!").has_value());
    CHECK_FALSE(first_strong_direction("").has_value());
    CHECK_FALSE(first_strong_direction("\xF0\x9F\x98\x80 \xE2\x9C\x93").has_value());  // emoji and a check mark
    CHECK_FALSE(first_strong_direction("\xFF\xFE").has_value());      // broken UTF-8 decides nothing, and ends
    // A value put in as an isolate (Catalog::format in a right-to-left catalog) is skipped, as
    // rule P2 says: an Arabic sentence that starts with an English name is still Arabic.
    CHECK(first_strong_direction(bidi_isolate("Dr. Smith") + " سيتصل بك") == D::RightToLeft);
    CHECK(first_strong_direction(bidi_isolate("مرحبا") + " hello") == D::LeftToRight);
    CHECK(first_strong_direction("\u2068a\u2068b\u2069c\u2069 שלום") == D::RightToLeft);  // nested isolates
    CHECK_FALSE(first_strong_direction(bidi_isolate("Dr. Smith")).has_value());          // all isolated: nothing decides
    CHECK(first_strong_direction("\u2069 hello") == D::LeftToRight);                     // a stray PDI changes nothing
}

TEST_CASE("mirroring flips every vertex and clip rectangle about the centre, and twice is no change") {
    ImGuiContextForText context;
    ImDrawList list(ImGui::GetDrawListSharedData());
    ImDrawData data;
    ImDrawList* lists[] = {&list};
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.DisplayPos = ImVec2(0, 0);
    list.CmdBuffer.push_back(ImDrawCmd());
    list.CmdBuffer.back().ClipRect = ImVec4(0, 0, 300, 800);
    ImDrawVert a{}, b{};
    a.pos = ImVec2(10, 5);
    b.pos = ImVec2(900, 7);
    list.VtxBuffer.push_back(a);
    list.VtxBuffer.push_back(b);
    mirror_draw_data(data, 1000);
    CHECK(list.VtxBuffer[0].pos.x == 990);
    CHECK(list.VtxBuffer[1].pos.x == 100);
    CHECK(list.VtxBuffer[0].pos.y == 5);  // only left and right change
    CHECK(list.CmdBuffer[0].ClipRect.x == 700);
    CHECK(list.CmdBuffer[0].ClipRect.z == 1000);
    mirror_draw_data(data, 1000);
    CHECK(list.VtxBuffer[0].pos.x == 10);
    CHECK(list.CmdBuffer[0].ClipRect.x == 0);
    CHECK(mirror_x(mirror_x(123, 1000), 1000) == 123);
    data.CmdLists = nullptr;  // (ImDrawData does not own the lists)
}

TEST_CASE("in a right-to-left language the twins carry dir and lang, and sit where the mirrored controls are drawn") {
    TwinLayer twins;
    twins.begin_frame();
    twins.set_language("ar", true, 1000);
    twins.add({.id = "nav-next", .role = Role::Button, .name = "التالي", .rect = {600, 700, 300, 60}});
    const std::string layer = twins.take_changes();
    CHECK(layer.find("\"dir\":\"rtl\"") != std::string::npos);
    CHECK(layer.find("\"lang\":\"ar\"") != std::string::npos);
    // Laid out at 600-900 from the left; drawn (mirrored) at 100-400 from the left.
    CHECK(layer.find("\"rect\":[100.0,700.0,300.0,60.0]") != std::string::npos);
    twins.begin_frame();
    twins.set_language("en", false, 0);
    twins.add({.id = "nav-next", .role = Role::Button, .name = "Next", .rect = {600, 700, 300, 60}});
    const std::string ltr = twins.take_changes();
    CHECK(ltr.find("\"dir\":\"ltr\"") != std::string::npos);
    CHECK(ltr.find("\"rect\":[600.0,700.0,300.0,60.0]") != std::string::npos);
}

TEST_CASE("a paragraph starts on its own side: right-to-left text in a left-to-right screen, and the other way round") {
    ImGuiContextForText context;
    FixedEngine engine;
    auto caret_x = [&](const std::string& text, bool rtl_screen) {
        TwinLayer twins;
        Style style;
        style.engine = &engine;
        style.rtl = style.mirrored = rtl_screen;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(1000, 800));
        ImGui::Begin("t", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
        ImGui::SetCursorScreenPos(ImVec2(100, 100));
        Widgets w(twins, style);
        const ImVec2 end = w.text(text, 500);
        ImGui::End();
        ImGui::EndFrame();
        return end.x;
    };
    // Laid out in [100, 600]; each 5-letter word is 50 px wide.
    CHECK(caret_x("Hello", false) == 150);   // English on an English screen: left, ends on the right
    CHECK(caret_x("مرحبا", false) == 550);   // Arabic on an English screen: right-aligned, ends on its left
    // A mirrored screen is laid out left to right and flipped: Arabic is laid out at the left
    // (so drawn at the right), and ends at its right before the flip (its left after).
    CHECK(caret_x("مرحبا", true) == 150);
    CHECK(caret_x("Hello", true) == 550);    // English in an Arabic screen: drawn at the left
}
