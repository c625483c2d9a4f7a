// Uniform grid of boxes in compressed-row (CSR) form: cell_start_[c] .. cell_start_[c+1] index
// cell_items_. An item is listed in every cell its box overlaps; a query reports it only from
// the first overlapped cell inside the query's cell range, so each item comes once without a
// "seen" set (the usual trick of reporting at the reference cell).
#include "dpt/world/spatial_index.h"

#include <algorithm>
#include <cmath>

namespace dpt::world {

namespace {
int clamp_cell(double v, double origin, double cell, int n) {
  const double f = std::floor((v - origin) / cell);
  if (!(f >= 0.0)) return 0;  // also NaN
  return f >= n - 1 ? n - 1 : static_cast<int>(f);
}
}  // namespace

GridIndex::GridIndex(const std::vector<geo::Box>& boxes, double cell) : boxes_(boxes) {
  if (boxes_.empty()) return;
  extent_ = boxes_[0];
  double side_sum = 0.0;
  for (const geo::Box& b : boxes_) {
    extent_.min_x = std::min(extent_.min_x, b.min_x);
    extent_.min_y = std::min(extent_.min_y, b.min_y);
    extent_.max_x = std::max(extent_.max_x, b.max_x);
    extent_.max_y = std::max(extent_.max_y, b.max_y);
    side_sum += std::max(b.max_x - b.min_x, b.max_y - b.min_y);
  }
  const double w = extent_.max_x - extent_.min_x, h = extent_.max_y - extent_.min_y;
  const auto n = static_cast<double>(boxes_.size());
  if (!(cell > 0.0)) {
    // About 4 items per cell if they were spread evenly, but no smaller than a typical box, so
    // that one box does not land in many cells.
    cell = std::max(std::sqrt(w * h * 4.0 / n), side_sum / n);
    if (!(cell > 0.0)) cell = std::max({w, h, 1.0});
  }
  // Cap the cell count (memory) at a few per item.
  const double max_cells = 16.0 * n + 64.0;
  while ((std::floor(w / cell) + 1.0) * (std::floor(h / cell) + 1.0) > max_cells) cell *= 1.5;
  cell_ = cell;
  nx_ = static_cast<int>(std::floor(w / cell)) + 1;
  ny_ = static_cast<int>(std::floor(h / cell)) + 1;

  const std::size_t cells = static_cast<std::size_t>(nx_) * ny_;
  cell_start_.assign(cells + 1, 0);
  auto range = [&](const geo::Box& b, int& i0, int& j0, int& i1, int& j1) {
    i0 = clamp_cell(b.min_x, extent_.min_x, cell_, nx_);
    i1 = clamp_cell(b.max_x, extent_.min_x, cell_, nx_);
    j0 = clamp_cell(b.min_y, extent_.min_y, cell_, ny_);
    j1 = clamp_cell(b.max_y, extent_.min_y, cell_, ny_);
  };
  int i0, j0, i1, j1;
  for (const geo::Box& b : boxes_) {
    range(b, i0, j0, i1, j1);
    for (int j = j0; j <= j1; ++j)
      for (int i = i0; i <= i1; ++i) ++cell_start_[static_cast<std::size_t>(j) * nx_ + i + 1];
  }
  for (std::size_t c = 0; c < cells; ++c) cell_start_[c + 1] += cell_start_[c];
  cell_items_.resize(cell_start_[cells]);
  std::vector<std::uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (std::uint32_t k = 0; k < boxes_.size(); ++k) {
    range(boxes_[k], i0, j0, i1, j1);
    for (int j = j0; j <= j1; ++j)
      for (int i = i0; i <= i1; ++i) cell_items_[fill[static_cast<std::size_t>(j) * nx_ + i]++] = k;
  }
}

void GridIndex::query_into(const geo::Box& q, std::vector<std::uint32_t>& out) const {
  out.clear();
  if (boxes_.empty() || !q.intersects(extent_)) return;
  const int qi0 = clamp_cell(q.min_x, extent_.min_x, cell_, nx_);
  const int qi1 = clamp_cell(q.max_x, extent_.min_x, cell_, nx_);
  const int qj0 = clamp_cell(q.min_y, extent_.min_y, cell_, ny_);
  const int qj1 = clamp_cell(q.max_y, extent_.min_y, cell_, ny_);
  for (int j = qj0; j <= qj1; ++j)
    for (int i = qi0; i <= qi1; ++i) {
      const std::size_t c = static_cast<std::size_t>(j) * nx_ + i;
      for (std::uint32_t s = cell_start_[c]; s < cell_start_[c + 1]; ++s) {
        const std::uint32_t k = cell_items_[s];
        const geo::Box& b = boxes_[k];
        // Reference cell: the first cell of the item's range that lies in the query's range.
        const int ri = std::max(qi0, clamp_cell(b.min_x, extent_.min_x, cell_, nx_));
        const int rj = std::max(qj0, clamp_cell(b.min_y, extent_.min_y, cell_, ny_));
        if (ri != i || rj != j) continue;
        if (b.intersects(q)) out.push_back(k);
      }
    }
  std::sort(out.begin(), out.end());
}

void GridIndex::at_point(geo::Local p, std::vector<std::uint32_t>& out) const {
  query_into(geo::Box{p.x, p.y, p.x, p.y}, out);
}

void GridIndex::within(geo::Local p, double r, std::vector<std::uint32_t>& out) const {
  query_into(geo::Box{p.x - r, p.y - r, p.x + r, p.y + r}, out);
  const double r2 = r * r;
  std::erase_if(out, [&](std::uint32_t k) {
    const geo::Box& b = boxes_[k];
    const double dx = std::max({b.min_x - p.x, 0.0, p.x - b.max_x});
    const double dy = std::max({b.min_y - p.y, 0.0, p.y - b.max_y});
    return dx * dx + dy * dy > r2;
  });
}

}  // namespace dpt::world
