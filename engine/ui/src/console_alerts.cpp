// Alerts: newest first, coloured by severity, filtered by a case-insensitive substring of the
// severity, source or text. Clipped rows: a long drill accumulates thousands of alerts.
#include <string_view>

#include "console_internal.h"

namespace dpt::ui::detail {
namespace {

bool alert_matches(const AlertRow& a, std::string_view filter) {
  return contains_nocase(a.text, filter) || contains_nocase(a.source, filter) ||
         contains_nocase(a.severity, filter);
}

// Display order i -> alert index: newest (last appended) first; with a filter, the matching
// indices, newest first, rebuilt each frame into reserved storage.
int visible_count(Frame& f) {
  const auto& alerts = f.model.alerts;
  if (f.state.alert_filter.empty()) return static_cast<int>(alerts.size());
  auto& rows = f.state.filtered_alerts;
  rows.clear();
  for (std::size_t i = alerts.size(); i-- > 0;) {
    if (alert_matches(alerts[i], f.state.alert_filter)) rows.push_back(static_cast<int>(i));
  }
  return static_cast<int>(rows.size());
}

}  // namespace

void draw_alerts(Frame& f) {
  filter_box("##alert_filter", f.state.alert_filter, -1.0f);
  const int count = visible_count(f);
  const bool filtered = !f.state.alert_filter.empty();
  const auto& alerts = f.model.alerts;
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  const float height = std::max(0.25f * ImGui::GetWindowHeight(), 6.0f * ImGui::GetTextLineHeightWithSpacing());
  if (!ImGui::BeginTable("alerts", 4, flags, {0.0f, height})) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00:00:00").x);
  ImGui::TableSetupColumn("level", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("warning").x);
  ImGui::TableSetupColumn("source", ImGuiTableColumnFlags_WidthStretch, 0.6f);
  ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthStretch, 1.4f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(count);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const std::size_t row = filtered ? static_cast<std::size_t>(f.state.filtered_alerts[static_cast<std::size_t>(i)])
                                       : alerts.size() - 1 - static_cast<std::size_t>(i);
      const AlertRow& a = alerts[row];
      const ImVec4 colour = severity_colour(a.severity);
      char when[32];
      format_hms(a.t_s, when, sizeof when);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(when);
      if (f.layout != nullptr) {
        const ConsoleRect r = clip_to_window(last_item_rect());
        if (!r.empty()) f.layout->alert_rows.push_back({static_cast<int>(row), r});
      }
      ImGui::TableNextColumn();
      ImGui::TextColored(colour, "%s", a.severity.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(a.source.c_str());
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, colour);
      ImGui::TextUnformatted(a.text.c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

}  // namespace dpt::ui::detail
