// Decision: the decision tools the scenario offers (the decision issue fills the list), one button
// each; the viewer runs the one clicked. With none, the panel says so.
#include "console_internal.h"

namespace dpt::ui::detail {

void draw_decision(Frame& f) {
  const auto& tools = f.model.decision_tools;
  if (tools.empty()) {
    ImGui::TextDisabled("no decision tools in this scenario");
    return;
  }
  const float width = ImGui::GetContentRegionAvail().x;
  for (std::size_t i = 0; i < tools.size(); ++i) {
    const DecisionTool& t = tools[i];
    ImGui::PushID(static_cast<int>(i));
    if (!t.enabled) ImGui::BeginDisabled();
    if (ImGui::Button(t.name.c_str(), {width, 0.0f})) f.actions.decision_tool = static_cast<int>(i);
    if (!t.enabled) ImGui::EndDisabled();
    if (!t.description.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", t.description.c_str());
    if (f.layout != nullptr) {
      const ConsoleRect r = clip_to_window(last_item_rect());
      if (!r.empty()) f.layout->decision_buttons.push_back({static_cast<int>(i), r});
    }
    ImGui::PopID();
  }
}

}  // namespace dpt::ui::detail
