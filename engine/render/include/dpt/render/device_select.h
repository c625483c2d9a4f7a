#pragma once
// Picking the physical device to render on: a discrete GPU over an integrated one, over a virtual
// one, over a software rasteriser (lavapipe), over a device of type "other"; a device is usable
// only with a graphics+compute queue family and Vulkan >= kRequiredApi. Ties go to the lower index,
// so the choice is deterministic.
#include <cstddef>
#include <string>

#include "dpt/core/result.h"
#include "dpt/render/gpu.h"

namespace dpt::render {

struct DevicePreference {
  // Only devices whose name contains this (case-insensitive) are considered; "" = any. Set from
  // DPT_GPU or `--gpu` to force, say, "llvmpipe" on a machine that also has a GPU.
  std::string name_contains;
  ApiVersion min_api = kRequiredApi;
};

// The device's rank: 5 discrete, 4 integrated, 3 virtual, 2 cpu, 1 other, 0 unusable (no graphics
// queue, or an API version below `min_api`).
int device_score(const GpuInfo& gpu, const ApiVersion& min_api = kRequiredApi);

// The index into inventory.gpus of the device to use, or an error that says why none is usable
// (listing each device and what it lacks).
Result<std::size_t> choose_device(const GpuInventory& inventory, const DevicePreference& preference = {});

}  // namespace dpt::render
