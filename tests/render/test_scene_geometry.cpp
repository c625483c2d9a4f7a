// Render-ready district geometry (CPU side): terrain chunks and their LOD pyramid, building
// batches, the minimum-area rectangle, road ribbons and the sea, against analytic values.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

#include <glm/geometric.hpp>

#include "dpt/render/scene_geometry.h"
#include "dpt/world/district_io.h"

using namespace dpt;
using namespace dpt::render;

namespace {

// A grid of nx × ny samples at 30 m (row 0 north), z = f(x, y).
template <class F>
world::Terrain make_terrain(int nx, int ny, F&& f, double x0 = -1000.0, double y0 = 2500.0) {
  world::Terrain t;
  auto& g = t.grid;
  g.nx = nx;
  g.ny = ny;
  g.x0 = x0;
  g.y0 = y0;
  g.dx = g.dy = 30.0;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) g.z.push_back(static_cast<float>(f(i, j)));
  return t;
}

glm::dvec3 world_pos(const TerrainMesh& m, const TerrainChunk& c, std::uint32_t v) {
  const TerrainVertex& t = m.vertices[c.base_vertex + v];
  return c.origin + glm::dvec3(t.px, t.py, t.pz);
}

// Bullet's heightfield surface (engine/physics/src/ray_grid.cpp, cast_terrain_cell), written
// independently: in the cell whose south-west sample is (i, j+1), triangle A = SW, SE, NW when
// u + v <= 1, B = SE, NE, NW otherwise.
double bullet_height(const geo::HeightGrid& g, double x, double y) {
  const double fx = (x - g.x0) / g.dx, fy = (g.y0 - y) / g.dy;  // fy: rows, south-going
  const int i = std::clamp(static_cast<int>(std::floor(fx)), 0, g.nx - 2);
  const int jn = std::clamp(static_cast<int>(std::floor(fy)), 0, g.ny - 2);
  const double u = fx - i, v = 1.0 - (fy - jn);
  const double sw = g.at(i, jn + 1), se = g.at(i + 1, jn + 1), nw = g.at(i, jn), ne = g.at(i + 1, jn);
  if (u + v <= 1.0) return sw + (se - sw) * u + (nw - sw) * v;
  return ne + (nw - ne) * (1.0 - u) + (se - ne) * (1.0 - v);
}

}  // namespace

TEST_CASE("planar terrain: every LOD has zero error and lies on the plane", "[render][terrain]") {
  // Exactly representable in float: the plane is sampled without rounding.
  const auto plane = [](int i, int j) { return 100.0 + 0.5 * i - 0.25 * j; };
  const world::Terrain t = make_terrain(150, 90, plane);  // 149 × 89 cells: partial chunks
  const TerrainMesh m = build_terrain_mesh(t, 64);
  REQUIRE(m.levels == 5);
  REQUIRE(m.chunks.size() == 3 * 2);
  const int n = m.chunk_cells;
  const auto grid_vertices = static_cast<std::uint32_t>((n + 1) * (n + 1));
  for (const TerrainChunk& c : m.chunks) {
    for (int k = 0; k < m.levels; ++k) CHECK(c.error[static_cast<std::size_t>(k)] <= 1e-4f);
    for (int k = 1; k < m.levels; ++k) {
      const IndexRange r = m.lod[static_cast<std::size_t>(k)];
      for (std::uint32_t q = r.first; q < r.first + r.count; ++q) {
        const std::uint32_t v = m.indices[q];
        if (v >= grid_vertices) continue;  // skirt: 20 m down by design
        const glm::dvec3 p = world_pos(m, c, v);
        const double i = (p.x - t.grid.x0) / 30.0, j = (t.grid.y0 - p.y) / 30.0;
        REQUIRE(std::abs(p.z - (100.0 + 0.5 * i - 0.25 * j)) < 1e-3);
      }
    }
  }
}

