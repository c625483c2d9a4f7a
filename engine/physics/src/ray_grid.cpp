#include "ray_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "dpt/core/assert.h"

namespace dpt::physics::detail {

namespace {
// Slack (m) around cluster boxes and on the height tests, so that a face on a box's side or a hit
// on a cell border is not lost to rounding (float boxes at 30 km round by 2 mm at most).
constexpr double kPad = 0.05;
// Barycentric slack: a ray through the edge between two triangles meets at least one of them.
constexpr double kBaryEps = 1e-7;

float round_down(double v) {
  const auto f = static_cast<float>(v);
  return static_cast<double>(f) <= v ? f : std::nextafter(f, -INFINITY);
}
float round_up(double v) {
  const auto f = static_cast<float>(v);
  return static_cast<double>(f) >= v ? f : std::nextafter(f, INFINITY);
}

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

// True when the ray on [a, b] stays above `top` (it is a line: its lowest point is an end).
inline bool above(const Ray& r, double a, double b, float top) {
  return std::min(r.o[2] + a * r.d[2], r.o[2] + b * r.d[2]) > static_cast<double>(top) + kPad;
}

// The slab test of clip_to_box on a float box.
inline bool clip_to_fbox(const Ray& r, const float lo[3], const float hi[3], double& t0, double& t1) {
  const double l[3] = {lo[0], lo[1], lo[2]}, h[3] = {hi[0], hi[1], hi[2]};
  return clip_to_box(r, l, h, t0, t1);
}

// The normal n (any length) as a unit vector facing the ray's origin (both faces are hit).
void set_facing_normal(const Ray& r, double nx, double ny, double nz, Hit& hit) {
  const double len = std::sqrt(nx * nx + ny * ny + nz * nz);
  const double s = (nx * r.d[0] + ny * r.d[1] + nz * r.d[2] > 0.0 ? -1.0 : 1.0) / len;
  hit.n[0] = s * nx;
  hit.n[1] = s * ny;
  hit.n[2] = s * nz;
}
}  // namespace

void RayGrid::build(const geo::HeightGrid& terrain, const world::Mesh& buildings) {
  *this = RayGrid{};
  build_terrain(terrain);
  std::vector<double> boxes;  // 6 per cluster: lo, hi (padded)
  build_clusters(buildings, boxes);
  build_cells(boxes);
}

void RayGrid::build_terrain(const geo::HeightGrid& g) {
  if (g.nx < 2 || g.ny < 2 || g.z.size() != static_cast<std::size_t>(g.nx) * g.ny) return;
  float zmin = INFINITY;
  for (float v : g.z) {
    if (std::isfinite(v)) zmin = std::min(zmin, v);
  }
  if (!std::isfinite(zmin)) return;  // all nodata
  tnx_ = g.nx;
  tny_ = g.ny;
  tdx_ = g.dx;
  tdy_ = g.dy;
  tx0_ = g.x0;
  ty0_ = g.y0 - (g.ny - 1) * g.dy;
  heights_.resize(g.z.size());
  for (int jj = 0; jj < tny_; ++jj) {
    for (int i = 0; i < tnx_; ++i) {
      // Rows from the south; a stray NaN (a loaded district has none) becomes the floor, as in
      // TerrainShape.
      const float v = g.at(i, tny_ - 1 - jj);
      heights_[static_cast<std::size_t>(jj) * tnx_ + i] = std::isfinite(v) ? v : zmin;
    }
  }
}

void RayGrid::build_clusters(const world::Mesh& mesh, std::vector<double>& boxes) {
  const std::size_t n_tri = mesh.triangle_count();
  if (n_tri == 0) return;
  DPT_ASSERT(mesh.triangle_building.size() == n_tri, "one building per mesh triangle");
  // Triangles grouped by building (counting sort, stable).
  const std::uint32_t n_bld = *std::max_element(mesh.triangle_building.begin(), mesh.triangle_building.end()) + 1;
  std::vector<std::uint32_t> first(std::size_t{n_bld} + 1, 0);
  for (std::size_t t = 0; t < n_tri; ++t) ++first[mesh.triangle_building[t] + 1];
  for (std::size_t b = 0; b < n_bld; ++b) first[b + 1] += first[b];
  std::vector<std::uint32_t> order(n_tri);
  {
    std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
    for (std::size_t t = 0; t < n_tri; ++t) order[next[mesh.triangle_building[t]]++] = static_cast<std::uint32_t>(t);
  }
  const auto vertex = [&](std::uint32_t tri, int k, int axis) {
    return static_cast<double>(mesh.positions[3 * std::size_t{mesh.indices[3 * std::size_t{tri} + k]} + axis]);
  };
  tris_.reserve(n_tri);
  for (std::uint32_t b = 0; b < n_bld; ++b) {
    const auto begin = order.begin() + first[b], end = order.begin() + first[b + 1];
    const auto n = static_cast<std::uint32_t>(end - begin);
    if (n == 0) continue;
    if (n > kClusterTriangles) {
      // Along the building's longer side, by triangle centroid.
      double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
      for (auto it = begin; it != end; ++it) {
        for (int k = 0; k < 3; ++k) {
          for (int a = 0; a < 2; ++a) {
            lo[a] = std::min(lo[a], vertex(*it, k, a));
            hi[a] = std::max(hi[a], vertex(*it, k, a));
          }
        }
      }
      const int axis = hi[0] - lo[0] >= hi[1] - lo[1] ? 0 : 1;
      const auto key = [&](std::uint32_t t) { return vertex(t, 0, axis) + vertex(t, 1, axis) + vertex(t, 2, axis); };
      std::stable_sort(begin, end, [&](std::uint32_t x, std::uint32_t y) { return key(x) < key(y); });
    }
    const std::uint32_t n_clusters = (n + kClusterTriangles - 1) / kClusterTriangles;
    for (std::uint32_t c = 0; c < n_clusters; ++c) {
      // Even sizes: 33 triangles make clusters of 17 and 16, not 32 and 1.
      const auto c_begin = begin + static_cast<std::ptrdiff_t>(std::uint64_t{n} * c / n_clusters);
      const auto c_end = begin + static_cast<std::ptrdiff_t>(std::uint64_t{n} * (c + 1) / n_clusters);
      double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
      for (auto it = c_begin; it != c_end; ++it) {
        for (int k = 0; k < 3; ++k) {
          for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], vertex(*it, k, a));
            hi[a] = std::max(hi[a], vertex(*it, k, a));
          }
        }
      }
      Cluster cl{};
      for (int a = 0; a < 3; ++a) cl.centre[a] = 0.5 * (lo[a] + hi[a]);
      cl.first_tri = static_cast<std::uint32_t>(tris_.size());
      cl.tri_count = static_cast<std::uint32_t>(c_end - c_begin);
      cl.building = b;
      for (auto it = c_begin; it != c_end; ++it) {
        Tri t{};
        for (int a = 0; a < 3; ++a) {
          const double v0 = vertex(*it, 0, a);
          t.v0[a] = static_cast<float>(v0 - cl.centre[a]);
          t.e1[a] = static_cast<float>(vertex(*it, 1, a) - v0);
          t.e2[a] = static_cast<float>(vertex(*it, 2, a) - v0);
        }
        tris_.push_back(t);
      }
      clusters_.push_back(cl);
      for (int a = 0; a < 3; ++a) boxes.push_back(lo[a] - kPad);
      for (int a = 0; a < 3; ++a) boxes.push_back(hi[a] + kPad);
    }
  }
}

