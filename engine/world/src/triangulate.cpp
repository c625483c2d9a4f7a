// Ear clipping of a polygon with holes.
//
// Holes are first bridged into the outer ring (D. Eberly, "Triangulation by Ear Clipping",
// Geometric Tools 2002, section 3): holes are taken in order of decreasing maximum x; from the
// hole's rightmost vertex M a ray is cast towards +x, the nearest outer edge it hits gives a
// candidate vertex P, and a reflex vertex inside triangle (M, hit, P) with the smallest angle to
// the ray replaces P when there is one. The hole is spliced in as P → M → (hole) → M → P, so the
// two bridge vertices appear twice. Then ears are clipped from a circular doubly-linked list
// (the layout of mapbox/earcut). O(n²), which is fine for building footprints.
//
// Collinear vertices: only strictly convex vertices are clipped, and any vertex lying inside or
// on the candidate ear blocks it, so a vertex in the middle of a straight wall is never skipped
// (the roof stays edge-matched with the walls). Only when no ear is left at all is a zero-area
// vertex dropped without a triangle.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "dpt/world/buildings.h"

namespace dpt::world {
namespace {

struct Node {
  std::uint32_t idx;  // into the concatenated input vertices
  double x, y;
  std::uint32_t prev, next;  // into the node pool
};

class EarClipper {
 public:
  std::vector<Node> pool;
  double eps = 0.0;  // area tolerance (twice the triangle area), scaled to the polygon

  double orient(const Node& a, const Node& b, const Node& c) const {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  }
  static bool same(const Node& a, const Node& b) { return a.x == b.x && a.y == b.y; }

  // Builds a circular list of the points, returns the first node.
  std::uint32_t make_ring(const std::vector<std::pair<std::uint32_t, geo::Local>>& pts) {
    const auto first = static_cast<std::uint32_t>(pool.size());
    const auto n = static_cast<std::uint32_t>(pts.size());
    for (std::uint32_t k = 0; k < n; ++k)
      pool.push_back({pts[k].first, pts[k].second.x, pts[k].second.y, first + (k + n - 1) % n,
                      first + (k + 1) % n});
    return first;
  }

  // Inclusive point-in-triangle (a, b, c counter-clockwise).
  bool in_triangle(const Node& a, const Node& b, const Node& c, const Node& p) const {
    return orient(a, b, p) >= -eps && orient(b, c, p) >= -eps && orient(c, a, p) >= -eps;
  }

  // Whether the direction towards m leaves node a into the polygon's interior.
  bool locally_inside(std::uint32_t a, const Node& m) const {
    const Node& p = pool[pool[a].prev];
    const Node& n = pool[pool[a].next];
    const Node& v = pool[a];
    if (orient(p, v, n) >= 0.0) return orient(p, v, m) >= 0.0 && orient(v, n, m) >= 0.0;
    return orient(p, v, m) >= 0.0 || orient(v, n, m) >= 0.0;
  }

