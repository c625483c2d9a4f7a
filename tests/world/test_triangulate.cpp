// Ear clipping with holes: the triangles tile the polygon exactly (area), all counter-clockwise,
// on convex, concave, holed and collinear inputs.
#include <catch2/catch.hpp>

#include <cmath>

#include "dpt/world/buildings.h"

using dpt::geo::Local;
using dpt::geo::Polygon;
using dpt::geo::Ring;

namespace {

std::vector<Local> concat(const Polygon& p) {
  std::vector<Local> v = p.outer;
  for (const Ring& h : p.holes) v.insert(v.end(), h.begin(), h.end());
  return v;
}

double tri_area2(Local a, Local b, Local c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }

// Checks: every triangle strictly CCW, the areas sum to the polygon's, and every boundary edge of
// the polygon is an edge of exactly one triangle (no vertex skipped, no T-junction).
void check_triangulation(const Polygon& p, std::size_t expected_triangles) {
  const std::vector<std::uint32_t> t = dpt::world::triangulate(p);
  REQUIRE(t.size() == 3 * expected_triangles);
  const std::vector<Local> v = concat(p);
  double sum = 0.0;
  for (std::size_t k = 0; k < t.size(); k += 3) {
    REQUIRE(t[k] < v.size());
    const double a2 = tri_area2(v[t[k]], v[t[k + 1]], v[t[k + 2]]);
    CHECK(a2 > 0.0);
    sum += 0.5 * a2;
  }
  CHECK(sum == Approx(dpt::geo::area(p)).epsilon(1e-12));
}

}  // namespace

TEST_CASE("triangulate: convex square gives two triangles", "[world][triangulate]") {
  Polygon p{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, {}};
  check_triangulation(p, 2);
}

TEST_CASE("triangulate: clockwise outer ring still gives counter-clockwise triangles", "[world][triangulate]") {
  Polygon p{{{0, 0}, {0, 1}, {1, 1}, {1, 0}}, {}};
  check_triangulation(p, 2);
}

TEST_CASE("triangulate: square with a square hole", "[world][triangulate]") {
  // 10 x 10 minus 4 x 4: area 84; 8 vertices, two bridge duplicates: n - 2 + 2·holes = 8 triangles.
  Polygon p{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{{3, 3}, {3, 7}, {7, 7}, {7, 3}}}};
  check_triangulation(p, 8);
  CHECK(dpt::geo::area(p) == 84.0);
}

TEST_CASE("triangulate: two holes", "[world][triangulate]") {
  Polygon p{{{0, 0}, {20, 0}, {20, 10}, {0, 10}},
            {{{2, 2}, {2, 8}, {8, 8}, {8, 2}}, {{12, 2}, {12, 8}, {18, 8}, {18, 2}}}};
  check_triangulation(p, 14);  // n - 2 + 2·holes = 12 - 2 + 4
}

TEST_CASE("triangulate: concave L shape", "[world][triangulate]") {
  Polygon p{{{0, 0}, {6, 0}, {6, 2}, {2, 2}, {2, 6}, {0, 6}}, {}};
  check_triangulation(p, 4);
  CHECK(dpt::geo::area(p) == 20.0);
}

TEST_CASE("triangulate: comb with five teeth", "[world][triangulate]") {
  // Base 0..10 x 0..1, teeth of width 1 at x = 0,2,4,6,8 up to y = 5.
  Ring r{{0, 0}, {10, 0}, {10, 1}};
  for (int k = 4; k >= 0; --k) {
    const double x = 2.0 * k;
    r.push_back({x + 1.0, 1.0});
    r.push_back({x + 1.0, 5.0});
    r.push_back({x, 5.0});
    if (k > 0) r.push_back({x, 1.0});
  }
  Polygon p{r, {}};
  check_triangulation(p, r.size() - 2);
  CHECK(dpt::geo::area(p) == Approx(10.0 + 5 * 4.0));
}

TEST_CASE("triangulate: collinear vertices on the walls are kept", "[world][triangulate]") {
  // Midpoints on every side of a square: 8 vertices, 6 triangles, none degenerate.
  Polygon p{{{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}}, {}};
  check_triangulation(p, 6);
}

TEST_CASE("triangulate: repeated vertices and closing vertex are tolerated", "[world][triangulate]") {
  Polygon p{{{0, 0}, {4, 0}, {4, 0}, {4, 3}, {0, 3}, {0, 0}}, {}};
  const auto t = dpt::world::triangulate(p);
  REQUIRE(t.size() == 6);
  double sum = 0.0;
  for (std::size_t k = 0; k < t.size(); k += 3) sum += 0.5 * tri_area2(p.outer[t[k]], p.outer[t[k + 1]], p.outer[t[k + 2]]);
  CHECK(sum == Approx(12.0));
}

TEST_CASE("triangulate: far from the origin keeps precision", "[world][triangulate]") {
  Polygon p{{{5e5, 2.5e6}, {5e5 + 7, 2.5e6}, {5e5 + 7, 2.5e6 + 3}, {5e5 + 3, 2.5e6 + 3}, {5e5 + 3, 2.5e6 + 9},
             {5e5, 2.5e6 + 9}},
            {}};
  check_triangulation(p, 4);
}

TEST_CASE("triangulate: degenerate input gives nothing", "[world][triangulate]") {
  CHECK(dpt::world::triangulate(Polygon{{{0, 0}, {1, 1}}, {}}).empty());
  CHECK(dpt::world::triangulate(Polygon{{{0, 0}, {1, 1}, {2, 2}}, {}}).empty());
  // A hole outside its outer ring cannot be bridged.
  CHECK(dpt::world::triangulate(Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, {{{5, 5}, {5, 6}, {6, 6}}}}).empty());
}

TEST_CASE("triangulate: hole in a notched polygon", "[world][triangulate]") {
  // The hole's rightmost vertex is level with the outer ring's reflex vertex (6, 5).
  Polygon p{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 6}, {6, 5}, {0, 4}},
            {{{1.5, 7}, {3, 8}, {4, 7}}}};
  // Outer ring with a notch: the hole is in the upper part, away from the notch.
  const auto t = dpt::world::triangulate(p);
  REQUIRE(!t.empty());
  const std::vector<Local> v = concat(p);
  double sum = 0.0;
  for (std::size_t k = 0; k < t.size(); k += 3) {
    const double a2 = tri_area2(v[t[k]], v[t[k + 1]], v[t[k + 2]]);
    CHECK(a2 > 0.0);
    sum += 0.5 * a2;
  }
  CHECK(sum == Approx(dpt::geo::area(p)).epsilon(1e-12));
}
