// The language screen and picker drawn (src/ui/app.cpp) by the real App over real Dear ImGui,
// with a fake host answering a server's list of twelve and more languages (issue 13): each
// language a real button with its twin, named in itself; all of them on a 360x640 phone and a
// 1280x800 kiosk without scrolling; and nothing on the patients' screens says which are unreviewed.
#include <doctest/doctest.h>

#include <imgui.h>

#include <set>

#include <nlohmann/json.hpp>

#include "core/languages.hpp"
#include "fake_host.hpp"
#include "imgui_context.hpp"
#include "test_files.hpp"
#include "ui/app.hpp"

using namespace tellus;
using tellus::test::FakeHost;
using nlohmann::json;

namespace {

struct Language {
    const char* code;
    const char* name;
    const char* direction;
    bool reviewed;
};
// Twelve, as the clinics of issue 13 need, then two more.
const std::vector<Language> kLanguages{
    {"en", "English", "ltr", true},     {"fr", "Français", "ltr", true},   {"zh", "简体中文", "ltr", false},     {"zh-Hant", "繁體中文", "ltr", false},
    {"pa", "ਪੰਜਾਬੀ", "ltr", false},      {"es", "Español", "ltr", true},    {"ar", "العربية", "rtl", false}, {"tl", "Tagalog", "ltr", false},
    {"ur", "اردو", "rtl", false},        {"fa", "فارسی", "rtl", false},     {"pt", "Português", "ltr", true}, {"ta", "தமிழ்", "ltr", false},
    {"vi", "Tiếng Việt", "ltr", false}, {"so", "Soomaali", "ltr", false}};

std::string catalog_for(const Language& l) {
    if (std::string(l.code) == "en" || std::string(l.code) == "fr" || std::string(l.code) == "zh")
        return tellus::test::repo_file(std::string("i18n/") + l.code + ".json");
    json catalog = json::parse(tellus::test::repo_file("i18n/en.json"));  // a fixture: English under another name
    catalog["language.name"] = l.name;
    catalog["language.direction"] = l.direction;
    catalog["language.reviewed"] = l.reviewed ? "yes" : "no";
    return catalog.dump();
}

struct Kiosk {
    tellus::test::ImGuiTestContext imgui;
    FakeHost host;
    ui::App app;
    json layer;
    std::vector<Language> languages;

    explicit Kiosk(size_t count, float width, float height, Mode mode = Mode::Kiosk)
        : app(host, [mode] {
              AppConfig config;
              config.mode = mode;
              return config;
          }()),
          languages(kLanguages.begin(), kLanguages.begin() + static_cast<long>(count)) {
        ImGui::GetIO().DisplaySize = ImVec2(width, height);
        app.start();
        std::vector<LanguageInfo> list;
        for (const auto& l : languages) list.push_back({l.code, l.name, l.direction, l.reviewed});
        REQUIRE(host.answer("api/v1/languages", 200, language_list_json(list).dump()));
        for (const auto& l : languages) host.answer(std::string("i18n/") + l.code + ".json", 200, catalog_for(l));
        REQUIRE(host.answer("api/v1/surveys/primary-care-visit", 200, tellus::test::repo_file("assets/surveys/primary-care-visit.json")));
        REQUIRE(app.model().screen() == Screen::Language);
        frame();
    }

    void frame(std::vector<ui::TwinAction> actions = {}) {
        host.advance(500);  // a person's pace: past the tap guard
        const ImVec2 size = ImGui::GetIO().DisplaySize;
        ImGui::NewFrame();
        for (auto& action : actions) app.twins().push_action(std::move(action));
        app.frame(size.x, size.y);
        ImGui::Render();
        if (const std::string changes = app.twins().take_changes(); !changes.empty()) layer = json::parse(changes);
    }
    void press(const std::string& id) {
        frame({{ui::TwinAction::Kind::Activate, id, ""}});
        frame();
    }
    std::vector<json> controls() const {
        std::vector<json> out;
        for (const auto& t : layer["twins"])
            if (t["role"] != "text") out.push_back(t);
        return out;
    }
    const json* twin(const std::string& id) const {
        for (const auto& t : layer["twins"])
            if (t["id"] == id) return &t;
        return nullptr;
    }
};

// Every control inside the screen, none overlapping another.
void check_fits(const Kiosk& k, float width, float height) {
    const auto controls = k.controls();
    for (size_t i = 0; i < controls.size(); ++i) {
        const auto& r = controls[i]["rect"];
        const float x = r[0], y = r[1], w = r[2], h = r[3];
        INFO(controls[i]["id"].get<std::string>());
        CHECK(x >= 0);
        CHECK(y >= 0);
        CHECK(x + w <= width + 0.5f);
        CHECK(y + h <= height + 0.5f);  // no scrolling needed
        CHECK(h >= 44);                 // a real target
        for (size_t j = i + 1; j < controls.size(); ++j) {
            const auto& o = controls[j]["rect"];
            const float ox = o[0], oy = o[1], ow = o[2], oh = o[3];
            const bool overlap = x < ox + ow - 1 && ox < x + w - 1 && y < oy + oh - 1 && oy < y + h - 1;
            CHECK_MESSAGE(!overlap, controls[j]["id"].get<std::string>());
        }
    }
}

std::set<float> columns_of(const Kiosk& k) {
    std::set<float> xs;
    for (const auto& t : k.controls())
        if (t["id"].get<std::string>().rfind("language-", 0) == 0) xs.insert(t["rect"][0].get<float>());
    return xs;
}

}  // namespace

