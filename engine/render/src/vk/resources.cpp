#include "resources.h"

#include <cstring>
#include <string>

#include "../vk_result.h"
#include "device.h"

namespace dpt::render::vk {

Result<Buffer> Resources::buffer(VkDeviceSize size, VkBufferUsageFlags usage, bool host_visible) {
  Buffer b;
  b.size = size;
  VkBufferCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
  info.size = std::max<VkDeviceSize>(size, 4);
  info.usage = usage;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VkResult r = vkCreateBuffer(device_.handle(), &info, nullptr, &b.handle);
  if (r != VK_SUCCESS) return vk_fail<Buffer>(vk_failure("vkCreateBuffer", r) + " (" + std::to_string(size) + " bytes)");
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(device_.handle(), b.handle, &req);
  auto mem = allocator_.allocate(req, host_visible ? VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT
                                                   : VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
  if (!mem) {
    vkDestroyBuffer(device_.handle(), b.handle, nullptr);
    return mem.errors();
  }
  b.memory = *mem;
  vkBindBufferMemory(device_.handle(), b.handle, b.memory.memory, b.memory.offset);
  return b;
}

Result<Buffer> Resources::upload_buffer(std::span<const std::byte> bytes, VkBufferUsageFlags usage) {
  auto dst = buffer(bytes.size(), usage | VK_BUFFER_USAGE_TRANSFER_DST_BIT, false);
  if (!dst || bytes.empty()) return dst;
  auto staging = buffer(bytes.size(), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, true);
  if (!staging) {
    destroy(*dst);
    return staging.errors();
  }
  std::memcpy(staging->memory.mapped, bytes.data(), bytes.size());
  auto ok = device_.submit_and_wait([&](VkCommandBuffer cmd) {
    VkBufferCopy copy{0, 0, bytes.size()};
    vkCmdCopyBuffer(cmd, staging->handle, dst->handle, 1, &copy);
  });
  destroy(*staging);
  if (!ok) {
    destroy(*dst);
    return ok.errors();
  }
  return dst;
}

void Resources::destroy(Buffer& b) {
  if (b.handle != VK_NULL_HANDLE) vkDestroyBuffer(device_.handle(), b.handle, nullptr);
  allocator_.free(b.memory);
  b = Buffer{};
}

Result<Texture> Resources::texture(std::uint32_t w, std::uint32_t h, VkFormat format, VkImageUsageFlags usage,
                                   VkImageAspectFlags aspect, VkSampleCountFlagBits samples, std::uint32_t layers) {
  Texture t;
  t.format = format;
  t.width = w;
  t.height = h;
  t.layers = layers;
  t.samples = samples;
  VkImageCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO;
  info.imageType = VK_IMAGE_TYPE_2D;
  info.format = format;
  info.extent = {w, h, 1};
  info.mipLevels = 1;
  info.arrayLayers = layers;
  info.samples = samples;
  info.tiling = VK_IMAGE_TILING_OPTIMAL;
  info.usage = usage;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  info.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  VkResult r = vkCreateImage(device_.handle(), &info, nullptr, &t.image);
  if (r != VK_SUCCESS) return vk_fail<Texture>(vk_failure("vkCreateImage", r) + " (" + std::to_string(w) + "x" + std::to_string(h) + ")");
  VkMemoryRequirements req;
  vkGetImageMemoryRequirements(device_.handle(), t.image, &req);
  auto mem = allocator_.allocate(req, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
  if (!mem) {
    vkDestroyImage(device_.handle(), t.image, nullptr);
    return mem.errors();
  }
  t.memory = *mem;
  vkBindImageMemory(device_.handle(), t.image, t.memory.memory, t.memory.offset);
  VkImageViewCreateInfo v{};
  v.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO;
  v.image = t.image;
  v.viewType = layers > 1 ? VK_IMAGE_VIEW_TYPE_2D_ARRAY : VK_IMAGE_VIEW_TYPE_2D;
  v.format = format;
  v.subresourceRange = {aspect, 0, 1, 0, layers};
  r = vkCreateImageView(device_.handle(), &v, nullptr, &t.view);
  if (r != VK_SUCCESS) {
    destroy(t);
    return vk_fail<Texture>(vk_failure("vkCreateImageView", r));
  }
  return t;
}

Result<Texture> Resources::upload_texture(std::uint32_t w, std::uint32_t h, VkFormat format,
                                          std::span<const std::byte> bytes) {
  auto t = texture(w, h, format, VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT, VK_IMAGE_ASPECT_COLOR_BIT);
  if (!t) return t;
  auto staging = buffer(bytes.size(), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, true);
  if (!staging) {
    destroy(*t);
    return staging.errors();
  }
  std::memcpy(staging->memory.mapped, bytes.data(), bytes.size());
  auto ok = device_.submit_and_wait([&](VkCommandBuffer cmd) {
    transition(cmd, t->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
               VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, 0, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
    VkBufferImageCopy copy{};
    copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    copy.imageExtent = {w, h, 1};
    vkCmdCopyBufferToImage(cmd, staging->handle, t->image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);
    transition(cmd, t->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
               VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
               VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_VERTEX_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT);
  });
  destroy(*staging);
  if (!ok) {
    destroy(*t);
    return ok.errors();
  }
  return t;
}

void Resources::destroy(Texture& t) {
  if (t.view != VK_NULL_HANDLE) vkDestroyImageView(device_.handle(), t.view, nullptr);
  if (t.image != VK_NULL_HANDLE) vkDestroyImage(device_.handle(), t.image, nullptr);
  allocator_.free(t.memory);
  t = Texture{};
}

void transition(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout from, VkImageLayout to,
                VkPipelineStageFlags src_stage, VkAccessFlags src_access, VkPipelineStageFlags dst_stage,
                VkAccessFlags dst_access, std::uint32_t layers) {
  VkImageMemoryBarrier b{};
  b.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER;
  b.srcAccessMask = src_access;
  b.dstAccessMask = dst_access;
  b.oldLayout = from;
  b.newLayout = to;
  b.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  b.image = image;
  b.subresourceRange = {aspect, 0, 1, 0, layers};
  vkCmdPipelineBarrier(cmd, src_stage, dst_stage, 0, 0, nullptr, 0, nullptr, 1, &b);
}

}  // namespace dpt::render::vk
