#include "memory.h"

#include <string>

#include "../vk_result.h"
#include "device.h"

namespace dpt::render::vk {

Allocator::~Allocator() {
  for (Block& b : blocks_) {
    if (b.memory == VK_NULL_HANDLE) continue;
    if (b.mapped) vkUnmapMemory(device_.handle(), b.memory);
    vkFreeMemory(device_.handle(), b.memory, nullptr);
  }
}

Result<std::uint32_t> Allocator::find_type(std::uint32_t type_bits, VkMemoryPropertyFlags required) const {
  const auto& mem = device_.memory();
  for (std::uint32_t i = 0; i < mem.memoryTypeCount; ++i) {
    if ((type_bits & (1u << i)) && (mem.memoryTypes[i].propertyFlags & required) == required) return i;
  }
  return vk_fail<std::uint32_t>("no memory type with properties " + std::to_string(required) + " among bits " +
                                std::to_string(type_bits));
}

bool Allocator::carve(Block& b, VkDeviceSize size, VkDeviceSize alignment, VkDeviceSize& offset) {
  for (auto it = b.free.begin(); it != b.free.end(); ++it) {
    const VkDeviceSize start = (it->first + alignment - 1) / alignment * alignment;
    const VkDeviceSize end = it->first + it->second;
    if (start + size > end) continue;
    const VkDeviceSize f_off = it->first;
    b.free.erase(it);
    if (start > f_off) b.free.emplace(f_off, start - f_off);  // the alignment gap stays free
    if (start + size < end) b.free.emplace(start + size, end - (start + size));
    offset = start;
    return true;
  }
  return false;
}

Result<Allocation> Allocator::allocate(const VkMemoryRequirements& req, VkMemoryPropertyFlags required) {
  auto type = find_type(req.memoryTypeBits, required);
  if (!type) return type.errors();
  // bufferImageGranularity: linear and optimal resources may not share a page; aligning every
  // allocation to it keeps them apart without tracking which is which.
  const VkDeviceSize alignment = std::max(req.alignment, device_.properties().limits.bufferImageGranularity);
  for (std::uint32_t i = 0; i < blocks_.size(); ++i) {
    Block& b = blocks_[i];
    VkDeviceSize off = 0;
    if (b.memory == VK_NULL_HANDLE || b.type != *type || !carve(b, req.size, alignment, off)) continue;
    b.used += req.size;
    return Allocation{b.memory, off, req.size, b.mapped ? static_cast<char*>(b.mapped) + off : nullptr, i};
  }
  Block b;
  b.type = *type;
  b.size = std::max(kBlockBytes, req.size);
  VkMemoryAllocateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
  info.allocationSize = b.size;
  info.memoryTypeIndex = b.type;
  VkResult r = vkAllocateMemory(device_.handle(), &info, nullptr, &b.memory);
  if (r != VK_SUCCESS) {
    return vk_fail<Allocation>(vk_failure("vkAllocateMemory", r) + " (" + std::to_string(b.size >> 20) + " MiB)");
  }
  if (device_.memory().memoryTypes[b.type].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
    r = vkMapMemory(device_.handle(), b.memory, 0, VK_WHOLE_SIZE, 0, &b.mapped);
    if (r != VK_SUCCESS) {
      vkFreeMemory(device_.handle(), b.memory, nullptr);
      return vk_fail<Allocation>(vk_failure("vkMapMemory", r));
    }
  }
  b.free.emplace(0, b.size);
  VkDeviceSize off = 0;
  carve(b, req.size, alignment, off);  // a fresh block always fits
  b.used = req.size;
  blocks_.push_back(std::move(b));
  const Block& nb = blocks_.back();
  return Allocation{nb.memory, off, req.size, nb.mapped ? static_cast<char*>(nb.mapped) + off : nullptr,
                    static_cast<std::uint32_t>(blocks_.size() - 1)};
}

void Allocator::free(Allocation& a) {
  if (!a || a.block >= blocks_.size()) return;
  Block& b = blocks_[a.block];
  auto [it, inserted] = b.free.emplace(a.offset, a.size);
  // Merge with the following and the preceding free range.
  auto next = std::next(it);
  if (next != b.free.end() && it->first + it->second == next->first) {
    it->second += next->second;
    b.free.erase(next);
  }
  if (it != b.free.begin()) {
    auto prev = std::prev(it);
    if (prev->first + prev->second == it->first) {
      prev->second += it->second;
      b.free.erase(it);
    }
  }
  b.used -= a.size;
  a = Allocation{};
}

MemoryStats Allocator::stats() const {
  MemoryStats s;
  for (const Block& b : blocks_) {
    s.block_bytes += b.size;
    s.used_bytes += b.used;
    ++s.blocks;
  }
  return s;
}

}  // namespace dpt::render::vk
