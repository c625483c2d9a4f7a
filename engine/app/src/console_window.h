#pragma once
// The operator console's window, shared by `dptwin view` (a scenario or a recorded run) and
// `dptwin live --view` (fused tracks): a GLFW window presenting the renderer's frames with the Dear
// ImGui console drawn over them, and the camera the mouse and keys steer. Each verb keeps its own
// model (what the console shows) and loop (what advances between frames).
#include <memory>
#include <string>
#include <vector>

#include "dpt/render/renderer.h"
#include "dpt/render/views.h"
#include "dpt/ui/console.h"
#include "dpt/world/district.h"

struct GLFWwindow;

namespace dpt::app {

// "WIDTHxHEIGHT", at least 320x240 and at most 16384 on a side; false when not.
bool parse_window_size(const std::string& text, int& w, int& h);

class ConsoleWindow {
 public:
  ConsoleWindow() = default;
  ConsoleWindow(const ConsoleWindow&) = delete;
  ConsoleWindow& operator=(const ConsoleWindow&) = delete;
  ~ConsoleWindow();  // ImGui, its GLFW backend, the renderer and GLFW torn down in order

  // Opens a w x h window titled `title`, an ImGui context with its GLFW backend, and a renderer
  // presenting to the window with the district and the views' place labels loaded. Returns "" or
  // why not (the verb then exits with kExitFailure); `verb` prefixes the messages ("dptwin view").
  std::string open(const char* verb, int w, int h, const std::string& title, render::RendererOptions options,
                   const world::District& d, const std::vector<render::NamedView>& views);

  GLFWwindow* glfw() const { return window_; }
  render::Renderer& renderer() { return *renderer_; }
  bool should_close() const;
  void request_close();

  // Polls events and starts an ImGui frame (renderer, GLFW backend, ImGui::NewFrame in that order).
  void begin_frame();

  // The camera for this frame: the named view `nv` (index `view_index`) as an orbit that a left drag
  // turns and the wheel zooms, or fly mode (arrow keys, PageUp/PageDown, right drag looks around)
  // once those are used. Choosing another view goes back to its orbit. Mouse and keys count only
  // when ImGui does not want them (the pointer is over the 3-D view, no text field has focus).
  render::ViewCamera steer(const render::NamedView& nv, int view_index, double dt);

  // The pixels the console's panels cover along each edge of the framebuffer (FrameRequest::hud_inset).
  glm::vec4 hud_inset(const ui::ConsoleLayout& layout) const;

 private:
  GLFWwindow* window_ = nullptr;
  bool glfw_ = false, imgui_ = false, imgui_glfw_ = false;
  std::unique_ptr<render::Renderer> renderer_;
  render::OrbitParams orbit_;
  int orbit_of_view_ = -1;
  bool flying_ = false;
  render::ViewCamera fly_cam_;
};

// The console's layer toggles that the renderer draws itself (terrain, sea, buildings, roads, labels).
void apply_scene_layers(const ui::LayerToggles& layers, render::FrameRequest& req);

// The status bar's device and frame-time text.
std::string frame_status(const render::FrameStats& st);

// Prints the closing lines every window verb prints (frames, device, validation counts and
// messages) and returns its exit status: kExitFailure when `validation` and the layer reported errors.
int report_window_end(render::Renderer& renderer, int frames, const render::FrameStats& st, bool validation,
                      const std::string& screenshot);

}  // namespace dpt::app
