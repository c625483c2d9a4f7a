#pragma once
// VkResult names for error messages (the headers have no to-string for it in C).
#include <vulkan/vulkan.h>

#include <string>

namespace dpt::render {

const char* vk_result_name(VkResult r);  // "VK_ERROR_INCOMPATIBLE_DRIVER"

// "<call> failed: <VK_NAME>" plus what that usually means on a user's machine.
std::string vk_failure(const char* call, VkResult r);

}  // namespace dpt::render
