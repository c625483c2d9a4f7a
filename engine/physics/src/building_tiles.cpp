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
// Slack (m) around building and tile boxes and between cell pieces, so that a face on a box's side
// or a hit on a cell border is not lost to rounding (float boxes at 30 km round by 2 mm at most).
constexpr double kPad = 0.01;
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// The quantized BVH packs the triangle index into 21 bits (btQuantizedBvh.h, MAX_NUM_PARTS_IN_BITS).
constexpr std::size_t kMaxPartTriangles = std::size_t{1} << 21;
// Side (m) of the fine cells listing building boxes inside a tile (a house is 10-20 m wide).
constexpr double kFineCellM = 12.5;

float round_down(double v) {
  const auto f = static_cast<float>(v);
  return static_cast<double>(f) <= v ? f : std::nextafter(f, -INFINITY);
}
float round_up(double v) {
  const auto f = static_cast<float>(v);
  return static_cast<double>(f) >= v ? f : std::nextafter(f, INFINITY);
}

// Bullet's own node callback of btBvhTriangleMeshShape::performRaycast (btBvhTriangleMeshShape.cpp,
// MyNodeOverlapCallback), for one float/uint32 mesh of scaling 1: the triangle's vertices, as
// Bullet reads them, to the ray callback.
class PartTriangles final : public btNodeOverlapCallback {
 public:
  PartTriangles(const float* positions, const std::uint32_t* indices, btTriangleCallback* cb)
      : positions_(positions), indices_(indices), cb_(cb) {}
  void processNode(int part, int triangle) override {
    btVector3 v[3];
    const std::uint32_t* idx = indices_ + 3 * static_cast<std::size_t>(triangle);
    for (int j = 2; j >= 0; --j) {
      const float* p = positions_ + 3 * static_cast<std::size_t>(idx[j]);
      v[j] = btVector3(p[0], p[1], p[2]);
    }
    cb_->processTriangle(v, part, triangle);
  }

 private:
  const float* positions_;
  const std::uint32_t* indices_;
  btTriangleCallback* cb_;
};

// The cells of `g` that the box [lo, hi] (x, y) overlaps, clamped to the grid.
template <class F>
void for_cells(const Grid2& g, const double lo[2], const double hi[2], F&& f) {
  const int i0 = std::clamp(static_cast<int>(std::floor((lo[0] - g.x0) / g.cx)), 0, g.nx - 1);
  const int i1 = std::clamp(static_cast<int>(std::floor((hi[0] - g.x0) / g.cx)), 0, g.nx - 1);
  const int j0 = std::clamp(static_cast<int>(std::floor((lo[1] - g.y0) / g.cy)), 0, g.ny - 1);
  const int j1 = std::clamp(static_cast<int>(std::floor((hi[1] - g.y0) / g.cy)), 0, g.ny - 1);
  for (int j = j0; j <= j1; ++j) {
    for (int i = i0; i <= i1; ++i) f(static_cast<std::size_t>(j) * g.nx + i);
  }
}
}  // namespace

BuildingTiles::BuildingTiles() = default;
BuildingTiles::~BuildingTiles() = default;

