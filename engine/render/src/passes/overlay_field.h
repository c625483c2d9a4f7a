#pragma once
// A scalar field draped on the terrain: the field lives in an R32_SFLOAT texture (re-uploaded only
// when it changes), and the terrain chunks are drawn again with shaders/field_overlay.{vert,frag},
// which colour each fragment by the field at its district-frame position (viridis), blended over
// the terrain with a small depth bias so that it lies on the ground.
#include <vulkan/vulkan.h>

#include <cstdint>

#include "dpt/core/result.h"
#include "dpt/render/renderer.h"
#include "../vk/pipeline.h"
#include "../vk/resources.h"
#include "draw_world.h"
#include "frame_push.h"
#include "scene_gpu.h"

namespace dpt::render::passes {

// The field pipeline's push constants (shaders/field_overlay.vert): 112 bytes.
struct FieldPush {
  glm::mat4 view_proj;
  glm::vec4 offset;    // xyz: chunk origin - eye
  glm::vec4 to_field;  // xy: chunk origin - field's south-west corner; zw: 1 / extent
  glm::vec4 range;     // min, 1 / (max - min), opacity, 0
};
static_assert(sizeof(FieldPush) == 112);

// A cheap fingerprint of a field: its shape, placement and up to 4096 of its values.
std::uint64_t field_fingerprint(const ScalarField& f);

class FieldLayer {
 public:
  FieldLayer() = default;
  ~FieldLayer();
  FieldLayer(const FieldLayer&) = delete;
  FieldLayer& operator=(const FieldLayer&) = delete;

  Result<bool> init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples);
  // Uploads the field if it differs from the last one (outside any render pass instance).
  Result<bool> update(const ScalarField& field);
  // Terrain chunks with the LOD rule of draw_terrain, so that the drape matches the ground.
  DrawCounts record(VkCommandBuffer cmd, const ScalarField& field, const SceneGpu& scene, const FrameContext& f,
                    double lod_error_px);
  void destroy();

 private:
  vk::Resources* res_ = nullptr;
  vk::Texture texture_;
  std::uint64_t fingerprint_ = 0;
  bool has_texture_ = false;
  VkSampler sampler_ = VK_NULL_HANDLE;
  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkDescriptorPool pool_ = VK_NULL_HANDLE;
  VkDescriptorSet set_ = VK_NULL_HANDLE;
  vk::Pipeline pipeline_;
};

}  // namespace dpt::render::passes
