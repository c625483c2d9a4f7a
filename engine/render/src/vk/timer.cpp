#include "timer.h"

#include <cstdint>

#include "device.h"

namespace dpt::render::vk {

GpuTimer::GpuTimer(Device& device) : device_(device) {
  if (!device.timestamps()) return;
  VkQueryPoolCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
  info.queryType = VK_QUERY_TYPE_TIMESTAMP;
  info.queryCount = 2 * kMaxPasses;
  if (vkCreateQueryPool(device.handle(), &info, nullptr, &pool_) != VK_SUCCESS) pool_ = VK_NULL_HANDLE;
}

GpuTimer::~GpuTimer() {
  if (pool_ != VK_NULL_HANDLE) vkDestroyQueryPool(device_.handle(), pool_, nullptr);
}

void GpuTimer::reset(VkCommandBuffer cmd) {
  names_.clear();
  if (pool_ != VK_NULL_HANDLE) vkCmdResetQueryPool(cmd, pool_, 0, 2 * kMaxPasses);
}

void GpuTimer::begin(VkCommandBuffer cmd, const char* name) {
  if (names_.size() >= kMaxPasses) return;
  names_.emplace_back(name);
  if (pool_ != VK_NULL_HANDLE)
    vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, pool_, 2 * static_cast<std::uint32_t>(names_.size() - 1));
}

void GpuTimer::end(VkCommandBuffer cmd) {
  if (names_.empty() || names_.size() > kMaxPasses) return;
  if (pool_ != VK_NULL_HANDLE)
    vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, pool_, 2 * static_cast<std::uint32_t>(names_.size() - 1) + 1);
}

std::vector<std::pair<std::string, double>> GpuTimer::results() const {
  std::vector<std::pair<std::string, double>> out;
  std::vector<std::uint64_t> ticks(2 * names_.size());
  const bool ok = pool_ != VK_NULL_HANDLE && !names_.empty() &&
                  vkGetQueryPoolResults(device_.handle(), pool_, 0, static_cast<std::uint32_t>(ticks.size()),
                                        ticks.size() * sizeof(std::uint64_t), ticks.data(), sizeof(std::uint64_t),
                                        VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT) == VK_SUCCESS;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const double ms = ok ? static_cast<double>(ticks[2 * i + 1] - ticks[2 * i]) * device_.timestamp_period_ns() * 1e-6 : -1.0;
    out.emplace_back(names_[i], ms);
  }
  return out;
}

double GpuTimer::frame_ms() const {
  double total = 0.0;
  for (const auto& [name, ms] : results()) {
    if (ms < 0.0) return -1.0;
    total += ms;
  }
  return total;
}

}  // namespace dpt::render::vk
