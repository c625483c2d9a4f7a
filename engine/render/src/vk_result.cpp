#include "vk_result.h"

namespace dpt::render {

const char* vk_result_name(VkResult r) {
  switch (r) {
#define DPT_VK_CASE(x) \
  case x:              \
    return #x;
    DPT_VK_CASE(VK_SUCCESS)
    DPT_VK_CASE(VK_NOT_READY)
    DPT_VK_CASE(VK_TIMEOUT)
    DPT_VK_CASE(VK_EVENT_SET)
    DPT_VK_CASE(VK_EVENT_RESET)
    DPT_VK_CASE(VK_INCOMPLETE)
    DPT_VK_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
    DPT_VK_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    DPT_VK_CASE(VK_ERROR_INITIALIZATION_FAILED)
    DPT_VK_CASE(VK_ERROR_DEVICE_LOST)
    DPT_VK_CASE(VK_ERROR_MEMORY_MAP_FAILED)
    DPT_VK_CASE(VK_ERROR_LAYER_NOT_PRESENT)
    DPT_VK_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
    DPT_VK_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
    DPT_VK_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
    DPT_VK_CASE(VK_ERROR_TOO_MANY_OBJECTS)
    DPT_VK_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
    DPT_VK_CASE(VK_ERROR_FRAGMENTED_POOL)
    DPT_VK_CASE(VK_ERROR_UNKNOWN)
    DPT_VK_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
    DPT_VK_CASE(VK_ERROR_INVALID_EXTERNAL_HANDLE)
    DPT_VK_CASE(VK_ERROR_FRAGMENTATION)
    DPT_VK_CASE(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
    DPT_VK_CASE(VK_PIPELINE_COMPILE_REQUIRED)
    DPT_VK_CASE(VK_ERROR_SURFACE_LOST_KHR)
    DPT_VK_CASE(VK_ERROR_NATIVE_WINDOW_IN_USE_KHR)
    DPT_VK_CASE(VK_SUBOPTIMAL_KHR)
    DPT_VK_CASE(VK_ERROR_OUT_OF_DATE_KHR)
    DPT_VK_CASE(VK_ERROR_INCOMPATIBLE_DISPLAY_KHR)
    DPT_VK_CASE(VK_ERROR_VALIDATION_FAILED_EXT)
    DPT_VK_CASE(VK_ERROR_INVALID_SHADER_NV)
#undef DPT_VK_CASE
    default:
      return "VK_RESULT_UNKNOWN";
  }
}

std::string vk_failure(const char* call, VkResult r) {
  std::string s = std::string(call) + " failed: " + vk_result_name(r);
  switch (r) {
    case VK_ERROR_INCOMPATIBLE_DRIVER:
      s += " (no Vulkan driver (ICD) for this machine: install a GPU driver, or mesa-vulkan-drivers for lavapipe)";
      break;
    case VK_ERROR_LAYER_NOT_PRESENT:
      s += " (a requested layer is not installed)";
      break;
    case VK_ERROR_EXTENSION_NOT_PRESENT:
      s += " (a requested extension is not supported)";
      break;
    case VK_ERROR_INITIALIZATION_FAILED:
      s += " (the driver could not initialise; is the GPU reachable from here?)";
      break;
    default:
      break;
  }
  return s;
}

}  // namespace dpt::render
