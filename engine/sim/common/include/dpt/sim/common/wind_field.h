#pragma once
// The wind field every simulation reads: 10 m wind components on a grid over the district, with
// a power-law height profile. Published by the wind stage each step (later also by the typhoon
// domain); read-only to everyone else.
#include <cmath>
#include <vector>

#include "dpt/sim/common/grid.h"

namespace dpt::sim {

// Terrain roughness categories of GB 50009-2012 (Load code for the design of building
// structures), clause 8.2.1: A sea surface / coast, B open country and small towns, C cities with
// dense buildings, D cities with dense tall buildings. Exponent of the power-law profile
// U(z) = U10 (z/10)^alpha, and the height below which the profile is held constant.
struct TerrainCategory {
  char name = 'B';
  double alpha = 0.15;
  double z_min = 10.0;
};
TerrainCategory terrain_category(char name);  // 'A'..'D'; anything else gives B

// Wind direction convention: meteorological, the direction the wind blows FROM, degrees
// clockwise from north. A wind from 90 deg (east) has u < 0.
inline void wind_components(double speed, double from_deg, double& u, double& v) {
  const double a = from_deg * 3.14159265358979323846 / 180.0;
  u = -speed * std::sin(a);
  v = -speed * std::cos(a);
}
inline double wind_from_deg(double u, double v) {
  if (u == 0.0 && v == 0.0) return 0.0;
  double d = std::atan2(-u, -v) * 180.0 / 3.14159265358979323846;
  return d < 0 ? d + 360.0 : d;
}

struct WindField {
  Grid2D grid;
  TerrainCategory terrain;
  std::vector<double> u;  // east component at 10 m, m/s, per cell
  std::vector<double> v;  // north component at 10 m, m/s

  struct Sample {
    double u = 0.0, v = 0.0;
    double speed() const { return std::hypot(u, v); }
  };

  // Ratio U(z) / U(10 m) of the power-law profile.
  double profile(double z) const { return std::pow(std::max(z, terrain.z_min) / 10.0, terrain.alpha); }

  // Wind at (x, y) in the district frame, scaled by a profile() factor (hot loops compute the
  // factor once).
  Sample sample_scaled(double x, double y, double factor) const {
    return {grid.bilinear(u.data(), x, y) * factor, grid.bilinear(v.data(), x, y) * factor};
  }

  // Wind at (x, y) in the district frame and height z above ground (m).
  Sample sample(double x, double y, double z = 10.0) const { return sample_scaled(x, y, profile(z)); }
};

}  // namespace dpt::sim