TEST_CASE("bumpy terrain: the error grows with the level", "[render][terrain]") {
  const world::Terrain t = make_terrain(129, 129, [](int i, int j) {
    return 40.0 * std::sin(i * 0.37) * std::cos(j * 0.23) + 0.02 * i * j;
  });
  const TerrainMesh m = build_terrain_mesh(t, 64);
  REQUIRE(m.chunks.size() == 4);
  for (const TerrainChunk& c : m.chunks) {
    CHECK(c.error[0] == 0.0f);
    for (int k = 1; k < m.levels; ++k) CHECK(c.error[static_cast<std::size_t>(k)] > c.error[static_cast<std::size_t>(k - 1)]);
    // The finest samples vary by tens of metres between neighbours: level 1 already misses metres.
    CHECK(c.error[1] > 1.0f);
  }
}

TEST_CASE("terrain error of an analytic ridge pattern", "[render][terrain]") {
  // Odd columns 1 m high, even ones 0: every level > 0 skips the odd columns, so misses them by
  // exactly 1 m; rows add nothing.
  const world::Terrain t = make_terrain(65, 65, [](int i, int) { return i % 2 == 1 ? 1.0 : 0.0; });
  const TerrainMesh m = build_terrain_mesh(t, 64);
  REQUIRE(m.chunks.size() == 1);
  CHECK(m.chunks[0].error[0] == 0.0f);
  for (int k = 1; k < m.levels; ++k) CHECK(m.chunks[0].error[static_cast<std::size_t>(k)] == 1.0f);
  // A single 8 m spike at sample (32, 32), a vertex of every level: no error; at (33, 32), on no
  // coarse level: the full 8 m from level 1 on.
  const world::Terrain spike = make_terrain(65, 65, [](int i, int j) { return i == 33 && j == 32 ? 8.0 : 0.0; });
  const TerrainMesh s = build_terrain_mesh(spike, 64);
  for (int k = 1; k < s.levels; ++k) CHECK(s.chunks[0].error[static_cast<std::size_t>(k)] == 8.0f);
}

TEST_CASE("level 0 reproduces the heights with Bullet's diagonal", "[render][terrain]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> z(-20.0, 300.0);
  const world::Terrain t = make_terrain(70, 40, [&](int, int) { return z(rng); });
  const TerrainMesh m = build_terrain_mesh(t, 32);
  const IndexRange r0 = m.lod[0];
  const auto grid_vertices = static_cast<std::uint32_t>((33) * (33));
  std::size_t checked = 0;
  for (const TerrainChunk& c : m.chunks) {
    for (std::uint32_t q = r0.first; q + 2 < r0.first + r0.count; q += 3) {
      const std::uint32_t a = m.indices[q], b = m.indices[q + 1], d = m.indices[q + 2];
      if (a >= grid_vertices || b >= grid_vertices || d >= grid_vertices) continue;
      const glm::dvec3 pa = world_pos(m, c, a), pb = world_pos(m, c, b), pd = world_pos(m, c, d);
      const double area2 = (pb.x - pa.x) * (pd.y - pa.y) - (pb.y - pa.y) * (pd.x - pa.x);
      if (std::abs(area2) < 1e-6) continue;  // clamped cells past the grid's end
      CHECK(area2 > 0.0);                    // counter-clockwise from above
      // A point inside the triangle, interpolated on it, against the collision surface.
      const glm::dvec3 p = 0.2 * pa + 0.3 * pb + 0.5 * pd;
      REQUIRE(p.z == Approx(bullet_height(t.grid, p.x, p.y)).margin(1e-3));
      ++checked;
    }
  }
  CHECK(checked == 2u * 69 * 39);
}

