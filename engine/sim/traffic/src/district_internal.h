#pragma once
// Shared between the files that turn the district's roads into a traffic Network
// (district_network.h): planar helpers and the per-junction building step.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dpt/sim/traffic/district_network.h"

namespace dpt::sim::traffic::district {

inline constexpr double kPi = 3.14159265358979323846;

// --- planar helpers (district_geometry.cpp) ---
double polyline_length(std::span<const Point2> p);
// The part of `p` between arc lengths from_s and to_s (0 <= from_s <= to_s <= length).
std::vector<Point2> cut_polyline(std::span<const Point2> p, double from_s, double to_s);
// `p` moved sideways by `right_m` (negative: to the left), mitred at the vertices.
std::vector<Point2> offset_polyline(std::span<const Point2> p, double right_m);
Point2 point_at(std::span<const Point2> p, double s);
// Angle in (-pi, pi].
double wrap_pi(double a);
// Angle in [0, 2 pi).
double wrap_2pi(double a);

// What the junction builder needs to know about each road link (built by district_network.cpp).
struct LinkInfo {
  double arm_from = 0.0;  // direction leaving the from-node along the link (radians, east = 0, CCW)
  double arm_to = 0.0;    // direction leaving the to-node back along the link
  int lanes = 1;
  double speed_mps = 0.0;
  world::RoadClass cls = world::RoadClass::other;
  bool reversible = false;  // its left-most lane is a reversible lane (DistrictNetworkOptions)
};

// Adds, for every road node, its junction, its connections with their internal edges and lanes,
// its request table and (as asked) its signal program. The normal edges and lanes must be in
// `net` already, edge i for road link i, lanes of an edge consecutive, right-most first.
void build_junctions(const world::RoadNetwork& roads, std::span<const LinkInfo> info,
                     const DistrictNetworkOptions& o, Network& net, DistrictNetworkStats& stats);

// --- request tables (district_requests.cpp) ---
// One link (connection from a normal lane) of a junction, as the request builder sees it.
struct JunctionLink {
  std::uint32_t in_link = 0;   // road links
  std::uint32_t out_link = 0;
  std::uint32_t to_lane_index = 0;  // lane index within the outgoing edge
  std::uint32_t from_lane_index = 0;  // lane index within the incoming edge
  LinkDirection dir = LinkDirection::straight;
  double arm_in = 0.0;   // direction of the incoming road's arm, out of the node
  double arm_out = 0.0;  // direction of the outgoing road's arm, out of the node
  bool major = false;    // from an incoming road of the major road
};

// n x n matrices, row-major: foe[a * n + b] when links a and b conflict, yields[a * n + b] when
// a must let b go first. See district_requests.cpp for the rules.
void compute_requests(std::span<const JunctionLink> links, std::vector<std::uint8_t>& foe,
                      std::vector<std::uint8_t>& yields);

// netconvert's default fixed-time program for a junction with these links: the major road's
// links green, then yellow, then the other roads' links green, then yellow. A link is 'G' in its
// green phase when it yields to none of the links green with it, else 'g' (permissive).
SignalProgram default_signal_program(const std::string& id, std::span<const JunctionLink> links,
                                     std::span<const std::uint8_t> yields, const DistrictNetworkOptions& o);

}  // namespace dpt::sim::traffic::district
