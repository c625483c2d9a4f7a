// Building batches per tile: LOD0 (walls and roofs, flat normals) and LOD1 (the extruded
// minimum-area rectangle), relative to each tile's origin.
#include <algorithm>
#include <cmath>
#include <limits>

#include <glm/common.hpp>

#include "dpt/render/scene_geometry.h"
#include "tile_grid.h"

namespace dpt::render {

namespace {

// The footprint without repeated vertices, outer counter-clockwise and holes clockwise (as
// world::append_building_mesh cleans it), so walls face out and the roof triangulates.
geo::Polygon clean_footprint(const geo::Polygon& in) {
  const auto clean = [](const geo::Ring& r) {
    geo::Ring out;
    out.reserve(r.size());
    for (const geo::Local& p : r)
      if (out.empty() || out.back().x != p.x || out.back().y != p.y) out.push_back(p);
    while (out.size() > 1 && out.back().x == out.front().x && out.back().y == out.front().y) out.pop_back();
    return out;
  };
  geo::Polygon p;
  p.outer = clean(in.outer);
  for (const geo::Ring& h : in.holes) {
    geo::Ring c = clean(h);
    if (c.size() >= 3 && geo::signed_area(c) != 0.0) p.holes.push_back(std::move(c));
  }
  geo::normalise_orientation(p);
  return p;
}

// Appends into one LOD's arrays, relative to a tile origin.
struct Emitter {
  BuildingLod& lod;
  glm::dvec3 origin;
  std::uint32_t base = 0;  // the tile's base vertex
  std::uint32_t rgba = 0;
  glm::dvec3 lo{0.0}, hi{0.0};

  std::uint32_t vertex(double x, double y, double z, float nx, float ny, float nz) {
    lo = glm::min(lo, glm::dvec3(x, y, z));
    hi = glm::max(hi, glm::dvec3(x, y, z));
    lod.vertices.push_back({static_cast<float>(x - origin.x), static_cast<float>(y - origin.y),
                            static_cast<float>(z - origin.z), nx, ny, nz, rgba});
    return static_cast<std::uint32_t>(lod.vertices.size()) - 1 - base;
  }
  void tri(std::uint32_t a, std::uint32_t b, std::uint32_t c) { lod.indices.insert(lod.indices.end(), {a, b, c}); }

