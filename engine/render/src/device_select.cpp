#include "dpt/render/device_select.h"

#include <algorithm>
#include <cctype>

namespace dpt::render {
namespace {

int type_rank(GpuType t) {
  switch (t) {
    case GpuType::discrete:
      return 5;
    case GpuType::integrated:
      return 4;
    case GpuType::virtual_gpu:
      return 3;
    case GpuType::cpu:
      return 2;
    case GpuType::other:
      break;
  }
  return 1;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Why a device is left out, or "" when it is usable.
std::string unusable_because(const GpuInfo& g, const ApiVersion& min_api) {
  if (!g.has_graphics_queue()) return "no graphics+compute queue family";
  if (g.api < min_api) return "Vulkan " + g.api.to_string() + " < " + min_api.to_string();
  return "";
}

}  // namespace

int device_score(const GpuInfo& gpu, const ApiVersion& min_api) {
  return unusable_because(gpu, min_api).empty() ? type_rank(gpu.type) : 0;
}

Result<std::size_t> choose_device(const GpuInventory& inventory, const DevicePreference& preference) {
  const std::string wanted = lower(preference.name_contains);
  std::size_t best = inventory.gpus.size();
  int best_score = 0;
  std::string why;
  for (std::size_t i = 0; i < inventory.gpus.size(); ++i) {
    const GpuInfo& g = inventory.gpus[i];
    std::string reason = unusable_because(g, preference.min_api);
    if (reason.empty() && !wanted.empty() && lower(g.name).find(wanted) == std::string::npos)
      reason = "name does not contain '" + preference.name_contains + "'";
    if (!reason.empty()) {
      why += "\n  [" + std::to_string(i) + "] " + g.name + ": " + reason;
      continue;
    }
    const int score = type_rank(g.type);
    if (score > best_score) {  // strictly greater: the lower index wins a tie
      best_score = score;
      best = i;
    }
  }
  if (best < inventory.gpus.size()) return best;
  if (inventory.gpus.empty())
    return Result<std::size_t>::failure({"vulkan"}, "no Vulkan device: the loader found a driver but it reports no physical device");
  return Result<std::size_t>::failure({"vulkan"}, "no usable Vulkan device:" + why);
}

}  // namespace dpt::render
