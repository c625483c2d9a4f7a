#pragma once
// The device the renderer draws with: the instance (optionally validated), the chosen physical
// device (dpt/render/device_select.h), one logical device with one graphics queue, a command pool
// and a fence for one-shot submissions. Everything Vulkan below it (memory, buffers, targets,
// pipelines) takes a Device&.
#include <vulkan/vulkan.h>

#include <functional>
#include <memory>
#include <string>

#include "dpt/core/result.h"
#include "dpt/render/device_select.h"
#include "dpt/render/gpu.h"
#include "../instance.h"

namespace dpt::render::vk {

class Device {
 public:
  // With make_surface (a window's surface, made once the instance exists), the device must be able
  // to present to it; VK_KHR_swapchain is enabled and the Device owns the surface.
  using SurfaceFactory = std::function<VkSurfaceKHR(VkInstance)>;
  static Result<std::unique_ptr<Device>> create(const InstanceOptions& options, const DevicePreference& preference,
                                                const SurfaceFactory& make_surface = {});
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  VkDevice handle() const { return device_; }
  VkPhysicalDevice physical() const { return physical_; }
  VkQueue queue() const { return queue_; }
  VkInstance instance() const { return instance_.handle(); }
  VkSurfaceKHR surface() const { return surface_; }
  std::uint32_t queue_family() const { return queue_family_; }
  const GpuInfo& info() const { return info_; }
  const VkPhysicalDeviceProperties& properties() const { return properties_; }
  const VkPhysicalDeviceMemoryProperties& memory() const { return memory_; }
  bool timestamps() const { return timestamps_; }  // the queue can write timestamps
  double timestamp_period_ns() const { return properties_.limits.timestampPeriod; }
  VkSampleCountFlagBits max_samples(VkSampleCountFlagBits wanted) const;

  // Records `record` into a fresh primary command buffer, submits it and waits for it.
  Result<bool> submit_and_wait(const std::function<void(VkCommandBuffer)>& record);
  VkCommandBuffer begin_commands();                  // a fresh primary command buffer, begun
  Result<bool> end_submit_wait(VkCommandBuffer cmd);  // ends, submits, waits, frees
  // Submits an ended command buffer with the caller's submit info (semaphores), waits, frees it.
  Result<bool> submit_wait_free(VkCommandBuffer cmd, const VkSubmitInfo& info);

  // Validation messages counted so far (errors and warnings), instance creation included.
  ValidationCounts messages() const { return instance_.messages(); }
  bool validation() const { return instance_.validation(); }

 private:
  explicit Device(Instance instance) : instance_(std::move(instance)) {}
  Instance instance_;
  VkPhysicalDevice physical_ = VK_NULL_HANDLE;
  VkSurfaceKHR surface_ = VK_NULL_HANDLE;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  std::uint32_t queue_family_ = 0;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  VkFence fence_ = VK_NULL_HANDLE;
  GpuInfo info_;
  VkPhysicalDeviceProperties properties_{};
  VkPhysicalDeviceMemoryProperties memory_{};
  bool timestamps_ = false;
};

// A Result failure in the "vulkan" category.
template <class T>
Result<T> vk_fail(std::string message) {
  return Result<T>::failure({"vulkan"}, std::move(message));
}

}  // namespace dpt::render::vk
