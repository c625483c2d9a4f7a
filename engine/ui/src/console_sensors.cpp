// Sensors: a filterable table of the district's sensors; clicking a row asks to look through
// it, "Back to view" returns to the named view. Rows go through ImGuiListClipper, so only the
// visible ones are submitted: the default district has about 7,000 cameras.
#include <algorithm>
#include <string_view>

#include "console_internal.h"

namespace dpt::ui::detail {
namespace {

bool sensor_matches(const SensorRow& s, std::string_view filter) {
  return contains_nocase(s.id, filter) || contains_nocase(s.kind, filter) ||
         contains_nocase(s.reading, filter);
}

// Rows shown: all of them with an empty filter (no index needed), else the matching indices in
// state.filtered_sensors, rebuilt each frame into reserved storage (a linear scan, no allocation
// once warm, and always consistent with the model however the viewer changed it).
int visible_count(Frame& f) {
  const std::string& filter = f.state.sensor_filter;
  if (filter.empty()) return static_cast<int>(f.model.sensors.size());
  auto& rows = f.state.filtered_sensors;
  rows.clear();
  for (std::size_t i = 0; i < f.model.sensors.size(); ++i) {
    if (sensor_matches(f.model.sensors[i], filter)) rows.push_back(static_cast<int>(i));
  }
  return static_cast<int>(rows.size());
}

}  // namespace

void draw_sensors(Frame& f) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const float back_w = ImGui::CalcTextSize("Back to view").x + 2.0f * ImGui::GetStyle().FramePadding.x;
  filter_box("##sensor_filter", f.state.sensor_filter, avail - back_w - ImGui::GetStyle().ItemSpacing.x);
  if (f.layout != nullptr) f.layout->sensor_filter = last_item_rect();
  ImGui::SameLine();
  ImGui::BeginDisabled(f.model.looking_through < 0);
  if (ImGui::Button("Back to view")) f.actions.look_through = -1;
  ImGui::EndDisabled();
  if (f.layout != nullptr) f.layout->back_to_view = last_item_rect();

  const int count = visible_count(f);
  const bool filtered = !f.state.sensor_filter.empty();
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  // A third of the panel's height, at least eight rows: the Parameters header stays reachable.
  const float rows8 = 8.0f * ImGui::GetTextLineHeightWithSpacing();
  const float height = std::max(0.35f * ImGui::GetWindowHeight(), rows8);
  if (!ImGui::BeginTable("sensors", 3, flags, {0.0f, height})) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("kind", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("reading", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(count);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const int row = filtered ? f.state.filtered_sensors[static_cast<std::size_t>(i)] : i;
      const SensorRow& s = f.model.sensors[static_cast<std::size_t>(row)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(row);
      if (ImGui::Selectable(s.id.c_str(), row == f.model.looking_through,
                            ImGuiSelectableFlags_SpanAllColumns)) {
        f.actions.look_through = row;
      }
      ImGui::PopID();
      if (f.layout != nullptr) {
        const ConsoleRect r = clip_to_window(last_item_rect());
        if (!r.empty()) f.layout->sensor_rows.push_back({row, r});
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.kind.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.reading.c_str());
    }
  }
  ImGui::EndTable();
  ImGui::TextDisabled("%d of %zu sensors", count, f.model.sensors.size());
}

}  // namespace dpt::ui::detail
