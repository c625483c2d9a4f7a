#pragma once
// Site and place labels: each label's anchor projected to the screen, nearer-priority labels
// first, one that would overlap an earlier one dropped (decluttering), drawn as white-on-dark text
// from a DejaVu Sans atlas (dpt/render/font.h) in screen space over the 3-D scene.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/render/font.h"
#include "../vk/pipeline.h"
#include "../vk/resources.h"
#include "frame_push.h"
#include "scene_gpu.h"

namespace dpt::render::passes {

class LabelPass {
 public:
  LabelPass() = default;
  ~LabelPass();
  LabelPass(const LabelPass&) = delete;
  LabelPass& operator=(const LabelPass&) = delete;

  // Without a font on the machine the pass stays off (note() says why); that is not an error.
  Result<bool> init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples);
  bool ready() const { return pipeline_.pipeline != VK_NULL_HANDLE; }
  const std::string& note() const { return note_; }

  // Lays the labels out for this frame and records their draw; returns how many were drawn.
  std::uint32_t record(VkCommandBuffer cmd, const std::vector<Label>& labels, const FrameContext& f);
  void destroy();

 private:
  struct Vertex {
    float x, y, u, v;
    std::uint32_t rgba;
  };
  static constexpr std::size_t kMaxVertices = 1 << 16;
  vk::Resources* res_ = nullptr;
  std::optional<FontAtlas> font_;
  vk::Texture atlas_;
  vk::Buffer vertices_;
  VkSampler sampler_ = VK_NULL_HANDLE;
  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkDescriptorPool pool_ = VK_NULL_HANDLE;
  VkDescriptorSet set_ = VK_NULL_HANDLE;
  vk::Pipeline pipeline_;
  std::string note_;
};

}  // namespace dpt::render::passes
