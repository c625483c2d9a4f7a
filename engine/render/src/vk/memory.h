#pragma once
// Device memory sub-allocation: a few large VkDeviceMemory blocks per memory type (kBlockBytes
// each, or one dedicated block for a larger request), carved first-fit with alignment, freed
// ranges merged with their neighbours. Host-visible blocks stay mapped. A district upload makes a
// few hundred buffers; drivers limit allocations (maxMemoryAllocationCount, often 4096) and each
// costs a kernel call, so one allocation per buffer does not scale.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <map>
#include <vector>

#include "dpt/core/result.h"

namespace dpt::render::vk {

class Device;

struct Allocation {
  VkDeviceMemory memory = VK_NULL_HANDLE;
  VkDeviceSize offset = 0;
  VkDeviceSize size = 0;
  void* mapped = nullptr;  // host pointer at `offset`, when host-visible
  std::uint32_t block = UINT32_MAX;
  explicit operator bool() const { return memory != VK_NULL_HANDLE; }
};

struct MemoryStats {
  std::uint64_t block_bytes = 0;  // allocated from the driver
  std::uint64_t used_bytes = 0;   // handed out
  std::uint32_t blocks = 0;
};

class Allocator {
 public:
  static constexpr VkDeviceSize kBlockBytes = VkDeviceSize{64} << 20;

  explicit Allocator(Device& device) : device_(device) {}
  ~Allocator();
  Allocator(const Allocator&) = delete;
  Allocator& operator=(const Allocator&) = delete;

  // Memory for `req` with all of `required` properties (HOST_VISIBLE|HOST_COHERENT for staging
  // and readback, DEVICE_LOCAL otherwise: on a software device all memory is both).
  Result<Allocation> allocate(const VkMemoryRequirements& req, VkMemoryPropertyFlags required);
  void free(Allocation& a);
  MemoryStats stats() const;

 private:
  struct Block {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkDeviceSize size = 0;
    std::uint32_t type = 0;
    void* mapped = nullptr;
    std::map<VkDeviceSize, VkDeviceSize> free;  // offset → size, disjoint, merged
    VkDeviceSize used = 0;
  };
  Result<std::uint32_t> find_type(std::uint32_t type_bits, VkMemoryPropertyFlags required) const;
  bool carve(Block& b, VkDeviceSize size, VkDeviceSize alignment, VkDeviceSize& offset);

  Device& device_;
  std::vector<Block> blocks_;
};

}  // namespace dpt::render::vk