TEST_CASE("skirts hang under every edge of every level; index ranges are valid", "[render][terrain]") {
  const world::Terrain t = make_terrain(100, 70, [](int i, int j) { return 3.0 * i - 2.0 * j; });
  const TerrainMesh m = build_terrain_mesh(t, 16);
  const int n = 16;
  const auto grid_vertices = static_cast<std::uint32_t>((n + 1) * (n + 1));
  REQUIRE(m.vertices_per_chunk == grid_vertices + 4 * (n + 1));
  REQUIRE(m.vertices.size() == m.chunks.size() * m.vertices_per_chunk);
  for (const TerrainChunk& c : m.chunks) REQUIRE(c.base_vertex + m.vertices_per_chunk <= m.vertices.size());
  for (int k = 0; k < m.levels; ++k) {
    const IndexRange r = m.lod[static_cast<std::size_t>(k)];
    REQUIRE(r.first + r.count <= m.indices.size());
    const int cells = n >> k;
    REQUIRE(r.count == static_cast<std::uint32_t>(3 * (2 * cells * cells + 4 * 2 * cells)));
    int edge_tris[4] = {0, 0, 0, 0};
    for (std::uint32_t q = r.first; q < r.first + r.count; q += 3) {
      int skirt_edge = -1;
      for (int s = 0; s < 3; ++s) {
        REQUIRE(m.indices[q + s] < m.vertices_per_chunk);
        if (m.indices[q + s] >= grid_vertices) skirt_edge = static_cast<int>((m.indices[q + s] - grid_vertices) / (n + 1));
      }
      if (skirt_edge >= 0) ++edge_tris[skirt_edge];
    }
    for (int e = 0; e < 4; ++e) CHECK(edge_tris[e] == 2 * cells);
  }
  // Skirt vertices: 20 m under the edge vertex they hang from.
  const TerrainChunk& c = m.chunks[0];
  for (int a = 0; a <= n; ++a) {
    const glm::dvec3 top = world_pos(m, c, static_cast<std::uint32_t>(a));
    const glm::dvec3 bottom = world_pos(m, c, grid_vertices + static_cast<std::uint32_t>(a));
    CHECK(bottom.x == top.x);
    CHECK(bottom.z == Approx(top.z - kTerrainSkirtM).margin(1e-4));
  }
}

TEST_CASE("terrain normals are the central-difference normals of a plane", "[render][terrain]") {
  // z = 0.1 x - 0.2 y (in metres): n ∝ (-0.1, 0.2, 1).
  const world::Terrain t = make_terrain(40, 40, [](int i, int j) { return 0.1 * 30.0 * i + 0.2 * 30.0 * j; });
  const TerrainMesh m = build_terrain_mesh(t, 16);
  const double len = std::sqrt(0.01 + 0.04 + 1.0);
  for (const TerrainVertex& v : m.vertices) {
    REQUIRE(v.nx == Approx(-0.1 / len).margin(1e-6));
    REQUIRE(v.ny == Approx(0.2 / len).margin(1e-6));
    REQUIRE(v.nz == Approx(1.0 / len).margin(1e-6));
  }
}

TEST_CASE("choose_lod: the coarsest level within the screen-space error", "[render][terrain]") {
  TerrainChunk c;
  c.lo = {0.0, 0.0, 0.0};
  c.hi = {1000.0, 1000.0, 100.0};
  c.error = {0.0f, 1.0f, 2.0f, 4.0f, 8.0f};
  // 1000 px per radian, 1000 m from the box: rho = error px; budget 2 px → level 2.
  CHECK(choose_lod(c, 5, {2000.0, 500.0, 50.0}, 1000.0, 2.0) == 2);
  CHECK(choose_lod(c, 5, {2000.0, 500.0, 50.0}, 1000.0, 0.5) == 0);
  CHECK(choose_lod(c, 5, {9000.0, 500.0, 50.0}, 1000.0, 1.0) == 4);  // 8 px per 8000 m = 1 px
  CHECK(choose_lod(c, 3, {9000.0, 500.0, 50.0}, 1000.0, 1.0) == 2);  // fewer levels
  CHECK(choose_lod(c, 5, {500.0, 500.0, 50.0}, 1000.0, 100.0) == 0);  // inside the box
}

