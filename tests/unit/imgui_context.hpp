#pragma once
// A Dear ImGui context for a native test of real widgets and screens: the built-in font's atlas
// built, no settings file, a display of the given size, 60 frames a second. It lives as long as
// the fixture that holds it (declare it first, so it is made first and destroyed last).
#include <imgui.h>

namespace tellus::test {

class ImGuiTestContext {
public:
    explicit ImGuiTestContext(float width = 1280, float height = 800) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.Fonts->AddFontDefault();
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60;
    }
    ~ImGuiTestContext() { ImGui::DestroyContext(); }
    ImGuiTestContext(const ImGuiTestContext&) = delete;
    ImGuiTestContext& operator=(const ImGuiTestContext&) = delete;
};

}  // namespace tellus::test
