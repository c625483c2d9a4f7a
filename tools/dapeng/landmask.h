#pragma once
// The GSHHG land mask (a lon/lat raster, 1 = land; made by `gmt grdlandmask -Df -N0/1`), sampled
// onto the district lattice and turned into coastline polygons.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "dpt/core/result.h"
#include "synth.h"

namespace dapeng {

struct LonLatMask {
  int nx = 0, ny = 0;
  double lon0 = 0.0, lat0 = 0.0;  // north-west corner of pixel (0, 0)
  double dlon = 0.0, dlat = 0.0;  // pixel size (dlat > 0, rows go south)
  std::vector<std::uint8_t> v;    // 1 land, 0 water, row-major
  bool land_at(double lon, double lat) const;  // outside the raster: water
};

// Reads band 1 of a GeoTIFF in geographic coordinates; values > 0.5 are land.
dpt::Result<LonLatMask> read_lonlat_mask(const std::filesystem::path& path);

// Fills cells.land from the mask at each sample's lon/lat (nearest pixel: no blurring of the shore).
void sample_land(const LonLatMask& mask, const dpt::geo::LocalFrame& frame, Cells& cells);

struct CoastlineStats {
  std::int64_t polygons_raw = 0;     // from GDALPolygonize
  std::int64_t dropped_small = 0;    // smaller than min_area_m2 (islets, slivers)
  std::int64_t holes_dropped = 0;
  std::int64_t repaired = 0;         // self-touching after simplification: split by MakeValid
  std::int64_t vertices = 0;         // after simplification
};

// Land polygons of the mask inside lon/lat window [w, e] x [s, n]: GDALPolygonize (4-connected),
// staircase removed by cutting corners (each edge replaced by its midpoint), then Douglas–Peucker
// with `simplify_m`; polygons and holes under `min_area_m2` are dropped.
dpt::Result<std::vector<dpt::geo::Polygon>> land_polygons(const LonLatMask& mask, const dpt::geo::LocalFrame& frame,
                                                          double w, double e, double s, double n, double simplify_m,
                                                          double min_area_m2, CoastlineStats* stats);

}  // namespace dapeng
