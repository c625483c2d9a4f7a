#pragma once
// The window's swapchain: images in an sRGB format, FIFO presentation (vsync), the render pass
// that draws the console over the blitted scene (load, then PRESENT_SRC), framebuffers, and the
// semaphores and fence of the one frame in flight. Recreated when the window's size changes.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <vector>

#include "dpt/core/result.h"

namespace dpt::render::vk {

class Device;

class Swapchain {
 public:
  explicit Swapchain(Device& device) : device_(device) {}
  ~Swapchain();
  Swapchain(const Swapchain&) = delete;
  Swapchain& operator=(const Swapchain&) = delete;

  // (Re)creates for a framebuffer of w × h pixels (clamped to what the surface allows).
  Result<bool> create(std::uint32_t w, std::uint32_t h);
  void destroy();

  VkSwapchainKHR handle() const { return swapchain_; }
  VkFormat format() const { return format_; }
  VkExtent2D extent() const { return extent_; }
  VkRenderPass overlay_pass() const { return pass_; }
  std::uint32_t image_count() const { return static_cast<std::uint32_t>(images_.size()); }
  VkImage image(std::uint32_t i) const { return images_[i]; }
  VkFramebuffer framebuffer(std::uint32_t i) const { return framebuffers_[i]; }
  VkSemaphore image_ready() const { return image_ready_; }
  VkSemaphore render_done() const { return render_done_; }
  bool bgr() const { return format_ == VK_FORMAT_B8G8R8A8_SRGB; }

 private:
  Device& device_;
  VkSwapchainKHR swapchain_ = VK_NULL_HANDLE;
  VkFormat format_ = VK_FORMAT_UNDEFINED;
  VkExtent2D extent_{};
  VkRenderPass pass_ = VK_NULL_HANDLE;
  std::vector<VkImage> images_;
  std::vector<VkImageView> views_;
  std::vector<VkFramebuffer> framebuffers_;
  VkSemaphore image_ready_ = VK_NULL_HANDLE, render_done_ = VK_NULL_HANDLE;
};

}  // namespace dpt::render::vk