  // The outer vertex that the hole vertex h can be joined to, or UINT32_MAX.
  std::uint32_t find_bridge(std::uint32_t outer, std::uint32_t h) const {
    const Node& m = pool[h];
    double qx = std::numeric_limits<double>::infinity();
    std::uint32_t cand = UINT32_MAX;
    std::uint32_t p = outer;
    do {
      const Node& a = pool[p];
      const Node& b = pool[a.next];
      // Edges that go up (interior on their left, i.e. towards -x) can be hit from inside.
      if (a.y <= m.y && m.y <= b.y && a.y < b.y) {
        const double x = a.x + (m.y - a.y) * (b.x - a.x) / (b.y - a.y);
        if (x >= m.x && x < qx) {
          qx = x;
          if (x == m.x) return m.y == a.y ? p : a.next;  // the hole touches this edge
          cand = a.x > b.x ? p : a.next;
        }
      }
      p = a.next;
    } while (p != outer);
    if (cand == UINT32_MAX) return cand;

    // Reflex vertices inside triangle (M, hit, P) hide P: take the one closest in angle to the ray.
    const Node hit{0, qx, m.y, 0, 0};
    const Node pc = pool[cand];
    std::uint32_t best = cand;
    double best_tan = std::numeric_limits<double>::infinity();
    bool best_inside = locally_inside(cand, m);
    p = cand;
    do {
      const Node& v = pool[p];
      if (v.x >= m.x && v.x <= pc.x && v.x != m.x) {
        const bool inside = m.y < pc.y ? in_triangle(m, hit, pc, v) : in_triangle(m, pc, hit, v);
        if (inside && locally_inside(p, m)) {
          const double t = std::abs(m.y - v.y) / (v.x - m.x);
          const Node& bv = pool[best];
          if (!best_inside || t < best_tan || (t == best_tan && v.x > bv.x)) {
            best = p;
            best_tan = t;
            best_inside = true;
          }
        }
      }
      p = v.next;
    } while (p != cand);
    return best;
  }

  // Splices the hole (starting at h) into the outer list at bridge vertex b: b → h → ... → h' → b'.
  void splice(std::uint32_t h, std::uint32_t b) {
    const auto h2 = static_cast<std::uint32_t>(pool.size());
    pool.push_back(pool[h]);
    const auto b2 = static_cast<std::uint32_t>(pool.size());
    pool.push_back(pool[b]);
    const std::uint32_t hn = pool[h].next;
    const std::uint32_t bp = pool[b].prev;
    pool[h].next = b;
    pool[b].prev = h;
    pool[h2].next = hn;
    pool[hn].prev = h2;
    pool[b2].next = h2;
    pool[h2].prev = b2;
    pool[bp].next = b2;
    pool[b2].prev = bp;
  }

  bool is_ear(std::uint32_t e, bool strict_boundary) const {
    const Node& a = pool[pool[e].prev];
    const Node& b = pool[e];
    const Node& c = pool[pool[e].next];
    if (orient(a, b, c) <= eps) return false;  // reflex or collinear
    const double minx = std::min({a.x, b.x, c.x}), maxx = std::max({a.x, b.x, c.x});
    const double miny = std::min({a.y, b.y, c.y}), maxy = std::max({a.y, b.y, c.y});
    for (std::uint32_t p = c.next; p != b.prev; p = pool[p].next) {
      const Node& v = pool[p];
      if (v.x < minx || v.x > maxx || v.y < miny || v.y > maxy) continue;
      if (same(v, a) || same(v, b) || same(v, c)) continue;
      if (strict_boundary) {
        if (in_triangle(a, b, c, v)) return false;
      } else if (orient(a, b, v) > eps && orient(b, c, v) > eps && orient(c, a, v) > eps) {
        return false;
      }
    }
    return true;
  }

  void remove(std::uint32_t e) {
    pool[pool[e].prev].next = pool[e].next;
    pool[pool[e].next].prev = pool[e].prev;
  }

