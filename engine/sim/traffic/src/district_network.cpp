// The district's road links as the normal edges and lanes of a traffic Network (district_network.h);
// the junctions are built by district_junctions.cpp.
#include "dpt/sim/traffic/district_network.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

#include "district_internal.h"
#include "dpt/core/assert.h"

namespace dpt::sim::traffic {

namespace {

using district::LinkInfo;

// How far from the node the arm direction is measured: far enough to smooth the first few
// metres of a digitised line, near enough to follow the road where it leaves the node.
constexpr double kArmProbeM = 10.0;
// Junction sizes: at a node where three or more roads meet, lanes are cut back by half the
// widest road's width plus this margin (netconvert cuts at the junction's polygon, whose size
// follows the roads' widths); where a road only continues or ends, a short stub.
constexpr double kJunctionMarginM = 1.0;
constexpr double kThroughNodeSetbackM = 1.0;
constexpr double kMaxSetbackShare = 0.3;  // at most this share of a link is cut off at each end

std::string link_label(std::uint32_t i, const world::RoadLink& l) {
  std::string s = "link " + std::to_string(i);
  if (l.source_id >= 0) s += " (road " + std::to_string(l.source_id) + ")";
  return s;
}

// The link's geometry from its from-node to its to-node, without repeated points; the node
// positions when the geometry is missing.
std::vector<Point2> link_points(const world::RoadNetwork& roads, const world::RoadLink& l) {
  std::vector<Point2> p;
  if (l.geometry.size() >= 2) {
    for (const geo::Local& q : l.geometry)
      if (p.empty() || q.x != p.back().x || q.y != p.back().y) p.push_back({q.x, q.y});
  }
  if (p.size() < 2) {
    const geo::Local a = roads.nodes()[l.from].pos, b = roads.nodes()[l.to].pos;
    p = {{a.x, a.y}, {b.x, b.y}};
  }
  return p;
}

ErrorList validate(const world::RoadNetwork& roads) {
  ErrorList errors;
  const SourceLoc where{"road network", 0, 0};
  const auto nodes = static_cast<std::uint32_t>(roads.nodes().size());
  for (std::uint32_t i = 0; i < roads.links().size(); ++i) {
    const world::RoadLink& l = roads.links()[i];
    const std::string label = link_label(i, l);
    if (l.from >= nodes || l.to >= nodes) {
      errors.add(where, label + ": expected node indices below " + std::to_string(nodes) + ", got " +
                            std::to_string(l.from) + " -> " + std::to_string(l.to));
      continue;
    }
    if (l.lanes < 1) errors.add(where, label + ": expected at least 1 lane, got " + std::to_string(l.lanes));
    if (!(l.speed_mps > 0.0) || !std::isfinite(l.speed_mps))
      errors.add(where, label + ": expected a positive speed limit, got " + std::to_string(l.speed_mps) + " m/s");
    bool finite = true;
    for (const geo::Local& q : l.geometry) finite = finite && std::isfinite(q.x) && std::isfinite(q.y);
    if (!finite) {
      errors.add(where, label + ": expected finite coordinates in its geometry");
      continue;
    }
    const std::vector<Point2> p = link_points(roads, l);
    if (!(district::polyline_length(p) > 0.0)) errors.add(where, label + ": expected a geometry of positive length");
  }
  for (std::uint32_t n = 0; n < nodes; ++n) {
    const geo::Local q = roads.nodes()[n].pos;
    if (!std::isfinite(q.x) || !std::isfinite(q.y))
      errors.add(where, "node " + std::to_string(n) + ": expected finite coordinates");
  }
  return errors;
}

double direction(Point2 from, Point2 to) { return std::atan2(to.y - from.y, to.x - from.x); }

// Per node: how far lanes stop short of it.
std::vector<double> node_setbacks(const world::RoadNetwork& roads, double lane_width) {
  const std::size_t n = roads.nodes().size();
  std::vector<double> widest(n, 0.0);
  std::vector<std::uint32_t> neighbours(n, 0);
  // Arms: distinct neighbouring nodes (a two-way road is one arm).
  std::unordered_set<std::uint64_t> seen;
  for (const world::RoadLink& l : roads.links()) {
    if (l.from == l.to) continue;
    const std::uint32_t a = std::min(l.from, l.to), b = std::max(l.from, l.to);
    if (seen.insert((std::uint64_t{a} << 32) | b).second) {
      ++neighbours[a];
      ++neighbours[b];
    }
  }
  for (const world::RoadLink& l : roads.links()) {
    const double w = l.lanes * lane_width;
    widest[l.from] = std::max(widest[l.from], w);
    widest[l.to] = std::max(widest[l.to], w);
  }
  std::vector<double> setback(n, kThroughNodeSetbackM);
  for (std::size_t i = 0; i < n; ++i)
    if (neighbours[i] >= 3) setback[i] = widest[i] + kJunctionMarginM;  // half of a two-way road's width
  return setback;
}

}  // namespace

std::string district_edge_id(std::uint32_t link) { return "L" + std::to_string(link); }

std::uint32_t district_link_of_edge(const std::string& edge_id) {
  if (edge_id.size() < 2 || edge_id[0] != 'L') return kNone;
  std::uint32_t v = 0;
  const char* end = edge_id.data() + edge_id.size();
  const auto [ptr, ec] = std::from_chars(edge_id.data() + 1, end, v);
  return ec == std::errc{} && ptr == end ? v : kNone;
}

Result<Network> network_from_roads(const world::RoadNetwork& roads, const DistrictNetworkOptions& o,
                                   DistrictNetworkStats* stats_out) {
  if (ErrorList errors = validate(roads); !errors.empty()) return errors;
  const auto& links = roads.links();
  const double w = o.lane_width_m > 0.0 ? o.lane_width_m : 3.2;
  const std::vector<double> setback = node_setbacks(roads, w);
  std::unordered_set<std::uint64_t> directed;
  for (const world::RoadLink& l : links) directed.insert((std::uint64_t{l.from} << 32) | l.to);

  Network net;
  std::vector<LinkInfo> info(links.size());
  net.edges.reserve(links.size() * 2);
  net.lanes.reserve(links.size() * 3);
  for (std::uint32_t i = 0; i < links.size(); ++i) {
    const world::RoadLink& l = links[i];
    const std::vector<Point2> p = link_points(roads, l);
    const double len = district::polyline_length(p);
    LinkInfo& li = info[i];
    li.lanes = l.lanes;
    li.speed_mps = l.speed_mps;
    li.cls = l.cls;
    li.reversible = std::find(o.reversible_links.begin(), o.reversible_links.end(), i) != o.reversible_links.end();
    const double probe = std::min(kArmProbeM, 0.5 * len);
    li.arm_from = direction(p.front(), district::point_at(p, probe));
    li.arm_to = direction(p.back(), district::point_at(p, len - probe));
    // Cut back at both ends; the lanes then start and end where the junction's interior begins.
    const double s0 = std::min(setback[l.from], kMaxSetbackShare * len);
    const double s1 = std::min(setback[l.to], kMaxSetbackShare * len);
    const std::vector<Point2> centre = district::cut_polyline(p, s0, len - s1);
    const double lane_len = std::max(district::polyline_length(centre), 0.1);
    // Two-way roads: the link's lanes lie right of the shared centre line; one-way roads are
    // centred on their line (netconvert's spreadType "right" and "center").
    const bool two_way = directed.count((std::uint64_t{l.to} << 32) | l.from) != 0 && l.from != l.to;
    Edge e;
    e.id = district_edge_id(i);
    e.from_junction = l.from;
    e.to_junction = l.to;
    e.lanes = {static_cast<std::uint32_t>(net.lanes.size()), static_cast<std::uint32_t>(l.lanes)};
    e.priority = static_cast<int>(world::RoadClass::other) - static_cast<int>(l.cls) + 1;  // motorway 10 .. other 1
    e.function = EdgeFunction::normal;
    for (int k = 0; k < l.lanes; ++k) {
      const double right = two_way ? (l.lanes - k - 0.5) * w : (0.5 * l.lanes - k - 0.5) * w;
      const std::vector<Point2> shape = district::offset_polyline(centre, right);
      Lane lane;
      lane.edge = i;
      lane.index = static_cast<std::uint32_t>(k);
      lane.length_m = lane_len;
      lane.speed_mps = l.speed_mps;
      lane.width_m = w;
      lane.allowed = kAllClasses;
      lane.shape = {static_cast<std::uint32_t>(net.shape_points.size()), static_cast<std::uint32_t>(shape.size())};
      net.shape_points.insert(net.shape_points.end(), shape.begin(), shape.end());
      net.lanes.push_back(lane);
    }
    net.edges.push_back(std::move(e));
  }
  DistrictNetworkStats stats;
  stats.normal_edges = static_cast<std::uint32_t>(links.size());
  district::build_junctions(roads, info, o, net, stats);
  index_network(net);
  // The junction builder numbered each junction's links as index_network does (the request
  // rows and the signal states rely on it).
  for (const Connection& c : net.connections)
    DPT_ASSERT(c.tl == kNone || c.tl_link == c.link_index, "district junction links numbered out of order");
  std::vector<std::uint32_t> numbered(net.junctions.size(), 0);
  for (const Connection& c : net.connections)
    if (c.link_index != kNone) {
      DPT_ASSERT(c.link_index < net.junctions[c.junction].link_count, "district junction link outside its table");
      ++numbered[c.junction];
    }
  for (std::uint32_t j = 0; j < net.junctions.size(); ++j)
    DPT_ASSERT(numbered[j] == net.junctions[j].link_count, "district junction with links missing from its table");
  stats.internal_edges = static_cast<std::uint32_t>(net.edges.size()) - stats.normal_edges;
  stats.lanes = static_cast<std::uint32_t>(net.lanes.size());
  stats.junctions = static_cast<std::uint32_t>(net.junctions.size());
  if (stats_out != nullptr) *stats_out = stats;
  return net;
}

}  // namespace dpt::sim::traffic
