#include "overlay_screen.h"

#include <array>

#include "../vk/device.h"
#include "../vk_result.h"

namespace dpt::render::passes {

ScreenPainter::~ScreenPainter() { destroy(); }

Result<bool> ScreenPainter::init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples, float font_px,
                                 bool bold) {
  destroy();
  res_ = &res;
  if (const auto path = default_font_path(bold); !path) {
    note_ = "no DejaVu Sans font (package fonts-dejavu-core): overlay text is off";
  } else if (auto font = FontAtlas::build(*path, font_px); !font) {
    note_ = "overlay text is off: " + font.errors().to_string();
  } else {
    font_ = std::move(*font);
  }
  // Without a font a 1×1 white atlas keeps the descriptor valid (solid quads never sample it).
  static constexpr std::array<std::uint8_t, 1> kWhite{255};
  auto tex = font_ ? res.upload_texture(static_cast<std::uint32_t>(font_->width()), static_cast<std::uint32_t>(font_->height()),
                                        VK_FORMAT_R8_UNORM, std::as_bytes(std::span(font_->pixels())))
                   : res.upload_texture(1, 1, VK_FORMAT_R8_UNORM, std::as_bytes(std::span(kWhite)));
  if (!tex) return tex.errors();
  atlas_ = *tex;
  auto vb = res.buffer(kMaxVertices * sizeof(Vertex), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, true);
  if (!vb) return vb.errors();
  vertices_ = *vb;

  VkDevice dev = res.device().handle();
  VkSamplerCreateInfo si{};
  si.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO;
  si.magFilter = si.minFilter = VK_FILTER_LINEAR;
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
  VkDescriptorImageInfo ii{sampler_, atlas_.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
  VkWriteDescriptorSet w{};
  w.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
  w.dstSet = set_;
  w.descriptorCount = 1;
  w.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
  w.pImageInfo = &ii;
  vkUpdateDescriptorSets(dev, 1, &w, 0, nullptr);

  vk::PipelineDesc d;
  d.vert = "text.vert";
  d.frag = "text.frag";
  d.bindings = {{0, sizeof(Vertex)}};
  d.attributes = {{0, 0, VK_FORMAT_R32G32_SFLOAT, 0}, {1, 0, VK_FORMAT_R32G32_SFLOAT, 8}, {2, 0, VK_FORMAT_R8G8B8A8_UNORM, 16}};
  d.depth_test = false;
  d.depth_write = false;
  d.blend = vk::Blend::alpha;
  d.push_bytes = 2 * sizeof(float);
  d.set_layouts = {set_layout_};
  auto p = vk::make_pipeline(res.device(), pass, samples, d);
  if (!p) return p.errors();
  pipeline_ = *p;
  return true;
}

void ScreenPainter::push_quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1,
                              std::uint32_t c) {
  if (count_ + 6 > kMaxVertices || !vertices_) return;
  auto* out = static_cast<Vertex*>(vertices_.memory.mapped);
  const Vertex a{x0, y0, u0, v0, c}, b{x1, y0, u1, v0, c}, cc{x1, y1, u1, v1, c}, d{x0, y1, u0, v1, c};
  for (const Vertex& v : {a, b, cc, a, cc, d}) out[count_++] = v;
}

void ScreenPainter::quad(float x0, float y0, float x1, float y1, std::uint32_t rgba) {
  push_quad(x0, y0, x1, y1, -1, -1, -1, -1, rgba);
}

TextBox ScreenPainter::measure(std::string_view utf8, float x, float y, TextAnchor anchor) const {
  return font_ ? measure_text(*font_, utf8, x, y, anchor) : TextBox{};
}

TextBox ScreenPainter::text(std::string_view utf8, float x, float y, TextAnchor anchor, std::uint32_t rgba) {
  if (!font_) return {};
  for (const GlyphQuad& g : layout_text(*font_, utf8, x, y, anchor))
    push_quad(g.x0, g.y0, g.x1, g.y1, g.u0, g.v0, g.u1, g.v1, rgba);
  return measure_text(*font_, utf8, x, y, anchor);
}

void ScreenPainter::draw(VkCommandBuffer cmd, int width, int height) {
  if (count_ == 0 || pipeline_.pipeline == VK_NULL_HANDLE) return;
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_.pipeline);
  vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_.layout, 0, 1, &set_, 0, nullptr);
  const float size[2] = {static_cast<float>(width), static_cast<float>(height)};
  vkCmdPushConstants(cmd, pipeline_.layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(size), size);
  const VkDeviceSize zero = 0;
  vkCmdBindVertexBuffers(cmd, 0, 1, &vertices_.handle, &zero);
  vkCmdDraw(cmd, static_cast<std::uint32_t>(count_), 1, 0, 0);
}

void ScreenPainter::destroy() {
  if (!res_) return;
  VkDevice dev = res_->device().handle();
  vk::destroy(res_->device(), pipeline_);
  if (pool_ != VK_NULL_HANDLE) vkDestroyDescriptorPool(dev, pool_, nullptr);
  if (set_layout_ != VK_NULL_HANDLE) vkDestroyDescriptorSetLayout(dev, set_layout_, nullptr);
  if (sampler_ != VK_NULL_HANDLE) vkDestroySampler(dev, sampler_, nullptr);
  res_->destroy(atlas_);
  res_->destroy(vertices_);
  pool_ = VK_NULL_HANDLE;
  set_layout_ = VK_NULL_HANDLE;
  sampler_ = VK_NULL_HANDLE;
  set_ = VK_NULL_HANDLE;
  count_ = 0;
  font_.reset();
  res_ = nullptr;
}

}  // namespace dpt::render::passes
