// Terrain: bounds, normals of a known plane, hole filling, chunks.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "dpt/world/terrain.h"

using dpt::world::Terrain;

namespace {
// z = a x + b y + c sampled on an nx × ny grid, spacing 2 m east and 3 m south, origin (100, 50).
Terrain plane(int nx, int ny, double a, double b, double c) {
  Terrain t;
  auto& g = t.grid;
  g.nx = nx;
  g.ny = ny;
  g.x0 = 100.0;
  g.y0 = 50.0;
  g.dx = 2.0;
  g.dy = 3.0;
  g.z.resize(static_cast<std::size_t>(nx) * ny);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i)
      g.z[static_cast<std::size_t>(j) * nx + i] = static_cast<float>(a * (g.x0 + i * g.dx) + b * (g.y0 - j * g.dy) + c);
  return t;
}
}  // namespace

TEST_CASE("terrain bounds are those of the sample positions", "[world][terrain]") {
  const Terrain t = plane(11, 5, 0, 0, 0);
  const auto b = t.bounds();
  CHECK(b.min_x == 100.0);
  CHECK(b.max_x == 120.0);
  CHECK(b.max_y == 50.0);
  CHECK(b.min_y == 38.0);
}

TEST_CASE("terrain normal of a plane is (-a, -b, 1) normalised", "[world][terrain]") {
  const Terrain t = plane(20, 20, 0.1, -0.2, 5.0);
  double n[3];
  t.normal({110.0, 30.0}, n);
  const double len = std::sqrt(0.01 + 0.04 + 1.0);
  CHECK(n[0] == Approx(-0.1 / len).margin(1e-6));
  CHECK(n[1] == Approx(0.2 / len).margin(1e-6));
  CHECK(n[2] == Approx(1.0 / len).margin(1e-6));
  const Terrain flat = plane(5, 5, 0, 0, 3);
  flat.normal({104.0, 44.0}, n);
  CHECK(n[2] == 1.0);
}

TEST_CASE("fill_holes fills every NaN and counts them", "[world][terrain]") {
  Terrain t = plane(30, 20, 0, 0, 7.0);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // A 6 × 5 block of holes and a hole in the corner.
  for (int j = 5; j < 10; ++j)
    for (int i = 10; i < 16; ++i) t.grid.z[static_cast<std::size_t>(j) * 30 + i] = nan;
  t.grid.z[0] = nan;
  CHECK(dpt::world::fill_holes(t.grid) == 31);
  for (float z : t.grid.z) CHECK(z == 7.0f);  // the mean of constant neighbours is that constant
  CHECK(dpt::world::fill_holes(t.grid) == 0);
}

TEST_CASE("fill_holes keeps the values between two levels", "[world][terrain]") {
  Terrain t = plane(9, 1, 0, 0, 0);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int i = 0; i < 9; ++i) t.grid.z[i] = i == 0 ? 0.0f : (i == 8 ? 8.0f : nan);
  CHECK(dpt::world::fill_holes(t.grid) == 7);
  for (int i = 1; i < 8; ++i) {
    CHECK(t.grid.z[i] >= 0.0f);
    CHECK(t.grid.z[i] <= 8.0f);
  }
  // Symmetric in from both ends: the middle takes the mean of its two filled neighbours.
  CHECK(t.grid.z[1] == 0.0f);
  CHECK(t.grid.z[7] == 8.0f);
  Terrain all_nan = plane(3, 3, 0, 0, 0);
  for (float& z : all_nan.grid.z) z = nan;
  CHECK(dpt::world::fill_holes(all_nan.grid) == 9);
  CHECK(all_nan.grid.z[4] == 0.0f);
}

TEST_CASE("make_chunks covers the grid with shared edges", "[world][terrain]") {
  const Terrain t = plane(130, 65, 0.0, 1.0, 0.0);  // 129 × 64 cells
  const auto chunks = dpt::world::make_chunks(t, 64);
  REQUIRE(chunks.size() == 3);  // 64 + 64 + 1 cells across, 64 down
  CHECK(chunks[0].ni == 65);
  CHECK(chunks[1].i0 == 64);
  CHECK(chunks[2].ni == 2);
  CHECK(chunks[0].nj == 65);
  // z = y: max at the north edge (row 0, y = 50), min at the south edge.
  CHECK(chunks[0].max_z == 50.0f);
  CHECK(chunks[0].min_z == Approx(50.0 - 64 * 3.0));
  CHECK(chunks[2].box.max_x == Approx(100.0 + 129 * 2.0));
}
