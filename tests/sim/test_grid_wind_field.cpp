// Grid2D interpolation, the meteorological wind convention and the GB 50009-2012 height profile.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "dpt/sim/common/grid.h"
#include "dpt/sim/common/wind_field.h"

using namespace dpt::sim;

TEST_CASE("Grid2D geometry: cell centres, extent, row-major index") {
  const Grid2D g{100.0, -50.0, 10.0, 6, 4};
  CHECK(g.size() == 24);
  CHECK(g.index(5, 3) == 23);
  CHECK(g.index(2, 1) == 8);
  CHECK(g.cx(0) == 105.0);
  CHECK(g.cy(3) == -15.0);
  CHECK(g.x1() == 160.0);
  CHECK(g.y1() == -10.0);
  CHECK(g.contains(160.0, -50.0));
  CHECK_FALSE(g.contains(160.01, -30.0));
}

TEST_CASE("Grid2D::bilinear reproduces a bilinear function exactly between cell centres and clamps outside") {
  const Grid2D g{100.0, -50.0, 10.0, 6, 4};
  // f = a + b x + c y + d x y is reproduced exactly by bilinear interpolation (linear along each axis).
  auto f = [](double x, double y) { return 3.0 + 0.5 * x - 0.25 * y + 0.01 * x * y; };
  std::vector<double> values(g.size());
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) values[g.index(i, j)] = f(g.cx(i), g.cy(j));
  for (int a = 0; a <= 50; ++a)
    for (int b = 0; b <= 30; ++b) {
      const double x = g.cx(0) + (g.cx(g.nx - 1) - g.cx(0)) * a / 50.0;
      const double y = g.cy(0) + (g.cy(g.ny - 1) - g.cy(0)) * b / 30.0;
      INFO("x " << x << " y " << y);
      CHECK(g.bilinear(values.data(), x, y) == Approx(f(x, y)).epsilon(1e-12).margin(1e-12));
    }
  // Beyond the outermost centres the value is held (constant extrapolation), per axis.
  CHECK(g.bilinear(values.data(), 0.0, g.cy(1)) == Approx(f(g.cx(0), g.cy(1))));
  CHECK(g.bilinear(values.data(), 1e6, 0.5 * (g.cy(1) + g.cy(2))) == Approx(f(g.cx(5), 0.5 * (g.cy(1) + g.cy(2)))));
  CHECK(g.bilinear(values.data(), -1e6, -1e6) == Approx(f(g.cx(0), g.cy(0))));
  CHECK(g.bilinear(values.data(), 1e6, 1e6) == Approx(f(g.cx(5), g.cy(3))));
  CHECK(g.bilinear(values.data(), 101.0, -49.0) == Approx(f(g.cx(0), g.cy(0))));  // inside the corner cell's outer half
}

TEST_CASE("Grid2D::bilinear on a single row or a single cell") {
  const Grid2D row{0.0, 0.0, 1.0, 3, 1};
  const double v[3] = {1.0, 3.0, 7.0};
  CHECK(row.bilinear(v, 1.0, 0.5) == Approx(2.0));
  CHECK(row.bilinear(v, 2.25, -9.0) == Approx(6.0));  // 3/4 of the way from centre 1.5 to 2.5
  const Grid2D one{0.0, 0.0, 1.0, 1, 1};
  const double c = 4.5;
  CHECK(one.bilinear(&c, -3.0, 8.0) == 4.5);
}

TEST_CASE("Wind direction is where the wind blows FROM, clockwise from north") {
  double u = 0, v = 0;
  wind_components(10.0, 90.0, u, v);  // an easterly blows toward the west
  CHECK(u == Approx(-10.0));
  CHECK(v == Approx(0.0).margin(1e-12));
  wind_components(10.0, 0.0, u, v);  // a northerly blows toward the south
  CHECK(u == Approx(0.0).margin(1e-12));
  CHECK(v == Approx(-10.0));
  wind_components(10.0, 225.0, u, v);  // a south-westerly blows toward the north-east
  CHECK(u == Approx(10.0 / std::sqrt(2.0)));
  CHECK(v == Approx(10.0 / std::sqrt(2.0)));
  for (int k = 0; k < 72; ++k) {
    const double deg = 5.0 * k + 0.3;
    wind_components(7.5, deg, u, v);
    CHECK(std::hypot(u, v) == Approx(7.5));
    CHECK(wind_from_deg(u, v) == Approx(deg).epsilon(1e-12));
  }
  CHECK(wind_from_deg(0.0, 0.0) == 0.0);
  CHECK(wind_from_deg(-1.0, 0.0) == Approx(90.0));
  CHECK(wind_from_deg(0.0, 1.0) == Approx(180.0));
}

