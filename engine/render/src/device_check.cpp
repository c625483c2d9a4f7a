// A logical device with one graphics queue and a shader module per embedded shader, created and
// destroyed: the first thing the renderer will do on a device, done once to see that it works.
#include "dpt/render/device_check.h"

#include <vector>

#include "dpt/render/shaders.h"
#include "gpu_describe.h"
#include "instance.h"
#include "vk_result.h"

namespace dpt::render {
namespace {

// Destroys the shader modules and then the device, whichever way check_device leaves.
struct DeviceScope {
  VkDevice device = VK_NULL_HANDLE;
  std::vector<VkShaderModule> modules;

  DeviceScope() = default;
  DeviceScope(const DeviceScope&) = delete;
  DeviceScope& operator=(const DeviceScope&) = delete;
  ~DeviceScope() {
    if (device == VK_NULL_HANDLE) return;
    for (VkShaderModule m : modules) vkDestroyShaderModule(device, m, nullptr);
    vkDestroyDevice(device, nullptr);
  }
};

Result<DeviceCheck> fail(std::string message) { return Result<DeviceCheck>::failure({"vulkan"}, std::move(message)); }

}  // namespace

Result<DeviceCheck> check_device(const InstanceOptions& options, const GpuInfo& gpu) {
  if (!gpu.graphics_queue_family) return fail(gpu.name + " has no graphics+compute queue family");
  auto inst = Instance::create(options);
  if (!inst) return inst.errors();
  DeviceCheck check;
  check.device_name = gpu.name;
  check.instance = inst->api();
  check.validation = inst->validation();
  {
    auto devices = inst->physical_devices();
    if (!devices) return devices.errors();
    if (gpu.index >= devices->size())
      return fail("device [" + std::to_string(gpu.index) + "] " + gpu.name + " is gone (" + std::to_string(devices->size()) +
                  " device(s) now)");
    VkPhysicalDevice physical = (*devices)[gpu.index];
    const GpuInfo now = describe_gpu(physical, gpu.index, inst->api());
    if (now.name != gpu.name || now.vendor_id != gpu.vendor_id || now.device_id != gpu.device_id)
      return fail("device [" + std::to_string(gpu.index) + "] is now " + now.name + ", not " + gpu.name);
    if (!now.graphics_queue_family) return fail(gpu.name + " has no graphics+compute queue family");
    check.queue_family = *now.graphics_queue_family;

    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queue{};
    queue.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
    queue.queueFamilyIndex = check.queue_family;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;
    VkDeviceCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queue;
    // Device layers are ignored since Vulkan 1.0.13; passing the instance's keeps old loaders right.
    info.enabledLayerCount = static_cast<std::uint32_t>(inst->layers().size());
    info.ppEnabledLayerNames = inst->layers().data();

    DeviceScope scope;
    VkResult r = vkCreateDevice(physical, &info, nullptr, &scope.device);
    if (r != VK_SUCCESS) {
      scope.device = VK_NULL_HANDLE;
      return fail(vk_failure("vkCreateDevice", r) + " on " + gpu.name);
    }
    VkQueue q = VK_NULL_HANDLE;
    vkGetDeviceQueue(scope.device, check.queue_family, 0, &q);
    if (q == VK_NULL_HANDLE) return fail("vkGetDeviceQueue returned no queue on " + gpu.name);

    for (const ShaderBlob& blob : embedded_shaders()) {
      VkShaderModuleCreateInfo sm{};
      sm.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
      sm.codeSize = blob.words.size_bytes();
      sm.pCode = blob.words.data();
      VkShaderModule module = VK_NULL_HANDLE;
      r = vkCreateShaderModule(scope.device, &sm, nullptr, &module);
      if (r != VK_SUCCESS) return fail(vk_failure("vkCreateShaderModule", r) + " for " + std::string(blob.name));
      scope.modules.push_back(module);
      check.shader_modules.emplace_back(blob.name);
    }
    r = vkDeviceWaitIdle(scope.device);
    if (r != VK_SUCCESS) return fail(vk_failure("vkDeviceWaitIdle", r) + " on " + gpu.name);
  }  // modules and device destroyed here, before the instance
  inst->destroy();
  check.messages = inst->messages();
  return check;
}

}  // namespace dpt::render
