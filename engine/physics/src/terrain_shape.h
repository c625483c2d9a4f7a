#pragma once
// The district's height field as Bullet's btHeightfieldTerrainShape, with our own two-level
// min/max chunk grid in front of it. Bullet's own accelerator (buildAccelerator) is not used: its
// walk never stops at the first hit, and the upstream source compares the chunk's height range
// with component 1 of the ray (y, not z, for a z-up field).
#include <cstddef>
#include <memory>
#include <vector>

#include "dpt/geo/raster_read.h"
#include "ray_math.h"

class btHeightfieldTerrainShape;

namespace dpt::physics::detail {

class TerrainShape {
 public:
  TerrainShape();
  ~TerrainShape();
  TerrainShape(const TerrainShape&) = delete;
  TerrainShape& operator=(const TerrainShape&) = delete;

  // Builds the shape over `grid` (copied, rows flipped to Bullet's south-up order). An empty
  // grid gives an empty shape that nothing hits.
  void build(const geo::HeightGrid& grid);
  bool empty() const { return shape_ == nullptr; }
  const double* lo() const { return lo_; }  // box of the samples, district frame
  const double* hi() const { return hi_; }

  // Nearest terrain hit of r on [t0, t1]; updates `hit` (building = -1) and returns true when
  // one is found nearer than hit.t.
  bool ray_cast(const Ray& r, double t0, double t1, Hit& hit) const;

  std::size_t triangle_count() const;

 private:
  // Cells per chunk side of the fine min/max grid, and fine chunks per coarse chunk side. Fine
  // chunks keep Bullet's cell walk short (a camera ray's ground hit is a few cells away); coarse
  // ones let rays that pass high over the hills skip them 32 cells at a time.
  static constexpr int kChunkCells = 2;
  static constexpr int kCoarseChunks = 16;
  struct Range {
    float lo, hi;
  };
  // Narrows [a, b] to where the ray's height is within `range` (padded); false when empty.
  static bool clip_to_heights(const Ray& r, Range range, double& a, double& b);
  // Bullet's ray test over r on [a, b]; updates `hit` when nearer. Bullet's callback sees the
  // whole piece [a, b] (its hits are those of performRaycast over [a, b]), but Bullet walks only
  // the runs of the piece's cells that the ray meets in height.
  bool cast_piece(const Ray& r, double a, double b, Hit& hit) const;

  std::vector<float> heights_;  // Bullet order: row 0 = southernmost
  std::unique_ptr<btHeightfieldTerrainShape> shape_;
  int nx_ = 0, ny_ = 0;      // samples
  double centre_[3] = {};    // district-frame position of Bullet's local origin
  double lo_[3] = {}, hi_[3] = {};  // the box of the samples (z padded)
  Grid2 chunks_;             // over the cells, origin at the south-west sample
  std::vector<Range> chunk_range_;  // height range per chunk (one cache line, not two)
  Grid2 coarse_;
  std::vector<Range> coarse_range_;
  Grid2 cells_;                     // one per cell of the field
  std::vector<Range> cell_range_;
};

}  // namespace dpt::physics::detail
