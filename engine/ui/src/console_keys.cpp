// Keyboard shortcuts: Space play/pause, S screenshot, Esc or Q quit. They are ignored while a text
// field has focus (io.WantTextInput, set by ImGui while an InputText is active), so that typing a
// filter or a parameter value never pauses the run or closes the viewer.
#include "console_internal.h"

namespace dpt::ui::detail {
namespace {

// ImGui 1.86 asserts on key indices outside io.KeysDown; an unmapped key (-1) is simply "up".
bool pressed(int user_key) {
  constexpr int kKeyCount = static_cast<int>(IM_ARRAYSIZE(ImGuiIO::KeysDown));
  return user_key >= 0 && user_key < kKeyCount && ImGui::IsKeyPressed(user_key, false);
}

}  // namespace

void handle_keys(Frame& f) {
  if (ImGui::GetIO().WantTextInput) return;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Space))) f.actions.toggle_play = true;
  if (pressed(f.state.keys.screenshot)) f.actions.screenshot = true;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) || pressed(f.state.keys.quit)) f.actions.quit = true;
}

}  // namespace dpt::ui::detail
