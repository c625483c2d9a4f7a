#pragma once
// Versions of the console's libraries as they report themselves at run time (for `dptwin info`).
#include <string>

namespace dpt::ui {

std::string imgui_version();  // ImGui::GetVersion(): "1.86"
std::string glfw_version();   // glfwGetVersionString(): "3.3.8 X11 GLX EGL OSMesa ..." (no window, no init)

}  // namespace dpt::ui
