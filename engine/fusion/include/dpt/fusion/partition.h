#pragma once
// Partition by area (docs/fusion.md "Partitions"): the district's extent cut into a grid of
// exactly P cells, as close to square as P's factors allow. Each cell has its own tracker in its
// own serial node, so P trackers update in parallel and each association only sees the tracks of
// its area. A detection belongs to the cell its ground point falls in (points outside the extent
// are clamped to the nearest cell).
#include <cstdint>

namespace dpt::fusion {

class AreaGrid {
 public:
  AreaGrid() = default;
  // The rectangle [min_x, max_x] x [min_y, max_y] (m) in `partitions` cells (>= 1).
  AreaGrid(double min_x, double min_y, double max_x, double max_y, int partitions);

  int partitions() const { return columns_ * rows_; }
  int columns() const { return columns_; }
  int rows() const { return rows_; }
  // Cell of a district point: column + columns * row, column 0 west, row 0 south.
  int partition_of(double x, double y) const;

 private:
  double min_x_ = 0.0, min_y_ = 0.0;
  double inv_w_ = 0.0, inv_h_ = 0.0;  // 1 / cell size
  int columns_ = 1, rows_ = 1;
};

}  // namespace dpt::fusion
