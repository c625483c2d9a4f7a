#pragma once
// Buildings: footprints (with holes) extruded to a height, as data and as a closed mesh.
#include <cstdint>
#include <string>
#include <vector>

#include "dpt/geo/geometry.h"

namespace dpt::world {

enum class BuildingUse : std::uint8_t { unknown, residential, commercial, industrial, public_, hazmat };
const char* to_string(BuildingUse u);
BuildingUse building_use_from_string(const std::string& s);  // unknown if not recognised

struct Building {
  std::int64_t id = 0;      // stable: the source feature id, or the generator's number
  geo::Polygon footprint;   // normalised orientation, no repeated closing vertex
  float base_z = 0.0f;      // ground under the footprint (lowest terrain sample), m
  float height = 0.0f;      // above base_z, m (> 0)
  BuildingUse use = BuildingUse::unknown;
  std::string name;         // may be empty
  std::string site_id;      // the Site it belongs to, if any
};

// How a height was obtained from attributes (documented in docs/district.md).
enum class HeightSource : std::uint8_t { height_attr, levels_attr, default_height };
constexpr float kMetresPerLevel = 3.0f;
constexpr float kDefaultBuildingHeight = 9.0f;  // 3 levels: Dapeng's village houses are 2-6
// height → building:levels × 3 m → default. Accepts "12", "12 m", "12.5m"; levels "4".
float building_height_from_attrs(const std::string* height, const std::string* levels,
                                 HeightSource* source = nullptr);

// A triangle mesh of the buildings in the district frame (float is enough within ±100 km for
// centimetres). Walls, flat roofs and floors; closed (watertight) per building.
struct Mesh {
  std::vector<float> positions;        // x, y, z per vertex
  std::vector<std::uint32_t> indices;  // 3 per triangle, counter-clockwise seen from outside
  std::vector<std::uint32_t> triangle_building;  // index into the buildings vector, per triangle
  std::size_t triangle_count() const { return indices.size() / 3; }
};

// Appends the extruded mesh of one building. Returns false (appending nothing) when the footprint
// cannot be triangulated (degenerate); the caller reports it.
bool append_building_mesh(const Building& b, std::uint32_t building_index, Mesh& mesh);
Mesh make_buildings_mesh(const std::vector<Building>& buildings);

// Triangulates a polygon with holes (ear clipping with hole bridging). Output: indices into the
// concatenation outer + holes[0] + holes[1] + ...; counter-clockwise triangles. Empty on failure.
std::vector<std::uint32_t> triangulate(const geo::Polygon& polygon);

}  // namespace dpt::world
