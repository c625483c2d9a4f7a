#pragma once
// Writing georeferenced rasters (GeoTIFF) with GDAL, so that fields a run produces open in QGIS.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "dpt/core/result.h"

namespace dpt::geo {

struct RasterGrid {
  double west = 0.0;   // projected x of the west edge, m
  double north = 0.0;  // projected y of the north edge, m
  double cell = 1.0;   // square cell size, m
  int width = 0;
  int height = 0;
};

struct RasterBand {
  std::string name;
  std::span<const float> values;  // row-major, row 0 = northernmost, width*height values
};

// Writes a float32 GeoTIFF (deflate) with one band per entry; `crs_wkt` georeferences it.
Result<bool> write_geotiff(const std::filesystem::path& path, const RasterGrid& grid,
                           const std::vector<RasterBand>& bands, const std::string& crs_wkt);

// Writes an 8-bit RGB image (row-major, 3 bytes a pixel) as PNG through GDAL's PNG driver.
Result<bool> write_png_rgb(const std::filesystem::path& path, int width, int height,
                           std::span<const unsigned char> rgb);

}  // namespace dpt::geo
