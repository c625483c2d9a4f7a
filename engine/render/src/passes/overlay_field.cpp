#include "overlay_field.h"

#include <algorithm>
#include <cstring>

#include "../vk/device.h"
#include "../vk_result.h"

namespace dpt::render::passes {

std::uint64_t field_fingerprint(const ScalarField& f) {
  // FNV-1a (Fowler, Noll, Vo) over the shape, the placement and a strided sample of the values:
  // a changed field almost always changes a sampled cell; the pointer catches a new buffer.
  std::uint64_t h = 1469598103934665603ull;
  const auto mix = [&h](const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  };
  const double geo[4] = {f.x0, f.y0, f.dx, f.dy};
  const int shape[2] = {f.nx, f.ny};
  const void* data = f.values.data();
  mix(geo, sizeof(geo));
  mix(shape, sizeof(shape));
  mix(&data, sizeof(data));
  const std::size_t n = f.values.size(), stride = std::max<std::size_t>(1, n / 4096);
  for (std::size_t i = 0; i < n; i += stride) mix(&f.values[i], sizeof(float));
  return h;
}

FieldLayer::~FieldLayer() { destroy(); }

Result<bool> FieldLayer::init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples) {
  destroy();
  res_ = &res;
  VkDevice dev = res.device().handle();
  VkSamplerCreateInfo si{};
  si.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO;
  si.magFilter = si.minFilter = VK_FILTER_NEAREST;  // read with texelFetch; float textures need not filter
  si.addressModeU = si.addressModeV = si.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
  if (VkResult r = vkCreateSampler(dev, &si, nullptr, &sampler_); r != VK_SUCCESS)
    return vk::vk_fail<bool>(vk_failure("vkCreateSampler", r));
  VkDescriptorSetLayoutBinding b{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
  VkDescriptorSetLayoutCreateInfo li{};
  li.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
  li.bindingCount = 1;
  li.pBindings = &b;
  if (VkResult r = vkCreateDescriptorSetLayout(dev, &li, nullptr, &set_layout_); r != VK_SUCCESS)
    return vk::vk_fail<bool>(vk_failure("vkCreateDescriptorSetLayout", r));
  VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1};
  VkDescriptorPoolCreateInfo pi{};
  pi.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
  pi.maxSets = 1;
  pi.poolSizeCount = 1;
  pi.pPoolSizes = &size;
  if (VkResult r = vkCreateDescriptorPool(dev, &pi, nullptr, &pool_); r != VK_SUCCESS)
    return vk::vk_fail<bool>(vk_failure("vkCreateDescriptorPool", r));
  VkDescriptorSetAllocateInfo ai{};
  ai.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
  ai.descriptorPool = pool_;
  ai.descriptorSetCount = 1;
  ai.pSetLayouts = &set_layout_;
  if (VkResult r = vkAllocateDescriptorSets(dev, &ai, &set_); r != VK_SUCCESS)
    return vk::vk_fail<bool>(vk_failure("vkAllocateDescriptorSets", r));

  vk::PipelineDesc d;
  d.vert = "field_overlay.vert";
  d.frag = "field_overlay.frag";
  d.bindings = {{0, sizeof(TerrainVertex)}};
  d.attributes = {{0, 0, VK_FORMAT_R32G32B32_SFLOAT, 0}};
  d.cull = VK_CULL_MODE_BACK_BIT;
  d.depth_write = false;
  d.blend = vk::Blend::alpha;
  // The same triangles as the terrain pass, pulled a little towards the eye (reversed Z), so the
  // GREATER_OR_EQUAL test passes on the ground and fails behind hills and buildings.
  d.depth_bias = 2.0f;
  d.depth_bias_slope = 1.0f;
  d.push_bytes = sizeof(FieldPush);
  d.set_layouts = {set_layout_};
  auto p = vk::make_pipeline(res.device(), pass, samples, d);
  if (!p) return p.errors();
  pipeline_ = *p;
  return true;
}

