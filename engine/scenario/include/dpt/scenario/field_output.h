#pragma once
// Writes a grid field as a GeoTIFF (for GIS) plus a PNG preview with a colour ramp (for people).
#include <filesystem>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/geo/local_frame.h"
#include "dpt/sim/common/grid.h"

namespace dpt::scenario {

struct FieldBand {
  std::string name;
  std::vector<float> values;  // grid order: row 0 = south
};

// Writes <stem>.tif (all bands, georeferenced in the district CRS) and <stem>.png (the first
// band, colour ramp from 0 to its maximum, north up). Returns the two paths.
Result<std::vector<std::filesystem::path>> write_field(const std::filesystem::path& stem, const sim::Grid2D& grid,
                                                       const std::vector<FieldBand>& bands, const geo::LocalFrame& frame);

}  // namespace dpt::scenario
