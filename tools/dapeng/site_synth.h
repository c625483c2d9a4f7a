#pragma once
// Sites (docs: dpt/world/sites.h): the key industrial and hazmat sites with their buildings,
// beaches along the shore, shelters, hospitals and checkpoints.
#include <vector>

#include "dpt/world/buildings.h"
#include "dpt/world/roads.h"
#include "dpt/world/sites.h"
#include "synth.h"

namespace dapeng {

// Positions of the key sites on suitable coastal land (before the terrain: they are flattened).
std::vector<Local> snap_key_sites(const Context& ctx);

// Key sites with their yard polygons and their buildings (tanks, LPG spheres as short cylinders,
// power-plant halls and stack, sheds, towers). Needs the terrain (base_z).
void make_key_sites(const Context& ctx, const std::vector<Local>& positions, std::vector<dpt::world::Site>& sites,
                    std::vector<dpt::world::Building>& buildings);

// Beaches: a strip along the coastline (60 m deep, ~500 m long) at each beach of the table.
void make_beaches(const Context& ctx, const std::vector<dpt::geo::Polygon>& land, std::vector<dpt::world::Site>& sites);

// Shelters and hospitals (points near their town centre; building_synth gives them a building)
// and checkpoints (snapped to the nearest road node once the network exists).
void make_service_sites(const Context& ctx, std::vector<dpt::world::Site>& sites);
void snap_checkpoints(const dpt::world::RoadNetwork& roads, std::vector<dpt::world::Site>& sites);

// A circle as a ring (n vertices, counter-clockwise).
dpt::geo::Ring circle(Local c, double r, int n);
// A rectangle centred at c, `along` wide in direction angle `th` (radians from east), `across` deep.
dpt::geo::Ring rectangle(Local c, double along, double across, double th);
// Lowest terrain sample under a footprint (its vertices and centroid).
float ground_under(const Context& ctx, const dpt::geo::Ring& r);

}  // namespace dapeng
