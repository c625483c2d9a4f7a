#include "pipeline.h"

#include "../vk_result.h"
#include "device.h"
#include "dpt/render/shaders.h"

namespace dpt::render::vk {
namespace {

Result<VkShaderModule> module_of(Device& device, const std::string& name) {
  const ShaderBlob* blob = find_shader(name);
  if (!blob) return vk_fail<VkShaderModule>("no embedded shader named " + name + " (is it listed in engine/render/CMakeLists.txt?)");
  VkShaderModuleCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
  info.codeSize = blob->words.size_bytes();
  info.pCode = blob->words.data();
  VkShaderModule m = VK_NULL_HANDLE;
  const VkResult r = vkCreateShaderModule(device.handle(), &info, nullptr, &m);
  if (r != VK_SUCCESS) return vk_fail<VkShaderModule>(vk_failure("vkCreateShaderModule", r) + " for " + name);
  return m;
}

}  // namespace

Result<Pipeline> make_pipeline(Device& device, VkRenderPass pass, VkSampleCountFlagBits samples, const PipelineDesc& desc) {
  VkDevice dev = device.handle();
  auto vert = module_of(device, desc.vert);
  if (!vert) return vert.errors();
  auto frag = module_of(device, desc.frag);
  if (!frag) {
    vkDestroyShaderModule(dev, *vert, nullptr);
    return frag.errors();
  }
  Pipeline p;
  VkPushConstantRange push{VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, desc.push_bytes};
  VkPipelineLayoutCreateInfo li{};
  li.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
  li.setLayoutCount = static_cast<std::uint32_t>(desc.set_layouts.size());
  li.pSetLayouts = desc.set_layouts.data();
  li.pushConstantRangeCount = desc.push_bytes > 0 ? 1 : 0;
  li.pPushConstantRanges = &push;
  VkResult r = vkCreatePipelineLayout(dev, &li, nullptr, &p.layout);

  if (r == VK_SUCCESS) {
    VkPipelineShaderStageCreateInfo stages[2]{};
    stages[0].sType = stages[1].sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    stages[0].stage = VK_SHADER_STAGE_VERTEX_BIT;
    stages[0].module = *vert;
    stages[0].pName = "main";
    stages[1].stage = VK_SHADER_STAGE_FRAGMENT_BIT;
    stages[1].module = *frag;
    stages[1].pName = "main";

    std::vector<VkVertexInputBindingDescription> bindings;
    for (const auto& b : desc.bindings)
      bindings.push_back({b.binding, b.stride, b.per_instance ? VK_VERTEX_INPUT_RATE_INSTANCE : VK_VERTEX_INPUT_RATE_VERTEX});
    std::vector<VkVertexInputAttributeDescription> attrs;
    for (const auto& a : desc.attributes) attrs.push_back({a.location, a.binding, a.format, a.offset});
    VkPipelineVertexInputStateCreateInfo vi{};
    vi.sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO;
    vi.vertexBindingDescriptionCount = static_cast<std::uint32_t>(bindings.size());
    vi.pVertexBindingDescriptions = bindings.data();
    vi.vertexAttributeDescriptionCount = static_cast<std::uint32_t>(attrs.size());
    vi.pVertexAttributeDescriptions = attrs.data();
    VkPipelineInputAssemblyStateCreateInfo ia{};
    ia.sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO;
    ia.topology = desc.topology;
    VkPipelineViewportStateCreateInfo vp{};
    vp.sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO;
    vp.viewportCount = 1;
    vp.scissorCount = 1;
    VkPipelineRasterizationStateCreateInfo rs{};
    rs.sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO;
    rs.polygonMode = VK_POLYGON_MODE_FILL;
    rs.cullMode = desc.cull;
    rs.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE;
    rs.depthBiasEnable = desc.depth_bias != 0.0f || desc.depth_bias_slope != 0.0f;
    rs.depthBiasConstantFactor = desc.depth_bias;
    rs.depthBiasSlopeFactor = desc.depth_bias_slope;
    rs.lineWidth = 1.0f;
    VkPipelineMultisampleStateCreateInfo ms{};
    ms.sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO;
    ms.rasterizationSamples = samples;
    VkPipelineDepthStencilStateCreateInfo ds{};
    ds.sType = VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO;
    ds.depthTestEnable = desc.depth_test;
    ds.depthWriteEnable = desc.depth_write;
    ds.depthCompareOp = VK_COMPARE_OP_GREATER_OR_EQUAL;
    VkPipelineColorBlendAttachmentState cb{};
    cb.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT;
    if (desc.blend == Blend::alpha) {
      cb.blendEnable = VK_TRUE;
      cb.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
      cb.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
      cb.colorBlendOp = VK_BLEND_OP_ADD;
      cb.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
      cb.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
      cb.alphaBlendOp = VK_BLEND_OP_ADD;
    }
    VkPipelineColorBlendStateCreateInfo cbs{};
    cbs.sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO;
    cbs.attachmentCount = 1;
    cbs.pAttachments = &cb;
    const VkDynamicState dyn_states[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
    VkPipelineDynamicStateCreateInfo dyn{};
    dyn.sType = VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO;
    dyn.dynamicStateCount = 2;
    dyn.pDynamicStates = dyn_states;
    VkGraphicsPipelineCreateInfo gi{};
    gi.sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO;
    gi.stageCount = 2;
    gi.pStages = stages;
    gi.pVertexInputState = &vi;
    gi.pInputAssemblyState = &ia;
    gi.pViewportState = &vp;
    gi.pRasterizationState = &rs;
    gi.pMultisampleState = &ms;
    gi.pDepthStencilState = &ds;
    gi.pColorBlendState = &cbs;
    gi.pDynamicState = &dyn;
    gi.layout = p.layout;
    gi.renderPass = pass;
    r = vkCreateGraphicsPipelines(dev, VK_NULL_HANDLE, 1, &gi, nullptr, &p.pipeline);
  }
  vkDestroyShaderModule(dev, *vert, nullptr);
  vkDestroyShaderModule(dev, *frag, nullptr);
  if (r != VK_SUCCESS) {
    destroy(device, p);
    return vk_fail<Pipeline>(std::string(vk_failure("vkCreateGraphicsPipelines", r)) + " for " + desc.vert + " + " + desc.frag);
  }
  return p;
}

void destroy(Device& device, Pipeline& p) {
  if (p.pipeline != VK_NULL_HANDLE) vkDestroyPipeline(device.handle(), p.pipeline, nullptr);
  if (p.layout != VK_NULL_HANDLE) vkDestroyPipelineLayout(device.handle(), p.layout, nullptr);
  p = Pipeline{};
}

}  // namespace dpt::render::vk
