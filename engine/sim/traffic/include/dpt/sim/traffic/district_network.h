#pragma once
// The district's road network (world::RoadNetwork) turned into a traffic Network, doing a small
// part of what SUMO's netconvert does with a plain road graph
// (sumo.dlr.de/docs/Networks/PlainXML.html, .../Networks/SUMO_Road_Networks.html):
//  - one normal edge per road link, id "L<link index>", and edge index == link index (the
//    normal edges come first, in link order; internal edges follow);
//  - lanes offset to the right of the link's geometry (two-way roads: right of the centre line;
//    one-way roads: centred on it), cut back at junctions so that the junction has room;
//  - at every road node a junction "N<node index>": connections from each incoming edge to
//    each outgoing one except the U-turn back along the same road (kept where it is the only way
//    on), each through one internal edge ":N<node>_<link>" of one lane;
//  - a priority junction's request table (who yields to whom) from the road classes, and
//    optionally fixed-time traffic lights where two roads of a given class cross.
#include <cstdint>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/sim/traffic/network.h"
#include "dpt/world/roads.h"

namespace dpt::sim::traffic {

struct DistrictNetworkOptions {
  double lane_width_m = 3.2;  // SUMO's default lane width
  // Turn speeds: v = sqrt(a_lat * r), r the radius of the turn, capped by the speed limits of the
  // two roads: netconvert's option junctions.limit-turn-speed (sumo.dlr.de/docs/netconvert.html
  // "Junctions"), whose default 5.5 m/s^2 is what netconvert's nets record (limitTurnSpeed="5.50").
  // 0 disables the limit.
  double lateral_accel_mps2 = 5.5;
  // Fixed-time lights where the major road and the best minor road are both of this class or
  // higher (motorway is the highest). Off by default.
  bool traffic_lights = false;
  world::RoadClass signal_min_class = world::RoadClass::secondary;
  // The program follows netconvert's generated ones (sumo.dlr.de/docs/Simulation/Traffic_Lights.html
  // "Automatically Generated TLS-Programs"): a fixed cycle of one green per direction (the major
  // road, then the others), each followed by a yellow; left turns green at the same time as the
  // oncoming traffic but yielding to it ('g', SUMO's "green minor"). netconvert splits its 90 s
  // cycle equally and derives the yellow from the speeds; here a green of 31 s (the doc's
  // example program) and a yellow of 4 s.
  double green_s = 31.0;
  double yellow_s = 4.0;
  // Road links whose left-most lane is a reversible lane (traffic_measures.h), added to the road's
  // own lanes. The turns to and from such a road are laid out as for the road without that lane
  // and then given to it as well, so that they survive while it serves the other direction: a left
  // turn is made from the road's own left-most lane and from the reversible lane, and leads onto
  // the target's own left-most lane (and its reversible lane).
  std::vector<std::uint32_t> reversible_links;
};

// What the conversion did, for reports and tests.
struct DistrictNetworkStats {
  std::uint32_t normal_edges = 0;
  std::uint32_t internal_edges = 0;
  std::uint32_t lanes = 0;
  std::uint32_t junctions = 0;
  std::uint32_t junction_links = 0;       // connections from normal lanes (request table rows)
  std::uint32_t kept_u_turns = 0;         // U-turns kept because nothing else leads on
  std::uint32_t signalised_junctions = 0;
};

// Converts the district's roads. Errors (a link whose end is not a node, a non-finite point, a
// speed or lane count that is not positive) name the link and what was expected.
Result<Network> network_from_roads(const world::RoadNetwork& roads, const DistrictNetworkOptions& o = {},
                                   DistrictNetworkStats* stats = nullptr);

// The edge id of road link `link` ("L123"), and back (kNone when `edge_id` is not of that form).
std::string district_edge_id(std::uint32_t link);
std::uint32_t district_link_of_edge(const std::string& edge_id);

}  // namespace dpt::sim::traffic
