#pragma once
// Screen-space quads and text over the 3-D view (the legend of a field overlay): the label pass's
// approach (shaders/text.{vert,frag}: pixel positions, y down; a font atlas; uv < 0 = solid quad)
// packaged as a small painter that queues quads for a frame and draws them in one call.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <glm/glm.hpp>

#include "dpt/core/result.h"
#include "dpt/render/font.h"
#include "../vk/pipeline.h"
#include "../vk/resources.h"

namespace dpt::render::passes {

class ScreenPainter {
 public:
  ScreenPainter() = default;
  ~ScreenPainter();
  ScreenPainter(const ScreenPainter&) = delete;
  ScreenPainter& operator=(const ScreenPainter&) = delete;

  // Without a font the painter still draws quads; text is skipped (note() says why).
  Result<bool> init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples, float font_px, bool bold);
  const std::string& note() const { return note_; }
  const FontAtlas* font() const { return font_ ? &*font_ : nullptr; }

  void begin() { count_ = 0; }
  // A solid quad, pixels (y down), linear RGBA8 colour.
  void quad(float x0, float y0, float x1, float y1, std::uint32_t rgba);
  // One line of text with `anchor` of its box at (x, y); returns its box (empty without a font).
  TextBox text(std::string_view utf8, float x, float y, TextAnchor anchor, std::uint32_t rgba);
  TextBox measure(std::string_view utf8, float x, float y, TextAnchor anchor) const;
  // Draws what was queued since begin().
  void draw(VkCommandBuffer cmd, int width, int height);
  void destroy();

 private:
  struct Vertex {
    float x, y, u, v;
    std::uint32_t rgba;
  };
  static constexpr std::size_t kMaxVertices = 1 << 14;
  void push_quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1, std::uint32_t c);

  vk::Resources* res_ = nullptr;
  std::optional<FontAtlas> font_;
  vk::Texture atlas_;
  vk::Buffer vertices_;
  std::size_t count_ = 0;
  VkSampler sampler_ = VK_NULL_HANDLE;
  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkDescriptorPool pool_ = VK_NULL_HANDLE;
  VkDescriptorSet set_ = VK_NULL_HANDLE;
  vk::Pipeline pipeline_;
  std::string note_;
};

}  // namespace dpt::render::passes
