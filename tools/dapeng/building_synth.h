#pragma once
// Synthetic buildings along the streets of the built-up areas: village houses, town blocks, some
// towers, industrial sheds near the key sites; L-shaped footprints and courtyards among them.
// No two overlap, none stands on a road; base_z from the terrain.
#include <vector>

#include "dpt/world/buildings.h"
#include "dpt/world/roads.h"
#include "dpt/world/sites.h"
#include "synth.h"

namespace dapeng {

struct BuildingReport {
  std::int64_t candidates = 0, rejected_overlap = 0, rejected_ground = 0;
  std::int64_t l_shaped = 0, courtyards = 0, towers = 0, sheds = 0, houses = 0, service = 0;
};

// Half the paved width of a road class, m (for keeping buildings off the carriageway).
double road_half_width(dpt::world::RoadClass c);

// Appends to `buildings` (which holds the key sites' buildings already): a hall for every shelter
// and hospital (the site's position and area move onto it), then up to `target` in total.
void synth_buildings(const Context& ctx, const dpt::world::RoadNetwork& roads, std::vector<dpt::world::Site>& sites,
                     std::size_t target, std::vector<dpt::world::Building>& buildings, BuildingReport& report);

}  // namespace dapeng
