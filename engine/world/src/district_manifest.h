#pragma once
// district.toml: the manifest of a district directory (docs/district.md). Private to world/.
#include <filesystem>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/world/district.h"

namespace dpt::world::detail {

constexpr int kDistrictFormat = 1;

struct Manifest {
  std::string name;
  std::string description;
  std::string crs;
  geo::LonLat origin;
  std::vector<LayerInfo> layers;
  std::vector<SourceLoc> layer_locs;  // where each [[layer]] table starts, for count errors
};

// The manifest text for `layers` (counts already filled in by the caller).
std::string manifest_text(const District& d, const std::vector<LayerInfo>& layers);
// Reads and validates district.toml; every problem names file and line.
Result<Manifest> read_manifest(const std::filesystem::path& path);

}  // namespace dpt::world::detail
