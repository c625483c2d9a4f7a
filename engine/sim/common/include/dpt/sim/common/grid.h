#pragma once
// A regular grid over the district frame: cell centres at x0 + (i + 0.5) * cell, row j = 0 is the
// southernmost. Fields shared between simulations (wind now; pressure, surge, concentration
// later) live on such grids as flat arrays, index j * nx + i.
#include <algorithm>
#include <cmath>
#include <cstddef>

namespace dpt::sim {

struct Grid2D {
  double x0 = 0.0;  // west edge, m in the district frame
  double y0 = 0.0;  // south edge, m
  double cell = 1.0;
  int nx = 0;
  int ny = 0;

  std::size_t size() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
  std::size_t index(int i, int j) const { return static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) + i; }
  double cx(int i) const { return x0 + (i + 0.5) * cell; }
  double cy(int j) const { return y0 + (j + 0.5) * cell; }
  double x1() const { return x0 + nx * cell; }
  double y1() const { return y0 + ny * cell; }
  bool contains(double x, double y) const { return x >= x0 && x <= x1() && y >= y0 && y <= y1(); }

  // Bilinear interpolation between cell centres; clamped at the edges (constant extrapolation).
  template <class T>
  double bilinear(const T* values, double x, double y) const {
    // max(0, min(v, hi)) rather than clamp: a NaN position (a blown-up particle) gives 0, not a NaN
    // whose int cast below would index far outside `values`.
    const double fx = std::max(0.0, std::min((x - x0) / cell - 0.5, static_cast<double>(nx - 1)));
    const double fy = std::max(0.0, std::min((y - y0) / cell - 0.5, static_cast<double>(ny - 1)));
    const int i = std::min(static_cast<int>(fx), std::max(nx - 2, 0));
    const int j = std::min(static_cast<int>(fy), std::max(ny - 2, 0));
    const double tx = nx > 1 ? fx - i : 0.0;
    const double ty = ny > 1 ? fy - j : 0.0;
    const int i1 = std::min(i + 1, nx - 1);
    const int j1 = std::min(j + 1, ny - 1);
    const double a = values[index(i, j)], b = values[index(i1, j)];
    const double c = values[index(i, j1)], d = values[index(i1, j1)];
    return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
  }
};

}  // namespace dpt::sim
