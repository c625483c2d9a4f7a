#include "labels.h"

#include <algorithm>
#include <cstring>

#include "../vk/device.h"
#include "../vk_result.h"

namespace dpt::render::passes {
namespace {

constexpr float kFontPx = 17.0f;
constexpr float kPadPx = 4.0f;

std::uint32_t pack(const glm::vec4& c) {
  const auto b = [](float v) { return static_cast<std::uint32_t>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
  return b(c.r) | (b(c.g) << 8) | (b(c.b) << 16) | (b(c.a) << 24);
}

struct Box {
  float x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

}  // namespace

LabelPass::~LabelPass() { destroy(); }

Result<bool> LabelPass::init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples) {
  destroy();
  res_ = &res;
  const auto path = default_font_path(true);
  if (!path) {
    note_ = "no DejaVu Sans Bold font (package fonts-dejavu-core, or DPT_FONT_BOLD): labels are off";
    return true;
  }
  auto font = FontAtlas::build(*path, kFontPx);
  if (!font) {
    note_ = "labels are off: " + font.errors().to_string();
    return true;
  }
  font_ = std::move(*font);
  auto tex = res.upload_texture(static_cast<std::uint32_t>(font_->width()), static_cast<std::uint32_t>(font_->height()),
                                VK_FORMAT_R8_UNORM, std::as_bytes(std::span(font_->pixels())));
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

std::uint32_t LabelPass::record(VkCommandBuffer cmd, const std::vector<Label>& labels, const FrameContext& f) {
  if (!ready() || labels.empty()) return 0;
  auto* out = static_cast<Vertex*>(vertices_.memory.mapped);
  std::size_t n = 0;
  std::vector<Box> placed;
  const auto quad = [&](float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1, std::uint32_t c) {
    if (n + 6 > kMaxVertices) return;
    const Vertex a{x0, y0, u0, v0, c}, b{x1, y0, u1, v0, c}, cc{x1, y1, u1, v1, c}, d{x0, y1, u0, v1, c};
    for (const Vertex& v : {a, b, cc, a, cc, d}) out[n++] = v;
  };
  std::uint32_t drawn = 0;
  for (const Label& l : labels) {
    const auto px = project_to_pixel(f.camera, l.pos, f.width, f.height);
    if (!px || px->x < f.hud_inset.x || px->y < f.hud_inset.y ||
        px->x >= static_cast<double>(f.width) - f.hud_inset.z || px->y >= static_cast<double>(f.height) - f.hud_inset.w)
      continue;
    const float x = static_cast<float>(px->x), y = static_cast<float>(px->y);
    const TextBox tb = measure_text(*font_, l.text, x, y, {HAlign::centre, VAlign::middle});
    const Box box{tb.x0 - kPadPx, tb.y0 - kPadPx, tb.x1 + kPadPx, tb.y1 + kPadPx};
    if (std::any_of(placed.begin(), placed.end(), [&](const Box& o) { return o.overlaps(box); })) continue;
    placed.push_back(box);
    // A dark translucent plate under the text keeps it readable over any terrain (uv < 0: solid).
    quad(box.x0, box.y0, box.x1, box.y1, -1, -1, -1, -1, pack({0.05f, 0.07f, 0.10f, 0.62f}));
    for (const GlyphQuad& g : layout_text(*font_, l.text, x, y, {HAlign::centre, VAlign::middle}))
      quad(g.x0, g.y0, g.x1, g.y1, g.u0, g.v0, g.u1, g.v1, pack(l.colour));
    ++drawn;
  }
  if (n == 0) return 0;
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_.pipeline);
  vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_.layout, 0, 1, &set_, 0, nullptr);
  const float size[2] = {static_cast<float>(f.width), static_cast<float>(f.height)};
  vkCmdPushConstants(cmd, pipeline_.layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(size), size);
  const VkDeviceSize zero = 0;
  vkCmdBindVertexBuffers(cmd, 0, 1, &vertices_.handle, &zero);
  vkCmdDraw(cmd, static_cast<std::uint32_t>(n), 1, 0, 0);
  return drawn;
}

void LabelPass::destroy() {
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
  font_.reset();
  res_ = nullptr;
}

}  // namespace dpt::render::passes
