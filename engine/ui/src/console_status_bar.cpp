// The status bar: the viewer's one-line status (device, frame time) on the left; on the right
// what the view shows (a named view or the sensor looked through) and the UI frame rate.
#include <algorithm>
#include <cstdio>

#include "console_internal.h"

namespace dpt::ui::detail {

void draw_status_bar(Frame& f) {
  ImGui::TextUnformatted(f.model.status.c_str());
  const auto& m = f.model;
  const int sensor = m.looking_through;
  const int view = m.current_view;
  char right[160];
  if (sensor >= 0 && sensor < static_cast<int>(m.sensors.size())) {
    std::snprintf(right, sizeof right, "through %s   %.0f fps",
                  m.sensors[static_cast<std::size_t>(sensor)].id.c_str(),
                  static_cast<double>(ImGui::GetIO().Framerate));
  } else if (view >= 0 && view < static_cast<int>(m.views.size())) {
    std::snprintf(right, sizeof right, "view %s   %.0f fps", m.views[static_cast<std::size_t>(view)].c_str(),
                  static_cast<double>(ImGui::GetIO().Framerate));
  } else {
    std::snprintf(right, sizeof right, "%.0f fps", static_cast<double>(ImGui::GetIO().Framerate));
  }
  const float width = ImGui::CalcTextSize(right).x;
  const float after_status = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 2.0f * ImGui::GetFontSize();
  ImGui::SameLine(std::max(ImGui::GetWindowContentRegionMax().x - width, after_status));
  ImGui::TextUnformatted(right);
}

}  // namespace dpt::ui::detail
