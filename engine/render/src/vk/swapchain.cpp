#include "swapchain.h"

#include <algorithm>

#include "../vk_result.h"
#include "device.h"

namespace dpt::render::vk {

Swapchain::~Swapchain() {
  destroy();
  VkDevice dev = device_.handle();
  if (image_ready_ != VK_NULL_HANDLE) vkDestroySemaphore(dev, image_ready_, nullptr);
  if (render_done_ != VK_NULL_HANDLE) vkDestroySemaphore(dev, render_done_, nullptr);
}

void Swapchain::destroy() {
  VkDevice dev = device_.handle();
  vkDeviceWaitIdle(dev);
  for (VkFramebuffer f : framebuffers_) vkDestroyFramebuffer(dev, f, nullptr);
  for (VkImageView v : views_) vkDestroyImageView(dev, v, nullptr);
  framebuffers_.clear();
  views_.clear();
  images_.clear();
  if (pass_ != VK_NULL_HANDLE) vkDestroyRenderPass(dev, pass_, nullptr);
  pass_ = VK_NULL_HANDLE;
  if (swapchain_ != VK_NULL_HANDLE) vkDestroySwapchainKHR(dev, swapchain_, nullptr);
  swapchain_ = VK_NULL_HANDLE;
}

Result<bool> Swapchain::create(std::uint32_t w, std::uint32_t h) {
  VkDevice dev = device_.handle();
  VkPhysicalDevice phys = device_.physical();
  VkSurfaceKHR surface = device_.surface();
  if (image_ready_ == VK_NULL_HANDLE) {
    VkSemaphoreCreateInfo si{};
    si.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO;
    if (vkCreateSemaphore(dev, &si, nullptr, &image_ready_) != VK_SUCCESS ||
        vkCreateSemaphore(dev, &si, nullptr, &render_done_) != VK_SUCCESS)
      return vk_fail<bool>("vkCreateSemaphore failed");
  }
  VkSwapchainKHR old = swapchain_;
  swapchain_ = VK_NULL_HANDLE;
  // Keep the old one alive until the new one exists (oldSwapchain), then drop everything of it.
  for (VkFramebuffer f : framebuffers_) vkDestroyFramebuffer(dev, f, nullptr);
  for (VkImageView v : views_) vkDestroyImageView(dev, v, nullptr);
  framebuffers_.clear();
  views_.clear();

  VkSurfaceCapabilitiesKHR caps;
  vkGetPhysicalDeviceSurfaceCapabilitiesKHR(phys, surface, &caps);
  std::uint32_t n = 0;
  vkGetPhysicalDeviceSurfaceFormatsKHR(phys, surface, &n, nullptr);
  std::vector<VkSurfaceFormatKHR> formats(n);
  vkGetPhysicalDeviceSurfaceFormatsKHR(phys, surface, &n, formats.data());
  format_ = VK_FORMAT_UNDEFINED;
  for (VkFormat want : {VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_SRGB}) {
    for (const auto& f : formats) {
      if (f.format == want && f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR && format_ == VK_FORMAT_UNDEFINED)
        format_ = want;
    }
  }
  if (format_ == VK_FORMAT_UNDEFINED) return vk_fail<bool>("the window offers no 8-bit sRGB format");
  if (caps.currentExtent.width != UINT32_MAX) {
    extent_ = caps.currentExtent;
  } else {
    extent_ = {std::clamp(w, caps.minImageExtent.width, caps.maxImageExtent.width),
               std::clamp(h, caps.minImageExtent.height, caps.maxImageExtent.height)};
  }
  if (extent_.width == 0 || extent_.height == 0) return vk_fail<bool>("the window has no area (minimised)");
  VkSwapchainCreateInfoKHR ci{};
  ci.sType = VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR;
  ci.surface = surface;
  ci.minImageCount = std::max(caps.minImageCount, 2u);
  if (caps.maxImageCount > 0) ci.minImageCount = std::min(ci.minImageCount, caps.maxImageCount);
  ci.imageFormat = format_;
  ci.imageColorSpace = VK_COLOR_SPACE_SRGB_NONLINEAR_KHR;
  ci.imageExtent = extent_;
  ci.imageArrayLayers = 1;
  // Blitted into (the scene), drawn over (the console), read back (screenshots).
  ci.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT |
                  (caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_SRC_BIT);
  ci.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
  ci.preTransform = caps.currentTransform;
  ci.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
  ci.presentMode = VK_PRESENT_MODE_FIFO_KHR;  // always available
  ci.clipped = VK_TRUE;
  ci.oldSwapchain = old;
  VkResult r = vkCreateSwapchainKHR(dev, &ci, nullptr, &swapchain_);
  if (old != VK_NULL_HANDLE) vkDestroySwapchainKHR(dev, old, nullptr);
  if (r != VK_SUCCESS) {
    swapchain_ = VK_NULL_HANDLE;
    return vk_fail<bool>(vk_failure("vkCreateSwapchainKHR", r));
  }
  vkGetSwapchainImagesKHR(dev, swapchain_, &n, nullptr);
  images_.resize(n);
  vkGetSwapchainImagesKHR(dev, swapchain_, &n, images_.data());

  if (pass_ == VK_NULL_HANDLE) {
    VkAttachmentDescription a{};
    a.format = format_;
    a.samples = VK_SAMPLE_COUNT_1_BIT;
    a.loadOp = VK_ATTACHMENT_LOAD_OP_LOAD;  // the blitted scene
    a.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    a.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    a.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    a.initialLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
    a.finalLayout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR;
    VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription sub{};
    sub.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
    sub.colorAttachmentCount = 1;
    sub.pColorAttachments = &ref;
    VkSubpassDependency dep{};
    dep.srcSubpass = VK_SUBPASS_EXTERNAL;
    dep.dstSubpass = 0;
    dep.srcStageMask = VK_PIPELINE_STAGE_TRANSFER_BIT;
    dep.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    dep.dstStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    dep.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    VkRenderPassCreateInfo rp{};
    rp.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO;
    rp.attachmentCount = 1;
    rp.pAttachments = &a;
    rp.subpassCount = 1;
    rp.pSubpasses = &sub;
    rp.dependencyCount = 1;
    rp.pDependencies = &dep;
    r = vkCreateRenderPass(dev, &rp, nullptr, &pass_);
    if (r != VK_SUCCESS) return vk_fail<bool>(vk_failure("vkCreateRenderPass", r));
  }
  for (VkImage img : images_) {
    VkImageViewCreateInfo v{};
    v.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO;
    v.image = img;
    v.viewType = VK_IMAGE_VIEW_TYPE_2D;
    v.format = format_;
    v.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    VkImageView view = VK_NULL_HANDLE;
    r = vkCreateImageView(dev, &v, nullptr, &view);
    if (r != VK_SUCCESS) return vk_fail<bool>(vk_failure("vkCreateImageView", r));
    views_.push_back(view);
    VkFramebufferCreateInfo fb{};
    fb.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO;
    fb.renderPass = pass_;
    fb.attachmentCount = 1;
    fb.pAttachments = &view;
    fb.width = extent_.width;
    fb.height = extent_.height;
    fb.layers = 1;
    VkFramebuffer f = VK_NULL_HANDLE;
    r = vkCreateFramebuffer(dev, &fb, nullptr, &f);
    if (r != VK_SUCCESS) return vk_fail<bool>(vk_failure("vkCreateFramebuffer", r));
    framebuffers_.push_back(f);
  }
  return true;
}

}  // namespace dpt::render::vk
