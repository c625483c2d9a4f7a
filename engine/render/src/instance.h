#pragma once
// Our small stand-in for vk-bootstrap's instance builder (vk-bootstrap is not packaged in Debian):
// a VkInstance at min(kRequiredApi, loader), optionally with the Khronos validation layer and a
// VK_EXT_debug_utils messenger that counts what it reports. Move-only; destroys in reverse order.
#include <vulkan/vulkan.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/render/gpu.h"

namespace dpt::render {

class Instance {
 public:
  static Result<Instance> create(const InstanceOptions& options);

  Instance(Instance&& other) noexcept;
  Instance& operator=(Instance&& other) noexcept;
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  ~Instance();

  VkInstance handle() const { return instance_; }
  ApiVersion loader() const { return loader_; }
  ApiVersion api() const { return api_; }
  bool validation() const { return validation_; }
  const std::string& validation_note() const { return validation_note_; }
  const std::vector<const char*>& layers() const { return layers_; }

  // Destroys the messenger and the instance now (the messages of destruction are still counted).
  void destroy();
  // What the messenger has counted so far.
  ValidationCounts messages() const;

  Result<std::vector<VkPhysicalDevice>> physical_devices() const;

 private:
  struct Messages {
    mutable std::mutex mutex;
    ValidationCounts counts;
  };
  static VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                    VkDebugUtilsMessageTypeFlagsEXT type,
                                                    const VkDebugUtilsMessengerCallbackDataEXT* data, void* user);
  Instance() = default;

  VkInstance instance_ = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
  PFN_vkDestroyDebugUtilsMessengerEXT destroy_messenger_ = nullptr;
  std::unique_ptr<Messages> messages_;  // the callback's user data: its address must not move
  ApiVersion loader_;
  ApiVersion api_;
  bool validation_ = false;
  std::string validation_note_;
  std::vector<const char*> layers_;
};

}  // namespace dpt::render
