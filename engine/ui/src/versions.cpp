#include "dpt/ui/versions.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

namespace dpt::ui {

std::string imgui_version() { return ImGui::GetVersion(); }

// glfwGetVersionString may be called before glfwInit (GLFW docs, "Version management").
std::string glfw_version() { return glfwGetVersionString(); }

}  // namespace dpt::ui
