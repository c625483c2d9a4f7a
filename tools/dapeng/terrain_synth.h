#pragma once
// The synthetic terrain: consistent with the GSHHG coastline and Dapeng's real relief (two named
// summits fitted exactly, other hills 300-600 m, flat plains at the settlements).
#include <string>
#include <vector>

#include "synth.h"

namespace dapeng {

struct PeakReport {
  std::string name;
  double target_m = 0.0;
  double max_within_1km_m = 0.0;  // max sample within 1 km of the named position, after fitting
  Local at;                       // where that maximum is
};

struct TerrainReport {
  std::vector<PeakReport> peaks;
  int hills = 0;
  double highest_elsewhere_m = 0.0;  // highest sample farther than 3 km from every named peak
  double land_min_m = 0.0, sea_max_m = 0.0, sea_min_m = 0.0;
};

// Needs ctx.cells (land, coast_dist), ctx.settlements and ctx.flats; fills ctx.terrain.
void synth_terrain(Context& ctx, TerrainReport& report);

}  // namespace dapeng
