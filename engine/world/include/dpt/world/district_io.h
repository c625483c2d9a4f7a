#pragma once
// The district directory (docs/district.md):
//   district.toml   manifest: name, CRS, origin, and per layer its file, provenance and counts
//   terrain.tif     float32 GeoTIFF in the district CRS
//   district.gpkg   GeoPackage in the district CRS, layers coastline, buildings, roads, sites,
//                   cameras, sensors
// Standard formats, so that QGIS opens every layer.
#include <filesystem>

#include "dpt/core/result.h"
#include "dpt/world/district.h"

namespace dpt::world {

struct LoadOptions {
  bool terrain = true;
  bool vectors = true;  // buildings, roads, sites, sensors, coastline
};

// Loads and indexes a district directory. Every problem (missing file, bad manifest key, layer
// count mismatch) comes back with the file and what was expected.
Result<District> load_district(const std::filesystem::path& dir, const LoadOptions& options = {});

// Writes `d` into `dir` (created; existing district files replaced). Layer counts in the
// manifest are taken from `d`.
Result<bool> write_district(const District& d, const std::filesystem::path& dir);

}  // namespace dpt::world