Result<bool> FieldLayer::update(const ScalarField& field) {
  if (field.nx < 1 || field.ny < 1 || field.values.size() != static_cast<std::size_t>(field.nx) * field.ny)
    return Result<bool>::failure({"overlays"}, "scalar field '" + field.name + "': " + std::to_string(field.values.size()) +
                                                   " values for a " + std::to_string(field.nx) + "x" +
                                                   std::to_string(field.ny) + " grid");
  const std::uint64_t fp = field_fingerprint(field);
  if (has_texture_ && fp == fingerprint_) return true;
  vkDeviceWaitIdle(res_->device().handle());  // the old texture may still be in a finished frame's set
  if (has_texture_) res_->destroy(texture_);
  has_texture_ = false;
  auto tex = res_->upload_texture(static_cast<std::uint32_t>(field.nx), static_cast<std::uint32_t>(field.ny),
                                  VK_FORMAT_R32_SFLOAT, std::as_bytes(std::span(field.values)));
  if (!tex) return tex.errors();
  texture_ = *tex;
  has_texture_ = true;
  fingerprint_ = fp;
  VkDescriptorImageInfo ii{sampler_, texture_.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
  VkWriteDescriptorSet w{};
  w.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
  w.dstSet = set_;
  w.descriptorCount = 1;
  w.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
  w.pImageInfo = &ii;
  vkUpdateDescriptorSets(res_->device().handle(), 1, &w, 0, nullptr);
  return true;
}

DrawCounts FieldLayer::record(VkCommandBuffer cmd, const ScalarField& field, const SceneGpu& s, const FrameContext& f,
                              double lod_error_px) {
  DrawCounts c;
  if (!has_texture_ || !s.terrain_vertices || s.chunks.empty()) return c;
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_.pipeline);
  vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_.layout, 0, 1, &set_, 0, nullptr);
  const VkDeviceSize zero = 0;
  vkCmdBindVertexBuffers(cmd, 0, 1, &s.terrain_vertices.handle, &zero);
  vkCmdBindIndexBuffer(cmd, s.terrain_indices.handle, 0, VK_INDEX_TYPE_UINT32);
  // The field's south-west corner: cell (0, 0)'s centre is (x0, y0).
  const double cx = field.x0 - 0.5 * field.dx, cy = field.y0 - 0.5 * field.dy;
  const double span = static_cast<double>(field.max_value) - field.min_value;
  FieldPush push{};
  push.view_proj = f.push.view_proj;
  push.range = glm::vec4(field.min_value, span > 0.0 ? static_cast<float>(1.0 / span) : 0.0f,
                         std::clamp(field.opacity, 0.0f, 1.0f), 0.0f);
  const glm::vec2 inv_extent(static_cast<float>(1.0 / (field.nx * field.dx)), static_cast<float>(1.0 / (field.ny * field.dy)));
  const glm::dvec2 flo(cx, cy), fhi(cx + field.nx * field.dx, cy + field.ny * field.dy);
  for (const TerrainChunk& ch : s.chunks) {
    const glm::dvec3 lo{ch.lo.x, ch.lo.y, ch.lo.z - kTerrainSkirtM};
    if (ch.hi.x < flo.x || ch.lo.x > fhi.x || ch.hi.y < flo.y || ch.lo.y > fhi.y) continue;  // off the field
    if (!intersects(f.frustum, lo, ch.hi)) continue;
    const int level = choose_lod(ch, s.terrain_levels, f.camera.eye, f.pixels_per_radian, lod_error_px);
    const IndexRange r = s.terrain_lod[static_cast<std::size_t>(level)];
    push.offset = glm::vec4(glm::vec3(ch.origin - f.camera.eye), 0.0f);
    push.to_field = glm::vec4(static_cast<float>(ch.origin.x - cx), static_cast<float>(ch.origin.y - cy), inv_extent);
    vkCmdPushConstants(cmd, pipeline_.layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(push),
                       &push);
    vkCmdDrawIndexed(cmd, r.count, 1, r.first, static_cast<std::int32_t>(ch.base_vertex), 0);
    c.triangles += r.count / 3;
    ++c.items;
  }
  return c;
}

void FieldLayer::destroy() {
  if (!res_) return;
  VkDevice dev = res_->device().handle();
  vk::destroy(res_->device(), pipeline_);
  if (pool_ != VK_NULL_HANDLE) vkDestroyDescriptorPool(dev, pool_, nullptr);
  if (set_layout_ != VK_NULL_HANDLE) vkDestroyDescriptorSetLayout(dev, set_layout_, nullptr);
  if (sampler_ != VK_NULL_HANDLE) vkDestroySampler(dev, sampler_, nullptr);
  if (has_texture_) res_->destroy(texture_);
  has_texture_ = false;
  fingerprint_ = 0;
  pool_ = VK_NULL_HANDLE;
  set_layout_ = VK_NULL_HANDLE;
  sampler_ = VK_NULL_HANDLE;
  set_ = VK_NULL_HANDLE;
  res_ = nullptr;
}

}  // namespace dpt::render::passes
