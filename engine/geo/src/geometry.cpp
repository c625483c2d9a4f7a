#include "dpt/geo/geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dpt::geo {

double signed_area(const Ring& r) {
  // Shoelace formula, relative to the first vertex to keep precision far from the origin.
  if (r.size() < 3) return 0.0;
  const Local o = r[0];
  double twice = 0.0;
  for (std::size_t i = 1; i + 1 < r.size(); ++i) {
    const double ax = r[i].x - o.x, ay = r[i].y - o.y;
    const double bx = r[i + 1].x - o.x, by = r[i + 1].y - o.y;
    twice += ax * by - bx * ay;
  }
  return 0.5 * twice;
}

double area(const Polygon& p) {
  double a = std::abs(signed_area(p.outer));
  for (const Ring& h : p.holes) a -= std::abs(signed_area(h));
  return std::max(a, 0.0);
}

double length(const LineString& l) {
  double s = 0.0;
  for (std::size_t i = 1; i < l.size(); ++i) s += std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
  return s;
}

Box bounds(const std::vector<Local>& pts) {
  if (pts.empty()) return {};
  constexpr double inf = std::numeric_limits<double>::infinity();
  Box b{inf, inf, -inf, -inf};
  for (const Local& p : pts) {
    b.min_x = std::min(b.min_x, p.x);
    b.min_y = std::min(b.min_y, p.y);
    b.max_x = std::max(b.max_x, p.x);
    b.max_y = std::max(b.max_y, p.y);
  }
  return b;
}

bool point_in_ring(const Ring& r, Local p) {
  // Crossing number (even-odd), W. R. Franklin's PNPOLY formulation.
  bool inside = false;
  const std::size_t n = r.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Local& a = r[i];
    const Local& b = r[j];
    if ((a.y > p.y) != (b.y > p.y)) {
      const double x = (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x;
      if (p.x < x) inside = !inside;
    }
  }
  return inside;
}

bool point_in_polygon(const Polygon& poly, Local p) {
  if (!point_in_ring(poly.outer, p)) return false;
  for (const Ring& h : poly.holes)
    if (point_in_ring(h, p)) return false;
  return true;
}

void normalise_orientation(Polygon& p) {
  if (signed_area(p.outer) < 0.0) std::reverse(p.outer.begin(), p.outer.end());
  for (Ring& h : p.holes)
    if (signed_area(h) > 0.0) std::reverse(h.begin(), h.end());
}

}  // namespace dpt::geo
