#pragma once
// The buildings' triangle mesh cut into square spatial tiles, each its own Bullet
// btBvhTriangleMeshShape (quantized BVH) in a frame centred on the tile, so that a ray only
// descends the trees of the few tiles it passes and float keeps sub-millimetre resolution.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "dpt/world/buildings.h"
#include "ray_math.h"

class btTriangleIndexVertexArray;
class btBvhTriangleMeshShape;

namespace dpt::physics::detail {

class BuildingTiles {
 public:
  BuildingTiles();
  ~BuildingTiles();
  BuildingTiles(const BuildingTiles&) = delete;
  BuildingTiles& operator=(const BuildingTiles&) = delete;

  // Takes the mesh (kept: hits map back to buildings through mesh.triangle_building). A building
  // goes to the tile that holds the centre of its box; tiles grow to hold their buildings whole.
  void build(world::Mesh mesh, double tile_size_m);

  // Nearest building hit of r on [t0, t1], nearer than hit.t; updates `hit` and returns true.
  bool ray_cast(const Ray& r, double t0, double t1, Hit& hit) const;

  std::size_t triangle_count() const { return mesh_.triangle_count(); }
  std::size_t tile_count() const { return tiles_.size(); }
  const double* lo() const { return lo_; }  // union of the tiles' boxes, district frame
  const double* hi() const { return hi_; }

 private:
  struct Tile {
    double centre[3] = {};
    double lo[3] = {}, hi[3] = {};         // district frame, padded
    std::vector<float> positions;          // relative to centre
    std::vector<std::uint32_t> indices;    // into positions
    std::vector<std::uint32_t> triangles;  // tile triangle → mesh triangle
    std::unique_ptr<btTriangleIndexVertexArray> arrays;
    std::unique_ptr<btBvhTriangleMeshShape> shape;
  };
  // One entry of a cell's tile list, with the tile's box inline so that the slab tests of a cell
  // read contiguous memory (the Tile objects are touched only when a ray enters their box).
  struct CellEntry {
    double lo[3], hi[3];
    std::uint32_t tile;
  };
  bool cast_tile(const Tile& tile, const Ray& r, double t0, double t1, Hit& hit) const;

  world::Mesh mesh_;
  std::vector<std::unique_ptr<Tile>> tiles_;  // stable addresses: Bullet points into them
  Grid2 grid_;                                // tile cells over the mesh's extent
  double lo_[3] = {}, hi_[3] = {};            // union of the tiles' boxes
  std::vector<std::uint32_t> cell_start_;     // CSR: tiles whose box overlaps each cell
  std::vector<CellEntry> cell_tiles_;
};

}  // namespace dpt::physics::detail