void RayGrid::build_cells(const std::vector<double>& boxes) {
  const std::size_t n_cl = clusters_.size();
  const bool has_terrain = !heights_.empty();
  if (!has_terrain && n_cl == 0) return;
  // Extent of everything: the terrain's samples and the clusters' boxes.
  double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
  if (has_terrain) {
    const auto [zlo, zhi] = std::minmax_element(heights_.begin(), heights_.end());
    const double tlo[3] = {tx0_, ty0_, *zlo}, thi[3] = {tx0_ + (tnx_ - 1) * tdx_, ty0_ + (tny_ - 1) * tdy_, *zhi};
    for (int a = 0; a < 3; ++a) {
      lo[a] = tlo[a];
      hi[a] = thi[a];
    }
  }
  for (std::size_t c = 0; c < n_cl; ++c) {
    for (int a = 0; a < 3; ++a) {
      lo[a] = std::min(lo[a], boxes[6 * c + a]);
      hi[a] = std::max(hi[a], boxes[6 * c + 3 + a]);
    }
  }
  // Cells: the terrain's, on its lattice, as many as cover the extent; else kCellNoTerrainM.
  const double ox = has_terrain ? tx0_ : lo[0], oy = has_terrain ? ty0_ : lo[1];
  const double cx = has_terrain ? tdx_ : kCellNoTerrainM, cy = has_terrain ? tdy_ : kCellNoTerrainM;
  const int i_lo = static_cast<int>(std::floor((lo[0] - ox) / cx));
  const int j_lo = static_cast<int>(std::floor((lo[1] - oy) / cy));
  const int i_hi = std::max(i_lo + 1, static_cast<int>(std::ceil((hi[0] - ox) / cx)));
  const int j_hi = std::max(j_lo + 1, static_cast<int>(std::ceil((hi[1] - oy) / cy)));
  cells_.x0 = ox + i_lo * cx;
  cells_.y0 = oy + j_lo * cy;
  cells_.cx = cx;
  cells_.cy = cy;
  cells_.nx = i_hi - i_lo;
  cells_.ny = j_hi - j_lo;
  ti0_ = -i_lo;
  tj0_ = -j_lo;
  lo_[0] = cells_.x0;
  lo_[1] = cells_.y0;
  lo_[2] = lo[2] - kPad;
  hi_[0] = cells_.x0 + cells_.nx * cx;
  hi_[1] = cells_.y0 + cells_.ny * cy;
  hi_[2] = hi[2] + kPad;

  // The highest point in each cell: its terrain samples, its clusters' tops.
  const std::size_t n_cells = static_cast<std::size_t>(cells_.nx) * cells_.ny;
  cell_top_.assign(n_cells, -INFINITY);
  for (int tj = 0; tj + 1 < tny_; ++tj) {
    for (int ti = 0; ti + 1 < tnx_; ++ti) {
      const float* row0 = &heights_[static_cast<std::size_t>(tj) * tnx_ + ti];
      const float* row1 = row0 + tnx_;
      cell_top_[static_cast<std::size_t>(tj + tj0_) * cells_.nx + (ti + ti0_)] =
          std::max({row0[0], row0[1], row1[0], row1[1]});
    }
  }
  // Cluster lists (CSR), each cluster in every cell its box overlaps.
  cell_start_.assign(n_cells + 1, 0);
  for (std::size_t c = 0; c < n_cl; ++c) {
    for_cells(cells_, &boxes[6 * c], &boxes[6 * c + 3], [&](std::size_t cell) {
      ++cell_start_[cell + 1];
      cell_top_[cell] = std::max(cell_top_[cell], round_up(boxes[6 * c + 5]));
    });
  }
  for (std::size_t c = 0; c < n_cells; ++c) cell_start_[c + 1] += cell_start_[c];
  entries_.resize(cell_start_[n_cells]);
  std::vector<std::uint32_t> next(cell_start_.begin(), cell_start_.end() - 1);
  for (std::size_t c = 0; c < n_cl; ++c) {
    Entry e{};
    for (int a = 0; a < 3; ++a) {
      e.lo[a] = round_down(boxes[6 * c + a]);
      e.hi[a] = round_up(boxes[6 * c + 3 + a]);
    }
    e.cluster = static_cast<std::uint32_t>(c);
    for_cells(cells_, &boxes[6 * c], &boxes[6 * c + 3], [&](std::size_t cell) { entries_[next[cell]++] = e; });
  }

  // Blocks of kBlockCells² cells, with the highest point of each.
  blocks_ = cells_;
  blocks_.cx *= kBlockCells;
  blocks_.cy *= kBlockCells;
  blocks_.nx = (cells_.nx + kBlockCells - 1) / kBlockCells;
  blocks_.ny = (cells_.ny + kBlockCells - 1) / kBlockCells;
  block_top_.assign(static_cast<std::size_t>(blocks_.nx) * blocks_.ny, -INFINITY);
  for (int j = 0; j < cells_.ny; ++j) {
    for (int i = 0; i < cells_.nx; ++i) {
      float& top = block_top_[static_cast<std::size_t>(j / kBlockCells) * blocks_.nx + i / kBlockCells];
      top = std::max(top, cell_top_[static_cast<std::size_t>(j) * cells_.nx + i]);
    }
  }
}

