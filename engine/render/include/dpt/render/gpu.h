#pragma once
// What the Vulkan loader sees on this machine: the physical devices and what the renderer needs to
// know about them to pick one. Plain structs: Vulkan types never leave engine/render (the app and
// the UI include this header without the Vulkan headers).
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpt/core/result.h"

namespace dpt::render {

// A Vulkan API version, major.minor.patch (VK_API_VERSION_*; the variant bits are dropped).
struct ApiVersion {
  std::uint32_t major = 0;
  std::uint32_t minor = 0;
  std::uint32_t patch = 0;

  static ApiVersion from_vk(std::uint32_t packed);
  std::uint32_t to_vk() const;
  std::string to_string() const;  // "1.3.239"
  auto operator<=>(const ApiVersion&) const = default;
};

// The renderer's minimum: timeline semaphores, descriptor indexing and SPIR-V 1.5 (the shaders are
// compiled with --target-env=vulkan1.2).
inline constexpr ApiVersion kRequiredApi{1, 2, 0};

// VkPhysicalDeviceType, in our words. `cpu` is a software rasteriser such as Mesa's lavapipe.
enum class GpuType { other, integrated, discrete, virtual_gpu, cpu };
std::string_view to_string(GpuType t);  // "discrete", "integrated", "virtual", "cpu", "other"

struct MemoryHeap {
  std::uint64_t bytes = 0;
  bool device_local = false;
};

struct GpuInfo {
  std::uint32_t index = 0;  // position in vkEnumeratePhysicalDevices
  std::string name;
  GpuType type = GpuType::other;
  ApiVersion api;                     // the device's Vulkan version
  std::uint32_t driver_version = 0;   // raw, vendor-specific encoding
  std::string driver_version_text;    // decoded the vendor's way (NVIDIA: 535.129.3.0)
  std::string driver_name;            // VkPhysicalDeviceDriverProperties (Vulkan 1.2), "" before
  std::string driver_info;            // e.g. "Mesa 22.3.6 (LLVM 15.0.6)"
  std::uint32_t vendor_id = 0;
  std::uint32_t device_id = 0;
  std::vector<MemoryHeap> heaps;
  // The first queue family that does graphics and compute, if any.
  std::optional<std::uint32_t> graphics_queue_family;

  bool has_graphics_queue() const { return graphics_queue_family.has_value(); }
  std::uint64_t device_local_bytes() const;  // sum of the device-local heaps
};

// Messages the Khronos validation layer (and the loader) reported through VK_EXT_debug_utils.
struct ValidationCounts {
  std::uint32_t errors = 0;    // severity ERROR
  std::uint32_t warnings = 0;  // severity WARNING
  std::vector<std::string> messages;  // the first few errors and warnings, for the report
};

struct InstanceOptions {
  // Enable VK_LAYER_KHRONOS_validation and a VK_EXT_debug_utils messenger that counts its errors and
  // warnings. When the layer is not installed the probe still works, without validation, and says so.
  bool validation = false;
  std::string application_name = "dptwin";
  // Further instance extensions, required (a window needs the platform's surface extensions).
  std::vector<std::string> extensions;
};

struct GpuInventory {
  ApiVersion loader;    // what vkEnumerateInstanceVersion reports
  ApiVersion instance;  // what the instance was created with: min(kRequiredApi, loader)
  bool validation = false;     // the layer and the messenger were on
  std::string validation_note;  // why validation is off although it was asked for ("" otherwise)
  std::vector<GpuInfo> gpus;
  ValidationCounts messages;   // during instance creation, enumeration and destruction
};

// Creates a VkInstance, lists the physical devices and destroys everything again. A missing driver
// (no ICD) or a failed instance creation comes back as an error naming the VkResult.
Result<GpuInventory> probe_gpus(const InstanceOptions& options);

}  // namespace dpt::render
