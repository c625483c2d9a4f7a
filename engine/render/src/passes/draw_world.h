#pragma once
// The 3-D passes of a frame, in the order they are drawn: terrain, buildings, roads (opaque), then
// the sea (translucent). Each walks the SceneGpu's tables, culls against the frustum, picks the
// level of detail, and records its draws; each returns what it submitted.
#include <vulkan/vulkan.h>

#include <cstdint>

#include "../vk/pipeline.h"
#include "frame_push.h"
#include "scene_gpu.h"

namespace dpt::render::passes {

struct DrawCounts {
  std::uint64_t triangles = 0;
  std::uint32_t items = 0;  // chunks or tiles drawn
};

DrawCounts draw_terrain(VkCommandBuffer cmd, const vk::Pipeline& p, const SceneGpu& s, const FrameContext& f,
                        double max_error_px);
// LOD1 for a tile whose nearest point is so far that a 15 m building would be smaller than lod1_px.
DrawCounts draw_buildings(VkCommandBuffer cmd, const vk::Pipeline& p, const SceneGpu& s, const FrameContext& f,
                          double lod1_px);
DrawCounts draw_roads(VkCommandBuffer cmd, const vk::Pipeline& p, const SceneGpu& s, const FrameContext& f);
DrawCounts draw_sea(VkCommandBuffer cmd, const vk::Pipeline& p, const SceneGpu& s, const FrameContext& f);

}  // namespace dpt::render::passes
