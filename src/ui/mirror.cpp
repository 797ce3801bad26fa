#include "mirror.hpp"

#include <utility>

namespace tellus::ui {

void mirror_draw_data(ImDrawData& data, float width) {
    // Relative to the display's origin, which is (0, 0) for our single full-screen viewport.
    const float origin = data.DisplayPos.x;
    for (int n = 0; n < data.CmdListsCount; ++n) {
        ImDrawList* list = data.CmdLists[n];
        for (ImDrawVert& v : list->VtxBuffer) v.pos.x = origin + width - (v.pos.x - origin);
        for (ImDrawCmd& cmd : list->CmdBuffer) {
            const float left = origin + width - (cmd.ClipRect.z - origin);
            const float right = origin + width - (cmd.ClipRect.x - origin);
            cmd.ClipRect.x = left;
            cmd.ClipRect.z = right;
        }
    }
}

}  // namespace tellus::ui
