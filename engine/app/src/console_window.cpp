// The console window shared by `dptwin view` and `dptwin live --view` (console_window.h).
#include "console_window.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "commands.h"

namespace dpt::app {

bool parse_window_size(const std::string& text, int& w, int& h) {
  return std::sscanf(text.c_str(), "%dx%d", &w, &h) == 2 && w >= 320 && h >= 240 && w <= 16384 && h <= 16384;
}

ConsoleWindow::~ConsoleWindow() {
  renderer_.reset();  // its ImGui Vulkan backend needs the context still alive
  if (imgui_glfw_) ImGui_ImplGlfw_Shutdown();
  if (imgui_) ImGui::DestroyContext();
  if (window_) glfwDestroyWindow(window_);
  if (glfw_) glfwTerminate();
}

std::string ConsoleWindow::open(const char* verb, int w, int h, const std::string& title, render::RendererOptions options,
                                const world::District& d, const std::vector<render::NamedView>& views) {
  glfw_ = true;  // glfwTerminate is harmless after a failed glfwInit
  if (!glfwInit())
    return std::string(verb) + ": no display (GLFW could not start; is DISPLAY set? Under CI use xvfb-run)\n";
  glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
  window_ = glfwCreateWindow(w, h, title.c_str(), nullptr, nullptr);
  if (!window_) return std::string(verb) + ": could not open a " + std::to_string(w) + "x" + std::to_string(h) + " window\n";
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  imgui_ = true;
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini left behind
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForVulkan(window_, true);
  imgui_glfw_ = true;

  options.glfw_window = window_;
  auto r = render::Renderer::create(options);
  if (!r) return r.errors().to_string();
  renderer_ = std::move(*r);
  if (auto ok = renderer_->set_district(d); !ok) return ok.errors().to_string();
  renderer_->set_place_labels(render::place_labels(views));
  return "";
}

bool ConsoleWindow::should_close() const { return glfwWindowShouldClose(window_) != 0; }
void ConsoleWindow::request_close() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }

void ConsoleWindow::begin_frame() {
  glfwPollEvents();
  renderer_->imgui_new_frame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

render::ViewCamera ConsoleWindow::steer(const render::NamedView& nv, int view_index, double dt) {
  if (orbit_of_view_ != view_index) {
    orbit_ = {nv.target, nv.distance, nv.heading_deg, nv.pitch_deg};
    orbit_of_view_ = view_index;
    flying_ = false;
  }
  const ImGuiIO& io = ImGui::GetIO();
  render::FlyInput fly;
  if (!io.WantCaptureKeyboard) {
    const auto key = [&](int k) { return glfwGetKey(window_, k) == GLFW_PRESS ? 1.0 : 0.0; };
    fly.forward = key(GLFW_KEY_UP) - key(GLFW_KEY_DOWN);
    fly.right = key(GLFW_KEY_RIGHT) - key(GLFW_KEY_LEFT);
    fly.up = key(GLFW_KEY_PAGE_UP) - key(GLFW_KEY_PAGE_DOWN);
  }
  if (!io.WantCaptureMouse) {
    if (io.MouseDown[0]) {
      flying_ = false;
      render::orbit_drag(orbit_, 0.25 * io.MouseDelta.x, -0.25 * io.MouseDelta.y);
    }
    if (io.MouseDown[1]) {
      fly.yaw_deg = 0.2 * io.MouseDelta.x;
      fly.pitch_deg = -0.2 * io.MouseDelta.y;
    }
    if (io.MouseWheel != 0.0f && !flying_) render::orbit_zoom(orbit_, std::pow(0.85, io.MouseWheel), 50.0, 200000.0);
  }
  const bool fly_input = fly.forward != 0.0 || fly.right != 0.0 || fly.up != 0.0 || fly.yaw_deg != 0.0 || fly.pitch_deg != 0.0;
  if (fly_input && !flying_) {
    fly_cam_ = render::orbit(orbit_, nv.fov_y_deg);
    flying_ = true;
  }
  if (flying_) {
    // Faster the higher the eye: 20 m/s at street level, a few km/s over the whole district.
    fly.speed_mps = std::max(20.0, 0.5 * std::abs(fly_cam_.eye.z));
    render::fly_step(fly_cam_, fly, dt);
    return fly_cam_;
  }
  return render::orbit(orbit_, nv.fov_y_deg);
}

glm::vec4 ConsoleWindow::hud_inset(const ui::ConsoleLayout& layout) const {
  if (layout.view.empty()) return glm::vec4(0.0f);
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(window_, &fw, &fh);
  return {layout.view.x0, layout.view.y0, static_cast<float>(fw) - layout.view.x1, static_cast<float>(fh) - layout.view.y1};
}

void apply_scene_layers(const ui::LayerToggles& layers, render::FrameRequest& req) {
  req.terrain = layers.terrain;
  req.sea = layers.sea;
  req.buildings = layers.buildings;
  req.roads = layers.roads;
  req.labels = layers.labels;
}

std::string frame_status(const render::FrameStats& st) {
  char status[256];
  std::snprintf(status, sizeof status, "%s · frame %.1f ms (GPU %.1f ms) · %llu triangles", st.device.c_str(), st.cpu_ms,
                st.gpu_ms, static_cast<unsigned long long>(st.triangles));
  return status;
}

int report_window_end(render::Renderer& renderer, int frames, const render::FrameStats& st, bool validation,
                      const std::string& screenshot) {
  const auto msgs = renderer.messages();
  std::printf("viewed     %d frame(s) on %s; last frame %.1f ms\n", frames, renderer.device().name.c_str(), st.cpu_ms);
  if (validation) std::printf("validation %u error(s), %u warning(s)\n", msgs.errors, msgs.warnings);
  for (const auto& m : msgs.messages) std::fprintf(stderr, "  %s\n", m.c_str());
  if (!screenshot.empty()) std::printf("screenshot %s\n", screenshot.c_str());
  return validation && msgs.errors > 0 ? kExitFailure : kExitOk;
}

}  // namespace dpt::app
