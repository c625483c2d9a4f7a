#pragma once
// Small double-precision helpers shared by the terrain and building ray casts: the ray/box slab
// test and an ordered walk through the cells of a uniform 2D grid. Header-only so that the
// per-ray loops inline (no allocation, no virtual calls).
#include <algorithm>
#include <cmath>
#include <limits>

#include <LinearMath/btVector3.h>

namespace dpt::physics::detail {

// Nearest hit found so far along a unit-direction ray: t in metres from the ray origin.
struct Hit {
  double t = std::numeric_limits<double>::infinity();
  double n[3] = {0.0, 0.0, 0.0};
  long long building = -1;
};

// A ray p(t) = o + t*d with unit d, and the reciprocal of d for the slab tests.
struct Ray {
  double o[3];
  double d[3];
  double inv[3];
};

// Clips [t0, t1] to the axis-aligned box [lo, hi] (slab test: Kay & Kajiya, "Ray tracing complex
// scenes", SIGGRAPH 1986). Returns false when the clipped interval is empty.
inline bool clip_to_box(const Ray& r, const double lo[3], const double hi[3], double& t0,
                        double& t1) {
  for (int a = 0; a < 3; ++a) {
    if (r.d[a] == 0.0) {
      if (r.o[a] < lo[a] || r.o[a] > hi[a]) return false;
      continue;
    }
    double ta = (lo[a] - r.o[a]) * r.inv[a];
    double tb = (hi[a] - r.o[a]) * r.inv[a];
    if (ta > tb) std::swap(ta, tb);
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
    if (t0 > t1) return false;
  }
  return true;
}

// A uniform grid of nx × ny cells of size cx × cy whose cell (0, 0) starts at (x0, y0).
struct Grid2 {
  double x0 = 0.0, y0 = 0.0;
  double cx = 1.0, cy = 1.0;
  int nx = 0, ny = 0;
};

// Visits the cells the segment r(t), t in [t0, t1], crosses, in order of t, as
// visit(ix, iy, t_in, t_out); the visitor returns true to stop. The segment must already be
// clipped to the grid's rectangle (rounding is tolerated: indices are clamped). Amanatides & Woo,
// "A fast voxel traversal algorithm for ray tracing", Eurographics 1987.
template <class Visit>
void walk_grid(const Grid2& g, const Ray& r, double t0, double t1, Visit&& visit) {
  if (g.nx <= 0 || g.ny <= 0 || !(t0 <= t1)) return;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double px = r.o[0] + t0 * r.d[0];
  const double py = r.o[1] + t0 * r.d[1];
  int ix = std::clamp(static_cast<int>(std::floor((px - g.x0) / g.cx)), 0, g.nx - 1);
  int iy = std::clamp(static_cast<int>(std::floor((py - g.y0) / g.cy)), 0, g.ny - 1);
  const int sx = r.d[0] > 0.0 ? 1 : (r.d[0] < 0.0 ? -1 : 0);
  const int sy = r.d[1] > 0.0 ? 1 : (r.d[1] < 0.0 ? -1 : 0);
  // t at which the ray crosses the next cell boundary in x (y), and the t per cell.
  double tx = sx == 0 ? kInf : (g.x0 + (ix + (sx > 0 ? 1 : 0)) * g.cx - r.o[0]) * r.inv[0];
  double ty = sy == 0 ? kInf : (g.y0 + (iy + (sy > 0 ? 1 : 0)) * g.cy - r.o[1]) * r.inv[1];
  const double dtx = sx == 0 ? kInf : g.cx * std::abs(r.inv[0]);
  const double dty = sy == 0 ? kInf : g.cy * std::abs(r.inv[1]);
  double t_in = t0;
  for (;;) {
    const double t_out = std::min({tx, ty, t1});
    if (visit(ix, iy, t_in, std::max(t_in, t_out))) return;
    if (t_out >= t1) return;
    if (tx < ty) {
      ix += sx;
      t_in = tx;
      tx += dtx;
    } else {
      iy += sy;
      t_in = ty;
      ty += dty;
    }
    if (ix < 0 || ix >= g.nx || iy < 0 || iy >= g.ny) return;
  }
}

// A point of the ray relative to `centre`, as Bullet's float vector (the shapes live in frames
// centred on themselves, so float keeps sub-millimetre resolution).
inline btVector3 local_point(const Ray& r, double t, const double centre[3]) {
  return btVector3(static_cast<btScalar>(r.o[0] + t * r.d[0] - centre[0]),
                   static_cast<btScalar>(r.o[1] + t * r.d[1] - centre[1]),
                   static_cast<btScalar>(r.o[2] + t * r.d[2] - centre[2]));
}

}  // namespace dpt::physics::detail
