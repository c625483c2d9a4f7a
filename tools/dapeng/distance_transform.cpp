#include "distance_transform.h"

#include <cmath>
#include <limits>

namespace dapeng {
namespace {

constexpr double kInf = 1e20;

// 1-D squared distance transform of f (length n) into d; v, z are scratch (sizes n, n+1).
void dt_1d(const double* f, int n, double* d, int* v, double* z) {
  int k = 0;
  v[0] = 0;
  z[0] = -kInf;
  z[1] = kInf;
  for (int q = 1; q < n; ++q) {
    if (f[q] >= kInf) continue;  // no parabola from an empty cell
    if (f[v[0]] >= kInf) {       // first real parabola replaces the empty seed
      v[0] = q;
      continue;
    }
    double s = 0.0;
    while (true) {
      const int p = v[k];
      s = ((f[q] + double(q) * q) - (f[p] + double(p) * p)) / (2.0 * (q - p));
      if (s <= z[k] && k > 0) {
        --k;
        continue;
      }
      break;
    }
    if (s <= z[k]) {  // k == 0 and the new parabola dominates the first one everywhere
      v[0] = q;
      z[1] = kInf;
      continue;
    }
    ++k;
    v[k] = q;
    z[k] = s;
    z[k + 1] = kInf;
  }
  if (f[v[0]] >= kInf) {
    for (int q = 0; q < n; ++q) d[q] = kInf;
    return;
  }
  k = 0;
  for (int q = 0; q < n; ++q) {
    while (z[k + 1] < q) ++k;
    const double dq = q - v[k];
    d[q] = dq * dq + f[v[k]];
  }
}

}  // namespace

std::vector<float> distance_to(const std::vector<std::uint8_t>& feature, int nx, int ny, double cell) {
  const std::size_t n = static_cast<std::size_t>(nx) * ny;
  std::vector<double> g(n);
  for (std::size_t k = 0; k < n; ++k) g[k] = feature[k] ? 0.0 : kInf;
  const int m = nx > ny ? nx : ny;
  std::vector<double> f(m), d(m), z(m + 1);
  std::vector<int> v(m);
  for (int i = 0; i < nx; ++i) {  // columns
    for (int j = 0; j < ny; ++j) f[j] = g[static_cast<std::size_t>(j) * nx + i];
    dt_1d(f.data(), ny, d.data(), v.data(), z.data());
    for (int j = 0; j < ny; ++j) g[static_cast<std::size_t>(j) * nx + i] = d[j];
  }
  std::vector<float> out(n);
  for (int j = 0; j < ny; ++j) {  // rows
    double* row = &g[static_cast<std::size_t>(j) * nx];
    dt_1d(row, nx, d.data(), v.data(), z.data());
    for (int i = 0; i < nx; ++i)
      out[static_cast<std::size_t>(j) * nx + i] = d[i] >= kInf ? 1e9f : static_cast<float>(std::sqrt(d[i]) * cell);
  }
  return out;
}

}  // namespace dapeng
