#include "dpt/fusion/partition.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dpt::fusion {

AreaGrid::AreaGrid(double min_x, double min_y, double max_x, double max_y, int partitions) {
  partitions = std::max(partitions, 1);
  const double w = std::max(max_x - min_x, 1.0);
  const double h = std::max(max_y - min_y, 1.0);
  // Of the factorisations columns x rows = P, the one whose cells are closest to square
  // (smallest |log(cell aspect)|); ties go to fewer columns.
  double best = std::numeric_limits<double>::infinity();
  for (int c = 1; c <= partitions; ++c) {
    if (partitions % c != 0) continue;
    const int r = partitions / c;
    const double badness = std::abs(std::log((w / c) / (h / r)));
    if (badness < best - 1e-12) {
      best = badness;
      columns_ = c;
      rows_ = r;
    }
  }
  min_x_ = min_x;
  min_y_ = min_y;
  inv_w_ = columns_ / w;
  inv_h_ = rows_ / h;
}

int AreaGrid::partition_of(double x, double y) const {
  // NaN compares false everywhere: it lands in cell 0 rather than indexing out of range.
  const double fc = (x - min_x_) * inv_w_;
  const double fr = (y - min_y_) * inv_h_;
  const int c = fc >= 0.0 ? static_cast<int>(std::min(fc, static_cast<double>(columns_ - 1))) : 0;
  const int r = fr >= 0.0 ? static_cast<int>(std::min(fr, static_cast<double>(rows_ - 1))) : 0;
  return c + columns_ * r;
}

}  // namespace dpt::fusion
