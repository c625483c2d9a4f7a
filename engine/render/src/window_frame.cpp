// Frames presented to a window: the scene rendered offscreen as for a PNG, blitted into the
// swapchain image, the operator console (Dear ImGui's Vulkan backend) drawn over it, presented.
#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_vulkan.h>

#include <chrono>
#include <cstring>

#include "renderer_impl.h"
#include "vk/swapchain.h"
#include "vk_result.h"

namespace dpt::render {

struct WindowPresenter {
  GLFWwindow* window = nullptr;
  std::unique_ptr<vk::Swapchain> swapchain;
  VkDescriptorPool imgui_pool = VK_NULL_HANDLE;
  bool imgui_ready = false;
  vk::Buffer capture;  // host-visible, for screenshots
  vk::Resources* res = nullptr;
  bool needs_resize = false;

  ~WindowPresenter() {
    if (!res) return;
    vkDeviceWaitIdle(res->device().handle());
    if (imgui_ready) ImGui_ImplVulkan_Shutdown();
    if (imgui_pool != VK_NULL_HANDLE) vkDestroyDescriptorPool(res->device().handle(), imgui_pool, nullptr);
    res->destroy(capture);
    swapchain.reset();
  }
};

Renderer::Impl::Impl() = default;

Renderer::Impl::~Impl() {
  window.reset();  // the swapchain and ImGui's objects before the device
  release();
}

namespace {

Result<bool> init_imgui(WindowPresenter& w, vk::Device& dev) {
  const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 64}};
  VkDescriptorPoolCreateInfo pi{};
  pi.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
  pi.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
  pi.maxSets = 64;
  pi.poolSizeCount = 1;
  pi.pPoolSizes = sizes;
  if (VkResult r = vkCreateDescriptorPool(dev.handle(), &pi, nullptr, &w.imgui_pool); r != VK_SUCCESS)
    return vk::vk_fail<bool>(vk_failure("vkCreateDescriptorPool", r));
  ImGui_ImplVulkan_InitInfo info{};
  info.Instance = dev.instance();
  info.PhysicalDevice = dev.physical();
  info.Device = dev.handle();
  info.QueueFamily = dev.queue_family();
  info.Queue = dev.queue();
  info.DescriptorPool = w.imgui_pool;
  info.MinImageCount = 2;
  info.ImageCount = w.swapchain->image_count();
  info.MSAASamples = VK_SAMPLE_COUNT_1_BIT;
  if (!ImGui_ImplVulkan_Init(&info, w.swapchain->overlay_pass())) return vk::vk_fail<bool>("ImGui_ImplVulkan_Init failed");
  w.imgui_ready = true;
  auto ok = dev.submit_and_wait([](VkCommandBuffer cmd) { ImGui_ImplVulkan_CreateFontsTexture(cmd); });
  ImGui_ImplVulkan_DestroyFontUploadObjects();
  return ok;
}

}  // namespace

void Renderer::imgui_new_frame() {
  if (impl_->window && impl_->window->imgui_ready) ImGui_ImplVulkan_NewFrame();
}

