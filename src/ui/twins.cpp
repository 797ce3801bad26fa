#include "twins.hpp"

#include <nlohmann/json.hpp>
#include <utility>

namespace tellus::ui {

const char* to_string(Role role) {
    switch (role) {
        case Role::Button: return "button";
        case Role::Radio: return "radio";
        case Role::Checkbox: return "checkbox";
        case Role::Textbox: return "textbox";
        case Role::Slider: return "slider";
        case Role::Text: return "text";
        case Role::Progress: return "progressbar";
    }
    return "button";
}

void TwinLayer::begin_frame() {
    twins_.clear();
    status_.clear();
}

void TwinLayer::add(Twin twin) { twins_.push_back(std::move(twin)); }

std::string TwinLayer::take_changes() {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : twins_) {
        // Where the control is on screen: flipped like the frame when the layout is mirrored.
        const float x = mirrored_width_ > 0 ? mirrored_width_ - t.rect.x - t.rect.w : t.rect.x;
        list.push_back({{"id", t.id}, {"role", to_string(t.role)}, {"name", t.name}, {"group", t.group},
                        {"checked", t.checked}, {"disabled", t.disabled}, {"value", t.value}, {"min", t.min},
                        {"max", t.max}, {"rect", {x, t.rect.y, t.rect.w, t.rect.h}}});
        if (t.secret) {
            list.back()["secret"] = true;
            list.back()["shown"] = t.shown;
        }
        if (t.pressed) list.back()["pressed"] = *t.pressed;
    }
    nlohmann::json layer = {{"heading", heading_}, {"twins", list}, {"status", status_}, {"lang", lang_}, {"dir", rtl_ ? "rtl" : "ltr"}};
    std::string text = layer.dump();
    const bool changed = text != published_;
    published_ = std::move(text);
    if (!changed && announcement_.empty()) return {};
    layer["announce"] = std::exchange(announcement_, {});
    return layer.dump();
}

std::optional<TwinAction> TwinLayer::take_action(const std::string& id) {
    for (auto it = actions_.begin(); it != actions_.end(); ++it) {
        if (it->id == id) {
            TwinAction action = std::move(*it);
            actions_.erase(it);
            return action;
        }
    }
    return std::nullopt;
}

}  // namespace tellus::ui
