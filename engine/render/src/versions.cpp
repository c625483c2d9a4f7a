#include "dpt/render/versions.h"

#include <glm/glm.hpp>
#include <vulkan/vulkan.h>

namespace dpt::render {

// GLM is header-only: its version is the one we were compiled against.
std::string glm_version() {
  return std::to_string(GLM_VERSION_MAJOR) + "." + std::to_string(GLM_VERSION_MINOR) + "." +
         std::to_string(GLM_VERSION_PATCH) + "." + std::to_string(GLM_VERSION_REVISION);
}

std::string vulkan_headers_version() { return ApiVersion::from_vk(VK_HEADER_VERSION_COMPLETE).to_string(); }

// vulkan_loader_version() lives in instance.cpp, next to the instance's use of the same query.

}  // namespace dpt::render
