#pragma once
// Exact Euclidean distance transform on a grid (Felzenszwalb & Huttenlocher, "Distance Transforms
// of Sampled Functions", Theory of Computing 8, 2012): two passes of the 1-D lower envelope of
// parabolas, O(n) per row and column.
#include <cstdint>
#include <vector>

namespace dapeng {

// For every cell, the distance (in units of `cell`) to the nearest cell where feature != 0
// (0 on feature cells). Without any feature cell, every distance is a large number (1e9).
std::vector<float> distance_to(const std::vector<std::uint8_t>& feature, int nx, int ny, double cell);

}  // namespace dapeng
