// Every widget helper registers its control's accessible twin (role, name, state, rectangle), and
// acting on the twin acts on the control. Real Dear ImGui, compiled natively for this test only.
#include <doctest/doctest.h>

#include <imgui.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "imgui_context.hpp"
#include "ui/widgets.hpp"

using namespace tellus::ui;

namespace {

// One ImGui context with the default font, sized like a kiosk screen.
struct Context {
    tellus::test::ImGuiTestContext imgui{1280, 800};
};

// What the helpers returned in one frame, by control.
struct Results {
    bool language = false, radio = false, checkbox = false, face = false, narrow_face = false, disabled = false, text_changed = false;
};

// Draws one frame with one of each public helper (the way app.cpp screens use them).
struct Screen {
    TwinLayer twins;
    Style style;
    std::string comment = "Kind staff";
    bool radio_selected = true, checkbox_selected = false;
    size_t draw_vertices = 0;

    Results frame(const std::function<void()>& before_end = {}) {
        Results r;
        ImGui::NewFrame();
        twins.begin_frame();
        Widgets w(twins, style);
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("screen", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
        twins.set_heading("How was your visit?");
        w.text("How was your visit?", 600, 1.25f);
        r.language = w.button("language-fr", "Français", 600, Widgets::Look::Secondary);
        r.radio = w.choice("answer-listened-yes", "listened", "Yes", radio_selected, false, 600);
        r.checkbox = w.choice("answer-topics-parking", "topics", "Parking", checkbox_selected, true, 600);
        r.face = w.choice("answer-care-good", "care", "Good", false, false, 150, 3);
        r.narrow_face = w.choice("answer-care-okay", "care", "Okay", false, false, 300, 2, 0, /*face_above=*/false);
        r.disabled = w.button("tool-read-aloud", "Read aloud: no French voice on this device", 600, Widgets::Look::Quiet, 0.8f, false);
        r.text_changed = w.text_box("answer-went_well", "What went well?", comment, 20, 600, 160);
        draw_vertices = static_cast<size_t>(ImGui::GetWindowDrawList()->VtxBuffer.Size);
        ImGui::End();
        if (before_end) before_end();
        twins.end_frame();
        ImGui::Render();
        return r;
    }

    const Twin* find(const std::string& id) const {
        for (const auto& t : twins.twins())
            if (t.id == id) return &t;
        return nullptr;
    }
};

}  // namespace

TEST_CASE("each helper draws its control and registers exactly one twin with its role, name, state and rectangle") {
    Context context;
    Screen screen;
    const Results r = screen.frame();
    CHECK_FALSE(r.language);
    CHECK_FALSE(r.radio);
    CHECK_FALSE(r.checkbox);
    CHECK_FALSE(r.text_changed);

    const auto& all = screen.twins.twins();
    // Text is not a control: seven controls, seven twins, in drawing order (= Tab order).
    REQUIRE(all.size() == 7);
    std::vector<std::string> ids;
    for (const auto& t : all) ids.push_back(t.id);
    CHECK(ids == std::vector<std::string>{"language-fr", "answer-listened-yes", "answer-topics-parking", "answer-care-good",
                                          "answer-care-okay", "tool-read-aloud", "answer-went_well"});
    CHECK(screen.twins.heading() == "How was your visit?");

    const Twin& button = all[0];
    CHECK(button.role == Role::Button);
    CHECK(button.name == "Français");
    CHECK_FALSE(button.checked);

    const Twin& radio = all[1];
    CHECK(radio.role == Role::Radio);
    CHECK(radio.name == "Yes");
    CHECK(radio.group == "listened");
    CHECK(radio.checked);

    const Twin& checkbox = all[2];
    CHECK(checkbox.role == Role::Checkbox);
    CHECK(checkbox.name == "Parking");
    CHECK(checkbox.group == "topics");
    CHECK_FALSE(checkbox.checked);

    const Twin& face = all[3];
    CHECK(face.role == Role::Radio);
    CHECK(face.name == "Good");  // the face is drawn; the twin says it in words
    CHECK(face.group == "care");

    const Twin& narrow_face = all[4];
    CHECK(narrow_face.role == Role::Radio);
    CHECK(narrow_face.name == "Okay");
    CHECK(narrow_face.group == "care");

    const Twin& disabled = all[5];
    CHECK(disabled.role == Role::Button);
    CHECK(disabled.name == "Read aloud: no French voice on this device");
    CHECK(disabled.disabled);
    CHECK_FALSE(button.disabled);

    const Twin& box = all[6];
    CHECK(box.role == Role::Textbox);
    CHECK(box.name == "What went well?");
    CHECK(box.value == "Kind staff");
    CHECK(box.max == 20);

    // Each twin lies over its own widget: non-empty, at least the minimum target height for
    // controls, inside the screen, and no two controls overlap.
    for (const auto& t : all) {
        INFO(t.id);
        CHECK(t.rect.w > 0);
        CHECK(t.rect.h >= (t.role == Role::Textbox ? 1.0f : screen.style.target));
        CHECK(t.rect.x >= 0);
        CHECK(t.rect.y >= 0);
        CHECK(t.rect.x + t.rect.w <= 1280);
    }
    for (size_t i = 0; i < all.size(); ++i)
        for (size_t j = i + 1; j < all.size(); ++j) {
            const Rect& a = all[i].rect;
            const Rect& b = all[j].rect;
            INFO(all[i].id << " / " << all[j].id);
            CHECK((a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y));
        }
    CHECK(button.rect.w == 600);

    // A changed state reaches the twin on the next frame.
    screen.radio_selected = false;
    screen.checkbox_selected = true;
    screen.frame();
    CHECK_FALSE(screen.find("answer-listened-yes")->checked);
    CHECK(screen.find("answer-topics-parking")->checked);
}

TEST_CASE("an action on a twin makes its helper act on the next frame, and only that helper") {
    Context context;
    Screen screen;
    screen.frame();

    screen.twins.push_action({.kind = TwinAction::Kind::Activate, .id = "language-fr"});
    Results r = screen.frame();
    CHECK(r.language);
    CHECK_FALSE(r.radio);
    CHECK_FALSE(r.checkbox);
    CHECK_FALSE(r.face);
    r = screen.frame();  // once only
    CHECK_FALSE(r.language);

    screen.twins.push_action({.kind = TwinAction::Kind::Activate, .id = "answer-listened-yes"});
    r = screen.frame();
    CHECK(r.radio);
    CHECK_FALSE(r.language);

    screen.twins.push_action({.kind = TwinAction::Kind::Activate, .id = "answer-topics-parking"});
    CHECK(screen.frame().checkbox);

    screen.twins.push_action({.kind = TwinAction::Kind::Activate, .id = "answer-care-good"});
    CHECK(screen.frame().face);

    screen.twins.push_action({.kind = TwinAction::Kind::Activate, .id = "answer-care-okay"});
    CHECK(screen.frame().narrow_face);

    // A disabled button ignores its twin's activation (and says so: aria-disabled).
    screen.twins.push_action({.kind = TwinAction::Kind::Activate, .id = "tool-read-aloud"});
    r = screen.frame();
    CHECK_FALSE(r.disabled);
    CHECK_FALSE(r.language);

    // Typing into the text box's twin sets the text, clamped to its limit (characters, not bytes).
    screen.twins.push_action({.kind = TwinAction::Kind::SetValue, .id = "answer-went_well", .value = "Très très très gentils, merci"});
    r = screen.frame();
    CHECK(r.text_changed);
    CHECK(screen.comment == "Très très très genti");
    CHECK(screen.find("answer-went_well")->value == "Très très très genti");

    // Keystrokes faster than frames: each sends the whole text, and the last one wins. (Taking only
    // the first lost the end of a comment when "Next" was pressed in the same frame.)
    screen.twins.push_action({.kind = TwinAction::Kind::SetValue, .id = "answer-went_well", .value = "Kind"});
    screen.twins.push_action({.kind = TwinAction::Kind::SetValue, .id = "answer-went_well", .value = "Kind staff"});
    r = screen.frame();
    CHECK(r.text_changed);
    CHECK(screen.comment == "Kind staff");

    // An action for a control that is not drawn is dropped at the end of the frame, not replayed later.
    screen.twins.push_action({.kind = TwinAction::Kind::Activate, .id = "gone"});
    screen.frame();
    screen.twins.push_action({.kind = TwinAction::Kind::Activate, .id = "language-fr"});
    r = screen.frame();
    CHECK(r.language);
    CHECK_FALSE(r.radio);
}

TEST_CASE("a pointer click at the centre of a twin's rectangle presses that same widget") {
    Context context;
    Screen screen;
    screen.frame();
    ImGuiIO& io = ImGui::GetIO();
    for (const char* id : {"language-fr", "answer-listened-yes", "answer-topics-parking", "answer-care-good", "answer-care-okay"}) {
        INFO(id);
        const Rect rect = screen.find(id)->rect;
        io.MousePos = ImVec2(rect.x + rect.w / 2, rect.y + rect.h / 2);
        io.MouseDown[0] = false;
        screen.frame();
        io.MouseDown[0] = true;
        Results down = screen.frame();
        io.MouseDown[0] = false;
        Results up = screen.frame();
        const std::string which = std::string(id);
        const bool pressed = which == "language-fr" ? (down.language || up.language)
                             : which == "answer-listened-yes" ? (down.radio || up.radio)
                             : which == "answer-topics-parking" ? (down.checkbox || up.checkbox)
                             : which == "answer-care-good"      ? (down.face || up.face)
                                                                : (down.narrow_face || up.narrow_face);
        CHECK(pressed);
        const int others = int(up.language) + int(up.radio) + int(up.checkbox) + int(up.face) + int(up.narrow_face);
        CHECK(others <= 1);
    }
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

TEST_CASE("the focused twin gets a focus ring drawn around its widget") {
    Context context;
    Screen screen;
    screen.frame();
    const size_t plain = screen.draw_vertices;
    for (const char* id : {"language-fr", "answer-listened-yes", "answer-topics-parking", "answer-care-good", "answer-care-okay",
                           "tool-read-aloud", "answer-went_well"}) {
        INFO(id);
        screen.twins.set_focused(id);
        screen.frame();
        CHECK(screen.draw_vertices > plain);
    }
    screen.twins.set_focused("");
    screen.frame();
    CHECK(screen.draw_vertices == plain);
}

TEST_CASE("the staff token field: a password twin, stars on the canvas unless shown, and Enter submits the typed text") {
    Context context;
    TwinLayer twins;
    Style style;
    std::string token;
    auto frame = [&](bool shown) {
        ImGui::NewFrame();
        twins.begin_frame();
        Widgets w(twins, style);
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("screen", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
        const bool submitted = w.secret_box("staff-token", "Staff token", token, shown, 200, 600, 60);
        ImGui::End();
        twins.end_frame();
        ImGui::Render();
        return submitted;
    };
    CHECK_FALSE(frame(false));
    REQUIRE(twins.twins().size() == 1);
    CHECK(twins.twins()[0].secret);
    CHECK_FALSE(twins.twins()[0].shown);
    CHECK(twins.take_changes().find("\"secret\":true") != std::string::npos);

    // The browser sends the text, then Enter, in one frame: the text is in before it is submitted.
    twins.push_action({.kind = TwinAction::Kind::SetValue, .id = "staff-token", .value = "0123456789abcdef"});
    twins.push_action({.kind = TwinAction::Kind::Activate, .id = "staff-token"});
    CHECK(frame(false));
    CHECK(token == "0123456789abcdef");
    CHECK_FALSE(frame(false));  // once only
    frame(true);
    CHECK(twins.twins()[0].shown);
}

namespace {
// One frame of a screen drawn by `body`, in a full-screen window like the app's.
void frame_of(TwinLayer& twins, const Style& style, const std::function<void(Widgets&)>& body) {
    ImGui::NewFrame();
    twins.begin_frame();
    Widgets w(twins, style);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("screen", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus);
    body(w);
    ImGui::End();
    twins.end_frame();
    ImGui::Render();
}

const Twin* twin_of(const TwinLayer& twins, const std::string& id) {
    for (const auto& t : twins.twins())
        if (t.id == id) return &t;
    return nullptr;
}

// Clicks at the centre of `rect` over three frames (move, down, up); true if `body` saw a press.
bool click(TwinLayer& twins, const Style& style, Rect rect, const std::function<bool(Widgets&)>& body) {
    ImGuiIO& io = ImGui::GetIO();
    bool seen = false;
    io.MousePos = ImVec2(rect.x + rect.w / 2, rect.y + rect.h / 2);
    for (bool down : {false, true, false}) {
        io.MouseDown[0] = down;
        frame_of(twins, style, [&](Widgets& w) { seen = body(w) || seen; });
    }
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    return seen;
}
}  // namespace

TEST_CASE("a toggle button's twin says whether it is on (aria-pressed); a plain button's says nothing") {
    Context context;
    TwinLayer twins;
    Style style;
    bool contrast = false, pressed = false;
    auto draw = [&](Widgets& w) {
        w.button("tool-text-size", "Text size", 300, Widgets::Look::Quiet, 0.8f);
        pressed = w.toggle("tool-contrast", "High contrast", contrast, 300);
    };
    frame_of(twins, style, draw);
    REQUIRE(twin_of(twins, "tool-contrast"));
    CHECK(twin_of(twins, "tool-contrast")->role == Role::Button);
    CHECK(twin_of(twins, "tool-contrast")->pressed == false);
    CHECK_FALSE(twin_of(twins, "tool-text-size")->pressed.has_value());
    const std::string json = twins.take_changes();
    CHECK(json.find("\"pressed\":false") != std::string::npos);
    CHECK(json.find("\"pressed\"") == json.rfind("\"pressed\""));  // once: the plain button has none

    twins.push_action({.kind = TwinAction::Kind::Activate, .id = "tool-contrast"});
    frame_of(twins, style, draw);
    CHECK(pressed);
    contrast = true;
    frame_of(twins, style, draw);
    CHECK_FALSE(pressed);  // once only
    CHECK(twin_of(twins, "tool-contrast")->pressed == true);
    CHECK(twins.take_changes().find("\"pressed\":true") != std::string::npos);
}

TEST_CASE("a compact choice fits a one- or two-digit label inside a 44 px cell at every text size, centred") {
    Context context;
    TextEngine& engine = imgui_text_engine();
    for (float text : {22.0f, 30.0f, 30.0f * 1.3f, 30.0f * 1.6f}) {
        for (float cell : {Widgets::kMinCompactCell, 52.0f, 67.0f, 120.0f}) {
            for (const std::string label : {"0", "7", "10"}) {
                INFO("text " << text << ", cell " << cell << ", label " << label);
                const ImVec2 min(100, 200), size(cell, std::max(56.0f, text * 2.2f));
                const CompactLabel place = layout_compact_label(engine, text, label, min, size);
                const float width = engine.measure(label, place.size);
                CHECK(place.size <= text);
                CHECK(place.size >= text * 0.5f);  // shrunk only as much as needed: still readable
                CHECK(place.at.x >= min.x + 4);
                CHECK(place.at.x + width <= min.x + cell - 4);
                CHECK(place.at.y >= min.y);
                CHECK(place.at.y + place.size <= min.y + size.y);
                CHECK(std::abs((place.at.x - min.x) - (min.x + cell - place.at.x - width)) < 1.0f);  // centred
            }
        }
    }
    // Wide enough: the body size, unshrunk.
    CHECK(layout_compact_label(engine, 30, "10", ImVec2(0, 0), ImVec2(120, 66)).size == 30);
}

TEST_CASE("compact choices: radios in their group, chosen state in the twin, one press each, no overlap in a row") {
    Context context;
    TwinLayer twins;
    Style style;
    style.text = 48;  // the largest text size on a kiosk
    style.target = 48 * 2.2f;
    int chosen = 7, pressed = -1;
    auto draw = [&](Widgets& w) {
        pressed = -1;
        for (int v = 0; v <= 10; ++v) {
            if (v > 0) ImGui::SameLine(0, 8);
            if (w.compact_choice("answer-overall-" + std::to_string(v), "overall", std::to_string(v), v == chosen, 52)) pressed = v;
        }
    };
    frame_of(twins, style, draw);
    REQUIRE(twins.twins().size() == 11);
    for (const auto& t : twins.twins()) {
        INFO(t.id);
        CHECK(t.role == Role::Radio);
        CHECK(t.group == "overall");
        CHECK(t.checked == (t.id == "answer-overall-7"));
        CHECK(t.rect.w == 52);
        CHECK(t.rect.h >= style.target);
    }
    for (size_t i = 1; i < twins.twins().size(); ++i) CHECK(twins.twins()[i - 1].rect.x + 52 <= twins.twins()[i].rect.x);
    const Rect three = twin_of(twins, "answer-overall-3")->rect;
    CHECK(click(twins, style, three, [&](Widgets& w) { draw(w); return pressed == 3; }));
    twins.push_action({.kind = TwinAction::Kind::Activate, .id = "answer-overall-10"});
    frame_of(twins, style, draw);
    CHECK(pressed == 10);
}

TEST_CASE("the progress bar's twin is a progressbar from 0 to 100 named in words") {
    Context context;
    TwinLayer twins;
    Style style;
    float fraction = 3.0f / 11;
    auto draw = [&](Widgets& w) { w.progress(fraction, 600, "Question 3 of 11"); };
    frame_of(twins, style, draw);
    REQUIRE(twins.twins().size() == 1);
    const Twin& bar = twins.twins()[0];
    CHECK(bar.role == Role::Progress);
    CHECK(bar.name == "Question 3 of 11");
    CHECK(bar.value == "27");
    CHECK(bar.min == 0);
    CHECK(bar.max == 100);
    CHECK(bar.rect.w == 600);
    CHECK(bar.rect.h > 0);
    CHECK(twins.take_changes().find("\"role\":\"progressbar\"") != std::string::npos);
    for (auto [given, shown] : {std::pair{-0.5f, "0"}, {1.7f, "100"}, {std::nanf(""), "0"}, {1.0f, "100"}}) {
        fraction = given;
        frame_of(twins, style, draw);
        CHECK(twins.twins()[0].value == shown);
    }
}

