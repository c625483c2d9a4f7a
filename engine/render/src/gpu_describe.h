#pragma once
// Reading a VkPhysicalDevice into our plain GpuInfo (shared by the probe and the device check).
#include <vulkan/vulkan.h>

#include <cstdint>
#include <string>

#include "dpt/render/gpu.h"

namespace dpt::render {

GpuInfo describe_gpu(VkPhysicalDevice device, std::uint32_t index, ApiVersion instance_api);

// The driver version the way the vendor writes it: NVIDIA packs 10.8.8.6 bits; Mesa and most
// others use the Vulkan major.minor.patch encoding.
std::string driver_version_text(std::uint32_t vendor_id, std::uint32_t driver_version);

}  // namespace dpt::render