  // Walls of one ring (solid on the left of every edge): a quad per edge, normal to the right.
  void walls(const geo::Ring& r, double z0, double z1) {
    for (std::size_t k = 0; k < r.size(); ++k) {
      const geo::Local p = r[k], q = r[(k + 1) % r.size()];
      const double dx = q.x - p.x, dy = q.y - p.y, len = std::hypot(dx, dy);
      if (!(len > 0.0)) continue;
      const auto nx = static_cast<float>(dy / len), ny = static_cast<float>(-dx / len);
      const std::uint32_t a = vertex(p.x, p.y, z0, nx, ny, 0.0f), b = vertex(q.x, q.y, z0, nx, ny, 0.0f);
      const std::uint32_t c = vertex(q.x, q.y, z1, nx, ny, 0.0f), d = vertex(p.x, p.y, z1, nx, ny, 0.0f);
      tri(a, b, c);
      tri(a, c, d);
    }
  }
};

bool in_hazmat_site(const world::Building& b, const std::vector<const world::Site*>& hazmat, geo::Local centre) {
  for (const world::Site* s : hazmat) {
    if (!b.site_id.empty() && b.site_id == s->id) return true;
    if (!s->area.outer.empty() && geo::point_in_polygon(s->area, centre)) return true;
  }
  return false;
}

}  // namespace

BuildingBatches build_building_batches(const std::vector<world::Building>& buildings, double tile_m,
                                       const std::vector<world::Site>& sites) {
  BuildingBatches out;
  out.tile_m = tile_m;
  std::vector<const world::Site*> hazmat;
  for (const world::Site& s : sites)
    if (s.kind == world::SiteKind::hazmat) hazmat.push_back(&s);

  // Tile of each building: the one holding its footprint's bounding-box centre.
  std::vector<geo::Local> centre(buildings.size());
  std::vector<TileKey> key(buildings.size());
  for (std::size_t k = 0; k < buildings.size(); ++k) {
    const geo::Box bx = geo::bounds(buildings[k].footprint.outer);
    centre[k] = {0.5 * (bx.min_x + bx.max_x), 0.5 * (bx.min_y + bx.max_y)};
    key[k] = tile_of(centre[k], tile_m);
  }
  group_by_tile(key, out.order, out.tile_first);

  for (BuildingLod* lod : {&out.lod0, &out.lod1}) lod->building_first_index.reserve(out.order.size());
  std::vector<geo::Local> outline;
  const std::size_t n_tiles = out.tile_first.empty() ? 0 : out.tile_first.size() - 1;
  for (std::size_t t = 0; t < n_tiles; ++t) {
    const TileKey tk = key[out.order[out.tile_first[t]]];
    Emitter e0{out.lod0, tile_origin(tk, tile_m)}, e1{out.lod1, tile_origin(tk, tile_m)};
    for (Emitter* e : {&e0, &e1}) {
      e->base = static_cast<std::uint32_t>(e->lod.vertices.size());
      e->lo = glm::dvec3(std::numeric_limits<double>::infinity());
      e->hi = -e->lo;
    }
    const auto first0 = static_cast<std::uint32_t>(out.lod0.indices.size());
    const auto first1 = static_cast<std::uint32_t>(out.lod1.indices.size());
    for (std::uint32_t o = out.tile_first[t]; o < out.tile_first[t + 1]; ++o) {
      const std::uint32_t k = out.order[o];
      const world::Building& b = buildings[k];
      out.lod0.building_first_index.push_back(static_cast<std::uint32_t>(out.lod0.indices.size()) - first0);
      out.lod1.building_first_index.push_back(static_cast<std::uint32_t>(out.lod1.indices.size()) - first1);
      const geo::Polygon fp = clean_footprint(b.footprint);
      const std::vector<std::uint32_t> roof = world::triangulate(fp);
      if (!(b.height > 0.0f) || !std::isfinite(b.base_z) || fp.outer.size() < 3 || roof.empty()) {
        ++out.skipped;
        continue;
      }
      const double z0 = b.base_z, z1 = static_cast<double>(b.base_z) + b.height;
      const std::uint32_t rgba = building_colour(b, in_hazmat_site(b, hazmat, centre[k]));
      e0.rgba = e1.rgba = rgba;

      // LOD0: walls of every ring, then the roof (its own vertices: flat normal up).
      e0.walls(fp.outer, z0, z1);
      for (const geo::Ring& h : fp.holes) e0.walls(h, z0, z1);
      outline.assign(fp.outer.begin(), fp.outer.end());
      for (const geo::Ring& h : fp.holes) outline.insert(outline.end(), h.begin(), h.end());
      const std::uint32_t roof0 = e0.vertex(outline[0].x, outline[0].y, z1, 0.0f, 0.0f, 1.0f);
      for (std::size_t v = 1; v < outline.size(); ++v) e0.vertex(outline[v].x, outline[v].y, z1, 0.0f, 0.0f, 1.0f);
      for (std::size_t i = 0; i + 2 < roof.size(); i += 3) e0.tri(roof0 + roof[i], roof0 + roof[i + 1], roof0 + roof[i + 2]);

      // LOD1: the minimum-area rectangle of the outer ring, extruded (4 walls + roof).
      const OrientedRect r = min_area_rect(fp.outer);
      const double ax = r.ux * r.half_u, ay = r.uy * r.half_u, bx = -r.uy * r.half_v, by = r.ux * r.half_v;
      const geo::Ring rect = {{r.cx - ax - bx, r.cy - ay - by},
                              {r.cx + ax - bx, r.cy + ay - by},
                              {r.cx + ax + bx, r.cy + ay + by},
                              {r.cx - ax + bx, r.cy - ay + by}};  // counter-clockwise
      e1.walls(rect, z0, z1);
      std::uint32_t q[4];
      for (int c = 0; c < 4; ++c) q[c] = e1.vertex(rect[static_cast<std::size_t>(c)].x, rect[static_cast<std::size_t>(c)].y, z1, 0.0f, 0.0f, 1.0f);
      e1.tri(q[0], q[1], q[2]);
      e1.tri(q[0], q[2], q[3]);
    }
    for (Emitter* e : {&e0, &e1}) {
      Tile tile;
      tile.tx = tk.tx;
      tile.ty = tk.ty;
      tile.origin = e->origin;
      tile.lo = e->lo;
      tile.hi = e->hi;
      if (e->hi.x < e->lo.x) tile.lo = tile.hi = e->origin;  // only skipped buildings
      tile.base_vertex = e->base;
      tile.vertex_count = static_cast<std::uint32_t>(e->lod.vertices.size()) - e->base;
      const std::uint32_t first = e == &e0 ? first0 : first1;
      tile.indices = {first, static_cast<std::uint32_t>(e->lod.indices.size()) - first};
      e->lod.tiles.push_back(tile);
    }
  }
  return out;
}

std::int64_t building_of_triangle(const BuildingBatches& b, const BuildingLod& lod, std::size_t tile,
                                  std::uint32_t triangle) {
  if (tile + 1 >= b.tile_first.size() || tile >= lod.tiles.size()) return -1;
  const std::uint64_t index = std::uint64_t{triangle} * 3;
  if (index >= lod.tiles[tile].indices.count) return -1;
  const auto begin = lod.building_first_index.begin() + b.tile_first[tile];
  const auto end = lod.building_first_index.begin() + b.tile_first[tile + 1];
  // The last entry whose first index is <= index (skipped buildings have empty ranges).
  const auto it = std::upper_bound(begin, end, index, [](std::uint64_t v, std::uint32_t f) { return v < f; });
  if (it == begin) return -1;
  return b.order[static_cast<std::size_t>(it - lod.building_first_index.begin()) - 1];
}

}  // namespace dpt::render