bool RayGrid::ray_cast(const Ray& r, double t0, double t1, Hit& hit) const {
  if (empty()) return false;
  t1 = std::min(t1, hit.t);
  if (!clip_to_box(r, lo_, hi_, t0, t1)) return false;
  // The nearest hit so far, bounded by t1: only nearer ones are taken.
  Hit h = hit;
  h.t = t1;
  const double limit = h.t;
  const double ray_t0 = t0;
  walk_grid(blocks_, r, t0, t1, [&](int bx, int by, double ta, double tb) {
    if (above(r, ta, tb, block_top_[static_cast<std::size_t>(by) * blocks_.nx + bx])) return false;
    bool stop = false;
    walk_grid(cells_, r, ta, tb, [&](int ix, int iy, double ca, double cb) {
      const std::size_t c = static_cast<std::size_t>(iy) * cells_.nx + ix;
      if (above(r, ca, cb, cell_top_[c])) return false;
      cast_cell(r, ix, iy, ca, cb, ray_t0, h);
      // A hit inside this cell: every later cell is farther along the ray.
      stop = h.t <= cb;
      return stop;
    });
    return stop;
  });
  if (!(h.t < limit)) return false;
  hit = h;
  return true;
}

void RayGrid::cast_cell(const Ray& r, int ix, int iy, double ta, double tb, double t0, Hit& hit) const {
  const int ti = ix - ti0_, tj = iy - tj0_;
  if (ti >= 0 && tj >= 0 && ti + 1 < tnx_ && tj + 1 < tny_) cast_terrain_cell(r, ti, tj, ta, tb, t0, hit);
  const std::size_t c = static_cast<std::size_t>(iy) * cells_.nx + ix;
  for (std::uint32_t k = cell_start_[c]; k < cell_start_[c + 1]; ++k) {
    const Entry& e = entries_[k];
    double a = t0, b = hit.t;
    if (!clip_to_fbox(r, e.lo, e.hi, a, b)) continue;
    // Each cluster once: in the cell where the ray enters its box (that cell lists it).
    if (a < ta - kPad || a > tb + kPad) continue;
    cast_cluster(clusters_[e.cluster], r, t0, hit);
  }
}

