#pragma once
// The collision world's fast ray cast: the terrain's triangles and the buildings' triangles in one
// uniform grid whose cells are the terrain's cells, walked once along the ray, nearest cell first,
// with a coarse grid of blocks in front of it so that rays passing high over the land skip whole
// blocks. The first cell that ends with a hit inside it ends the walk.
//
// It answers exactly what Bullet's shapes answer (the same triangles: the height field split as
// btHeightfieldTerrainShape splits it, the buildings' mesh as it is), in double precision, with the
// data laid out for the cache: a camera ray touches a few cache lines of heights, one cell's list
// of building clusters and their triangles. Bullet's ray tests over the same shapes stay as the
// reference (CollisionWorld::ray_cast_bullet); tests hold the two together.
#include <cstdint>
#include <vector>

#include "dpt/geo/raster_read.h"
#include "dpt/world/buildings.h"
#include "ray_math.h"

namespace dpt::physics::detail {

class RayGrid {
 public:
  // Builds over the terrain grid (may be empty) and the buildings' mesh (may be empty). The grid's
  // cells are the terrain's cells, extended to cover buildings beyond the terrain; without terrain
  // they are kCellNoTerrainM square.
  void build(const geo::HeightGrid& terrain, const world::Mesh& buildings);

  bool empty() const { return cells_.nx == 0; }
  const double* lo() const { return lo_; }  // box of everything that can be hit, district frame
  const double* hi() const { return hi_; }

  // Nearest hit of r on [t0, t1], nearer than hit.t: updates `hit` (building -1 for the terrain)
  // and returns true when one is found. Thread-safe, no allocation.
  bool ray_cast(const Ray& r, double t0, double t1, Hit& hit) const;

  std::size_t cluster_count() const { return clusters_.size(); }

 private:
  static constexpr int kBlockCells = 8;          // cells per block side
  static constexpr double kCellNoTerrainM = 25;  // cell side without terrain
  // Triangles of one building are cut into clusters of at most this many (sorted along the
  // building's longer side), each with its own box: a large building is listed, and tested, only
  // where the ray passes.
  static constexpr std::uint32_t kClusterTriangles = 32;

  // Triangle for the Möller–Trumbore test, relative to its cluster's centre.
  struct Tri {
    float v0[3], e1[3], e2[3];
  };
  struct Cluster {
    double centre[3];
    std::uint32_t first_tri, tri_count;
    std::uint32_t building;
  };
  // A cluster's box (district frame, padded, rounded outwards to float) in a cell's list.
  struct Entry {
    float lo[3], hi[3];
    std::uint32_t cluster;
  };

  void build_terrain(const geo::HeightGrid& g);
  void build_clusters(const world::Mesh& mesh, std::vector<double>& boxes);
  void build_cells(const std::vector<double>& boxes);
  // The cell (ix, iy), met by the ray on [ta, tb]; t0 is the ray's start.
  void cast_cell(const Ray& r, int ix, int iy, double ta, double tb, double t0, Hit& hit) const;
  void cast_terrain_cell(const Ray& r, int ti, int tj, double ta, double tb, double t0, Hit& hit) const;
  void cast_cluster(const Cluster& c, const Ray& r, double t0, Hit& hit) const;

  Grid2 cells_, blocks_;
  std::vector<float> cell_top_;   // highest terrain sample or roof in each cell
  std::vector<float> block_top_;  // highest in each block
  std::vector<std::uint32_t> cell_start_;  // CSR: entries of the clusters overlapping each cell
  std::vector<Entry> entries_;
  std::vector<Cluster> clusters_;
  std::vector<Tri> tris_;

  // The terrain: samples in rows from the south (as Bullet has them); terrain cell (ti, tj) is grid
  // cell (ti + ti0_, tj + tj0_).
  std::vector<float> heights_;
  int tnx_ = 0, tny_ = 0;  // samples
  int ti0_ = 0, tj0_ = 0;
  double tx0_ = 0.0, ty0_ = 0.0, tdx_ = 1.0, tdy_ = 1.0;  // south-west sample, spacing

  double lo_[3] = {}, hi_[3] = {};
};

}  // namespace dpt::physics::detail
