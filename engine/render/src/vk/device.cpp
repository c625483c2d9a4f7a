#include "device.h"

#include <algorithm>

#include "../gpu_describe.h"
#include "../vk_result.h"

namespace dpt::render::vk {

Result<std::unique_ptr<Device>> Device::create(const InstanceOptions& options, const DevicePreference& preference,
                                               const SurfaceFactory& make_surface) {
  auto inst = Instance::create(options);
  if (!inst) return inst.errors();
  auto devices = inst->physical_devices();
  if (!devices) return devices.errors();
  GpuInventory inv;
  inv.instance = inst->api();
  for (std::size_t i = 0; i < devices->size(); ++i)
    inv.gpus.push_back(describe_gpu((*devices)[i], static_cast<std::uint32_t>(i), inv.instance));
  auto chosen = choose_device(inv, preference);
  if (!chosen) return chosen.errors();

  std::unique_ptr<Device> d(new Device(std::move(*inst)));
  d->info_ = inv.gpus[*chosen];
  d->physical_ = (*devices)[*chosen];
  d->queue_family_ = *d->info_.graphics_queue_family;
  if (make_surface) {
    d->surface_ = make_surface(d->instance_.handle());
    if (d->surface_ == VK_NULL_HANDLE) return vk_fail<std::unique_ptr<Device>>("could not create the window's Vulkan surface");
    VkBool32 present = VK_FALSE;
    vkGetPhysicalDeviceSurfaceSupportKHR(d->physical_, d->queue_family_, d->surface_, &present);
    if (!present)
      return vk_fail<std::unique_ptr<Device>>(d->info_.name + ": its graphics queue cannot present to the window");
  }
  vkGetPhysicalDeviceProperties(d->physical_, &d->properties_);
  vkGetPhysicalDeviceMemoryProperties(d->physical_, &d->memory_);
  {
    std::uint32_t n = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(d->physical_, &n, nullptr);
    std::vector<VkQueueFamilyProperties> families(n);
    vkGetPhysicalDeviceQueueFamilyProperties(d->physical_, &n, families.data());
    d->timestamps_ = d->queue_family_ < n && families[d->queue_family_].timestampValidBits > 0 &&
                     d->properties_.limits.timestampPeriod > 0.0f;
  }

  const float priority = 1.0f;
  VkDeviceQueueCreateInfo queue{};
  queue.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
  queue.queueFamilyIndex = d->queue_family_;
  queue.queueCount = 1;
  queue.pQueuePriorities = &priority;
  VkPhysicalDeviceFeatures supported{};
  vkGetPhysicalDeviceFeatures(d->physical_, &supported);
  VkPhysicalDeviceFeatures features{};
  features.fillModeNonSolid = supported.fillModeNonSolid;  // wireframe debugging views
  features.wideLines = supported.wideLines;
  VkDeviceCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
  info.queueCreateInfoCount = 1;
  info.pQueueCreateInfos = &queue;
  info.pEnabledFeatures = &features;
  const char* swapchain_ext = VK_KHR_SWAPCHAIN_EXTENSION_NAME;
  if (d->surface_ != VK_NULL_HANDLE) {
    info.enabledExtensionCount = 1;
    info.ppEnabledExtensionNames = &swapchain_ext;
  }
  info.enabledLayerCount = static_cast<std::uint32_t>(d->instance_.layers().size());
  info.ppEnabledLayerNames = d->instance_.layers().data();
  VkResult r = vkCreateDevice(d->physical_, &info, nullptr, &d->device_);
  if (r != VK_SUCCESS) {
    d->device_ = VK_NULL_HANDLE;
    return vk_fail<std::unique_ptr<Device>>(vk_failure("vkCreateDevice", r) + " on " + d->info_.name);
  }
  vkGetDeviceQueue(d->device_, d->queue_family_, 0, &d->queue_);

  VkCommandPoolCreateInfo pool{};
  pool.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
  pool.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT | VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
  pool.queueFamilyIndex = d->queue_family_;
  r = vkCreateCommandPool(d->device_, &pool, nullptr, &d->pool_);
  if (r != VK_SUCCESS) return vk_fail<std::unique_ptr<Device>>(vk_failure("vkCreateCommandPool", r));
  VkFenceCreateInfo fence{};
  fence.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
  r = vkCreateFence(d->device_, &fence, nullptr, &d->fence_);
  if (r != VK_SUCCESS) return vk_fail<std::unique_ptr<Device>>(vk_failure("vkCreateFence", r));
  return d;
}

Device::~Device() {
  if (device_ != VK_NULL_HANDLE) {
    vkDeviceWaitIdle(device_);
    if (fence_ != VK_NULL_HANDLE) vkDestroyFence(device_, fence_, nullptr);
    if (pool_ != VK_NULL_HANDLE) vkDestroyCommandPool(device_, pool_, nullptr);
    vkDestroyDevice(device_, nullptr);
  }
  if (surface_ != VK_NULL_HANDLE) vkDestroySurfaceKHR(instance_.handle(), surface_, nullptr);
  instance_.destroy();
}

VkSampleCountFlagBits Device::max_samples(VkSampleCountFlagBits wanted) const {
  const VkSampleCountFlags ok =
      properties_.limits.framebufferColorSampleCounts & properties_.limits.framebufferDepthSampleCounts;
  for (auto s : {VK_SAMPLE_COUNT_8_BIT, VK_SAMPLE_COUNT_4_BIT, VK_SAMPLE_COUNT_2_BIT}) {
    if (s <= wanted && (ok & s)) return s;
  }
  return VK_SAMPLE_COUNT_1_BIT;
}

VkCommandBuffer Device::begin_commands() {
  VkCommandBufferAllocateInfo a{};
  a.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
  a.commandPool = pool_;
  a.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  a.commandBufferCount = 1;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  if (vkAllocateCommandBuffers(device_, &a, &cmd) != VK_SUCCESS) return VK_NULL_HANDLE;
  VkCommandBufferBeginInfo b{};
  b.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  b.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  vkBeginCommandBuffer(cmd, &b);
  return cmd;
}

Result<bool> Device::end_submit_wait(VkCommandBuffer cmd) {
  if (cmd == VK_NULL_HANDLE) return vk_fail<bool>("vkAllocateCommandBuffers failed");
  VkResult r = vkEndCommandBuffer(cmd);
  if (r == VK_SUCCESS) {
    VkSubmitInfo s{};
    s.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    s.commandBufferCount = 1;
    s.pCommandBuffers = &cmd;
    r = vkQueueSubmit(queue_, 1, &s, fence_);
    if (r == VK_SUCCESS) {
      r = vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX);
      vkResetFences(device_, 1, &fence_);
    }
  }
  vkFreeCommandBuffers(device_, pool_, 1, &cmd);
  if (r != VK_SUCCESS) return vk_fail<bool>(vk_failure("submitting commands", r));
  return true;
}

Result<bool> Device::submit_wait_free(VkCommandBuffer cmd, const VkSubmitInfo& info) {
  VkResult r = vkQueueSubmit(queue_, 1, &info, fence_);
  if (r == VK_SUCCESS) {
    r = vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX);
    vkResetFences(device_, 1, &fence_);
  }
  vkFreeCommandBuffers(device_, pool_, 1, &cmd);
  if (r != VK_SUCCESS) return vk_fail<bool>(vk_failure("submitting commands", r));
  return true;
}

Result<bool> Device::submit_and_wait(const std::function<void(VkCommandBuffer)>& record) {
  VkCommandBuffer cmd = begin_commands();
  if (cmd != VK_NULL_HANDLE) record(cmd);
  return end_submit_wait(cmd);
}

}  // namespace dpt::render::vk
