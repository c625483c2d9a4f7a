#pragma once
// A plan view of a district as an RGB image: shaded relief and sea depth, coastline, roads,
// buildings and sites. The quick look before the 3-D renderer; `dptwin district map`.
#include <cstdint>
#include <vector>

#include "dpt/world/district.h"

namespace dpt::app {

struct RgbImage {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;  // row-major, 3 bytes a pixel, row 0 = north
};

// `width` pixels across the terrain's extent (height follows the aspect ratio).
RgbImage draw_district_map(const world::District& d, int width);

}  // namespace dpt::app
