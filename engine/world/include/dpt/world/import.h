#pragma once
// `dptwin district import`: a user's real data becomes a district.
#include <filesystem>
#include <optional>
#include <string>

#include "dpt/core/result.h"
#include "dpt/world/district.h"

namespace dpt::world {

struct ImportRequest {
  std::string crs;  // the district CRS (EPSG code, WKT or PROJ string)
  std::optional<geo::LonLat> origin;  // default: centre of the data's extent
  std::string name = "imported";
  std::optional<std::filesystem::path> dem;
  std::optional<std::filesystem::path> buildings;
  std::optional<std::filesystem::path> roads;
  std::optional<std::filesystem::path> sites;
};

// Reads, reprojects, maps attributes (building height from `height`, else `building:levels` × 3 m,
// else the documented default; roads from OSM `highway`, `lanes`, `maxspeed`, `oneway`), repairs
// or reports invalid geometry, fills nodata holes, and builds the road graph. Feature-level
// problems are counted per layer in LayerInfo (and listed in `warnings`); file-level problems
// (unreadable, no CRS, empty layer) are errors.
Result<District> import_district(const ImportRequest& request, ErrorList* warnings = nullptr);

}  // namespace dpt::world
