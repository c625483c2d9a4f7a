// The probe: a short-lived instance that lists the physical devices and goes away again.
#include "dpt/render/gpu.h"

#include <cstdio>
#include <cstring>

#include "gpu_describe.h"
#include "instance.h"

namespace dpt::render {
namespace {

constexpr std::uint32_t kVendorNvidia = 0x10DE;

GpuType gpu_type(VkPhysicalDeviceType t) {
  switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return GpuType::integrated;
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return GpuType::discrete;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return GpuType::virtual_gpu;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return GpuType::cpu;
    default:
      return GpuType::other;
  }
}

// The name fields of Vulkan structs are fixed arrays that the driver NUL-terminates; stay inside
// them even if it did not.
template <std::size_t N>
std::string fixed_string(const char (&s)[N]) {
  return std::string(s, strnlen(s, N));
}

}  // namespace

ApiVersion ApiVersion::from_vk(std::uint32_t packed) {
  return {VK_API_VERSION_MAJOR(packed), VK_API_VERSION_MINOR(packed), VK_API_VERSION_PATCH(packed)};
}

std::uint32_t ApiVersion::to_vk() const { return VK_MAKE_API_VERSION(0, major, minor, patch); }

std::string ApiVersion::to_string() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string_view to_string(GpuType t) {
  switch (t) {
    case GpuType::integrated:
      return "integrated";
    case GpuType::discrete:
      return "discrete";
    case GpuType::virtual_gpu:
      return "virtual";
    case GpuType::cpu:
      return "cpu";
    case GpuType::other:
      break;
  }
  return "other";
}

std::uint64_t GpuInfo::device_local_bytes() const {
  std::uint64_t sum = 0;
  for (const MemoryHeap& h : heaps)
    if (h.device_local) sum += h.bytes;
  return sum;
}

std::string driver_version_text(std::uint32_t vendor_id, std::uint32_t v) {
  char buf[48];
  if (vendor_id == kVendorNvidia)
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", (v >> 22) & 0x3ffu, (v >> 14) & 0xffu, (v >> 6) & 0xffu, v & 0x3fu);
  else
    std::snprintf(buf, sizeof buf, "%u.%u.%u", VK_API_VERSION_MAJOR(v), VK_API_VERSION_MINOR(v), VK_API_VERSION_PATCH(v));
  return buf;
}

GpuInfo describe_gpu(VkPhysicalDevice device, std::uint32_t index, ApiVersion instance_api) {
  VkPhysicalDeviceProperties props{};
  vkGetPhysicalDeviceProperties(device, &props);
  GpuInfo g;
  g.index = index;
  g.name = fixed_string(props.deviceName);
  g.type = gpu_type(props.deviceType);
  g.api = ApiVersion::from_vk(props.apiVersion);
  g.driver_version = props.driverVersion;
  g.driver_version_text = driver_version_text(props.vendorID, props.driverVersion);
  g.vendor_id = props.vendorID;
  g.device_id = props.deviceID;

  // The driver's own name and version string (VkPhysicalDeviceDriverProperties, core in 1.2).
  if (instance_api >= ApiVersion{1, 2, 0} && g.api >= ApiVersion{1, 2, 0}) {
    VkPhysicalDeviceDriverProperties driver{};
    driver.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES;
    VkPhysicalDeviceProperties2 props2{};
    props2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
    props2.pNext = &driver;
    vkGetPhysicalDeviceProperties2(device, &props2);
    g.driver_name = fixed_string(driver.driverName);
    g.driver_info = fixed_string(driver.driverInfo);
  }

  VkPhysicalDeviceMemoryProperties mem{};
  vkGetPhysicalDeviceMemoryProperties(device, &mem);
  for (std::uint32_t i = 0; i < mem.memoryHeapCount && i < VK_MAX_MEMORY_HEAPS; ++i)
    g.heaps.push_back({mem.memoryHeaps[i].size, (mem.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0});

  std::uint32_t nq = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(device, &nq, nullptr);
  std::vector<VkQueueFamilyProperties> queues(nq);
  vkGetPhysicalDeviceQueueFamilyProperties(device, &nq, queues.data());
  constexpr VkQueueFlags kWanted = VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT;
  for (std::uint32_t i = 0; i < nq; ++i) {
    if ((queues[i].queueFlags & kWanted) == kWanted && queues[i].queueCount > 0) {
      g.graphics_queue_family = i;
      break;
    }
  }
  return g;
}

Result<GpuInventory> probe_gpus(const InstanceOptions& options) {
  auto inst = Instance::create(options);
  if (!inst) return inst.errors();
  GpuInventory inv;
  inv.loader = inst->loader();
  inv.instance = inst->api();
  inv.validation = inst->validation();
  inv.validation_note = inst->validation_note();
  auto devices = inst->physical_devices();
  if (!devices) return devices.errors();
  for (std::size_t i = 0; i < devices->size(); ++i)
    inv.gpus.push_back(describe_gpu((*devices)[i], static_cast<std::uint32_t>(i), inv.instance));
  inst->destroy();
  inv.messages = inst->messages();
  return inv;
}

}  // namespace dpt::render
