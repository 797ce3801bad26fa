// The UI's plain-C++ parts: theme contrast (WCAG 2.0 AA) and the twin layer's bookkeeping.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "ui/theme.hpp"
#include "ui/twins.hpp"

using namespace tellus::ui;

TEST_CASE("contrast ratio matches WCAG's reference values") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == doctest::Approx(21.0));
    CHECK(contrast_ratio({255, 255, 255}, {255, 255, 255}) == doctest::Approx(1.0));
    CHECK(contrast_ratio({0x76, 0x76, 0x76}, {255, 255, 255}) == doctest::Approx(4.54).epsilon(0.01));
}

TEST_CASE("every text/background pair in every theme meets WCAG 2.0 AA (4.5:1)") {
    for (const Theme* theme : {&standard_theme(), &high_contrast_theme()}) {
        for (const auto& [fg, bg] : theme->text_pairs()) {
            INFO(theme->name << ": #" << std::hex << int(fg.r) << int(fg.g) << int(fg.b) << " on #" << int(bg.r) << int(bg.g) << int(bg.b));
            CHECK(contrast_ratio(fg, bg) >= 4.5);
        }
    }
    // The high-contrast theme is meant for low vision: hold it to AAA (7:1) as well.
    for (const auto& [fg, bg] : high_contrast_theme().text_pairs()) CHECK(contrast_ratio(fg, bg) >= 7.0);
}

TEST_CASE("the twin layer publishes only when something changed, and announces once") {
    TwinLayer layer;
    layer.begin_frame();
    layer.set_heading("Question");
    layer.add({.id = "next", .role = Role::Button, .name = "Next", .rect = {1, 2, 100, 56}});
    layer.announce("Question");
    auto first = nlohmann::json::parse(layer.take_changes());
    CHECK(first["heading"] == "Question");
    CHECK(first["announce"] == "Question");
    CHECK(first["twins"][0]["role"] == "button");
    CHECK(first["twins"][0]["rect"][3] == 56);
    layer.begin_frame();
    layer.set_heading("Question");
    layer.add({.id = "next", .role = Role::Button, .name = "Next", .rect = {1, 2, 100, 56}});
    CHECK(layer.take_changes().empty());  // same frame again: nothing to send to the DOM
    layer.begin_frame();
    layer.set_heading("Question");
    layer.add({.id = "next", .role = Role::Button, .name = "Suivant", .rect = {1, 2, 100, 56}});
    CHECK(nlohmann::json::parse(layer.take_changes())["twins"][0]["name"] == "Suivant");
}

TEST_CASE("an action reaches only the widget it names, and unclaimed ones expire with the frame") {
    TwinLayer layer;
    layer.push_action({TwinAction::Kind::Activate, "yes", ""});
    CHECK_FALSE(layer.take_action("no").has_value());
    CHECK(layer.take_action("yes").has_value());
    CHECK_FALSE(layer.take_action("yes").has_value());  // one click, one activation
    layer.push_action({TwinAction::Kind::Activate, "gone", ""});
    layer.end_frame();
    CHECK_FALSE(layer.take_action("gone").has_value());
}
