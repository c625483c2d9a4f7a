#pragma once
// Renderer's insides, shared by renderer.cpp (headless frames) and window_frame.cpp (frames
// presented to a window with the console over them).
#include <memory>
#include <string>
#include <vector>

#include "dpt/render/renderer.h"
#include "passes/agents.h"
#include "passes/draw_world.h"
#include "passes/frame_push.h"
#include "passes/labels.h"
#include "passes/overlays.h"
#include "passes/scene_gpu.h"
#include "vk/device.h"
#include "vk/memory.h"
#include "vk/pipeline.h"
#include "vk/resources.h"
#include "vk/target.h"
#include "vk/timer.h"

namespace dpt::render {

struct WindowPresenter;  // window_frame.cpp

struct Renderer::Impl {
  std::unique_ptr<vk::Device> device;
  std::unique_ptr<vk::Allocator> allocator;
  std::unique_ptr<vk::Resources> resources;
  std::unique_ptr<vk::GpuTimer> timer;
  VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
  vk::Target target;
  vk::Pipeline terrain, mesh, road, sea;
  passes::LabelPass labels;
  passes::AgentPass agents;
  passes::OverlayPass overlays;
  passes::SceneGpu scene;

  Impl();
  ~Impl();  // both in window_frame.cpp, where WindowPresenter is complete
  void release() {
    if (!device) return;
    vkDeviceWaitIdle(device->handle());
    destroy_pipelines();
    labels.destroy();
    agents.destroy();
    overlays.destroy();
    scene.destroy(*resources);
    target = vk::Target{};
  }
  void destroy_pipelines() {
    for (vk::Pipeline* p : {&terrain, &mesh, &road, &sea}) vk::destroy(*device, *p);
  }
  std::unique_ptr<WindowPresenter> window;  // when rendering to a window

  Result<bool> make_target(std::uint32_t w, std::uint32_t h);
  // Sets up the swapchain and ImGui's Vulkan backend for a GLFW window (window_frame.cpp).
  Result<bool> attach_window(void* glfw_window);
  // Records the scene's passes into the target's render pass (begun and ended here; the resolved
  // colour is left in TRANSFER_SRC_OPTIMAL) and fills the stats' counts.
  void record_scene(VkCommandBuffer cmd, const FrameRequest& req, const passes::FrameContext& f, FrameStats& st);
};

// window_frame.cpp: the window's instance extensions and surface (GLFW), and setting up the
// swapchain and ImGui's Vulkan backend for it.
std::vector<std::string> window_instance_extensions();
VkSurfaceKHR make_window_surface(VkInstance instance, void* glfw_window);

}  // namespace dpt::render
