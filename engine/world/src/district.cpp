// The district's lookups: layers, sites, the building under a point and the surface height.
#include "dpt/world/district.h"

#include <cmath>
#include <vector>

namespace dpt::world {

void District::index() {
  std::vector<geo::Box> boxes;
  boxes.reserve(buildings.size());
  for (const Building& b : buildings) boxes.push_back(geo::bounds(b.footprint.outer));
  building_index = GridIndex(boxes);
  boxes.clear();
  for (const Camera& c : cameras) boxes.push_back({c.pose.x, c.pose.y, c.pose.x, c.pose.y});
  camera_index = GridIndex(boxes);
}

const LayerInfo* District::layer(const std::string& layer_name) const {
  for (const LayerInfo& l : layers)
    if (l.name == layer_name) return &l;
  return nullptr;
}

const Site* District::site(const std::string& id) const {
  for (const Site& s : sites)
    if (s.id == id) return &s;
  return nullptr;
}

std::int64_t District::building_at(geo::Local p) const {
  // A per-thread scratch list: this is called per agent and per ray, so no allocation per call.
  thread_local std::vector<std::uint32_t> hits;
  building_index.at_point(p, hits);
  for (std::uint32_t k : hits)
    if (geo::point_in_polygon(buildings[k].footprint, p)) return static_cast<std::int64_t>(k);
  return -1;
}

double District::surface_z(geo::Local p, std::int64_t* building) const {
  const double ground = ground_z(p);
  const std::int64_t b = building_at(p);
  if (building != nullptr) *building = b;
  if (b < 0) return ground;
  const Building& bd = buildings[static_cast<std::size_t>(b)];
  const double roof = static_cast<double>(bd.base_z) + static_cast<double>(bd.height);
  return std::isnan(ground) ? roof : std::max(ground, roof);
}

}  // namespace dpt::world
