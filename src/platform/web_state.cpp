#include "web_state.hpp"

#include "ui/app.hpp"

namespace tellus::platform {

PlatformState::PlatformState() = default;
PlatformState::~PlatformState() = default;

PlatformState& platform_state() {
    static PlatformState state;
    return state;
}

}  // namespace tellus::platform
