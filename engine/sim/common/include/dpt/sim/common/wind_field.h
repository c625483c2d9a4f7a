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
// dense buildings, D cities with dense tall buildings. alpha is the exponent of the power-law
// profile; below z_min the code holds the wind constant (table 8.2.1 starts each category's
// profile at 5, 10, 15 and 30 m).
//
// The field holds the wind at 10 m in its own category. So that sample(z = 10 m) is that wind for
// every category, the profile is anchored at z_ref = max(10 m, z_min):
//   U(z) = U10 (max(z, z_min) / z_ref)^alpha.
// For A and B this is the textbook U10 (z/10)^alpha; for C and D (10 m lies inside the constant
// part) the 10 m wind is the wind of the whole layer below z_min.
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

  // Ratio U(z) / U(10 m) of the profile (see TerrainCategory).
  double profile(double z) const {
    return std::pow(std::max(z, terrain.z_min) / std::max(10.0, terrain.z_min), terrain.alpha);
  }

  // Wind at (x, y) in the district frame, scaled by a profile() factor (hot loops compute the
  // factor once).
  Sample sample_scaled(double x, double y, double factor) const {
    return {grid.bilinear(u.data(), x, y) * factor, grid.bilinear(v.data(), x, y) * factor};
  }

  // Wind at (x, y) in the district frame and height z above ground (m).
  Sample sample(double x, double y, double z = 10.0) const { return sample_scaled(x, y, profile(z)); }
};

}  // namespace dpt::sim
