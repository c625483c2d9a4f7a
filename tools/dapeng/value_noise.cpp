#include "value_noise.h"

#include <algorithm>
#include <cmath>

namespace dapeng {
namespace {
double fade(double t) { return t * t * t * (t * (t * 6 - 15) + 10); }
}  // namespace

ValueNoise::ValueNoise(std::uint32_t stream, double x0, double y0, double w, double h, double wavelength, int octaves,
                       double persistence)
    : x0_(x0), y0_(y0) {
  double amp = 1.0, total = 0.0, cell = wavelength;
  for (int o = 0; o < octaves; ++o) {
    Octave oc;
    oc.cell = cell;
    oc.nx = static_cast<int>(std::ceil(w / cell)) + 2;
    oc.ny = static_cast<int>(std::ceil(h / cell)) + 2;
    oc.amp = amp;
    oc.v.resize(static_cast<std::size_t>(oc.nx) * oc.ny);
    for (int j = 0; j < oc.ny; ++j)
      for (int i = 0; i < oc.nx; ++i) {
        dpt::CounterRng r(kSeed, stream, static_cast<std::uint32_t>(j * oc.nx + i), static_cast<std::uint32_t>(o));
        oc.v[static_cast<std::size_t>(j) * oc.nx + i] = static_cast<float>(2.0 * r.uniform() - 1.0);
      }
    total += amp;
    oct_.push_back(std::move(oc));
    amp *= persistence;
    cell *= 0.5;
  }
  for (auto& oc : oct_) oc.amp /= total;
}

double ValueNoise::at(Local p) const {
  double s = 0.0;
  for (const Octave& oc : oct_) {
    const double fx = std::clamp((p.x - x0_) / oc.cell, 0.0, oc.nx - 1.001);
    const double fy = std::clamp((p.y - y0_) / oc.cell, 0.0, oc.ny - 1.001);
    const int i = static_cast<int>(fx), j = static_cast<int>(fy);
    const double tx = fade(fx - i), ty = fade(fy - j);
    const float* row0 = &oc.v[static_cast<std::size_t>(j) * oc.nx];
    const float* row1 = row0 + oc.nx;
    const double a = row0[i] + tx * (row0[i + 1] - row0[i]);
    const double b = row1[i] + tx * (row1[i + 1] - row1[i]);
    s += oc.amp * (a + ty * (b - a));
  }
  return s;
}

}  // namespace dapeng