void BuildingTiles::build(world::Mesh mesh, double tile_size_m) {
  mesh_ = std::move(mesh);
  parts_.clear();
  part_positions_.clear();
  part_indices_.clear();
  tiles_.clear();
  cell_start_.clear();
  cell_tiles_.clear();
  grid_ = Grid2{};
  const std::size_t n_tri = mesh_.triangle_count();
  if (n_tri == 0) return;
  DPT_ASSERT(mesh_.triangle_building.size() == n_tri, "one building per mesh triangle");
  DPT_ASSERT(tile_size_m > 0.0, "tile size must be positive");

  // Triangles grouped by building (counting sort, stable): one BVH each.
  const std::uint32_t n_bld =
      *std::max_element(mesh_.triangle_building.begin(), mesh_.triangle_building.end()) + 1;
  std::vector<std::uint32_t> first(std::size_t{n_bld} + 1, 0);
  for (std::size_t t = 0; t < n_tri; ++t) ++first[mesh_.triangle_building[t] + 1];
  for (std::size_t b = 0; b < n_bld; ++b) first[b + 1] += first[b];
  std::vector<std::uint32_t> order(n_tri);
  {
    std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
    for (std::size_t t = 0; t < n_tri; ++t) order[next[mesh_.triangle_building[t]]++] = static_cast<std::uint32_t>(t);
  }
  build_parts(order, first);

  // Each part's padded box; the extent of all of them.
  std::vector<double> box(6 * parts_.size());
  double ext_lo[3] = {INFINITY, INFINITY, INFINITY}, ext_hi[3] = {-INFINITY, -INFINITY, -INFINITY};
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    const Part& part = parts_[p];
    const std::uint32_t v_end = p + 1 < parts_.size() ? parts_[p + 1].first_vertex
                                                      : static_cast<std::uint32_t>(part_positions_.size() / 3);
    double* lo = &box[6 * p];
    double* hi = lo + 3;
    std::fill(lo, lo + 3, INFINITY);
    std::fill(hi, hi + 3, -INFINITY);
    for (std::uint32_t v = part.first_vertex; v < v_end; ++v) {
      for (int a = 0; a < 3; ++a) {
        const double x = part_positions_[3 * std::size_t{v} + a] + part.centre[a];
        lo[a] = std::min(lo[a], x);
        hi[a] = std::max(hi[a], x);
      }
    }
    for (int a = 0; a < 3; ++a) {
      lo[a] -= kPad;
      hi[a] += kPad;
      ext_lo[a] = std::min(ext_lo[a], lo[a]);
      ext_hi[a] = std::max(ext_hi[a], hi[a]);
    }
  }
  grid_.x0 = ext_lo[0];
  grid_.y0 = ext_lo[1];
  grid_.cx = grid_.cy = tile_size_m;
  grid_.nx = std::max(1, static_cast<int>(std::ceil((ext_hi[0] - ext_lo[0]) / tile_size_m)));
  grid_.ny = std::max(1, static_cast<int>(std::ceil((ext_hi[1] - ext_lo[1]) / tile_size_m)));
  const std::size_t n_cells = static_cast<std::size_t>(grid_.nx) * grid_.ny;

  // Parts grouped by the tile cell of their box's centre.
  std::vector<std::uint32_t> part_cell(parts_.size());
  std::vector<std::uint32_t> tfirst(n_cells + 1, 0);
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    const double c[2] = {0.5 * (box[6 * p] + box[6 * p + 3]), 0.5 * (box[6 * p + 1] + box[6 * p + 4])};
    for_cells(grid_, c, c, [&](std::size_t cell) { part_cell[p] = static_cast<std::uint32_t>(cell); });
    ++tfirst[part_cell[p] + 1];
  }
  for (std::size_t c = 0; c < n_cells; ++c) tfirst[c + 1] += tfirst[c];
  std::vector<std::uint32_t> porder(parts_.size());
  {
    std::vector<std::uint32_t> next(tfirst.begin(), tfirst.end() - 1);
    for (std::size_t p = 0; p < parts_.size(); ++p) porder[next[part_cell[p]]++] = static_cast<std::uint32_t>(p);
  }
  std::vector<Entry> entries;
  for (std::size_t c = 0; c < n_cells; ++c) {
    if (tfirst[c] == tfirst[c + 1]) continue;
    auto tile = std::make_unique<Tile>();
    entries.clear();
    for (std::uint32_t k = tfirst[c]; k < tfirst[c + 1]; ++k) {
      const std::uint32_t p = porder[k];
      const double* lo = &box[6 * p];
      const double* hi = lo + 3;
      Entry e{};
      for (int a = 0; a < 3; ++a) {
        e.lo[a] = round_down(lo[a]);
        e.hi[a] = round_up(hi[a]);
        tile->lo[a] = entries.empty() ? lo[a] : std::min(tile->lo[a], lo[a]);
        tile->hi[a] = entries.empty() ? hi[a] : std::max(tile->hi[a], hi[a]);
      }
      e.part = p;
      entries.push_back(e);
    }
    for (int a = 0; a < 3; ++a) {
      lo_[a] = tiles_.empty() ? tile->lo[a] : std::min(lo_[a], tile->lo[a]);
      hi_[a] = tiles_.empty() ? tile->hi[a] : std::max(hi_[a], tile->hi[a]);
    }
    build_fine_grid(*tile, entries);
    tiles_.push_back(std::move(tile));
  }

  // Tile cell → tiles whose (grown) box overlaps the cell, CSR.
  cell_start_.assign(n_cells + 1, 0);
  for (const auto& t : tiles_) for_cells(grid_, t->lo, t->hi, [&](std::size_t c) { ++cell_start_[c + 1]; });
  for (std::size_t c = 0; c < n_cells; ++c) cell_start_[c + 1] += cell_start_[c];
  cell_tiles_.resize(cell_start_[n_cells]);
  std::vector<std::uint32_t> next(cell_start_.begin(), cell_start_.end() - 1);
  for (std::size_t i = 0; i < tiles_.size(); ++i) {
    const Tile& t = *tiles_[i];
    for_cells(grid_, t.lo, t.hi, [&](std::size_t c) {
      cell_tiles_[next[c]++] = {{t.lo[0], t.lo[1], t.lo[2]}, {t.hi[0], t.hi[1], t.hi[2]},
                                static_cast<std::uint32_t>(i)};
    });
  }
}