  bool clip(std::uint32_t start, std::size_t count, std::vector<std::uint32_t>& out) {
    std::uint32_t ear = start;
    std::uint32_t stop = ear;
    int pass = 0;
    while (count > 2) {
      const std::uint32_t prev = pool[ear].prev;
      const std::uint32_t next = pool[ear].next;
      const bool ok = pass == 2 ? std::abs(orient(pool[prev], pool[ear], pool[next])) <= eps
                                : is_ear(ear, pass == 0);
      if (ok) {
        if (pass != 2) {
          out.push_back(pool[prev].idx);
          out.push_back(pool[ear].idx);
          out.push_back(pool[next].idx);
        }
        remove(ear);
        --count;
        ear = next;
        stop = next;
        pass = 0;
        continue;
      }
      ear = next;
      if (ear == stop) {
        if (++pass > 2) return false;  // no ear and nothing degenerate: not a simple polygon
      }
    }
    return true;
  }
};

// Vertices of one ring with their concatenated indices, consecutive duplicates removed.
std::vector<std::pair<std::uint32_t, geo::Local>> clean_ring(const geo::Ring& r, std::uint32_t base) {
  std::vector<std::pair<std::uint32_t, geo::Local>> pts;
  pts.reserve(r.size());
  for (std::size_t k = 0; k < r.size(); ++k) {
    const geo::Local p = r[k];
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return {};
    if (!pts.empty() && pts.back().second.x == p.x && pts.back().second.y == p.y) continue;
    pts.emplace_back(base + static_cast<std::uint32_t>(k), p);
  }
  while (pts.size() > 1 && pts.back().second.x == pts.front().second.x &&
         pts.back().second.y == pts.front().second.y)
    pts.pop_back();
  return pts;
}

double ring_area(const std::vector<std::pair<std::uint32_t, geo::Local>>& pts) {
  geo::Ring r;
  r.reserve(pts.size());
  for (const auto& p : pts) r.push_back(p.second);
  return geo::signed_area(r);
}

}  // namespace

std::vector<std::uint32_t> triangulate(const geo::Polygon& polygon) {
  if (polygon.outer.size() < 3) return {};
  // Work relative to the first vertex: footprints far from the origin keep their precision.
  const geo::Local o = polygon.outer[0];
  auto shifted = [&](std::vector<std::pair<std::uint32_t, geo::Local>> pts) {
    for (auto& p : pts) p.second = {p.second.x - o.x, p.second.y - o.y};
    return pts;
  };
  auto outer = shifted(clean_ring(polygon.outer, 0));
  if (outer.size() < 3) return {};
  const double outer_area = ring_area(outer);
  if (outer_area == 0.0) return {};
  if (outer_area < 0.0) std::reverse(outer.begin(), outer.end());

  const geo::Box box = geo::bounds(polygon.outer);
  const double scale = std::max(box.max_x - box.min_x, box.max_y - box.min_y);
  EarClipper ec;
  ec.eps = 1e-12 * scale * scale;
  std::size_t total = polygon.outer.size();
  for (const auto& h : polygon.holes) total += h.size();
  ec.pool.reserve(total + 2 * polygon.holes.size());
  const std::uint32_t start = ec.make_ring(outer);
  std::size_t count = outer.size();

  // Holes, oriented clockwise, each with its rightmost vertex.
  struct HoleStart {
    std::uint32_t node;
    double max_x;
  };
  std::vector<HoleStart> holes;
  auto base = static_cast<std::uint32_t>(polygon.outer.size());
  for (const geo::Ring& ring : polygon.holes) {
    auto pts = shifted(clean_ring(ring, base));
    base += static_cast<std::uint32_t>(ring.size());
    if (pts.size() < 3) continue;
    const double a = ring_area(pts);
    if (a == 0.0) continue;
    if (a > 0.0) std::reverse(pts.begin(), pts.end());
    std::size_t right = 0;
    for (std::size_t k = 1; k < pts.size(); ++k)
      if (pts[k].second.x > pts[right].second.x ||
          (pts[k].second.x == pts[right].second.x && pts[k].second.y < pts[right].second.y))
        right = k;
    const std::uint32_t first = ec.make_ring(pts);
    holes.push_back({first + static_cast<std::uint32_t>(right), pts[right].second.x});
    count += pts.size() + 2;
  }
  std::stable_sort(holes.begin(), holes.end(),
                   [](const HoleStart& a, const HoleStart& b) { return a.max_x > b.max_x; });
  for (const HoleStart& h : holes) {
    const std::uint32_t bridge = ec.find_bridge(start, h.node);
    if (bridge == UINT32_MAX) return {};  // hole outside the outer ring
    ec.splice(h.node, bridge);
  }

  std::vector<std::uint32_t> out;
  out.reserve(3 * (count - 2));
  if (!ec.clip(start, count, out)) return {};
  return out;
}

}  // namespace dpt::world
