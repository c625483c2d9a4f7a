#pragma once
// A static uniform-grid index of boxes: "what is near / inside" queries for buildings, sites and
// sensors. Built once, read by any number of threads.
#include <cstdint>
#include <vector>

#include "dpt/geo/geometry.h"

namespace dpt::world {

class GridIndex {
 public:
  GridIndex() = default;
  // cell <= 0 picks a cell so that about 4 items fall in each occupied cell.
  explicit GridIndex(const std::vector<geo::Box>& boxes, double cell = 0.0);

  // Calls f(item) once for every item whose box intersects `query` (ascending item order).
  template <class F>
  void query(const geo::Box& q, F&& f) const {
    std::vector<std::uint32_t> hits;
    query_into(q, hits);
    for (std::uint32_t h : hits) f(h);
  }
  void query_into(const geo::Box& q, std::vector<std::uint32_t>& out) const;
  // Items whose box contains p.
  void at_point(geo::Local p, std::vector<std::uint32_t>& out) const;
  // Items whose box lies within radius r of p (box distance), ascending item order.
  void within(geo::Local p, double r, std::vector<std::uint32_t>& out) const;
  std::size_t size() const { return boxes_.size(); }

 private:
  std::vector<geo::Box> boxes_;
  geo::Box extent_;
  double cell_ = 1.0;
  int nx_ = 0, ny_ = 0;
  std::vector<std::uint32_t> cell_start_;  // CSR
  std::vector<std::uint32_t> cell_items_;
};

}  // namespace dpt::world
