#include "target.h"

#include <cstring>
#include <utility>

#include "../vk_result.h"
#include "device.h"

namespace dpt::render::vk {

Result<Target> Target::create(Resources& res, std::uint32_t w, std::uint32_t h, VkSampleCountFlagBits samples) {
  Target t;
  t.res_ = &res;
  const bool msaa = samples != VK_SAMPLE_COUNT_1_BIT;
  const VkImageUsageFlags colour_usage =
      VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | (msaa ? VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT : VK_IMAGE_USAGE_TRANSFER_SRC_BIT);
  auto colour = res.texture(w, h, kColourFormat, colour_usage, VK_IMAGE_ASPECT_COLOR_BIT, samples);
  if (!colour) return colour.errors();
  t.colour_ = *colour;
  if (msaa) {
    auto resolve = res.texture(w, h, kColourFormat, VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT,
                               VK_IMAGE_ASPECT_COLOR_BIT);
    if (!resolve) return resolve.errors();
    t.resolve_ = *resolve;
  }
  auto depth = res.texture(w, h, kDepthFormat, VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT, VK_IMAGE_ASPECT_DEPTH_BIT, samples);
  if (!depth) return depth.errors();
  t.depth_ = *depth;
  auto rb = res.buffer(VkDeviceSize{w} * h * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true);
  if (!rb) return rb.errors();
  t.readback_ = *rb;

  VkAttachmentDescription att[3]{};
  att[0].format = kColourFormat;
  att[0].samples = samples;
  att[0].loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
  att[0].storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
  att[0].stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
  att[0].stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
  att[0].initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  att[0].finalLayout = msaa ? VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL : VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
  att[1] = att[0];
  att[1].format = kDepthFormat;
  att[1].storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
  att[1].finalLayout = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
  att[2] = att[0];
  att[2].samples = VK_SAMPLE_COUNT_1_BIT;
  att[2].loadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
  att[2].storeOp = VK_ATTACHMENT_STORE_OP_STORE;
  att[2].finalLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
  VkAttachmentReference colour_ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
  VkAttachmentReference depth_ref{1, VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL};
  VkAttachmentReference resolve_ref{2, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
  VkSubpassDescription sub{};
  sub.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
  sub.colorAttachmentCount = 1;
  sub.pColorAttachments = &colour_ref;
  sub.pDepthStencilAttachment = &depth_ref;
  sub.pResolveAttachments = msaa ? &resolve_ref : nullptr;
  // The pass's writes must be done before the readback copy.
  VkSubpassDependency dep{};
  dep.srcSubpass = 0;
  dep.dstSubpass = VK_SUBPASS_EXTERNAL;
  dep.srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
  dep.srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
  dep.dstStageMask = VK_PIPELINE_STAGE_TRANSFER_BIT;
  dep.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT;
  VkRenderPassCreateInfo rp{};
  rp.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO;
  rp.attachmentCount = msaa ? 3 : 2;
  rp.pAttachments = att;
  rp.subpassCount = 1;
  rp.pSubpasses = &sub;
  rp.dependencyCount = 1;
  rp.pDependencies = &dep;
  VkDevice dev = res.device().handle();
  VkResult r = vkCreateRenderPass(dev, &rp, nullptr, &t.pass_);
  if (r != VK_SUCCESS) return vk_fail<Target>(vk_failure("vkCreateRenderPass", r));
  VkImageView views[3] = {t.colour_.view, t.depth_.view, t.resolve_.view};
  VkFramebufferCreateInfo fb{};
  fb.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO;
  fb.renderPass = t.pass_;
  fb.attachmentCount = rp.attachmentCount;
  fb.pAttachments = views;
  fb.width = w;
  fb.height = h;
  fb.layers = 1;
  r = vkCreateFramebuffer(dev, &fb, nullptr, &t.framebuffer_);
  if (r != VK_SUCCESS) return vk_fail<Target>(vk_failure("vkCreateFramebuffer", r));
  return t;
}

Target::Target(Target&& o) noexcept { *this = std::move(o); }

Target& Target::operator=(Target&& o) noexcept {
  if (this != &o) {
    release();
    res_ = std::exchange(o.res_, nullptr);
    colour_ = std::exchange(o.colour_, {});
    resolve_ = std::exchange(o.resolve_, {});
    depth_ = std::exchange(o.depth_, {});
    readback_ = std::exchange(o.readback_, {});
    pass_ = std::exchange(o.pass_, VK_NULL_HANDLE);
    framebuffer_ = std::exchange(o.framebuffer_, VK_NULL_HANDLE);
  }
  return *this;
}

Target::~Target() { release(); }

void Target::release() {
  if (!res_) return;
  VkDevice dev = res_->device().handle();
  if (framebuffer_ != VK_NULL_HANDLE) vkDestroyFramebuffer(dev, framebuffer_, nullptr);
  if (pass_ != VK_NULL_HANDLE) vkDestroyRenderPass(dev, pass_, nullptr);
  res_->destroy(colour_);
  res_->destroy(resolve_);
  res_->destroy(depth_);
  res_->destroy(readback_);
  framebuffer_ = VK_NULL_HANDLE;
  pass_ = VK_NULL_HANDLE;
  res_ = nullptr;
}

void Target::begin(VkCommandBuffer cmd, const float clear[4]) const {
  VkClearValue cv[3]{};
  std::memcpy(cv[0].color.float32, clear, 4 * sizeof(float));
  cv[1].depthStencil = {0.0f, 0};  // reversed Z: far is 0
  VkRenderPassBeginInfo b{};
  b.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO;
  b.renderPass = pass_;
  b.framebuffer = framebuffer_;
  b.renderArea = {{0, 0}, {colour_.width, colour_.height}};
  b.clearValueCount = 2;
  b.pClearValues = cv;
  vkCmdBeginRenderPass(cmd, &b, VK_SUBPASS_CONTENTS_INLINE);
  VkViewport vp{0.0f, 0.0f, static_cast<float>(colour_.width), static_cast<float>(colour_.height), 0.0f, 1.0f};
  VkRect2D sc{{0, 0}, {colour_.width, colour_.height}};
  vkCmdSetViewport(cmd, 0, 1, &vp);
  vkCmdSetScissor(cmd, 0, 1, &sc);
}

void Target::copy_to_readback(VkCommandBuffer cmd) const {
  VkBufferImageCopy copy{};
  copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
  copy.imageExtent = {colour_.width, colour_.height, 1};
  const VkImage src = resolve_.image != VK_NULL_HANDLE ? resolve_.image : colour_.image;
  vkCmdCopyImageToBuffer(cmd, src, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback_.handle, 1, &copy);
  VkBufferMemoryBarrier b{};
  b.sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER;
  b.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  b.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
  b.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  b.buffer = readback_.handle;
  b.size = VK_WHOLE_SIZE;
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 0, nullptr, 1, &b, 0, nullptr);
}

void Target::read(std::vector<std::uint8_t>& rgba) const {
  rgba.resize(std::size_t{colour_.width} * colour_.height * 4);
  std::memcpy(rgba.data(), readback_.memory.mapped, rgba.size());
}

}  // namespace dpt::render::vk
