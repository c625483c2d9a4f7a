#pragma once
// GPU timestamps around the passes of a frame: a query pool of 2 × kMaxPasses timestamps, written
// at the top and the bottom of the pipe; read back after the frame's fence. Devices whose queue
// cannot write timestamps give no times (names with -1 ms).
#include <vulkan/vulkan.h>

#include <string>
#include <utility>
#include <vector>

namespace dpt::render::vk {

class Device;

class GpuTimer {
 public:
  static constexpr std::uint32_t kMaxPasses = 16;
  explicit GpuTimer(Device& device);
  ~GpuTimer();
  GpuTimer(const GpuTimer&) = delete;
  GpuTimer& operator=(const GpuTimer&) = delete;

  void reset(VkCommandBuffer cmd);  // outside a render pass, before the frame's first pass
  void begin(VkCommandBuffer cmd, const char* name);
  void end(VkCommandBuffer cmd);
  // After the submission completed: (name, milliseconds) per pass, and the whole frame's span.
  std::vector<std::pair<std::string, double>> results() const;
  double frame_ms() const;

 private:
  Device& device_;
  VkQueryPool pool_ = VK_NULL_HANDLE;
  std::vector<std::string> names_;
};

}  // namespace dpt::render::vk
