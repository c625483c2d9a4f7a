#include "building_tiles.h"

#include <BulletCollision/CollisionShapes/btBvhTriangleMeshShape.h>
#include <BulletCollision/CollisionShapes/btTriangleIndexVertexArray.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "dpt/core/assert.h"
#include "nearest_triangle.h"

namespace dpt::physics::detail {

namespace {
// Slack (m) around tile boxes and between cell pieces, so that a face on a box's side or a hit
// on a cell border is not lost to rounding.
constexpr double kPad = 0.01;
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// The quantized BVH packs the triangle index into 21 bits (btQuantizedBvh.h, MAX_NUM_PARTS_IN_BITS).
constexpr std::size_t kMaxTileTriangles = std::size_t{1} << 21;
}  // namespace

BuildingTiles::BuildingTiles() = default;
BuildingTiles::~BuildingTiles() = default;

void BuildingTiles::build(world::Mesh mesh, double tile_size_m) {
  mesh_ = std::move(mesh);
  tiles_.clear();
  cell_start_.clear();
  cell_tiles_.clear();
  grid_ = Grid2{};
  const std::size_t n_tri = mesh_.triangle_count();
  if (n_tri == 0) return;
  DPT_ASSERT(mesh_.triangle_building.size() == n_tri, "one building per mesh triangle");
  DPT_ASSERT(tile_size_m > 0.0, "tile size must be positive");

  // Each building's box (x, y), and the extent of all vertices.
  const auto vertex = [&](std::size_t tri, int k, int axis) {
    return static_cast<double>(mesh_.positions[3 * std::size_t{mesh_.indices[3 * tri + k]} + axis]);
  };
  const std::uint32_t n_bld =
      *std::max_element(mesh_.triangle_building.begin(), mesh_.triangle_building.end()) + 1;
  std::vector<double> b_lo(2 * std::size_t{n_bld}, INFINITY), b_hi(2 * std::size_t{n_bld}, -INFINITY);
  double ext_lo[3] = {INFINITY, INFINITY, INFINITY}, ext_hi[3] = {-INFINITY, -INFINITY, -INFINITY};
  for (std::size_t t = 0; t < n_tri; ++t) {
    const std::size_t b = mesh_.triangle_building[t];
    for (int k = 0; k < 3; ++k) {
      for (int a = 0; a < 3; ++a) {
        const double v = vertex(t, k, a);
        ext_lo[a] = std::min(ext_lo[a], v);
        ext_hi[a] = std::max(ext_hi[a], v);
        if (a < 2) {
          b_lo[2 * b + a] = std::min(b_lo[2 * b + a], v);
          b_hi[2 * b + a] = std::max(b_hi[2 * b + a], v);
        }
      }
    }
  }
  grid_.x0 = ext_lo[0];
  grid_.y0 = ext_lo[1];
  grid_.cx = grid_.cy = tile_size_m;
  grid_.nx = std::max(1, static_cast<int>(std::ceil((ext_hi[0] - ext_lo[0]) / tile_size_m)));
  grid_.ny = std::max(1, static_cast<int>(std::ceil((ext_hi[1] - ext_lo[1]) / tile_size_m)));
  const std::size_t n_cells = static_cast<std::size_t>(grid_.nx) * grid_.ny;
  const auto cell_of = [&](double x, double y) {
    const int ix = std::clamp(static_cast<int>(std::floor((x - grid_.x0) / grid_.cx)), 0, grid_.nx - 1);
    const int iy = std::clamp(static_cast<int>(std::floor((y - grid_.y0) / grid_.cy)), 0, grid_.ny - 1);
    return static_cast<std::size_t>(iy) * grid_.nx + ix;
  };

  // Triangles grouped by the cell of their building's centre (counting sort, stable).
  std::vector<std::uint32_t> first(n_cells + 1, 0);
  std::vector<std::uint32_t> tri_cell(n_tri);
  for (std::size_t t = 0; t < n_tri; ++t) {
    const std::size_t b = mesh_.triangle_building[t];
    tri_cell[t] = static_cast<std::uint32_t>(
        cell_of(0.5 * (b_lo[2 * b] + b_hi[2 * b]), 0.5 * (b_lo[2 * b + 1] + b_hi[2 * b + 1])));
    ++first[tri_cell[t] + 1];
  }
  for (std::size_t c = 0; c < n_cells; ++c) first[c + 1] += first[c];
  std::vector<std::uint32_t> order(n_tri);
  {
    std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
    for (std::size_t t = 0; t < n_tri; ++t) order[next[tri_cell[t]]++] = static_cast<std::uint32_t>(t);
  }

  std::vector<std::uint32_t> remap(mesh_.positions.size() / 3, kNone);
  std::vector<std::uint32_t> used;  // mesh vertices of the tile being built
  for (std::size_t c = 0; c < n_cells; ++c) {
    if (first[c] == first[c + 1]) continue;
    auto tile = std::make_unique<Tile>();
    const std::size_t n = first[c + 1] - first[c];
    DPT_ASSERT(n < kMaxTileTriangles, "too many triangles in one tile for the quantized BVH");
    tile->triangles.assign(order.begin() + first[c], order.begin() + first[c + 1]);
    tile->indices.reserve(3 * n);
    used.clear();
    for (std::uint32_t t : tile->triangles) {
      for (int k = 0; k < 3; ++k) {
        const std::uint32_t v = mesh_.indices[3 * std::size_t{t} + k];
        if (remap[v] == kNone) {
          remap[v] = static_cast<std::uint32_t>(used.size());
          used.push_back(v);
        }
        tile->indices.push_back(remap[v]);
      }
    }
    double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (std::uint32_t v : used) {
      for (int a = 0; a < 3; ++a) {
        lo[a] = std::min(lo[a], static_cast<double>(mesh_.positions[3 * std::size_t{v} + a]));
        hi[a] = std::max(hi[a], static_cast<double>(mesh_.positions[3 * std::size_t{v} + a]));
      }
    }
    for (int a = 0; a < 3; ++a) {
      tile->centre[a] = 0.5 * (lo[a] + hi[a]);
      tile->lo[a] = lo[a] - kPad;
      tile->hi[a] = hi[a] + kPad;
      lo_[a] = tiles_.empty() ? tile->lo[a] : std::min(lo_[a], tile->lo[a]);
      hi_[a] = tiles_.empty() ? tile->hi[a] : std::max(hi_[a], tile->hi[a]);
    }
    tile->positions.reserve(3 * used.size());
    for (std::uint32_t v : used) {
      for (int a = 0; a < 3; ++a) {
        tile->positions.push_back(static_cast<float>(
            static_cast<double>(mesh_.positions[3 * std::size_t{v} + a]) - tile->centre[a]));
      }
      remap[v] = kNone;
    }

    btIndexedMesh im;
    im.m_numTriangles = static_cast<int>(n);
    im.m_triangleIndexBase = reinterpret_cast<const unsigned char*>(tile->indices.data());
    im.m_triangleIndexStride = 3 * sizeof(std::uint32_t);
    im.m_numVertices = static_cast<int>(used.size());
    im.m_vertexBase = reinterpret_cast<const unsigned char*>(tile->positions.data());
    im.m_vertexStride = 3 * sizeof(float);
    im.m_vertexType = PHY_FLOAT;
    tile->arrays = std::make_unique<btTriangleIndexVertexArray>();
    tile->arrays->addIndexedMesh(im, PHY_INTEGER);
    tile->shape = std::make_unique<btBvhTriangleMeshShape>(tile->arrays.get(),
                                                           /*useQuantizedAabbCompression=*/true,
                                                           /*buildBvh=*/true);
    tiles_.push_back(std::move(tile));
  }

  // Cell → tiles whose (grown) box overlaps the cell, CSR.
  cell_start_.assign(n_cells + 1, 0);
  const auto for_cells = [&](const Tile& t, auto&& f) {
    const std::size_t c0 = cell_of(t.lo[0], t.lo[1]);
    const std::size_t c1 = cell_of(t.hi[0], t.hi[1]);
    const std::size_t nx = static_cast<std::size_t>(grid_.nx);
    for (std::size_t iy = c0 / nx; iy <= c1 / nx; ++iy) {
      for (std::size_t ix = c0 % nx; ix <= c1 % nx; ++ix) f(iy * nx + ix);
    }
  };
  for (const auto& t : tiles_) for_cells(*t, [&](std::size_t c) { ++cell_start_[c + 1]; });
  for (std::size_t c = 0; c < n_cells; ++c) cell_start_[c + 1] += cell_start_[c];
  cell_tiles_.resize(cell_start_[n_cells]);
  std::vector<std::uint32_t> next(cell_start_.begin(), cell_start_.end() - 1);
  for (std::size_t i = 0; i < tiles_.size(); ++i) {
    const Tile& t = *tiles_[i];
    for_cells(t, [&](std::size_t c) {
      cell_tiles_[next[c]++] = {{t.lo[0], t.lo[1], t.lo[2]}, {t.hi[0], t.hi[1], t.hi[2]},
                                static_cast<std::uint32_t>(i)};
    });
  }
}

bool BuildingTiles::cast_tile(const Tile& tile, const Ray& r, double t0, double t1, Hit& hit) const {
  const btVector3 from = local_point(r, t0, tile.centre);
  const btVector3 to = local_point(r, t1, tile.centre);
  NearestTriangle cb(from, to);
  tile.shape->performRaycast(&cb, from, to);  // const in effect: walks the BVH, stackless
  if (!cb.hit()) return false;
  const double t = t0 + static_cast<double>(cb.fraction()) * (t1 - t0);
  if (t >= hit.t) return false;
  const btVector3& n = cb.normal();
  const double len = std::sqrt(double(n.x()) * n.x() + double(n.y()) * n.y() + double(n.z()) * n.z());
  hit.t = t;
  hit.n[0] = n.x() / len;
  hit.n[1] = n.y() / len;
  hit.n[2] = n.z() / len;
  hit.building = mesh_.triangle_building[tile.triangles[static_cast<std::size_t>(cb.triangle())]];
  return true;
}

bool BuildingTiles::ray_cast(const Ray& r, double t0, double t1, Hit& hit) const {
  if (tiles_.empty()) return false;
  t1 = std::min(t1, hit.t);
  if (!clip_to_box(r, lo_, hi_, t0, t1)) return false;
  bool found = false;
  walk_grid(grid_, r, t0, t1, [&](int ix, int iy, double ta, double tb) {
    const std::size_t c = static_cast<std::size_t>(iy) * grid_.nx + ix;
    const double a = std::max(t0, ta - kPad);
    const double b = std::min(t1, tb + kPad);
    for (std::uint32_t k = cell_start_[c]; k < cell_start_[c + 1]; ++k) {
      const CellEntry& e = cell_tiles_[k];
      double ea = a, eb = std::min(b, hit.t);
      if (clip_to_box(r, e.lo, e.hi, ea, eb)) found |= cast_tile(*tiles_[e.tile], r, ea, eb, hit);
    }
    return hit.t <= tb;  // a hit in this cell: every later cell is farther along the ray
  });
  return found;
}

}  // namespace dpt::physics::detail
