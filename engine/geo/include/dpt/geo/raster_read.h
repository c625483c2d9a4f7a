#pragma once
// Reading rasters with GDAL (GeoTIFF, VRT, SRTM .hgt, ... whatever GDAL reads) into the district
// frame, and sampling them.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/geo/local_frame.h"

namespace dpt::geo {

// A north-up grid of samples in the district frame. Sample (i, j) sits at the centre of pixel
// (i, j): x = x0 + i*dx, y = y0 - j*dy (row 0 is the northernmost). NaN marks nodata.
struct HeightGrid {
  int nx = 0;
  int ny = 0;
  double x0 = 0.0;  // district-frame x of sample (0, 0), m
  double y0 = 0.0;  // district-frame y of sample (0, 0), m
  double dx = 1.0;  // spacing east, m (> 0)
  double dy = 1.0;  // spacing south, m (> 0)
  std::vector<float> z;  // nx * ny, row-major

  float at(int i, int j) const { return z[static_cast<std::size_t>(j) * nx + i]; }
  // Bilinear between the four samples around p (clamped at the edges); NaN if any is nodata.
  double sample(Local p) const;
};

struct RasterReadReport {
  std::string source_crs_name;
  bool reprojected = false;     // the raster's CRS differed from the district's: warped (bilinear)
  std::int64_t nodata_cells = 0;
};

// Reads band `band` (1-based) of `path` into the district frame. When the raster's CRS is the
// district's, samples are copied exactly (no resampling); otherwise the raster is warped with
// bilinear resampling onto a grid of about the same resolution in the district CRS (gdalwarp's
// choice; source nodata respected; cells outside the source are NaN). Errors, naming the file:
// unreadable, not a raster, no CRS, no geotransform, missing band, rotated geotransform.
Result<HeightGrid> read_height_grid(const std::filesystem::path& path, const LocalFrame& frame,
                                    int band = 1, RasterReadReport* report = nullptr);

// Writes a HeightGrid as a float32 GeoTIFF in the frame's CRS (deflate, floating-point
// predictor, nodata = NaN), so that it reads back exactly (samples bit for bit; x0/y0 up to the
// rounding of adding and removing the origin, ~1e-10 m).
Result<bool> write_height_grid(const std::filesystem::path& path, const HeightGrid& grid,
                               const LocalFrame& frame);

}  // namespace dpt::geo
