#pragma once
// Buffers and images on the Allocator, and the staging copies that fill them. Owning handles:
// move-only, destroyed with the Resources that made them (the renderer keeps them in arrays).
#include <vulkan/vulkan.h>

#include <cstdint>
#include <span>

#include "dpt/core/result.h"
#include "memory.h"

namespace dpt::render::vk {

class Device;

struct Buffer {
  VkBuffer handle = VK_NULL_HANDLE;
  Allocation memory;
  VkDeviceSize size = 0;
  explicit operator bool() const { return handle != VK_NULL_HANDLE; }
};

struct Texture {
  VkImage image = VK_NULL_HANDLE;
  VkImageView view = VK_NULL_HANDLE;
  Allocation memory;
  VkFormat format = VK_FORMAT_UNDEFINED;
  std::uint32_t width = 0, height = 0, layers = 1;
  VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
};

// Creation and destruction of buffers and images, and uploads through a host-visible staging
// buffer (one submission per call: uploads happen when a district or a field changes, not per
// frame; per-frame data goes into host-visible buffers written in place).
class Resources {
 public:
  Resources(Device& device, Allocator& allocator) : device_(device), allocator_(allocator) {}

  Result<Buffer> buffer(VkDeviceSize size, VkBufferUsageFlags usage, bool host_visible);
  // A device-local buffer holding `bytes` (usage gets TRANSFER_DST added).
  Result<Buffer> upload_buffer(std::span<const std::byte> bytes, VkBufferUsageFlags usage);
  template <class T>
  Result<Buffer> upload(std::span<const T> items, VkBufferUsageFlags usage) {
    return upload_buffer(std::as_bytes(items), usage);
  }
  void destroy(Buffer& b);

  Result<Texture> texture(std::uint32_t w, std::uint32_t h, VkFormat format, VkImageUsageFlags usage,
                          VkImageAspectFlags aspect, VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT,
                          std::uint32_t layers = 1);
  // A sampled 2-D texture filled with `bytes` (tightly packed rows), left in SHADER_READ_ONLY_OPTIMAL.
  Result<Texture> upload_texture(std::uint32_t w, std::uint32_t h, VkFormat format, std::span<const std::byte> bytes);
  void destroy(Texture& t);

  Device& device() { return device_; }
  Allocator& allocator() { return allocator_; }

 private:
  Device& device_;
  Allocator& allocator_;
};

// A layout transition of a whole colour or depth image (a full pipeline barrier between the stages
// given; uploads and readbacks only).
void transition(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout from, VkImageLayout to,
                VkPipelineStageFlags src_stage, VkAccessFlags src_access, VkPipelineStageFlags dst_stage,
                VkAccessFlags dst_access, std::uint32_t layers = 1);

}  // namespace dpt::render::vk
