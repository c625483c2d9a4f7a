#pragma once
// The named places of Dapeng New District that the generator builds around. Positions are
// approximate WGS-84 (read off public maps to ~100-300 m); each stage snaps them to suitable land
// (docs/district-dapeng.md, "Places"). Data, not code: add a row to add a place.
#include <span>

namespace dapeng {

struct PeakDef {
  const char* name;
  double lat, lon;
  double height_m;  // the summit height the terrain is fitted to
};

struct SettlementDef {
  const char* id;
  const char* name;
  double lat, lon;
  double radius_m;  // built-up radius: flattened terrain, street grid, buildings
  bool town;        // towns get a wider street grid and some towers
  double block_m;   // street spacing
  double tower_share;  // fraction of buildings that are towers (60-100 m)
};

enum class SiteLayout { tanks, spheres, power_plant, sheds, towers };

struct KeySiteDef {
  const char* id;
  const char* name;
  bool hazmat;
  double lat, lon;
  SiteLayout layout;
  const char* substance;  // hazmat only
  double inventory_t;
  const char* near;       // the settlement its road connects to
};

struct BeachDef {
  const char* id;
  const char* name;
  double lat, lon;
  int capacity;  // design crowd, people
};

struct ShelterDef {
  const char* id;
  const char* name;
  const char* town;  // settlement id
  double east_m, north_m;  // offset from the settlement centre
  int capacity;
};

struct PointDef {
  const char* id;
  const char* name;
  double lat, lon;
};

std::span<const PeakDef> peaks();
std::span<const SettlementDef> settlements();
std::span<const KeySiteDef> key_sites();
std::span<const BeachDef> beaches();
std::span<const ShelterDef> shelters();
std::span<const PointDef> hospitals();
std::span<const PointDef> checkpoints();
std::span<const PointDef> harbours();
// The district origin (its centre) and the terrain's lon/lat extent.
constexpr double kOriginLon = 114.48, kOriginLat = 22.555;
constexpr double kWest = 114.30, kEast = 114.66, kSouth = 22.42, kNorth = 22.69;

}  // namespace dapeng