Result<bool> Renderer::present(const FrameRequest& request, FrameStats* stats, Image* capture) {
  Impl& m = *impl_;
  if (!m.window) return Result<bool>::failure({"render"}, "present() needs a renderer made with a window");
  WindowPresenter& w = *m.window;
  vk::Device& dev = *m.device;
  const auto t0 = std::chrono::steady_clock::now();
  if (w.needs_resize) {
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(w.window, &fw, &fh);
    if (fw == 0 || fh == 0) return true;  // minimised: nothing to draw
    if (auto ok = w.swapchain->create(static_cast<std::uint32_t>(fw), static_cast<std::uint32_t>(fh)); !ok) return ok;
    w.needs_resize = false;
  }
  std::uint32_t index = 0;
  VkResult r = vkAcquireNextImageKHR(dev.handle(), w.swapchain->handle(), UINT64_MAX, w.swapchain->image_ready(),
                                     VK_NULL_HANDLE, &index);
  if (r == VK_ERROR_OUT_OF_DATE_KHR) {
    w.needs_resize = true;
    return true;
  }
  if (r != VK_SUCCESS && r != VK_SUBOPTIMAL_KHR) return vk::vk_fail<bool>(vk_failure("vkAcquireNextImageKHR", r));
  const VkExtent2D ext = w.swapchain->extent();
  if (auto ok = m.make_target(ext.width, ext.height); !ok) return ok;

  FrameRequest req = request;
  req.width = static_cast<int>(ext.width);
  req.height = static_cast<int>(ext.height);
  passes::FrameContext f = passes::make_frame_context(req.camera, req.width, req.height, req.water_level_m);
  f.hud_inset = req.hud_inset;
  FrameStats st;
  st.device = dev.info().name;
  VkCommandBuffer cmd = dev.begin_commands();
  if (cmd == VK_NULL_HANDLE) return vk::vk_fail<bool>("could not allocate a command buffer");
  m.record_scene(cmd, req, f, st);

  const VkImage sc = w.swapchain->image(index);
  vk::transition(cmd, sc, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                 VK_PIPELINE_STAGE_TRANSFER_BIT, 0, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
  VkImageBlit blit{};
  blit.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
  blit.srcOffsets[1] = {static_cast<std::int32_t>(ext.width), static_cast<std::int32_t>(ext.height), 1};
  blit.dstSubresource = blit.srcSubresource;
  blit.dstOffsets[1] = blit.srcOffsets[1];
  vkCmdBlitImage(cmd, m.target.resolved_image(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, sc, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                 1, &blit, VK_FILTER_NEAREST);
  VkRenderPassBeginInfo b{};
  b.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO;
  b.renderPass = w.swapchain->overlay_pass();
  b.framebuffer = w.swapchain->framebuffer(index);
  b.renderArea = {{0, 0}, ext};
  vkCmdBeginRenderPass(cmd, &b, VK_SUBPASS_CONTENTS_INLINE);
  if (ImDrawData* draw = ImGui::GetDrawData(); draw && w.imgui_ready) ImGui_ImplVulkan_RenderDrawData(draw, cmd);
  vkCmdEndRenderPass(cmd);

  const VkDeviceSize bytes = VkDeviceSize{ext.width} * ext.height * 4;
  if (capture) {
    if (w.capture.size < bytes) {
      m.resources->destroy(w.capture);
      auto buf = m.resources->buffer(bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true);
      if (!buf) return buf.errors();
      w.capture = *buf;
    }
    vk::transition(cmd, sc, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                   VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
                   VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
    VkBufferImageCopy copy{};
    copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    copy.imageExtent = {ext.width, ext.height, 1};
    vkCmdCopyImageToBuffer(cmd, sc, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, w.capture.handle, 1, &copy);
    vk::transition(cmd, sc, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                   VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, 0);
  }
  // Submitted with the swapchain's semaphores (the device's one-shot helper knows none).
  vkEndCommandBuffer(cmd);
  const VkSemaphore wait = w.swapchain->image_ready(), signal = w.swapchain->render_done();
  const VkPipelineStageFlags wait_stage = VK_PIPELINE_STAGE_TRANSFER_BIT;
  VkSubmitInfo si{};
  si.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
  si.waitSemaphoreCount = 1;
  si.pWaitSemaphores = &wait;
  si.pWaitDstStageMask = &wait_stage;
  si.commandBufferCount = 1;
  si.pCommandBuffers = &cmd;
  si.signalSemaphoreCount = 1;
  si.pSignalSemaphores = &signal;
  if (auto ok = dev.submit_wait_free(cmd, si); !ok) return ok;
  VkPresentInfoKHR pi{};
  pi.sType = VK_STRUCTURE_TYPE_PRESENT_INFO_KHR;
  pi.waitSemaphoreCount = 1;
  pi.pWaitSemaphores = &signal;
  pi.swapchainCount = 1;
  const VkSwapchainKHR swapchain = w.swapchain->handle();
  pi.pSwapchains = &swapchain;
  pi.pImageIndices = &index;
  r = vkQueuePresentKHR(dev.queue(), &pi);
  if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR) w.needs_resize = true;
  else if (r != VK_SUCCESS) return vk::vk_fail<bool>(vk_failure("vkQueuePresentKHR", r));

  if (capture) {
    capture->width = req.width;
    capture->height = req.height;
    capture->rgba.resize(bytes);
    std::memcpy(capture->rgba.data(), w.capture.memory.mapped, bytes);
    if (w.swapchain->bgr()) {
      for (std::size_t i = 0; i < capture->rgba.size(); i += 4) std::swap(capture->rgba[i], capture->rgba[i + 2]);
    }
    for (std::size_t i = 3; i < capture->rgba.size(); i += 4) capture->rgba[i] = 255;  // a window is opaque
  }
  st.passes = m.timer->results();
  st.gpu_ms = m.timer->frame_ms();
  st.cpu_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (stats) *stats = std::move(st);
  return true;
}

Result<bool> Renderer::Impl::attach_window(void* glfw_window) {
  Impl& m = *this;
  auto w = std::make_unique<WindowPresenter>();
  w->window = static_cast<GLFWwindow*>(glfw_window);
  w->res = m.resources.get();
  w->swapchain = std::make_unique<vk::Swapchain>(*m.device);
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(w->window, &fw, &fh);
  if (auto ok = w->swapchain->create(static_cast<std::uint32_t>(std::max(fw, 1)), static_cast<std::uint32_t>(std::max(fh, 1)));
      !ok)
    return ok;
  m.window = std::move(w);
  return init_imgui(*m.window, *m.device);
}

std::vector<std::string> window_instance_extensions() {
  std::uint32_t n = 0;
  const char** names = glfwGetRequiredInstanceExtensions(&n);
  std::vector<std::string> out;
  for (std::uint32_t i = 0; names && i < n; ++i) out.emplace_back(names[i]);
  return out;
}

VkSurfaceKHR make_window_surface(VkInstance instance, void* glfw_window) {
  VkSurfaceKHR surface = VK_NULL_HANDLE;
  if (glfwCreateWindowSurface(instance, static_cast<GLFWwindow*>(glfw_window), nullptr, &surface) != VK_SUCCESS)
    return VK_NULL_HANDLE;
  return surface;
}

}  // namespace dpt::render
