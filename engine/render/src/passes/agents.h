#pragma once
// Instanced dynamic objects (vehicles, pedestrians, tracks): one small unit mesh per kind in one
// static vertex/index buffer, and one persistently mapped host-visible instance buffer that every
// frame receives FrameRequest::agents, bucketed by kind (a counting pass: O(n), no allocation), so
// each kind is one indexed instanced draw. shaders/agent.vert places, scales and turns the mesh.
#include <vulkan/vulkan.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "dpt/core/result.h"
#include "dpt/render/renderer.h"
#include "../vk/pipeline.h"
#include "../vk/resources.h"
#include "draw_world.h"
#include "frame_push.h"

namespace dpt::render::passes {

inline constexpr std::size_t kAgentKinds = 6;  // AgentKind::car .. AgentKind::track

// Where each kind's instances start in a bucketed copy, and how many there are.
struct KindBuckets {
  std::array<std::uint32_t, kAgentKinds> first{}, count{};
};

// Copies `in` into `out` (room for in.size()) grouped by kind, keeping the order within a kind;
// a kind outside AgentKind is drawn as a track. Two passes over `in`; a straight copy when `in`
// is already grouped.
KindBuckets bucket_by_kind(std::span<const AgentInstance> in, AgentInstance* out);

class AgentPass {
 public:
  AgentPass() = default;
  ~AgentPass();
  AgentPass(const AgentPass&) = delete;
  AgentPass& operator=(const AgentPass&) = delete;

  Result<bool> init(vk::Resources& res, VkRenderPass pass, VkSampleCountFlagBits samples);
  // Writes `agents` (positions relative to `origin`) into the instance buffer and records one draw
  // per kind; items = instances drawn. The buffer is rewritten in place: the caller must have
  // waited for the previous frame's commands (Renderer::render does). When the buffer cannot grow,
  // nothing is drawn and error() says why.
  DrawCounts record(VkCommandBuffer cmd, std::span<const AgentInstance> agents, const glm::dvec3& origin,
                    const FrameContext& f);
  const std::string& error() const { return error_; }
  void destroy();

  struct Vertex {
    float pos[3];
    float normal[3];
  };
  struct MeshRange {
    std::uint32_t first_index = 0, index_count = 0;
    std::int32_t base_vertex = 0;
  };

 private:
  bool reserve(std::size_t instances);

  vk::Resources* res_ = nullptr;
  vk::Pipeline pipeline_;
  vk::Buffer vertices_, indices_;
  std::array<MeshRange, kAgentKinds> meshes_{};
  vk::Buffer instances_;  // host-visible, mapped; capacity_ AgentInstances
  std::size_t capacity_ = 0;
  std::string error_;
};

}  // namespace dpt::render::passes
