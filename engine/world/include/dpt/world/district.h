#pragma once
// The static district: everything the simulations, the renderer and the fusion stand on.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/geo/local_frame.h"
#include "dpt/world/buildings.h"
#include "dpt/world/roads.h"
#include "dpt/world/sensors.h"
#include "dpt/world/sites.h"
#include "dpt/world/spatial_index.h"
#include "dpt/world/terrain.h"

namespace dpt::world {

// Where one layer came from, and what was lost or repaired on the way in.
struct LayerInfo {
  std::string name;     // "terrain", "coastline", "buildings", "roads", "sites", "cameras", "sensors"
  std::string file;     // relative to the district directory
  std::string status;   // "real", "synthetic", "derived", "imported"
  std::string source;   // what it was made from, human-readable
  std::string licence;
  std::string note;
  std::int64_t features = 0;
  std::int64_t skipped = 0;
  std::int64_t repaired = 0;
  std::map<std::string, std::int64_t> skipped_reasons;  // reason → count
};

struct District {
  std::string name;
  std::string description;
  std::string crs = "EPSG:4547";
  geo::LonLat origin;  // WGS-84 lon/lat of the frame's origin

  Terrain terrain;
  std::vector<geo::Polygon> land;  // coastline as land polygons (may be empty)
  std::vector<Building> buildings;
  RoadNetwork roads;
  std::vector<Site> sites;
  std::vector<Camera> cameras;
  std::vector<Sensor> sensors;
  std::vector<LayerInfo> layers;

  // Built by index(): one box per building / site / camera.
  GridIndex building_index;
  GridIndex camera_index;
  void index();

  const LayerInfo* layer(const std::string& name) const;
  const Site* site(const std::string& id) const;
  // The building whose footprint contains p, or -1 (index into buildings).
  std::int64_t building_at(geo::Local p) const;
  // Ground height, and surface height (roof where p is inside a building).
  double ground_z(geo::Local p) const { return terrain.height(p); }
  double surface_z(geo::Local p, std::int64_t* building = nullptr) const;
};

}  // namespace dpt::world
