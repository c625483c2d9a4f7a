#pragma once
// Dapeng New District's boundary (TransBigData's Shenzhen districts, field qh = "大鹏"; coarse)
// and the lattice mask "inside the boundary, buffered".
#include <filesystem>
#include <vector>

#include "dpt/core/result.h"
#include "synth.h"

namespace dapeng {

// Reads the polygons of the feature whose `qh` is "大鹏".
dpt::Result<std::vector<dpt::geo::Polygon>> read_dapeng_boundary(const std::filesystem::path& path,
                                                                 const dpt::geo::LocalFrame& frame);

// Fills cells.district: sample inside any polygon (scanline, even-odd), then grown by buffer_m.
void rasterise_district(const std::vector<dpt::geo::Polygon>& boundary, double buffer_m, Cells& cells);

}  // namespace dapeng
