#include "instance.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "vk_result.h"

namespace dpt::render {
namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";
constexpr std::size_t kKeptMessages = 8;
constexpr std::size_t kMaxMessageLength = 600;

bool has_extension(const std::vector<VkExtensionProperties>& list, const char* name) {
  return std::any_of(list.begin(), list.end(), [name](const VkExtensionProperties& e) { return std::strcmp(e.extensionName, name) == 0; });
}

std::vector<VkExtensionProperties> instance_extensions(const char* layer) {
  std::uint32_t n = 0;
  if (vkEnumerateInstanceExtensionProperties(layer, &n, nullptr) != VK_SUCCESS) return {};
  std::vector<VkExtensionProperties> v(n);
  if (vkEnumerateInstanceExtensionProperties(layer, &n, v.data()) < VK_SUCCESS) return {};
  v.resize(n);
  return v;
}

bool has_layer(const char* name) {
  std::uint32_t n = 0;
  if (vkEnumerateInstanceLayerProperties(&n, nullptr) != VK_SUCCESS) return false;
  std::vector<VkLayerProperties> v(n);
  if (vkEnumerateInstanceLayerProperties(&n, v.data()) < VK_SUCCESS) return false;
  v.resize(n);
  return std::any_of(v.begin(), v.end(), [name](const VkLayerProperties& l) { return std::strcmp(l.layerName, name) == 0; });
}

// vkEnumerateInstanceVersion arrived with Vulkan 1.1; a 1.0 loader does not have it.
ApiVersion query_loader_version() {
  auto fn = reinterpret_cast<PFN_vkEnumerateInstanceVersion>(vkGetInstanceProcAddr(VK_NULL_HANDLE, "vkEnumerateInstanceVersion"));
  std::uint32_t v = VK_API_VERSION_1_0;
  if (fn && fn(&v) != VK_SUCCESS) v = VK_API_VERSION_1_0;
  return ApiVersion::from_vk(v);
}

}  // namespace

ApiVersion vulkan_loader_version() { return query_loader_version(); }

Result<Instance> Instance::create(const InstanceOptions& options) {
  Instance inst;
  inst.messages_ = std::make_unique<Messages>();
  inst.loader_ = query_loader_version();
  inst.api_ = std::min(kRequiredApi, ApiVersion{inst.loader_.major, inst.loader_.minor, 0});

  const std::vector<VkExtensionProperties> available = instance_extensions(nullptr);
  std::vector<const char*> extensions;
  VkInstanceCreateFlags flags = 0;
  // Needed to see the devices of a portability implementation (MoltenVK); harmless elsewhere.
  if (has_extension(available, VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
    extensions.push_back(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
    flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
  }
  if (options.validation) {
    if (!has_layer(kValidationLayer)) {
      inst.validation_note_ = std::string(kValidationLayer) + " is not installed (package vulkan-validationlayers)";
    } else if (!has_extension(available, VK_EXT_DEBUG_UTILS_EXTENSION_NAME) &&
               !has_extension(instance_extensions(kValidationLayer), VK_EXT_DEBUG_UTILS_EXTENSION_NAME)) {
      inst.validation_note_ = std::string(VK_EXT_DEBUG_UTILS_EXTENSION_NAME) + " is not available";
    } else {
      inst.validation_ = true;
      inst.layers_.push_back(kValidationLayer);
      extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    }
  }

  for (const std::string& e : options.extensions) {
    if (!has_extension(available, e.c_str()))
      return Result<Instance>::failure({"vulkan"}, "the instance extension " + e + " is not available");
    extensions.push_back(e.c_str());
  }

  VkApplicationInfo app{};
  app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
  app.pApplicationName = options.application_name.c_str();
  app.pEngineName = "dptwin";
  app.apiVersion = inst.api_.to_vk();

  // Chained into the create info, the messenger also covers vkCreateInstance and vkDestroyInstance.
  VkDebugUtilsMessengerCreateInfoEXT messenger_info{};
  messenger_info.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT;
  messenger_info.messageSeverity =
      VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
  messenger_info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                               VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
  messenger_info.pfnUserCallback = &Instance::on_message;
  messenger_info.pUserData = inst.messages_.get();

  VkInstanceCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
  info.pNext = inst.validation_ ? &messenger_info : nullptr;
  info.flags = flags;
  info.pApplicationInfo = &app;
  info.enabledLayerCount = static_cast<std::uint32_t>(inst.layers_.size());
  info.ppEnabledLayerNames = inst.layers_.data();
  info.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();

  const VkResult r = vkCreateInstance(&info, nullptr, &inst.instance_);
  if (r != VK_SUCCESS) {
    inst.instance_ = VK_NULL_HANDLE;
    return Result<Instance>::failure({"vulkan"}, vk_failure("vkCreateInstance", r));
  }
  if (inst.validation_) {
    auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(inst.instance_, "vkCreateDebugUtilsMessengerEXT"));
    inst.destroy_messenger_ = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(inst.instance_, "vkDestroyDebugUtilsMessengerEXT"));
    if (!create || !inst.destroy_messenger_)
      return Result<Instance>::failure({"vulkan"}, "VK_EXT_debug_utils is enabled but its functions are missing");
    const VkResult m = create(inst.instance_, &messenger_info, nullptr, &inst.messenger_);
    if (m != VK_SUCCESS) {
      inst.messenger_ = VK_NULL_HANDLE;
      return Result<Instance>::failure({"vulkan"}, vk_failure("vkCreateDebugUtilsMessengerEXT", m));
    }
  }
  return inst;
}