void RayGrid::cast_terrain_cell(const Ray& r, int ti, int tj, double ta, double tb, double t0, Hit& hit) const {
  const float* row0 = &heights_[static_cast<std::size_t>(tj) * tnx_ + ti];
  const float* row1 = row0 + tnx_;
  const double h00 = row0[0], h10 = row0[1], h01 = row1[0], h11 = row1[1];
  // The ray below the cell's lowest sample all along: nothing to hit (above was tested before).
  if (std::max(r.o[2] + ta * r.d[2], r.o[2] + tb * r.d[2]) < std::min({h00, h10, h01, h11}) - kPad) return;
  // The ray in cell units: u east, v north, both 0..1 over the cell.
  const double ou = (r.o[0] - (tx0_ + ti * tdx_)) / tdx_, du = r.d[0] / tdx_;
  const double ov = (r.o[1] - (ty0_ + tj * tdy_)) / tdy_, dv = r.d[1] / tdy_;
  // Bullet's split (btHeightfieldTerrainShape, no flip, no diamond or zigzag): triangle A =
  // (0,0) (0,1) (1,0), u + v <= 1; triangle B = (1,0) (0,1) (1,1), u + v >= 1. Each is a plane
  // z = p0 + pu·u + pv·v; the ray meets it where f(t) = z(t) - plane(t) = 0, f linear in t.
  const auto try_plane = [&](double p0, double pu, double pv, bool upper) {
    const double f0 = r.o[2] - p0 - pu * ou - pv * ov;
    const double f1 = r.d[2] - pu * du - pv * dv;
    if (f1 == 0.0) return;  // parallel
    const double t = -f0 / f1;
    if (!(t >= t0 && t < hit.t)) return;
    const double u = ou + t * du, v = ov + t * dv;
    if (u < -kBaryEps || v < -kBaryEps || u > 1.0 + kBaryEps || v > 1.0 + kBaryEps) return;
    if (upper ? u + v < 1.0 - kBaryEps : u + v > 1.0 + kBaryEps) return;
    hit.t = t;
    hit.building = -1;
    set_facing_normal(r, -pu / tdx_, -pv / tdy_, 1.0, hit);
  };
  try_plane(h00, h10 - h00, h01 - h00, false);
  // B: z = h11 + (h01 - h11)(1 - u) + (h10 - h11)(1 - v).
  try_plane(h01 + h10 - h11, h11 - h01, h11 - h10, true);
}