namespace {
world::Building box_building(double x, double y, double w, double h, float base, float height) {
  world::Building b;
  b.footprint.outer = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
  b.base_z = base;
  b.height = height;
  b.use = world::BuildingUse::residential;
  return b;
}
glm::dvec3 bpos(const BuildingLod& lod, const Tile& t, std::uint32_t v) {
  const BuildingVertex& b = lod.vertices[t.base_vertex + v];
  return t.origin + glm::dvec3(b.px, b.py, b.pz);
}
}  // namespace

TEST_CASE("a box building: 10 triangles, outward flat normals, no floor", "[render][buildings]") {
  const std::vector<world::Building> bs = {box_building(12030.0, -8010.0, 10.0, 20.0, 3.0f, 15.0f)};
  const BuildingBatches bb = build_building_batches(bs);
  REQUIRE(bb.skipped == 0);
  REQUIRE(bb.order == std::vector<std::uint32_t>{0});
  const glm::dvec3 centre(12035.0, -8000.0, 10.5);
  for (const BuildingLod* lod : {&bb.lod0, &bb.lod1}) {
    REQUIRE(lod->tiles.size() == 1);
    const Tile& t = lod->tiles[0];
    CHECK(t.origin.x == 12250.0);  // tile 24 of 500 m, centre
    CHECK(t.origin.y == -7750.0);  // centre y = -8000: tile -16
    REQUIRE(t.indices.count == 30);
    CHECK(t.lo.x == Approx(12030.0));
    CHECK(t.hi.z == Approx(18.0));
    double roof_area = 0.0;
    for (std::uint32_t q = t.indices.first; q < t.indices.first + t.indices.count; q += 3) {
      const std::uint32_t ia = lod->indices[q], ib = lod->indices[q + 1], ic = lod->indices[q + 2];
      const glm::dvec3 a = bpos(*lod, t, ia), b = bpos(*lod, t, ib), c = bpos(*lod, t, ic);
      const glm::dvec3 n = glm::cross(b - a, c - a);
      const BuildingVertex& v = lod->vertices[t.base_vertex + ia];
      const glm::dvec3 stored(v.nx, v.ny, v.nz);
      CHECK(glm::dot(glm::normalize(n), stored) == Approx(1.0).margin(1e-6));  // flat and CCW from outside
      CHECK(glm::dot(stored, (a + b + c) / 3.0 - centre) > 0.0);                // outward
      CHECK(v.nz > -0.5);                                                        // no floor
      if (v.nz > 0.5) roof_area += 0.5 * glm::length(n);
    }
    CHECK(roof_area == Approx(200.0).epsilon(1e-6));
  }
  CHECK(building_of_triangle(bb, bb.lod0, 0, 9) == 0);
  CHECK(building_of_triangle(bb, bb.lod0, 0, 10) == -1);
}

