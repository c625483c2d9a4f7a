#pragma once
// Synthetic arterial roads: least-cost paths over the terrain on a coarse grid (Dijkstra / A*,
// 8-connected; cost = length x slope penalty, sea and land outside the district forbidden, road
// already drawn 70% cheaper so that new roads share corridors instead of running in parallel).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "road_sketch.h"

namespace dapeng {

struct ArterialRequest {
  Local from;
  std::optional<Local> to;  // none: to the nearest drawn road
  dpt::world::RoadClass cls = dpt::world::RoadClass::secondary;
  std::string name;
};

struct ArterialReport {
  int requests = 0, unreachable = 0, roads = 0;
  double km = 0.0;
};

class CostGrid {
 public:
  CostGrid(const Context& ctx, double cell);
  // Marks the cells a line passes through as road.
  void mark_road(const dpt::geo::LineString& line);
  // Least-cost chain of cell centres from `from` to `to` (or to the first road cell); empty when
  // unreachable. The first and last entries are cell indices.
  std::vector<std::uint32_t> path(Local from, std::optional<Local> to) const;
  bool is_road(std::uint32_t c) const { return road_[c] != 0; }
  Local centre(std::uint32_t c) const;
  std::uint32_t cell_of(Local p) const;

 private:
  double step_cost(std::uint32_t a, std::uint32_t b, double len) const;
  const Context& ctx_;
  double cell_, x0_, y0_;
  int nx_, ny_;
  std::vector<std::uint8_t> passable_, road_;
  std::vector<float> z_;
};

// Draws every request in order into `sketch` (and marks it in `grid`).
void draw_arterials(const Context& ctx, CostGrid& grid, const std::vector<ArterialRequest>& requests,
                    std::int64_t first_source_id, RoadSketch& sketch, ArterialReport& report);

// Chaikin corner cutting (Chaikin 1974), `iterations` times, keeping both ends.
dpt::geo::LineString chaikin(const dpt::geo::LineString& l, int iterations);

}  // namespace dapeng
