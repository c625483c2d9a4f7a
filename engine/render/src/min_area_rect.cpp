// Convex hull and minimum-area enclosing rectangle, for the buildings' coarse level of detail.
#include <algorithm>
#include <cmath>
#include <limits>

#include "dpt/render/scene_geometry.h"

namespace dpt::render {

namespace {
double cross(const geo::Local& o, const geo::Local& a, const geo::Local& b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}
}  // namespace

std::vector<geo::Local> convex_hull(std::vector<geo::Local> p) {
  // Andrew, "Another efficient algorithm for convex hulls in two dimensions", IPL 9(5), 1979.
  std::sort(p.begin(), p.end(), [](const geo::Local& a, const geo::Local& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  p.erase(std::unique(p.begin(), p.end(), [](const geo::Local& a, const geo::Local& b) { return a.x == b.x && a.y == b.y; }),
          p.end());
  if (p.size() < 3) return p;
  std::vector<geo::Local> h(2 * p.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {  // lower hull
    while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0.0) --k;
    h[k++] = p[i];
  }
  for (std::size_t i = p.size() - 1, lower = k + 1; i-- > 0;) {  // upper hull
    while (k >= lower && cross(h[k - 2], h[k - 1], p[i]) <= 0.0) --k;
    h[k++] = p[i];
  }
  h.resize(k - 1);  // the last point repeats the first
  return h;
}

OrientedRect min_area_rect(const std::vector<geo::Local>& points) {
  OrientedRect best;
  if (points.empty()) return best;
  const std::vector<geo::Local> h = convex_hull(points);
  // The minimum-area rectangle has a side collinear with a hull edge (Freeman & Shapira 1975), so
  // trying each edge's direction is exact. Rotating calipers (Toussaint, "Solving geometric
  // problems with the rotating calipers", MELECON 1983) advance the three other supporting
  // vertices monotonically around the hull: O(n) after the hull.
  if (h.size() < 3) {
    // A point or a segment: its own degenerate rectangle along the segment.
    const geo::Local a = h.front(), b = h.back();
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    best.cx = 0.5 * (a.x + b.x);
    best.cy = 0.5 * (a.y + b.y);
    if (len > 0.0) {
      best.ux = (b.x - a.x) / len;
      best.uy = (b.y - a.y) / len;
    }
    best.half_u = 0.5 * len;
    return best;
  }
  const std::size_t n = h.size();
  // Relative to the first hull vertex: district coordinates reach tens of km.
  const geo::Local o = h[0];
  const auto dot = [&o](double ax, double ay, const geo::Local& p) { return ax * (p.x - o.x) + ay * (p.y - o.y); };
  double best_area = std::numeric_limits<double>::infinity();
  std::size_t i_max_u = 0, i_max_v = 0, i_min_u = 0;  // supporting vertices, advanced around the hull
  for (std::size_t e = 0; e < n; ++e) {
    const geo::Local& a = h[e];
    const geo::Local& b = h[(e + 1) % n];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const double ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
    const double vx = -uy, vy = ux;  // inward: the hull is counter-clockwise
    if (e == 0) {
      i_max_u = i_max_v = i_min_u = e + 1;
    }
    const auto advance = [&](std::size_t& i, double dx, double dy) {
      while (dot(dx, dy, h[(i + 1) % n]) > dot(dx, dy, h[i % n])) i = (i + 1) % n;
    };
    advance(i_max_u, ux, uy);
    if (e == 0) i_max_v = i_max_u;
    advance(i_max_v, vx, vy);
    if (e == 0) i_min_u = i_max_v;
    advance(i_min_u, -ux, -uy);
    const double u0 = dot(ux, uy, h[i_min_u % n]), u1 = dot(ux, uy, h[i_max_u % n]);
    const double v0 = dot(vx, vy, a), v1 = dot(vx, vy, h[i_max_v % n]);
    const double area = (u1 - u0) * (v1 - v0);
    if (area < best_area) {
      best_area = area;
      const double cu = 0.5 * (u0 + u1), cv = 0.5 * (v0 + v1);
      best.cx = o.x + cu * ux + cv * vx;
      best.cy = o.y + cu * uy + cv * vy;
      best.ux = ux;
      best.uy = uy;
      best.half_u = 0.5 * (u1 - u0);
      best.half_v = 0.5 * (v1 - v0);
    }
  }
  return best;
}

}  // namespace dpt::render