void BuildingTiles::build_parts(const std::vector<std::uint32_t>& order, const std::vector<std::uint32_t>& first) {
  const std::size_t n_bld = first.size() - 1;
  std::size_t n_parts = 0;
  for (std::size_t b = 0; b < n_bld; ++b) n_parts += first[b] < first[b + 1];
  parts_.resize(n_parts);  // never resized again: Bullet keeps pointers into the parts
  part_indices_.reserve(mesh_.indices.size());
  std::vector<std::uint32_t> remap(mesh_.positions.size() / 3, kNone);
  std::vector<std::uint32_t> used;  // mesh vertices of the part being built
  std::size_t p = 0;
  for (std::size_t b = 0; b < n_bld; ++b) {
    if (first[b] == first[b + 1]) continue;
    Part& part = parts_[p++];
    DPT_ASSERT(first[b + 1] - first[b] < kMaxPartTriangles, "too many triangles in one building for the quantized BVH");
    part.building = static_cast<std::uint32_t>(b);
    part.first_vertex = static_cast<std::uint32_t>(part_positions_.size() / 3);
    part.first_index = static_cast<std::uint32_t>(part_indices_.size());
    used.clear();
    for (std::uint32_t k = first[b]; k < first[b + 1]; ++k) {
      for (int j = 0; j < 3; ++j) {
        const std::uint32_t v = mesh_.indices[3 * std::size_t{order[k]} + j];
        if (remap[v] == kNone) {
          remap[v] = static_cast<std::uint32_t>(used.size());
          used.push_back(v);
        }
        part_indices_.push_back(remap[v]);
      }
    }
    double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (std::uint32_t v : used) {
      for (int a = 0; a < 3; ++a) {
        lo[a] = std::min(lo[a], static_cast<double>(mesh_.positions[3 * std::size_t{v} + a]));
        hi[a] = std::max(hi[a], static_cast<double>(mesh_.positions[3 * std::size_t{v} + a]));
      }
    }
    for (int a = 0; a < 3; ++a) part.centre[a] = 0.5 * (lo[a] + hi[a]);
    for (std::uint32_t v : used) {
      for (int a = 0; a < 3; ++a) {
        part_positions_.push_back(static_cast<float>(
            static_cast<double>(mesh_.positions[3 * std::size_t{v} + a]) - part.centre[a]));
      }
      remap[v] = kNone;
    }
  }
  // The arrays are complete: now Bullet may point into them.
  for (std::size_t q = 0; q < parts_.size(); ++q) {
    Part& part = parts_[q];
    const std::uint32_t v_end = q + 1 < parts_.size() ? parts_[q + 1].first_vertex
                                                      : static_cast<std::uint32_t>(part_positions_.size() / 3);
    const std::uint32_t i_end = q + 1 < parts_.size() ? parts_[q + 1].first_index
                                                      : static_cast<std::uint32_t>(part_indices_.size());
    btIndexedMesh im;
    im.m_numTriangles = static_cast<int>((i_end - part.first_index) / 3);
    im.m_triangleIndexBase = reinterpret_cast<const unsigned char*>(part_indices_.data() + part.first_index);
    im.m_triangleIndexStride = 3 * sizeof(std::uint32_t);
    im.m_numVertices = static_cast<int>(v_end - part.first_vertex);
    im.m_vertexBase = reinterpret_cast<const unsigned char*>(part_positions_.data() + 3 * std::size_t{part.first_vertex});
    im.m_vertexStride = 3 * sizeof(float);
    im.m_vertexType = PHY_FLOAT;
    part.arrays = std::make_unique<btTriangleIndexVertexArray>();
    part.arrays->addIndexedMesh(im, PHY_INTEGER);
    part.shape = std::make_unique<btBvhTriangleMeshShape>(part.arrays.get(),
                                                          /*useQuantizedAabbCompression=*/true,
                                                          /*buildBvh=*/true);
    part.bvh = part.shape->getOptimizedBvh();
  }
}

