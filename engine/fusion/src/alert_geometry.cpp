// Geometry behind the alert engine: a uniform grid over boxes, point-to-segment distance, circles
// as polygons.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "alert_engine_impl.h"

namespace dpt::fusion::detail {

void BoxGrid::build(std::span<const geo::Box> boxes, double cell_m, std::size_t max_cells) {
  start_.clear();
  items_.clear();
  nx_ = ny_ = 0;
  if (boxes.empty()) return;
  geo::Box ext = boxes.front();
  for (const geo::Box& b : boxes) {
    ext.min_x = std::min(ext.min_x, b.min_x);
    ext.min_y = std::min(ext.min_y, b.min_y);
    ext.max_x = std::max(ext.max_x, b.max_x);
    ext.max_y = std::max(ext.max_y, b.max_y);
  }
  const double w = std::max(ext.max_x - ext.min_x, 1.0), h = std::max(ext.max_y - ext.min_y, 1.0);
  double cell = std::max(cell_m, 1.0);
  // Coarser cells when the extent is large: keep the grid within max_cells.
  if ((w / cell) * (h / cell) > static_cast<double>(max_cells)) cell = std::sqrt(w * h / static_cast<double>(max_cells)) * 1.01;
  x0_ = ext.min_x;
  y0_ = ext.min_y;
  inv_cell_ = 1.0 / cell;
  nx_ = static_cast<int>(w / cell) + 1;
  ny_ = static_cast<int>(h / cell) + 1;
  const auto cell_range = [&](const geo::Box& b, int& i0, int& i1, int& j0, int& j1) {
    i0 = std::clamp(static_cast<int>((b.min_x - x0_) * inv_cell_), 0, nx_ - 1);
    i1 = std::clamp(static_cast<int>((b.max_x - x0_) * inv_cell_), 0, nx_ - 1);
    j0 = std::clamp(static_cast<int>((b.min_y - y0_) * inv_cell_), 0, ny_ - 1);
    j1 = std::clamp(static_cast<int>((b.max_y - y0_) * inv_cell_), 0, ny_ - 1);
  };
  // Two passes (count, then fill) give the CSR arrays without per-cell vectors.
  start_.assign(cells() + 1, 0);
  for (const geo::Box& b : boxes) {
    int i0, i1, j0, j1;
    cell_range(b, i0, i1, j0, j1);
    for (int j = j0; j <= j1; ++j)
      for (int i = i0; i <= i1; ++i) ++start_[static_cast<std::size_t>(j) * nx_ + i + 1];
  }
  for (std::size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
  items_.resize(start_.back());
  std::vector<std::uint32_t> fill(start_.begin(), start_.end() - 1);
  for (std::uint32_t k = 0; k < boxes.size(); ++k) {
    int i0, i1, j0, j1;
    cell_range(boxes[k], i0, i1, j0, j1);
    for (int j = j0; j <= j1; ++j)
      for (int i = i0; i <= i1; ++i) items_[fill[static_cast<std::size_t>(j) * nx_ + i]++] = k;
  }
}

std::span<const std::uint32_t> BoxGrid::candidates(geo::Local p) const {
  if (nx_ == 0) return {};
  const double fx = (p.x - x0_) * inv_cell_, fy = (p.y - y0_) * inv_cell_;
  // Outside the grid nothing can contain p (the grid covers every box); NaN fails both tests.
  if (!(fx >= 0.0 && fy >= 0.0 && fx < nx_ && fy < ny_)) return {};
  const std::size_t c = static_cast<std::size_t>(static_cast<int>(fy)) * nx_ + static_cast<std::size_t>(static_cast<int>(fx));
  return std::span<const std::uint32_t>(items_.data() + start_[c], start_[c + 1] - start_[c]);
}

double distance_sq_to_segment(geo::Local p, geo::Local a, geo::Local b) {
  const double vx = b.x - a.x, vy = b.y - a.y;
  const double len2 = vx * vx + vy * vy;
  // Projection parameter of p on the line, clamped to the segment (a degenerate segment is a point).
  const double t = len2 > 0.0 ? std::clamp(((p.x - a.x) * vx + (p.y - a.y) * vy) / len2, 0.0, 1.0) : 0.0;
  const double dx = a.x + t * vx - p.x, dy = a.y + t * vy - p.y;
  return dx * dx + dy * dy;
}

geo::Polygon circle_polygon(geo::Local centre, double radius_m, int sides) {
  geo::Polygon poly;
  poly.outer.reserve(static_cast<std::size_t>(sides));
  for (int k = 0; k < sides; ++k) {
    const double a = 2.0 * std::numbers::pi * k / sides;
    poly.outer.push_back({centre.x + radius_m * std::cos(a), centre.y + radius_m * std::sin(a)});
  }
  return poly;
}

geo::Box polygon_box(const geo::Polygon& p) { return geo::bounds(p.outer); }

const char* level_name(int level) {
  switch (level) {
    case 1: return "warning";
    case 2: return "alarm";
    default: return "normal";
  }
}

}  // namespace dpt::fusion::detail