TEST_CASE("terrain_category gives the GB 50009-2012 profile exponents") {
  CHECK(terrain_category('A').alpha == 0.12);
  CHECK(terrain_category('B').alpha == 0.15);
  CHECK(terrain_category('C').alpha == 0.22);
  CHECK(terrain_category('D').alpha == 0.30);
  CHECK(terrain_category('A').z_min == 5.0);
  CHECK(terrain_category('B').z_min == 10.0);
  CHECK(terrain_category('C').z_min == 15.0);
  CHECK(terrain_category('D').z_min == 30.0);
  CHECK(terrain_category('x').name == 'B');
  CHECK(terrain_category('x').alpha == 0.15);
}

// GB 50009-2012 table 8.2.1, wind pressure height coefficient mu_z (pressure ~ U^2), at
// 5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100, 150, 200 m for categories A, B, C, D.
namespace {
const double kHeights[14] = {5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100, 150, 200};
const double kMuZ[4][14] = {
    {1.09, 1.28, 1.42, 1.52, 1.67, 1.79, 1.89, 1.97, 2.05, 2.12, 2.18, 2.23, 2.46, 2.64},
    {1.00, 1.00, 1.13, 1.23, 1.39, 1.52, 1.62, 1.71, 1.79, 1.87, 1.93, 2.00, 2.25, 2.46},
    {0.65, 0.65, 0.65, 0.74, 0.88, 1.00, 1.10, 1.20, 1.28, 1.36, 1.43, 1.50, 1.79, 2.03},
    {0.51, 0.51, 0.51, 0.51, 0.51, 0.60, 0.69, 0.77, 0.84, 0.91, 0.98, 1.04, 1.33, 1.58}};
}  // namespace

TEST_CASE("WindField::sample follows U(z) = U10 (max(z, z_min)/max(10, z_min))^alpha, as GB 50009-2012 table 8.2.1") {
  for (int c = 0; c < 4; ++c) {
    WindField w;
    w.grid = Grid2D{0.0, 0.0, 100.0, 3, 3};
    w.terrain = terrain_category(static_cast<char>('A' + c));
    w.u.assign(9, 6.0);
    w.v.assign(9, -8.0);  // |U10| = 10 m/s
    const double zmin = w.terrain.z_min;
    for (double z : {zmin, 12.0, 37.0, 100.0, 250.0}) {
      if (z < zmin) continue;
      const auto s = w.sample(150.0, 150.0, z);
      CHECK(s.speed() == Approx(10.0 * std::pow(z / std::max(10.0, zmin), w.terrain.alpha)).epsilon(1e-12));
      CHECK(wind_from_deg(s.u, s.v) == Approx(wind_from_deg(6.0, -8.0)));
    }
    // The field is the 10 m wind of its category, whatever the category.
    CHECK(w.sample(150.0, 150.0, 10.0).speed() == Approx(10.0).epsilon(1e-12));
    const double at_zmin = w.sample(50.0, 250.0, zmin).speed();
    for (double z : {0.0, 1.0, 0.5 * zmin, zmin - 1e-9}) CHECK(w.sample(50.0, 250.0, z).speed() == at_zmin);
    // The code's table: (U(z)/U(z_ref))^2 = mu_z(z)/mu_z(z_ref), tolerance from the table's 2-decimal rounding.
    const double z_ref = zmin;  // 5, 10, 15 or 30 m: a height of the table
    int r = 0;
    while (kHeights[r] != z_ref) ++r;
    const double u_ref = w.sample(150.0, 150.0, z_ref).speed();
    for (int k = 0; k < 14; ++k) {
      const double model = std::pow(w.sample(150.0, 150.0, kHeights[k]).speed() / u_ref, 2);
      const double table = kMuZ[c][k] / kMuZ[c][r];
      const double tol = 0.005 * (1.0 / kMuZ[c][k] + 1.0 / kMuZ[c][r]) * table + 1e-9;
      INFO("category " << static_cast<char>('A' + c) << " z " << kHeights[k] << " model " << model << " table " << table);
      CHECK(std::abs(model - table) <= tol);
    }
  }
}
