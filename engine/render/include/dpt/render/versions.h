#pragma once
// Versions of the render stack, for `dptwin info`.
#include <string>

#include "dpt/render/gpu.h"

namespace dpt::render {

std::string glm_version();             // GLM_VERSION_* of the headers we were built with ("0.9.9.8")
std::string vulkan_headers_version();  // VK_HEADER_VERSION_COMPLETE ("1.3.239")
ApiVersion vulkan_loader_version();    // vkEnumerateInstanceVersion at run time (1.0.0 for a 1.0 loader)

}  // namespace dpt::render