TEST_CASE("buildings per tile: picking maps back; hazmat sites are highlighted", "[render][buildings]") {
  std::vector<world::Building> bs;
  for (int k = 0; k < 6; ++k) bs.push_back(box_building(400.0 * k + 10.0, 20.0, 8.0, 8.0, 0.0f, 9.0f));
  bs[3].footprint.holes.push_back({{1212.0, 22.0}, {1212.0, 26.0}, {1216.0, 26.0}, {1216.0, 22.0}});  // courtyard
  world::Site depot;
  depot.id = "depot";
  depot.kind = world::SiteKind::hazmat;
  depot.area.outer = {{800.0, 0.0}, {900.0, 0.0}, {900.0, 100.0}, {800.0, 100.0}};
  const BuildingBatches bb = build_building_batches(bs, 500.0, {depot});
  REQUIRE(bb.lod0.tiles.size() == 5);  // x = 10, 410 | 810 | 1210 | 1610, 2010 → tiles 0,0,1,2,3,4
  std::vector<int> seen(bs.size(), 0);
  for (std::size_t t = 0; t < bb.lod0.tiles.size(); ++t) {
    for (std::uint32_t tri = 0; tri < bb.lod0.tiles[t].indices.count / 3; ++tri) {
      const std::int64_t b = building_of_triangle(bb, bb.lod0, t, tri);
      REQUIRE(b >= 0);
      ++seen[static_cast<std::size_t>(b)];
    }
  }
  // A box: 10 triangles; with a square courtyard: 8 more walls and an 8-triangle roof ring.
  CHECK(seen == std::vector<int>{10, 10, 10, 24, 10, 10});
  const std::uint32_t hazmat = building_colour(bs[2], true);
  CHECK(hazmat != building_colour(bs[2], false));
  // Only building 2 lies in the depot's area, alone in tile 1.
  const Tile& depot_tile = bb.lod0.tiles[1];
  for (std::uint32_t v = 0; v < bb.lod0.vertices.size(); ++v) {
    const bool in_depot = v >= depot_tile.base_vertex && v < depot_tile.base_vertex + depot_tile.vertex_count;
    CHECK((bb.lod0.vertices[v].rgba == hazmat) == in_depot);
  }
  // LOD1: 10 triangles each.
  std::uint32_t lod1 = 0;
  for (const Tile& t : bb.lod1.tiles) lod1 += t.indices.count / 3;
  CHECK(lod1 == 60);
}

TEST_CASE("minimum-area rectangle: a rotated rectangle is itself", "[render][buildings]") {
  const double a = 0.5235987755982988, c = std::cos(a), s = std::sin(a);
  std::vector<geo::Local> pts;
  for (const auto& [u, v] : std::vector<std::pair<double, double>>{{-20, -5}, {20, -5}, {20, 5}, {-20, 5}, {3, 5}, {-20, 1}})
    pts.push_back({15000.0 + u * c - v * s, -3000.0 + u * s + v * c});
  const OrientedRect r = min_area_rect(pts);
  CHECK(r.area() == Approx(400.0).epsilon(0).margin(1e-6));
  CHECK(r.cx == Approx(15000.0));
  CHECK(r.cy == Approx(-3000.0));
  CHECK(std::max(r.half_u, r.half_v) == Approx(20.0));
  CHECK(std::abs(r.ux * c + r.uy * s) == Approx(r.half_u > r.half_v ? 1.0 : 0.0).margin(1e-9));
}

TEST_CASE("minimum-area rectangle of random polygons: contains them, beats the box and every edge", "[render][buildings]") {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> d(-50.0, 50.0);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<geo::Local> pts(3 + trial % 40);
    for (geo::Local& p : pts) p = {8000.0 + d(rng), 2000.0 + 0.3 * d(rng)};
    const OrientedRect r = min_area_rect(pts);
    const double vx = -r.uy, vy = r.ux;
    for (const geo::Local& p : pts) {
      const double u = (p.x - r.cx) * r.ux + (p.y - r.cy) * r.uy, v = (p.x - r.cx) * vx + (p.y - r.cy) * vy;
      REQUIRE(std::abs(u) <= r.half_u + 1e-7);
      REQUIRE(std::abs(v) <= r.half_v + 1e-7);
    }
    const geo::Box b = geo::bounds(pts);
    REQUIRE(r.area() <= (b.max_x - b.min_x) * (b.max_y - b.min_y) + 1e-7);
    // Brute force over the hull's edge directions (the optimum is one of them).
    const std::vector<geo::Local> h = convex_hull(pts);
    double best = INFINITY;
    for (std::size_t e = 0; e < h.size(); ++e) {
      const geo::Local p = h[e], q = h[(e + 1) % h.size()];
      const double l = std::hypot(q.x - p.x, q.y - p.y), ux = (q.x - p.x) / l, uy = (q.y - p.y) / l;
      double u0 = INFINITY, u1 = -INFINITY, v0 = INFINITY, v1 = -INFINITY;
      for (const geo::Local& w : h) {
        const double u = w.x * ux + w.y * uy, v = -w.x * uy + w.y * ux;
        u0 = std::min(u0, u), u1 = std::max(u1, u), v0 = std::min(v0, v), v1 = std::max(v1, v);
      }
      best = std::min(best, (u1 - u0) * (v1 - v0));
    }
    REQUIRE(r.area() == Approx(best).epsilon(1e-9));
  }
}

