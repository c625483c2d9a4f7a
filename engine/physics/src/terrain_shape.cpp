#include "terrain_shape.h"

#include <BulletCollision/CollisionShapes/btHeightfieldTerrainShape.h>

#include <cmath>

#include "nearest_triangle.h"

namespace dpt::physics::detail {

namespace {
// Slack (m) on the z extent and between chunk pieces: a flat field has a box of zero height, and
// a hit exactly on a chunk border must fall inside one of the two pieces.
constexpr double kPad = 0.05;
constexpr double kEdgeNudge = 1e-4;  // m
}  // namespace

TerrainShape::TerrainShape() = default;
TerrainShape::~TerrainShape() = default;

void TerrainShape::build(const geo::HeightGrid& g) {
  shape_.reset();
  heights_.clear();
  chunk_range_.clear();
  coarse_range_.clear();
  if (g.nx < 2 || g.ny < 2 || g.z.size() != static_cast<std::size_t>(g.nx) * g.ny) return;
  nx_ = g.nx;
  ny_ = g.ny;

  // Bullet's row y grows with its local +y; ours grow south while y grows north: flip the rows so
  // that Bullet row jj is our row ny-1-jj.
  float zmin = INFINITY, zmax = -INFINITY;
  for (float v : g.z) {
    if (std::isfinite(v)) {
      zmin = std::min(zmin, v);
      zmax = std::max(zmax, v);
    }
  }
  if (!(zmin <= zmax)) return;  // all nodata
  heights_.resize(g.z.size());
  for (int jj = 0; jj < ny_; ++jj) {
    const int j = ny_ - 1 - jj;
    for (int i = 0; i < nx_; ++i) {
      const float v = g.at(i, j);
      // A loaded district has no NaN (holes are filled at import); a stray one becomes the floor
      // rather than poisoning the triangles around it.
      heights_[static_cast<std::size_t>(jj) * nx_ + i] = std::isfinite(v) ? v : zmin;
    }
  }

  shape_ = std::make_unique<btHeightfieldTerrainShape>(nx_, ny_, heights_.data(), zmin, zmax,
                                                       /*upAxis=*/2, /*flipQuadEdges=*/false);
  shape_->setLocalScaling(btVector3(static_cast<btScalar>(g.dx), static_cast<btScalar>(g.dy), 1));

  // Bullet puts its local origin at the middle of the field's box (btHeightfieldTerrainShape.h:
  // "the heights will be adjusted relative to the center of the AABB"); vertex (i, jj) sits at
  // ((i - (nx-1)/2)·dx, (jj - (ny-1)/2)·dy, h - (zmin+zmax)/2). The z offset is computed in float
  // exactly as Bullet does, so that the two agree to the bit.
  const double y_south = g.y0 - (ny_ - 1) * g.dy;
  centre_[0] = g.x0 + 0.5 * (nx_ - 1) * g.dx;
  centre_[1] = y_south + 0.5 * (ny_ - 1) * g.dy;
  centre_[2] = static_cast<double>(0.5f * (zmin + zmax));
  lo_[0] = g.x0;
  lo_[1] = y_south;
  lo_[2] = zmin - kPad;
  hi_[0] = g.x0 + (nx_ - 1) * g.dx;
  hi_[1] = g.y0;
  hi_[2] = zmax + kPad;

  // Min/max of each chunk of kChunkCells² cells, including the samples on its far edges.
  chunks_.x0 = g.x0;
  chunks_.y0 = y_south;
  chunks_.cx = kChunkCells * g.dx;
  chunks_.cy = kChunkCells * g.dy;
  chunks_.nx = (nx_ - 1 + kChunkCells - 1) / kChunkCells;
  chunks_.ny = (ny_ - 1 + kChunkCells - 1) / kChunkCells;
  chunk_range_.assign(static_cast<std::size_t>(chunks_.nx) * chunks_.ny, Range{INFINITY, -INFINITY});
  for (int cj = 0; cj < chunks_.ny; ++cj) {
    for (int ci = 0; ci < chunks_.nx; ++ci) {
      const std::size_t c = static_cast<std::size_t>(cj) * chunks_.nx + ci;
      const int i_end = std::min(ci * kChunkCells + kChunkCells, nx_ - 1);
      const int j_end = std::min(cj * kChunkCells + kChunkCells, ny_ - 1);
      for (int jj = cj * kChunkCells; jj <= j_end; ++jj) {
        for (int i = ci * kChunkCells; i <= i_end; ++i) {
          const float v = heights_[static_cast<std::size_t>(jj) * nx_ + i];
          chunk_range_[c].lo = std::min(chunk_range_[c].lo, v);
          chunk_range_[c].hi = std::max(chunk_range_[c].hi, v);
        }
      }
    }
  }
  // Every cell's own range (its four samples).
  cells_ = chunks_;
  cells_.cx = g.dx;
  cells_.cy = g.dy;
  cells_.nx = nx_ - 1;
  cells_.ny = ny_ - 1;
  cell_range_.resize(static_cast<std::size_t>(cells_.nx) * cells_.ny);
  for (int jj = 0; jj < cells_.ny; ++jj) {
    for (int i = 0; i < cells_.nx; ++i) {
      const float* row0 = &heights_[static_cast<std::size_t>(jj) * nx_ + i];
      const float* row1 = row0 + nx_;
      cell_range_[static_cast<std::size_t>(jj) * cells_.nx + i] = {std::min({row0[0], row0[1], row1[0], row1[1]}),
                                                                  std::max({row0[0], row0[1], row1[0], row1[1]})};
    }
  }
  // The coarse level: kCoarseChunks² chunks each, their ranges merged.
  coarse_ = chunks_;
  coarse_.cx *= kCoarseChunks;
  coarse_.cy *= kCoarseChunks;
  coarse_.nx = (chunks_.nx + kCoarseChunks - 1) / kCoarseChunks;
  coarse_.ny = (chunks_.ny + kCoarseChunks - 1) / kCoarseChunks;
  coarse_range_.assign(static_cast<std::size_t>(coarse_.nx) * coarse_.ny, Range{INFINITY, -INFINITY});
  for (int cj = 0; cj < chunks_.ny; ++cj) {
    for (int ci = 0; ci < chunks_.nx; ++ci) {
      const Range f = chunk_range_[static_cast<std::size_t>(cj) * chunks_.nx + ci];
      Range& c = coarse_range_[static_cast<std::size_t>(cj / kCoarseChunks) * coarse_.nx + ci / kCoarseChunks];
      c.lo = std::min(c.lo, f.lo);
      c.hi = std::max(c.hi, f.hi);
    }
  }
}

bool TerrainShape::ray_cast(const Ray& r, double t0, double t1, Hit& hit) const {
  if (!shape_) return false;
  t1 = std::min(t1, hit.t);
  // Segment clipping to the field's box, which also bounds it by the highest and lowest sample.
  if (!clip_to_box(r, lo_, hi_, t0, t1)) return false;
  bool found = false;
  // Coarse chunks, then the fine chunks inside those the ray meets in height, in ray order; the
  // first fine chunk with a hit ends both walks (every later chunk is farther along the ray).
  walk_grid(coarse_, r, t0, t1, [&](int ci, int cj, double ta, double tb) {
    double a = std::max(t0, ta - kPad);
    double b = std::min(t1, tb + kPad);
    if (!clip_to_heights(r, coarse_range_[static_cast<std::size_t>(cj) * coarse_.nx + ci], a, b)) {
      return false;
    }
    walk_grid(chunks_, r, a, b, [&](int fi, int fj, double fa, double fb) {
      double a2 = std::max(a, fa - kPad);
      double b2 = std::min(b, fb + kPad);
      if (!clip_to_heights(r, chunk_range_[static_cast<std::size_t>(fj) * chunks_.nx + fi], a2, b2)) {
        return false;
      }
      found = cast_piece(r, a2, b2, hit);
      return found;
    });
    return found;
  });
  return found;
}

bool TerrainShape::clip_to_heights(const Ray& r, Range range, double& a, double& b) {
  // Only the part of a piece within the chunk's height range can hit: Bullet walks every cell of
  // the segment it is given (it does not stop at the first hit), so this is the saving.
  const double lo = range.lo - kPad, hi = range.hi + kPad;
  if (r.d[2] == 0.0) return a <= b && r.o[2] >= lo && r.o[2] <= hi;
  double ta = (lo - r.o[2]) * r.inv[2];
  double tb = (hi - r.o[2]) * r.inv[2];
  if (ta > tb) std::swap(ta, tb);
  a = std::max(a, ta);
  b = std::min(b, tb);
  return a <= b;
}

bool TerrainShape::cast_piece(const Ray& r, double a, double b, Hit& hit) const {
  btVector3 from = local_point(r, a, centre_);
  btVector3 to = local_point(r, b, centre_);
  // Bullet gives a point on the east (north) edge to the cell beyond the grid, which it skips: a
  // piece lying wholly on that edge (a vertical ray there) moves 0.1 mm inside.
  for (int axis = 0; axis < 2; ++axis) {
    const auto edge = static_cast<btScalar>(hi_[axis] - centre_[axis] - kEdgeNudge);
    if (from[axis] >= edge && to[axis] >= edge) {
      from[axis] -= static_cast<btScalar>(kEdgeNudge);
      to[axis] -= static_cast<btScalar>(kEdgeNudge);
    }
  }
  NearestTriangle cb(from, to);
  const auto nudged = [&](double t) {
    btVector3 p = local_point(r, t, centre_);
    for (int axis = 0; axis < 2; ++axis) {
      if (from[axis] != local_point(r, a, centre_)[axis]) p[axis] -= static_cast<btScalar>(kEdgeNudge);
    }
    return p;
  };
  // Runs of consecutive cells the ray meets in height, nearest first; a hit before the next run
  // ends the piece.
  double run_a = 0.0, run_b = -1.0;
  bool done = false;
  const auto flush = [&](double next_a) {
    if (run_b < run_a) return;
    shape_->performRaycast(&cb, nudged(std::max(a, run_a - kPad)), nudged(std::min(b, run_b + kPad)));
    run_b = run_a - 1.0;
    if (cb.hit() && a + static_cast<double>(cb.fraction()) * (b - a) < next_a - kPad) done = true;
  };
  walk_grid(cells_, r, a, b, [&](int ix, int iy, double ta, double tb) {
    double ca = std::max(a, ta - kPad), cb_ = std::min(b, tb + kPad);
    if (!clip_to_heights(r, cell_range_[static_cast<std::size_t>(iy) * cells_.nx + ix], ca, cb_)) return false;
    if (run_b >= run_a && ca <= run_b + kPad) {
      run_b = std::max(run_b, cb_);
      return false;
    }
    flush(ca);
    if (done) return true;
    run_a = ca;
    run_b = cb_;
    return false;
  });
  if (!done) flush(INFINITY);
  return take_nearer(cb, a, b, -1, hit);
}

std::size_t TerrainShape::triangle_count() const {
  return shape_ ? 2 * static_cast<std::size_t>(nx_ - 1) * static_cast<std::size_t>(ny_ - 1) : 0;
}

}  // namespace dpt::physics::detail
