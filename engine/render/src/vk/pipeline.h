#pragma once
// Graphics pipelines from the embedded SPIR-V (dpt/render/shaders.h), described by one plain
// struct: vertex layout, topology, culling, depth, blending, push constants, descriptor set
// layouts. Viewport and scissor are dynamic; every pipeline is built against a Target's pass.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dpt/core/result.h"

namespace dpt::render::vk {

class Device;

enum class Blend { none, alpha };

struct PipelineDesc {
  std::string vert, frag;  // embedded shader names: "terrain.vert"
  struct Binding {
    std::uint32_t binding, stride;
    bool per_instance = false;
  };
  struct Attribute {
    std::uint32_t location, binding;
    VkFormat format;
    std::uint32_t offset;
  };
  std::vector<Binding> bindings;
  std::vector<Attribute> attributes;
  VkPrimitiveTopology topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
  VkCullModeFlags cull = VK_CULL_MODE_NONE;
  bool depth_test = true;   // reversed Z: GREATER_OR_EQUAL
  bool depth_write = true;
  Blend blend = Blend::none;
  float depth_bias = 0.0f;  // constant, in depth units; positive pulls towards the camera (reversed Z)
  float depth_bias_slope = 0.0f;
  std::uint32_t push_bytes = 0;  // one range, vertex + fragment stages
  std::vector<VkDescriptorSetLayout> set_layouts;
};

struct Pipeline {
  VkPipeline pipeline = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
};

Result<Pipeline> make_pipeline(Device& device, VkRenderPass pass, VkSampleCountFlagBits samples, const PipelineDesc& desc);
void destroy(Device& device, Pipeline& p);

}  // namespace dpt::render::vk
