#pragma once
// Street grids in the built-up areas: a slightly irregular rotated grid of blocks around each
// settlement centre, kept where the ground is land, inside the district and gentle; joined to the
// arterial roads that cross the settlement.
#include <vector>

#include "road_sketch.h"

namespace dapeng {

struct StreetReport {
  int segments = 0, connectors = 0;
  double km = 0.0;
};

// `keep_out`: polygons streets must not enter (key sites).
void draw_street_grids(const Context& ctx, const std::vector<dpt::geo::Polygon>& keep_out, std::int64_t first_source_id,
                       RoadSketch& sketch, StreetReport& report);

}  // namespace dapeng