namespace {
world::RoadLink make_link(std::uint32_t from, std::uint32_t to, geo::LineString g, int lanes, std::int64_t src) {
  world::RoadLink l;
  l.from = from;
  l.to = to;
  l.lanes = lanes;
  l.cls = world::RoadClass::secondary;
  l.source_id = src;
  l.geometry = std::move(g);
  l.length_m = geo::length(l.geometry);
  return l;
}
glm::dvec3 rpos(const RoadRibbons& r, std::uint32_t global_vertex) {
  const RoadVertex& v = r.vertices[global_vertex];
  const LinkRibbon* owner = nullptr;
  for (const LinkRibbon& l : r.links)
    if (global_vertex >= l.first_vertex && global_vertex < l.first_vertex + l.vertex_count) owner = &l;
  return r.tiles[owner->tile].origin + glm::dvec3(v.px, v.py, v.pz);
}
}  // namespace

TEST_CASE("a straight two-lane link on flat ground: 7 m × 100 m at ground + lift", "[render][roads]") {
  const world::Terrain flat = make_terrain(200, 200, [](int, int) { return 12.5; }, -3000.0, 3000.0);
  const auto net = world::RoadNetwork::from_parts({{{100.0, 40.0}}, {{200.0, 40.0}}},
                                                  {make_link(0, 1, {{100.0, 40.0}, {200.0, 40.0}}, 2, 1)});
  const RoadRibbons r = build_road_ribbons(net, flat, 0.3);
  REQUIRE(r.links.size() == 1);
  const LinkRibbon& l = r.links[0];
  REQUIRE(l.vertex_count >= 2 * 8);  // 100 m at <= 15 m: at least 7 pieces, 8 samples
  double area = 0.0, max_gap = 0.0, prev_along = 0.0;
  for (std::uint32_t v = l.first_vertex; v < l.first_vertex + l.vertex_count; ++v) {
    const glm::dvec3 p = rpos(r, v);
    CHECK(p.z == Approx(12.8).margin(1e-5));
    CHECK(std::abs(p.y - 40.0) == Approx(3.5).margin(1e-5));
    CHECK((p.y > 40.0) == (r.vertices[v].across < 0.0f));  // left edge = -1
    CHECK(p.x == Approx(100.0 + r.vertices[v].along).margin(1e-5));
    max_gap = std::max(max_gap, double(r.vertices[v].along) - prev_along);
    prev_along = r.vertices[v].along;
  }
  CHECK(max_gap <= 15.0 + 1e-9);
  CHECK(prev_along == Approx(100.0));
  const Tile& t = r.tiles[l.tile];
  for (std::uint32_t q = l.indices.first; q < l.indices.first + l.indices.count; q += 3) {
    const glm::dvec3 a = rpos(r, t.base_vertex + r.indices[q]), b = rpos(r, t.base_vertex + r.indices[q + 1]),
                     c = rpos(r, t.base_vertex + r.indices[q + 2]);
    const double z = 0.5 * ((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
    CHECK(z > 0.0);  // counter-clockwise from above
    area += z;
  }
  CHECK(area == Approx(700.0).epsilon(1e-6));
  CHECK(r.vertices[l.first_vertex].rgba == road_colour(world::RoadClass::secondary));
}

TEST_CASE("two-way roads keep right; mitred corners; draped on a slope", "[render][roads]") {
  // z = 0.1 x: a ribbon's vertices follow the slope.
  const world::Terrain slope = make_terrain(300, 300, [](int i, int) { return 0.1 * (30.0 * i - 3000.0); }, -3000.0, 3000.0);
  const geo::LineString ab = {{0.0, 0.0}, {60.0, 0.0}, {60.0, 60.0}};
  const geo::LineString ba(ab.rbegin(), ab.rend());
  const auto net = world::RoadNetwork::from_parts({{{0.0, 0.0}}, {{60.0, 60.0}}},
                                                  {make_link(0, 1, ab, 1, 5), make_link(1, 0, ba, 1, 5)});
  const RoadRibbons r = build_road_ribbons(net, slope, 0.3);
  // Link 0 goes east then north: its right side is south, then east. The corner's right vertex
  // is the mitre point (63.5, -3.5), the left one the centreline corner itself.
  bool corner = false;
  const LinkRibbon& l = r.links[0];
  for (std::uint32_t v = l.first_vertex; v < l.first_vertex + l.vertex_count; ++v) {
    const glm::dvec3 p = rpos(r, v);
    CHECK(p.z == Approx(0.1 * p.x + 0.3).margin(1e-3));
    if (r.vertices[v].along == 60.0f && r.vertices[v].across > 0.0f) {
      CHECK(p.x == Approx(63.5));
      CHECK(p.y == Approx(-3.5));
      corner = true;
    }
    if (r.vertices[v].across < 0.0f) CHECK(std::hypot(p.x - std::clamp(p.x, 0.0, 60.0), p.y - std::clamp(p.y, 0.0, 60.0)) < 1e-6);
  }
  CHECK(corner);
  // The reverse link lies on the other side: north / west of the centreline.
  const LinkRibbon& m = r.links[1];
  for (std::uint32_t v = m.first_vertex; v < m.first_vertex + m.vertex_count; ++v) {
    const glm::dvec3 p = rpos(r, v);
    CHECK((p.y >= -1e-6 && p.x <= 60.0 + 1e-6));
  }
}

TEST_CASE("ribbons sit on the drawn (triangulated) terrain, lift above it", "[render][roads]") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> z(0.0, 40.0);
  const world::Terrain t = make_terrain(60, 60, [&](int, int) { return z(rng); }, -900.0, 900.0);
  const auto net = world::RoadNetwork::from_parts({{{-500.0, -310.0}}, {{520.0, 470.0}}},
                                                  {make_link(0, 1, {{-500.0, -310.0}, {77.0, 13.0}, {520.0, 470.0}}, 3, 9)});
  const RoadRibbons r = build_road_ribbons(net, t, 0.5);
  const LinkRibbon& l = r.links[0];
  REQUIRE(l.vertex_count > 2 * 70);
  for (std::uint32_t v = l.first_vertex; v < l.first_vertex + l.vertex_count; ++v) {
    const glm::dvec3 p = rpos(r, v);
    REQUIRE(p.z == Approx(bullet_height(t.grid, p.x, p.y) + 0.5).margin(1e-4));
  }
}

TEST_CASE("sea: a grid past the terrain and a height texture that maps back", "[render][sea]") {
  const world::Terrain t = make_terrain(50, 40, [](int i, int j) { return i - 2.0 * j; });
  const SeaMesh s = build_sea(t, 3000.0, 1000.0);
  const geo::Box b = t.bounds();
  CHECK(s.lo.x == Approx(b.min_x - 3000.0));
  CHECK(s.hi.y == Approx(b.max_y + 3000.0));
  const int cx = static_cast<int>(std::ceil((b.max_x - b.min_x + 6000.0) / 1000.0));
  const int cy = static_cast<int>(std::ceil((b.max_y - b.min_y + 6000.0) / 1000.0));
  CHECK(s.vertices.size() == static_cast<std::size_t>((cx + 1) * (cy + 1)));
  CHECK(s.indices.size() == static_cast<std::size_t>(6 * cx * cy));
  for (const SeaVertex& v : s.vertices) CHECK(v.pz == 0.0f);
  REQUIRE(s.width == 50);
  REQUIRE(s.height_rows == 40);
  // Sample (i, j) is the centre of texel (i, j).
  for (const auto& [i, j] : std::vector<std::pair<int, int>>{{0, 0}, {49, 39}, {17, 5}}) {
    const double x = t.grid.x0 + 30.0 * i, y = t.grid.y0 - 30.0 * j;
    CHECK(s.uv_scale[0] * x + s.uv_offset[0] == Approx((i + 0.5) / 50.0));
    CHECK(s.uv_scale[1] * y + s.uv_offset[1] == Approx((j + 0.5) / 40.0));
    CHECK(s.height[static_cast<std::size_t>(j) * 50 + i] == static_cast<float>(i - 2.0 * j));
  }
  // Decimated: every second sample keeps the mapping.
  const SeaMesh d = build_sea(t, 3000.0, 1000.0, 32);
  REQUIRE(d.width == 25);
  REQUIRE(d.height_rows == 20);
  const double x = t.grid.x0 + 30.0 * 6, y = t.grid.y0 - 30.0 * 4;  // texel (3, 2)
  CHECK(d.uv_scale[0] * x + d.uv_offset[0] == Approx(3.5 / 25.0));
  CHECK(d.uv_scale[1] * y + d.uv_offset[1] == Approx(2.5 / 20.0));
  CHECK(d.height[2 * 25 + 3] == static_cast<float>(6 - 2.0 * 4));
}

TEST_CASE("the default district builds; counts printed", "[render][district]") {
  const std::filesystem::path dir = std::filesystem::path(DPT_SOURCE_DIR) / "assets/dapeng";
  if (!std::filesystem::exists(dir / "district.toml")) {
    WARN("assets/dapeng is absent: skipped");
    return;
  }
  const Result<world::District> d = world::load_district(dir);
  REQUIRE(d.ok());
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  const TerrainMesh terrain = build_terrain_mesh(d->terrain);
  const auto t1 = clock::now();
  const BuildingBatches bb = build_building_batches(d->buildings, 500.0, d->sites);
  const auto t2 = clock::now();
  const RoadRibbons roads = build_road_ribbons(d->roads, d->terrain);
  const auto t3 = clock::now();
  const SeaMesh sea = build_sea(d->terrain);
  const auto t4 = clock::now();
  const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  REQUIRE(!terrain.chunks.empty());
  REQUIRE(bb.order.size() == d->buildings.size());
  REQUIRE(roads.links.size() == d->roads.links().size());
  float worst = 0.0f;
  for (const TerrainChunk& c : terrain.chunks) worst = std::max(worst, c.error[4]);
  std::printf("terrain: %zu chunks, %zu vertices, LOD0 %u / LOD4 %u triangles per chunk, worst LOD4 error %.1f m (%.0f ms)\n",
              terrain.chunks.size(), terrain.vertices.size(), terrain.lod[0].count / 3, terrain.lod[4].count / 3,
              static_cast<double>(worst), ms(t0, t1));
  std::printf("buildings: %zu in %zu tiles, skipped %zu; LOD0 %zu triangles %zu vertices, LOD1 %zu triangles (%.0f ms)\n",
              d->buildings.size(), bb.lod0.tiles.size(), bb.skipped, bb.lod0.indices.size() / 3, bb.lod0.vertices.size(),
              bb.lod1.indices.size() / 3, ms(t1, t2));
  std::printf("roads: %zu links in %zu tiles, %zu triangles, %zu vertices (%.0f ms)\n", roads.links.size(),
              roads.tiles.size(), roads.indices.size() / 3, roads.vertices.size(), ms(t2, t3));
  std::printf("sea: %zu triangles, height texture %d x %d (%.0f ms)\n", sea.indices.size() / 3, sea.width,
              sea.height_rows, ms(t3, t4));
  CHECK(bb.lod1.indices.size() <= bb.lod0.indices.size());
}
