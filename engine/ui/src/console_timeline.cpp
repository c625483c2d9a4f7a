// The top bar: title and simulated clock, play/pause, the speed selector, the named-view combo on
// the first row; the timeline slider over [0, duration] on the second.
#include <algorithm>
#include <cstdio>
#include <iterator>

#include "console_internal.h"

namespace dpt::ui::detail {
namespace {

void speed_label(double speed, char* out, std::size_t size) { std::snprintf(out, size, "%gx", speed); }

void draw_speed_combo(Frame& f) {
  char preview[32];
  speed_label(f.model.speed, preview, sizeof preview);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("600x").x + ImGui::GetFrameHeight() * 2.0f);
  const bool open = ImGui::BeginCombo("##speed", preview);
  if (f.layout != nullptr) f.layout->speed_combo = last_item_rect();
  if (!open) return;
  for (const double speed : kConsoleSpeeds) {
    char label[32];
    speed_label(speed, label, sizeof label);
    if (ImGui::Selectable(label, speed == f.model.speed)) f.actions.set_speed = speed;
  }
  ImGui::EndCombo();
}

void draw_view_combo(Frame& f) {
  const auto& views = f.model.views;
  const bool valid = f.model.current_view >= 0 && f.model.current_view < static_cast<int>(views.size());
  const char* preview = f.model.looking_through >= 0 ? "(sensor)"
                        : valid ? views[static_cast<std::size_t>(f.model.current_view)].c_str()
                                : "(no view)";
  ImGui::SetNextItemWidth(std::clamp(ImGui::GetContentRegionAvail().x, 60.0f, 16.0f * ImGui::GetFontSize()));
  const bool open = ImGui::BeginCombo("##view", preview);
  if (f.layout != nullptr) f.layout->view_combo = last_item_rect();
  if (!open) return;
  for (std::size_t i = 0; i < views.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(views[i].c_str(), static_cast<int>(i) == f.model.current_view)) {
      f.actions.select_view = static_cast<int>(i);
    }
    ImGui::PopID();
  }
  ImGui::EndCombo();
}

// Dragging sets seek_to_s. A recording may be scrubbed anywhere; a live or simulated run only
// back into what it has already computed, so the seek is clamped to [0, t].
void draw_timeline(Frame& f) {
  const double duration = std::max(f.model.duration_s, 0.0);
  double t = std::clamp(f.model.t_s, 0.0, duration);
  char now[32], end[32], label[80];
  format_hms(t, now, sizeof now);
  format_hms(duration, end, sizeof end);
  // The slider prints `label` as its format: it has no '%', so ImGui shows it verbatim.
  std::snprintf(label, sizeof label, "%s / %s%s", now, end, f.model.recording ? "  (replay)" : "");
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
  const double lo = 0.0;
  const bool changed = ImGui::SliderScalar("##timeline", ImGuiDataType_Double, &t, &lo, &duration,
                                           label, ImGuiSliderFlags_NoInput);
  if (f.layout != nullptr) {
    // SliderBehavior maps values onto [min + pad + grab/2, max - pad - grab/2] with pad = 2 px
    // and grab = style.GrabMinSize for floating-point sliders (imgui_widgets.cpp, 1.86).
    const ConsoleRect r = last_item_rect();
    const float inset = 2.0f + 0.5f * ImGui::GetStyle().GrabMinSize;
    f.layout->timeline = r;
    f.layout->timeline_t0_x = r.x0 + inset;
    f.layout->timeline_t1_x = r.x1 - inset;
  }
  if (changed && duration > 0.0) {
    const double limit = f.model.recording ? duration : std::clamp(f.model.t_s, 0.0, duration);
    f.actions.seek_to_s = std::clamp(t, 0.0, limit);
  }
}

}  // namespace

void draw_top_bar(Frame& f) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(f.model.title.empty() ? "dptwin" : f.model.title.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", f.model.clock.c_str());
  ImGui::SameLine();
  const float button_w = ImGui::CalcTextSize("Pause").x + 2.0f * ImGui::GetStyle().FramePadding.x;
  // "###play" keeps the ID fixed while the label flips between Play and Pause.
  if (ImGui::Button(f.model.playing ? "Pause###play" : "Play###play", {button_w, 0.0f})) {
    f.actions.toggle_play = !f.actions.toggle_play;  // Space in the same frame cancels out
  }
  if (f.layout != nullptr) f.layout->play_button = last_item_rect();
  ImGui::SameLine();
  draw_speed_combo(f);
  ImGui::SameLine();
  draw_view_combo(f);
  draw_timeline(f);
}

}  // namespace dpt::ui::detail
