#pragma once
// The proof that a device can run the renderer: a logical device with one graphics queue, and a
// shader module made from every embedded SPIR-V blob (dpt/render/shaders.h). Everything is
// destroyed again before returning.
#include <cstdint>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/render/gpu.h"

namespace dpt::render {

struct DeviceCheck {
  std::string device_name;
  std::uint32_t queue_family = 0;
  ApiVersion instance;                      // the instance's API version
  std::vector<std::string> shader_modules;  // the shaders that became VkShaderModules, in table order
  bool validation = false;
  ValidationCounts messages;                // over the whole check, instance included
};

// `gpu` is an entry of a probe_gpus() inventory made with the same options; the device is found
// again by index and checked by name and vendor/device id.
Result<DeviceCheck> check_device(const InstanceOptions& options, const GpuInfo& gpu);

}  // namespace dpt::render
