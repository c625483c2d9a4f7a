// Tracks: the fused tracks as a table (id, kind, position in the district frame, speed, state);
// clipped rows, so a crowded beach with thousands of tracks costs only the visible rows.
#include <string_view>

#include "console_internal.h"

namespace dpt::ui::detail {
namespace {

// Tentative tracks are dim, coasting ones (no recent detection) amber, confirmed plain.
ImVec4 state_colour(std::string_view state) {
  if (state == "tentative") return ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
  if (state == "coasting") return {1.00f, 0.75f, 0.25f, 1.0f};
  return ImGui::GetStyle().Colors[ImGuiCol_Text];
}

}  // namespace

void draw_tracks(Frame& f) {
  const auto& tracks = f.model.tracks;
  ImGui::TextDisabled("%zu tracks", tracks.size());
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  const float height = table_height(0.0f, 6.0f * ImGui::GetTextLineHeightWithSpacing());
  if (!ImGui::BeginTable("tracks", 5, flags, {0.0f, height})) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthStretch, 0.6f);
  ImGui::TableSetupColumn("kind", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn("x, y (m)", ImGuiTableColumnFlags_WidthStretch, 1.3f);
  ImGui::TableSetupColumn("m/s", ImGuiTableColumnFlags_WidthStretch, 0.6f);
  ImGui::TableSetupColumn("state", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(tracks.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const TrackRow& t = tracks[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%u", static_cast<unsigned>(t.id));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(t.kind.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.0f, %.0f", t.x, t.y);
      ImGui::TableNextColumn();
      ImGui::Text("%.1f", t.speed_mps);
      ImGui::TableNextColumn();
      ImGui::TextColored(state_colour(t.state), "%s", t.state.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace dpt::ui::detail