Instance::Instance(Instance&& other) noexcept { *this = std::move(other); }

Instance& Instance::operator=(Instance&& other) noexcept {
  if (this == &other) return *this;
  destroy();
  instance_ = std::exchange(other.instance_, VK_NULL_HANDLE);
  messenger_ = std::exchange(other.messenger_, VK_NULL_HANDLE);
  destroy_messenger_ = std::exchange(other.destroy_messenger_, nullptr);
  messages_ = std::move(other.messages_);
  loader_ = other.loader_;
  api_ = other.api_;
  validation_ = other.validation_;
  validation_note_ = std::move(other.validation_note_);
  layers_ = std::move(other.layers_);
  return *this;
}

Instance::~Instance() { destroy(); }

void Instance::destroy() {
  if (messenger_ != VK_NULL_HANDLE) destroy_messenger_(instance_, messenger_, nullptr);
  messenger_ = VK_NULL_HANDLE;
  if (instance_ != VK_NULL_HANDLE) vkDestroyInstance(instance_, nullptr);
  instance_ = VK_NULL_HANDLE;
}

ValidationCounts Instance::messages() const {
  if (!messages_) return {};
  std::lock_guard<std::mutex> lock(messages_->mutex);
  return messages_->counts;
}

Result<std::vector<VkPhysicalDevice>> Instance::physical_devices() const {
  std::uint32_t n = 0;
  VkResult r = vkEnumeratePhysicalDevices(instance_, &n, nullptr);
  if (r != VK_SUCCESS) return Result<std::vector<VkPhysicalDevice>>::failure({"vulkan"}, vk_failure("vkEnumeratePhysicalDevices", r));
  std::vector<VkPhysicalDevice> v(n);
  r = vkEnumeratePhysicalDevices(instance_, &n, v.data());
  if (r < VK_SUCCESS) return Result<std::vector<VkPhysicalDevice>>::failure({"vulkan"}, vk_failure("vkEnumeratePhysicalDevices", r));
  v.resize(n);
  return v;
}

VKAPI_ATTR VkBool32 VKAPI_CALL Instance::on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                    VkDebugUtilsMessageTypeFlagsEXT type,
                                                    const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
  auto* m = static_cast<Messages*>(user);
  const bool error = (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) != 0;
  const bool warning = (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) != 0;
  if (!error && !warning) return VK_FALSE;
  std::lock_guard<std::mutex> lock(m->mutex);
  (error ? m->counts.errors : m->counts.warnings) += 1;
  if (m->counts.messages.size() < kKeptMessages) {
    std::string s = error ? "error" : "warning";
    s += (type & VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT) ? " (validation)" : (type & VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT) ? " (performance)" : " (general)";
    s += ": ";
    if (data && data->pMessage) s += data->pMessage;
    if (s.size() > kMaxMessageLength) s = s.substr(0, kMaxMessageLength) + "...";
    m->counts.messages.push_back(std::move(s));
  }
  return VK_FALSE;  // never abort the call that triggered the message
}

}  // namespace dpt::render
