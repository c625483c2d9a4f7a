#pragma once
// The district on the GPU: one vertex and one index buffer per kind of geometry (terrain, the
// buildings' two LODs, roads, sea) with the CPU-side tables the passes walk every frame (chunks,
// tiles, LOD ranges), and the labels. Built by upload_scene from dpt/render/scene_geometry.h.
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "dpt/core/result.h"
#include "dpt/render/scene_geometry.h"
#include "dpt/world/district.h"
#include "../vk/resources.h"

namespace dpt::render::passes {

struct MeshBuffers {
  vk::Buffer vertices, indices;
  std::vector<Tile> tiles;
};

struct Label {
  glm::dvec3 pos;  // district frame: the anchor above the ground
  std::string text;
  int priority = 0;  // lower first when labels collide; place names are -1
  glm::vec4 colour{1.0f};
};

struct SceneGpu {
  bool loaded = false;
  // Terrain: shared LOD index buffer, chunk table.
  vk::Buffer terrain_vertices, terrain_indices;
  std::vector<TerrainChunk> chunks;
  std::array<IndexRange, kMaxTerrainLods> terrain_lod{};
  int terrain_levels = 0;
  MeshBuffers buildings_lod0, buildings_lod1;
  MeshBuffers roads;
  std::vector<LinkRibbon> road_links;  // per network link: its ribbon's vertices and indices
  vk::Buffer sea_vertices, sea_indices;
  std::uint32_t sea_index_count = 0;
  glm::dvec3 sea_origin{0.0};
  std::vector<Label> labels;
  std::uint64_t building_triangles_lod0 = 0;

  void destroy(vk::Resources& res);
};

Result<bool> upload_scene(vk::Resources& res, const world::District& district, SceneGpu& out);

}  // namespace dpt::render::passes
