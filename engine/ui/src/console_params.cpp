// Parameters: the scenario's parameters as editable text rows; "Start branch run" asks for a
// branch of the current run with the edited values (keys as `dptwin run --set` takes them).
#include "console_internal.h"

#include <imgui_stdlib.h>  // InputText on std::string; after imgui.h

namespace dpt::ui::detail {
namespace {

// Edit buffers follow the model's keys: a new scenario (other keys) starts from its values,
// while edits survive frames in which the keys are unchanged.
void sync_buffers(Frame& f) {
  const auto& params = f.model.params;
  auto& keys = f.state.edit_keys;
  auto& buffers = f.state.edit_buffers;
  bool same = keys.size() == params.size() && buffers.size() == params.size();
  for (std::size_t i = 0; same && i < params.size(); ++i) same = keys[i] == params[i].key;
  if (same) return;
  keys.resize(params.size());
  buffers.resize(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    keys[i] = params[i].key;
    buffers[i] = params[i].value;
  }
}

}  // namespace

void draw_params(Frame& f) {
  sync_buffers(f);
  const auto& params = f.model.params;
  if (params.empty()) {
    ImGui::TextDisabled("no parameters");
    return;
  }
  int edited = 0;
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
  if (ImGui::BeginTable("params", 2, flags)) {
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const bool changed = f.state.edit_buffers[i] != params[i].value;
      edited += changed ? 1 : 0;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      if (changed) {
        ImGui::TextColored({1.0f, 0.85f, 0.3f, 1.0f}, "%s", params[i].key.c_str());
      } else {
        ImGui::TextUnformatted(params[i].key.c_str());
      }
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(i));
      ImGui::SetNextItemWidth(-1.0f);
      ImGui::InputText("##value", &f.state.edit_buffers[i]);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (ImGui::Button("Start branch run")) {
    f.actions.branch = true;
    f.actions.params.resize(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      f.actions.params[i] = {params[i].key, f.state.edit_buffers[i]};
    }
  }
  if (f.layout != nullptr) f.layout->branch_button = last_item_rect();
  ImGui::SameLine();
  ImGui::BeginDisabled(edited == 0);
  if (ImGui::Button("Reset")) {
    for (std::size_t i = 0; i < params.size(); ++i) f.state.edit_buffers[i] = params[i].value;
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("%d edited", edited);
}

}  // namespace dpt::ui::detail
