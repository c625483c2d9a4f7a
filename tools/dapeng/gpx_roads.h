#pragma once
// The real road geometry: two GPX tracks of a 132 km cycling loop (Kuichong - Xichong - Jingxin
// reservoir, xingzhe.com rides 995778 and 1041365, MIT). Simplified (Douglas–Peucker 5 m); where a
// track runs within 15 m of road already drawn (the out-and-back legs, the second ride over the
// first) it is merged into that road instead of drawn twice.
#include <filesystem>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "road_sketch.h"

namespace dapeng {

struct GpxReport {
  int tracks = 0;
  std::int64_t points_in = 0, points_simplified = 0;
  double track_km = 0.0;      // raw track length (both rides)
  double kept_km = 0.0;       // drawn as road after merging duplicates and clipping to the district
  double merged_km = 0.0;     // dropped as duplicates of road already drawn
  double outside_km = 0.0;    // outside the district boundary buffer
  int roads = 0;              // RoadInputs drawn
};

// Reads each file's "tracks" layer and draws the merged roads into `sketch` (class primary,
// source_id = the ride number, name "GPX <ride>").
dpt::Result<bool> draw_gpx_roads(const Context& ctx, const std::vector<std::filesystem::path>& files,
                                 RoadSketch& sketch, GpxReport& report);

}  // namespace dapeng
