#pragma once
// An offscreen render target: colour (sRGB RGBA8, multisampled when asked, resolved into a
// single-sample image) and reversed-Z depth (D32, cleared to 0, compared GREATER), the one render
// pass every pipeline is built against, its framebuffer, and the readback of the resolved colour
// into host memory. The windowed viewer's swapchain images will get the same render pass.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <vector>

#include "dpt/core/result.h"
#include "resources.h"

namespace dpt::render::vk {

class Target {
 public:
  static constexpr VkFormat kColourFormat = VK_FORMAT_R8G8B8A8_SRGB;
  static constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;

  static Result<Target> create(Resources& res, std::uint32_t width, std::uint32_t height, VkSampleCountFlagBits samples);
  Target() = default;
  Target(Target&&) noexcept;
  Target& operator=(Target&&) noexcept;
  ~Target();

  VkRenderPass render_pass() const { return pass_; }
  VkFramebuffer framebuffer() const { return framebuffer_; }
  std::uint32_t width() const { return colour_.width; }
  std::uint32_t height() const { return colour_.height; }
  VkSampleCountFlagBits samples() const { return colour_.samples; }

  // Begins the render pass on `cmd`, clearing colour to `clear` (linear RGBA) and depth to 0, and
  // sets the viewport and scissor to the whole target.
  void begin(VkCommandBuffer cmd, const float clear[4]) const;
  // The single-sample colour image the pass leaves in TRANSFER_SRC_OPTIMAL (to blit to a window).
  VkImage resolved_image() const { return resolve_.image != VK_NULL_HANDLE ? resolve_.image : colour_.image; }
  // After the pass has ended: records the copy of the resolved colour into the readback buffer.
  void copy_to_readback(VkCommandBuffer cmd) const;
  // The copied pixels (after the submission has completed): RGBA8, row 0 at the top.
  void read(std::vector<std::uint8_t>& rgba) const;

 private:
  void release();
  Resources* res_ = nullptr;
  Texture colour_, resolve_, depth_;
  Buffer readback_;
  VkRenderPass pass_ = VK_NULL_HANDLE;
  VkFramebuffer framebuffer_ = VK_NULL_HANDLE;
};

}  // namespace dpt::render::vk
