#include "draw_world.h"

namespace dpt::render::passes {
namespace {

constexpr VkShaderStageFlags kStages = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;

void bind(VkCommandBuffer cmd, const vk::Pipeline& p, const vk::Buffer& vb, const vk::Buffer& ib) {
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p.pipeline);
  const VkDeviceSize zero = 0;
  vkCmdBindVertexBuffers(cmd, 0, 1, &vb.handle, &zero);
  vkCmdBindIndexBuffer(cmd, ib.handle, 0, VK_INDEX_TYPE_UINT32);
}

void push(VkCommandBuffer cmd, const vk::Pipeline& p, const FramePush& fp) {
  vkCmdPushConstants(cmd, p.layout, kStages, 0, sizeof(FramePush), &fp);
}

// Tiles of one mesh kind: frustum-culled, drawn with their own origin.
DrawCounts draw_tiles(VkCommandBuffer cmd, const vk::Pipeline& p, const MeshBuffers& m, const FrameContext& f,
                      float pass_param) {
  DrawCounts c;
  if (!m.vertices || m.tiles.empty()) return c;
  bind(cmd, p, m.vertices, m.indices);
  for (const Tile& t : m.tiles) {
    if (t.indices.count == 0 || !intersects(f.frustum, t.lo, t.hi)) continue;
    push(cmd, p, f.with_origin(t.origin, pass_param));
    vkCmdDrawIndexed(cmd, t.indices.count, 1, t.indices.first, static_cast<std::int32_t>(t.base_vertex), 0);
    c.triangles += t.indices.count / 3;
    ++c.items;
  }
  return c;
}

}  // namespace

DrawCounts draw_terrain(VkCommandBuffer cmd, const vk::Pipeline& p, const SceneGpu& s, const FrameContext& f,
                        double max_error_px) {
  DrawCounts c;
  if (!s.terrain_vertices || s.chunks.empty()) return c;
  bind(cmd, p, s.terrain_vertices, s.terrain_indices);
  for (const TerrainChunk& ch : s.chunks) {
    // The skirts hang below the box: cull with them.
    const glm::dvec3 lo{ch.lo.x, ch.lo.y, ch.lo.z - kTerrainSkirtM};
    if (!intersects(f.frustum, lo, ch.hi)) continue;
    const int level = choose_lod(ch, s.terrain_levels, f.camera.eye, f.pixels_per_radian, max_error_px);
    const IndexRange r = s.terrain_lod[static_cast<std::size_t>(level)];
    push(cmd, p, f.with_origin(ch.origin));
    vkCmdDrawIndexed(cmd, r.count, 1, r.first, static_cast<std::int32_t>(ch.base_vertex), 0);
    c.triangles += r.count / 3;
    ++c.items;
  }
  return c;
}

DrawCounts draw_buildings(VkCommandBuffer cmd, const vk::Pipeline& p, const SceneGpu& s, const FrameContext& f,
                          double lod1_px) {
  DrawCounts c;
  const MeshBuffers& l0 = s.buildings_lod0;
  const MeshBuffers& l1 = s.buildings_lod1;
  if (!l0.vertices || l0.tiles.empty()) return c;
  constexpr double kTypicalBuildingM = 15.0;
  // Two sweeps (one bind each): the near tiles at LOD0, the far ones at LOD1.
  for (int lod = 0; lod < 2; ++lod) {
    const MeshBuffers& m = lod == 0 ? l0 : l1;
    if (!m.vertices) continue;
    bind(cmd, p, m.vertices, m.indices);
    for (std::size_t i = 0; i < m.tiles.size(); ++i) {
      const Tile& t = m.tiles[i];
      if (t.indices.count == 0 || !intersects(f.frustum, t.lo, t.hi)) continue;
      const double d = distance_to_box(f.camera.eye, t.lo, t.hi);
      const bool far = d > 0.0 && kTypicalBuildingM * f.pixels_per_radian / d < lod1_px;
      if (far != (lod == 1)) continue;
      push(cmd, p, f.with_origin(t.origin));
      vkCmdDrawIndexed(cmd, t.indices.count, 1, t.indices.first, static_cast<std::int32_t>(t.base_vertex), 0);
      c.triangles += t.indices.count / 3;
      ++c.items;
    }
  }
  return c;
}

DrawCounts draw_roads(VkCommandBuffer cmd, const vk::Pipeline& p, const SceneGpu& s, const FrameContext& f) {
  return draw_tiles(cmd, p, s.roads, f, 0.0f);
}

DrawCounts draw_sea(VkCommandBuffer cmd, const vk::Pipeline& p, const SceneGpu& s, const FrameContext& f) {
  DrawCounts c;
  if (!s.sea_vertices || s.sea_index_count == 0) return c;
  bind(cmd, p, s.sea_vertices, s.sea_indices);
  for (const float floor : {1.0f, 0.0f}) {  // the deep-sea floor, then the surface
    push(cmd, p, f.with_origin(s.sea_origin, floor));
    vkCmdDrawIndexed(cmd, s.sea_index_count, 1, 0, 0, 0);
    c.triangles += s.sea_index_count / 3;
  }
  c.items = 1;
  return c;
}

}  // namespace dpt::render::passes
