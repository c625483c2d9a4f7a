#include "scene_gpu.h"

#include <algorithm>
#include <cmath>
#include <span>

namespace dpt::render::passes {
namespace {

constexpr VkBufferUsageFlags kVertex = VK_BUFFER_USAGE_VERTEX_BUFFER_BIT;
constexpr VkBufferUsageFlags kIndex = VK_BUFFER_USAGE_INDEX_BUFFER_BIT;

template <class V>
Result<bool> upload_mesh(vk::Resources& res, const std::vector<V>& vertices, const std::vector<std::uint32_t>& indices,
                         vk::Buffer& vb, vk::Buffer& ib) {
  auto v = res.upload(std::span<const V>(vertices), kVertex);
  if (!v) return v.errors();
  vb = *v;
  auto i = res.upload(std::span<const std::uint32_t>(indices), kIndex);
  if (!i) return i.errors();
  ib = *i;
  return true;
}

// Labels: the district's sites, hazmat sites first (what a planner looks for), then hospitals,
// shelters, beaches, the rest; anchored 25 m above the ground at the site's point.
std::vector<Label> site_labels(const world::District& d) {
  std::vector<Label> out;
  for (const world::Site& s : d.sites) {
    if (s.name.empty()) continue;
    Label l;
    double z = d.terrain.grid.nx > 0 ? d.terrain.height(s.pos) : 0.0;
    if (!std::isfinite(z)) z = 0.0;
    l.pos = {s.pos.x, s.pos.y, std::max(z, 0.0) + 25.0};
    l.text = s.name;
    switch (s.kind) {
      case world::SiteKind::hazmat: l.priority = 0; l.colour = {1.0f, 0.62f, 0.35f, 1.0f}; break;
      case world::SiteKind::hospital: l.priority = 1; l.colour = {1.0f, 0.75f, 0.75f, 1.0f}; break;
      case world::SiteKind::beach: l.priority = 2; l.colour = {1.0f, 0.95f, 0.70f, 1.0f}; break;
      case world::SiteKind::shelter: l.priority = 3; l.colour = {0.75f, 0.95f, 0.80f, 1.0f}; break;
      default: l.priority = 4; break;
    }
    out.push_back(std::move(l));
  }
  std::stable_sort(out.begin(), out.end(), [](const Label& a, const Label& b) { return a.priority < b.priority; });
  return out;
}

}  // namespace

void SceneGpu::destroy(vk::Resources& res) {
  for (vk::Buffer* b : {&terrain_vertices, &terrain_indices, &buildings_lod0.vertices, &buildings_lod0.indices,
                        &buildings_lod1.vertices, &buildings_lod1.indices, &roads.vertices, &roads.indices,
                        &sea_vertices, &sea_indices}) {
    res.destroy(*b);
  }
  *this = SceneGpu{};
}

Result<bool> upload_scene(vk::Resources& res, const world::District& d, SceneGpu& out) {
  out.destroy(res);
  if (d.terrain.grid.nx >= 2 && d.terrain.grid.ny >= 2) {
    TerrainMesh t = build_terrain_mesh(d.terrain);
    if (auto ok = upload_mesh(res, t.vertices, t.indices, out.terrain_vertices, out.terrain_indices); !ok) return ok;
    out.chunks = std::move(t.chunks);
    out.terrain_lod = t.lod;
    out.terrain_levels = t.levels;
    // The sea reaches 40 km beyond the terrain: from any view over the district its edge lies
    // in the haze, and the horizon is water.
    SeaMesh sea = build_sea(d.terrain, 40000.0, 2000.0);
    if (auto ok = upload_mesh(res, sea.vertices, sea.indices, out.sea_vertices, out.sea_indices); !ok) return ok;
    out.sea_index_count = static_cast<std::uint32_t>(sea.indices.size());
    out.sea_origin = sea.origin;
  }
  if (!d.buildings.empty()) {
    BuildingBatches b = build_building_batches(d.buildings, 500.0, d.sites);
    if (auto ok = upload_mesh(res, b.lod0.vertices, b.lod0.indices, out.buildings_lod0.vertices, out.buildings_lod0.indices); !ok)
      return ok;
    if (auto ok = upload_mesh(res, b.lod1.vertices, b.lod1.indices, out.buildings_lod1.vertices, out.buildings_lod1.indices); !ok)
      return ok;
    out.buildings_lod0.tiles = std::move(b.lod0.tiles);
    out.buildings_lod1.tiles = std::move(b.lod1.tiles);
    out.building_triangles_lod0 = b.lod0.indices.size() / 3;
  }
  if (!d.roads.links().empty() && d.terrain.grid.nx >= 2) {
    RoadRibbons r = build_road_ribbons(d.roads, d.terrain);
    if (auto ok = upload_mesh(res, r.vertices, r.indices, out.roads.vertices, out.roads.indices); !ok) return ok;
    out.roads.tiles = std::move(r.tiles);
    out.road_links = std::move(r.links);
  }
  out.labels = site_labels(d);
  out.loaded = true;
  return true;
}

}  // namespace dpt::render::passes
