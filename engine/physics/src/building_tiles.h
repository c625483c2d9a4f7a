#pragma once
// The buildings as one small Bullet btBvhTriangleMeshShape (quantized BVH) per building, in a frame
// centred on the building (float keeps sub-millimetre resolution), found through two uniform grids:
// square tiles, each with its box, and inside each tile a fine grid listing the boxes of the
// buildings that overlap each fine cell. A ray walks the tiles it meets, then their fine cells,
// nearest first; a building whose box the ray enters in a cell has its (shallow) BVH walked over
// the piece of the ray inside its box, and the first cell with a hit ends the search. Large
// per-area BVHs cost a descent from the root for every piece of ray; a building's BVH has a few
// dozen nodes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "dpt/world/buildings.h"
#include "ray_math.h"

class btTriangleIndexVertexArray;
class btBvhTriangleMeshShape;
class btOptimizedBvh;

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
  // One building's BVH. Its vertices (relative to `centre`) and local indices live in the shared
  // arrays part_positions_ / part_indices_, which Bullet reads in place.
  struct Part {
    double centre[3] = {};
    std::uint32_t building = 0;
    std::uint32_t first_vertex = 0, first_index = 0;  // into part_positions_ (/3), part_indices_
    std::unique_ptr<btTriangleIndexVertexArray> arrays;
    std::unique_ptr<btBvhTriangleMeshShape> shape;
    btOptimizedBvh* bvh = nullptr;  // the shape's quantized BVH
  };
  // A building's box (district frame, padded, rounded outwards to float) in a fine cell's list.
  struct Entry {
    float lo[3], hi[3];
    std::uint32_t part;
  };
  struct Tile {
    double lo[3] = {}, hi[3] = {};  // district frame, padded
    Grid2 fine;                     // over the tile's box
    std::vector<std::uint32_t> cell_start;  // CSR: entries of the buildings overlapping each cell
    std::vector<Entry> entries;
  };
  // One entry of a tile cell's list, with the tile's box inline so that the slab tests of a cell
  // read contiguous memory.
  struct CellEntry {
    double lo[3], hi[3];
    std::uint32_t tile;
  };
  void build_parts(const std::vector<std::uint32_t>& tri_order, const std::vector<std::uint32_t>& first);
  static void build_fine_grid(Tile& tile, const std::vector<Entry>& entries);
  void cast_tile(const Tile& tile, const Ray& r, double t0, double t1, Hit& hit) const;
  bool cast_part(const Part& part, const Ray& r, double a, double b, Hit& hit) const;

  world::Mesh mesh_;
  std::vector<Part> parts_;  // one per building with triangles; never resized after build
  std::vector<float> part_positions_;
  std::vector<std::uint32_t> part_indices_;
  std::vector<std::unique_ptr<Tile>> tiles_;
  Grid2 grid_;                                // tile cells over the mesh's extent
  double lo_[3] = {}, hi_[3] = {};            // union of the tiles' boxes
  std::vector<std::uint32_t> cell_start_;     // CSR: tiles whose box overlaps each cell
  std::vector<CellEntry> cell_tiles_;
};

}  // namespace dpt::physics::detail