TEST_CASE("twelve languages and more fit a 360x640 phone and a 1280x800 kiosk, each a button named in itself") {
    struct Size {
        float width, height;
        Mode mode;
        size_t columns;
    };
    for (const Size size : {Size{360, 640, Mode::Phone, 2}, Size{1280, 800, Mode::Kiosk, 3}}) {
        for (size_t count : {size_t{12}, size_t{14}}) {
            CAPTURE(size.width);
            CAPTURE(count);
            Kiosk k(count, size.width, size.height, size.mode);
            CHECK(k.layer["heading"] == "Choose your language");
            for (const auto& l : k.languages) {
                const json* t = k.twin(std::string("language-") + l.code);
                REQUIRE_MESSAGE(t, l.code);
                CHECK((*t)["role"] == "button");
                CHECK((*t)["name"] == l.name);
            }
            CHECK(columns_of(k).size() == size.columns);
            check_fits(k, size.width, size.height);
            CHECK(k.layer.dump().find("More below") == std::string::npos);
        }
    }
}

TEST_CASE("three languages keep one full-width button each, and the prompt in each language") {
    Kiosk k(3, 1280, 800);
    CHECK(columns_of(k).size() == 1);
    const std::string layer = k.layer.dump();
    CHECK(layer.find("Choisissez votre langue") != std::string::npos);
    check_fits(k, 1280, 800);
}

TEST_CASE("a language button chooses its language; the picker offers the same grid, the current one marked") {
    Kiosk k(12, 360, 640, Mode::Phone);
    k.press("language-pa");
    // A phone fetches a language's catalog when it is chosen; the screen moves on when it comes.
    CHECK(k.app.model().screen() == Screen::Language);
    REQUIRE(k.host.answer("i18n/pa.json", 200, catalog_for(k.languages[4])));
    k.frame();
    CHECK(k.app.model().screen() == Screen::Welcome);
    CHECK(k.app.model().language() == "pa");
    k.press("tool-language");
    REQUIRE(k.app.model().picker_open());
    for (const auto& l : k.languages) CHECK_MESSAGE(k.twin(std::string("language-") + l.code), l.code);
    CHECK(k.twin("language-close"));
    check_fits(k, 360, 640);
    k.press("language-ar");
    REQUIRE(k.host.answer("i18n/ar.json", 200, catalog_for(k.languages[6])));
    k.frame();
    CHECK(k.app.model().language() == "ar");
    CHECK(k.app.model().direction() == "rtl");
}

TEST_CASE("patients never see which languages are unreviewed: not on the language screen, the picker or the welcome screen") {
    Kiosk k(12, 1280, 800);
    REQUIRE_FALSE(k.app.model().unreviewed_language_names().empty());
    std::vector<std::string> staff_words;
    for (const char* lang : {"en", "fr", "zh"}) {
        const Catalog& c = k.app.model().catalog_for(lang);
        for (const char* key : {"staff.languages_unreviewed", "staff.languages_reviewed"}) {
            const std::string text = c.get(key);
            staff_words.push_back(text.substr(0, text.find('{')));
        }
    }
    auto check_screen = [&](const char* what) {
        const std::string shown = k.layer.dump();
        for (const auto& words : staff_words) CHECK_MESSAGE(shown.find(words) == std::string::npos, what);
        CHECK_MESSAGE(shown.find("review") == std::string::npos, what);
    };
    check_screen("the language screen");
    k.press("language-fr");
    check_screen("the welcome screen");
    k.press("tool-language");
    check_screen("the picker");
}
