#include "dpt/geo/raster_read.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dpt::geo {

double HeightGrid::sample(Local p) const {
  if (nx <= 0 || ny <= 0) return std::numeric_limits<double>::quiet_NaN();
  // Fractional sample coordinates; clamped so that points beyond the edge take the edge value.
  const double fi = std::clamp((p.x - x0) / dx, 0.0, static_cast<double>(nx - 1));
  const double fj = std::clamp((y0 - p.y) / dy, 0.0, static_cast<double>(ny - 1));
  const int i = std::min(static_cast<int>(fi), std::max(nx - 2, 0));
  const int j = std::min(static_cast<int>(fj), std::max(ny - 2, 0));
  const double tx = nx > 1 ? fi - i : 0.0;
  const double ty = ny > 1 ? fj - j : 0.0;
  const int i1 = std::min(i + 1, nx - 1);
  const int j1 = std::min(j + 1, ny - 1);
  const double a = at(i, j), b = at(i1, j), c = at(i, j1), d = at(i1, j1);
  return (a * (1.0 - tx) + b * tx) * (1.0 - ty) + (c * (1.0 - tx) + d * tx) * ty;
}

}  // namespace dpt::geo
