#pragma once
// The long press that opens staff mode (issue 6): a finger held for 3 seconds in the top-left
// corner of the language screen. Plain state, no clock: the app feeds it the pointer every frame.
namespace tellus {

class CornerPress {
public:
    static constexpr double kHoldMs = 3000;
    static constexpr float kCornerSize = 72;  // CSS px from the top-left corner

    // One frame's pointer: `down` and where. True once, when a press that stayed inside the corner
    // reaches kHoldMs; a finger still down then counts from the start again.
    bool held(bool down, float x, float y, double now_ms) {
        if (!down || x < 0 || y < 0 || x > kCornerSize || y > kCornerSize) {
            pressed_since_ = -1;
            return false;
        }
        if (pressed_since_ < 0) pressed_since_ = now_ms;
        if (now_ms - pressed_since_ < kHoldMs) return false;
        pressed_since_ = -1;
        return true;
    }
    // A press inside the corner is under way: the app should look again soon even with no input.
    bool pressing() const { return pressed_since_ >= 0; }

private:
    double pressed_since_ = -1;
};

}  // namespace tellus