void BuildingTiles::build_fine_grid(Tile& tile, const std::vector<Entry>& entries) {
  Grid2& g = tile.fine;
  g.x0 = tile.lo[0];
  g.y0 = tile.lo[1];
  g.cx = g.cy = kFineCellM;
  g.nx = std::max(1, static_cast<int>(std::ceil((tile.hi[0] - tile.lo[0]) / kFineCellM)));
  g.ny = std::max(1, static_cast<int>(std::ceil((tile.hi[1] - tile.lo[1]) / kFineCellM)));
  const std::size_t n_cells = static_cast<std::size_t>(g.nx) * g.ny;
  tile.cell_start.assign(n_cells + 1, 0);
  const auto cells_of = [&](const Entry& e, auto&& f) {
    const double lo[2] = {e.lo[0] - kPad, e.lo[1] - kPad}, hi[2] = {e.hi[0] + kPad, e.hi[1] + kPad};
    for_cells(g, lo, hi, f);
  };
  for (const Entry& e : entries) cells_of(e, [&](std::size_t c) { ++tile.cell_start[c + 1]; });
  for (std::size_t c = 0; c < n_cells; ++c) tile.cell_start[c + 1] += tile.cell_start[c];
  tile.entries.resize(tile.cell_start[n_cells]);
  std::vector<std::uint32_t> next(tile.cell_start.begin(), tile.cell_start.end() - 1);
  for (const Entry& e : entries) cells_of(e, [&](std::size_t c) { tile.entries[next[c]++] = e; });
}

bool BuildingTiles::cast_part(const Part& part, const Ray& r, double a, double b, Hit& hit) const {
  const btVector3 from = local_point(r, a, part.centre);
  const btVector3 to = local_point(r, b, part.centre);
  NearestTriangle cb(from, to);
  PartTriangles triangles(part_positions_.data() + 3 * std::size_t{part.first_vertex},
                          part_indices_.data() + part.first_index, &cb);
  part.bvh->reportRayOverlappingNodex(&triangles, from, to);
  return take_nearer(cb, a, b, part.building, hit);
}

void BuildingTiles::cast_tile(const Tile& tile, const Ray& r, double t0, double t1, Hit& hit) const {
  // Each building is cast once, in the fine cell where the ray enters its box (the entry point
  // lies in that cell, which lists the building); the first cell that ends with a hit inside it
  // ends the walk.
  walk_grid(tile.fine, r, t0, t1, [&](int ix, int iy, double ta, double tb) {
    const std::size_t c = static_cast<std::size_t>(iy) * tile.fine.nx + ix;
    for (std::uint32_t k = tile.cell_start[c]; k < tile.cell_start[c + 1]; ++k) {
      const Entry& e = tile.entries[k];
      const double lo[3] = {e.lo[0], e.lo[1], e.lo[2]}, hi[3] = {e.hi[0], e.hi[1], e.hi[2]};
      double a = t0, b = std::min(t1, hit.t);
      if (!clip_to_box(r, lo, hi, a, b)) continue;
      if (a < ta - kPad || a > tb + kPad) continue;  // entered in an earlier or a later cell
      cast_part(parts_[e.part], r, a, b, hit);
    }
    return hit.t <= tb;
  });
}

bool BuildingTiles::ray_cast(const Ray& r, double t0, double t1, Hit& hit) const {
  if (tiles_.empty()) return false;
  t1 = std::min(t1, hit.t);
  if (!clip_to_box(r, lo_, hi_, t0, t1)) return false;
  const double before = hit.t;
  walk_grid(grid_, r, t0, t1, [&](int ix, int iy, double ta, double tb) {
    const std::size_t c = static_cast<std::size_t>(iy) * grid_.nx + ix;
    const double a = std::max(t0, ta - kPad);
    const double b = std::min(t1, tb + kPad);
    for (std::uint32_t k = cell_start_[c]; k < cell_start_[c + 1]; ++k) {
      const CellEntry& e = cell_tiles_[k];
      double ea = a, eb = std::min(b, hit.t);
      if (clip_to_box(r, e.lo, e.hi, ea, eb)) cast_tile(*tiles_[e.tile], r, ea, eb, hit);
    }
    return hit.t <= tb;  // a hit in this cell: every later cell is farther along the ray
  });
  return hit.t < before;
}

}  // namespace dpt::physics::detail
