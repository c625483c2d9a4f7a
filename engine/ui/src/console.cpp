// draw_console: places the console's five windows around the 3-D view and calls the panels.
// ImGui 1.86 (Debian 12) has no docking branch, so the "docked" look comes from fixed windows
// re-placed every frame from io.DisplaySize: a top bar, a left and a right panel, a status bar.
#include <algorithm>
#include <utility>

#include "console_internal.h"

namespace dpt::ui {
namespace {

// Fixed, undecorated, unsaved: the layout is recomputed every frame, nothing to remember.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                         ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;
constexpr ImGuiWindowFlags kBarFlags = kPanelFlags | ImGuiWindowFlags_NoScrollbar |
                                       ImGuiWindowFlags_NoScrollWithMouse;

struct Placement {
  ImVec2 top_pos, top_size, left_pos, left_size, right_pos, right_size, status_pos, status_size;
  ConsoleRect view;
};

// Side panels take a share of the width, clamped so that they stay readable at 1280x720 and do
// not eat the view at 1920x1080 or wider; bar heights follow the font (two rows / one row).
Placement place(ImVec2 display) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row = ImGui::GetFrameHeight();
  const float top_h = 2.0f * row + style.ItemSpacing.y + 2.0f * style.WindowPadding.y;
  // ImGui enlarges any window below style.WindowMinSize, so the bar is at least that tall.
  const float status_h = std::max(ImGui::GetTextLineHeight() + 2.0f * style.WindowPadding.y,
                                  style.WindowMinSize.y);
  const float left_w = std::clamp(0.22f * display.x, 240.0f, 420.0f);
  const float right_w = std::clamp(0.27f * display.x, 280.0f, 520.0f);
  const float mid_h = std::max(display.y - top_h - status_h, 0.0f);
  Placement p;
  p.top_pos = {0, 0};
  p.top_size = {display.x, top_h};
  p.left_pos = {0, top_h};
  p.left_size = {left_w, mid_h};
  p.right_pos = {std::max(display.x - right_w, left_w), top_h};
  p.right_size = {display.x - p.right_pos.x, mid_h};
  p.status_pos = {0, display.y - status_h};
  p.status_size = {display.x, status_h};
  p.view = {left_w, top_h, p.right_pos.x, top_h + mid_h};
  return p;
}

bool begin_fixed(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags flags) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  return ImGui::Begin(name, nullptr, flags);
}

ConsoleRect window_rect() {
  const ImVec2 pos = ImGui::GetWindowPos();
  const ImVec2 size = ImGui::GetWindowSize();
  return detail::to_rect(pos, {pos.x + size.x, pos.y + size.y});
}

}  // namespace

ConsoleActions draw_console(ConsoleModel& model, ConsoleState& state, ConsoleLayout* layout_out) {
  ConsoleActions actions;
  if (layout_out != nullptr) {
    // Keep the row vectors' storage: a test or viewer asking every frame allocates once.
    std::vector<ConsoleLayout::Row> sensor_rows = std::move(layout_out->sensor_rows);
    std::vector<ConsoleLayout::Row> alert_rows = std::move(layout_out->alert_rows);
    sensor_rows.clear();
    alert_rows.clear();
    *layout_out = ConsoleLayout{};
    layout_out->sensor_rows = std::move(sensor_rows);
    layout_out->alert_rows = std::move(alert_rows);
  }
  detail::Frame f{model, state, actions, layout_out};
  detail::handle_keys(f);

  const Placement p = place(ImGui::GetIO().DisplaySize);
  if (layout_out != nullptr) layout_out->view = p.view;

  // Begin() must always be paired with End(), whatever it returns (imgui.h, "Windows").
  if (begin_fixed("##console_top", p.top_pos, p.top_size, kBarFlags)) detail::draw_top_bar(f);
  if (layout_out != nullptr) layout_out->top_bar = window_rect();
  ImGui::End();

  if (begin_fixed("##console_left", p.left_pos, p.left_size, kPanelFlags)) {
    const ImGuiTreeNodeFlags open = ImGuiTreeNodeFlags_DefaultOpen;
    if (ImGui::CollapsingHeader("Layers", open)) detail::draw_layers(f);
    if (ImGui::CollapsingHeader("Sensors", open)) detail::draw_sensors(f);
    if (ImGui::CollapsingHeader("Parameters", open)) detail::draw_params(f);
    if (ImGui::CollapsingHeader("Decision", open)) detail::draw_decision(f);
  }
  if (layout_out != nullptr) layout_out->left_panel = window_rect();
  ImGui::End();

  if (begin_fixed("##console_right", p.right_pos, p.right_size, kPanelFlags)) {
    const ImGuiTreeNodeFlags open = ImGuiTreeNodeFlags_DefaultOpen;
    if (ImGui::CollapsingHeader("KPIs", open)) detail::draw_kpis(f);
    if (ImGui::CollapsingHeader("Alerts", open)) detail::draw_alerts(f);
    if (ImGui::CollapsingHeader("Tracks", open)) detail::draw_tracks(f);
  }
  if (layout_out != nullptr) layout_out->right_panel = window_rect();
  ImGui::End();

  if (begin_fixed("##console_status", p.status_pos, p.status_size, kBarFlags)) {
    detail::draw_status_bar(f);
  }
  if (layout_out != nullptr) layout_out->status_bar = window_rect();
  ImGui::End();
  return actions;
}

}  // namespace dpt::ui
