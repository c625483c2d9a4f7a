#pragma once
// The ground: a height field in the district frame (metres above mean sea level; the sea floor is
// negative) and the render-ready chunks the renderer draws.
#include <cstdint>
#include <vector>

#include "dpt/geo/geometry.h"
#include "dpt/geo/raster_read.h"

namespace dpt::world {

struct Terrain {
  geo::HeightGrid grid;        // no NaN once loaded: holes are filled at import and counted
  std::int64_t filled_holes = 0;

  bool empty() const { return grid.z.empty(); }
  double height(geo::Local p) const { return grid.sample(p); }
  geo::Box bounds() const;  // of the sample positions
  // Surface normal from central differences at p (unit length, z up).
  void normal(geo::Local p, double out[3]) const;
};

// Fills NaN samples from their valid neighbours (iterated averaging), returns how many it filled.
std::int64_t fill_holes(geo::HeightGrid& grid);

// A square block of samples for the renderer, with the level-of-detail pyramid step sizes.
struct TerrainChunk {
  int i0 = 0, j0 = 0;  // first sample (column, row)
  int ni = 0, nj = 0;  // samples in this chunk, including the shared edge
  float min_z = 0.0f, max_z = 0.0f;
  geo::Box box;
};
// Splits the grid into chunks of `size` cells (size+1 samples, edges shared with neighbours).
std::vector<TerrainChunk> make_chunks(const Terrain& terrain, int size = 64);

}  // namespace dpt::world