void RayGrid::cast_cluster(const Cluster& c, const Ray& r, double t0, Hit& hit) const {
  // Möller & Trumbore, "Fast, minimum storage ray/triangle intersection", JGT 1997, in double,
  // relative to the cluster's centre.
  const double o[3] = {r.o[0] - c.centre[0], r.o[1] - c.centre[1], r.o[2] - c.centre[2]};
  const double* d = r.d;
  const Tri* best = nullptr;
  double best_t = hit.t;
  for (std::uint32_t k = 0; k < c.tri_count; ++k) {
    const Tri& tr = tris_[c.first_tri + k];
    const double e1[3] = {tr.e1[0], tr.e1[1], tr.e1[2]}, e2[3] = {tr.e2[0], tr.e2[1], tr.e2[2]};
    const double p[3] = {d[1] * e2[2] - d[2] * e2[1], d[2] * e2[0] - d[0] * e2[2], d[0] * e2[1] - d[1] * e2[0]};
    const double det = e1[0] * p[0] + e1[1] * p[1] + e1[2] * p[2];
    if (det == 0.0) continue;  // the ray lies in the triangle's plane
    const double inv = 1.0 / det;
    const double s[3] = {o[0] - tr.v0[0], o[1] - tr.v0[1], o[2] - tr.v0[2]};
    const double u = (s[0] * p[0] + s[1] * p[1] + s[2] * p[2]) * inv;
    if (u < -kBaryEps || u > 1.0 + kBaryEps) continue;
    const double q[3] = {s[1] * e1[2] - s[2] * e1[1], s[2] * e1[0] - s[0] * e1[2], s[0] * e1[1] - s[1] * e1[0]};
    const double v = (d[0] * q[0] + d[1] * q[1] + d[2] * q[2]) * inv;
    if (v < -kBaryEps || u + v > 1.0 + kBaryEps) continue;
    const double t = (e2[0] * q[0] + e2[1] * q[1] + e2[2] * q[2]) * inv;
    if (!(t >= t0 && t < best_t)) continue;
    best_t = t;
    best = &tr;
  }
  if (best == nullptr) return;
  hit.t = best_t;
  hit.building = c.building;
  const float* e1 = best->e1;
  const float* e2 = best->e2;
  set_facing_normal(r, double(e1[1]) * e2[2] - double(e1[2]) * e2[1], double(e1[2]) * e2[0] - double(e1[0]) * e2[2],
                    double(e1[0]) * e2[1] - double(e1[1]) * e2[0], hit);
}

}  // namespace dpt::physics::detail
