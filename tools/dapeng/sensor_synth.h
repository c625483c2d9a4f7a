#pragma once
// Synthetic cameras (exactly `count` rigs: most along the roads, some at the beaches and around the
// key sites) and point sensors (weather, gas, crowd counters, water level).
#include <vector>

#include "dpt/world/buildings.h"
#include "dpt/world/roads.h"
#include "dpt/world/sensors.h"
#include "dpt/world/sites.h"
#include "synth.h"

namespace dapeng {

// No pole stands inside a building: a position inside a footprint moves to the nearest free spot
// (the other side of the road first, then a spiral of 2 m steps).
std::vector<dpt::world::Camera> synth_cameras(const Context& ctx, const dpt::world::RoadNetwork& roads,
                                              const std::vector<dpt::world::Site>& sites,
                                              const std::vector<dpt::world::Building>& buildings, int count);
std::vector<dpt::world::Sensor> synth_sensors(const Context& ctx, const std::vector<dpt::world::Site>& sites);

}  // namespace dapeng
