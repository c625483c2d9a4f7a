#pragma once
// The road network: a directed graph of intersections (nodes) and links with lanes, speed limit,
// length and geometry.
#include <cstdint>
#include <string>
#include <vector>

#include "dpt/geo/geometry.h"

namespace dpt::world {

enum class RoadClass : std::uint8_t {
  motorway, trunk, primary, secondary, tertiary, unclassified, residential, service, track, other
};
const char* to_string(RoadClass c);
RoadClass road_class_from_osm(const std::string& highway);  // "motorway_link" → motorway, ...
// The inverse of to_string (file values); false when `s` is not a class name.
bool road_class_from_string(const std::string& s, RoadClass& out);
// Defaults when OSM says nothing (docs/district.md): lanes per direction and speed, by class.
int default_lanes(RoadClass c);
double default_speed_kmh(RoadClass c);
// OSM maxspeed: "50", "50 km/h", "30 mph"; returns km/h, or a negative value when unparseable.
double parse_maxspeed_kmh(const std::string& s);
// OSM oneway: "yes"/"true"/"1" → 1, "-1"/"reverse" → -1, else 0.
int parse_oneway(const std::string& s);

struct RoadNode {
  geo::Local pos;
};

struct RoadLink {
  std::uint32_t from = 0;       // node index
  std::uint32_t to = 0;         // node index
  int lanes = 1;                // in this direction
  double speed_mps = 13.9;      // limit
  double length_m = 0.0;        // along the geometry
  RoadClass cls = RoadClass::other;
  std::int64_t source_id = -1;  // feature id of the road it came from
  std::string name;
  geo::LineString geometry;     // from the from-node to the to-node
};

// One road as read or generated, before it is cut into links at intersections.
struct RoadInput {
  geo::LineString line;
  RoadClass cls = RoadClass::other;
  int lanes = 0;           // per direction; 0 = by class
  double speed_kmh = 0.0;  // 0 = by class
  int oneway = 0;          // 1 along the line, -1 against it, 0 both ways
  std::int64_t source_id = -1;
  std::string name;
};

struct Connectivity {
  std::size_t components = 0;          // strongly connected
  std::size_t largest_nodes = 0;       // nodes in the largest strongly connected component
  std::size_t weak_components = 0;
};

class RoadNetwork {
 public:
  // Builds the graph: vertices closer than `snap_m` merge into one node; a road is cut into links
  // where it meets another road's vertex or end (shared vertex), two links for two-way roads.
  static RoadNetwork build(const std::vector<RoadInput>& roads, double snap_m = 0.5);
  // The graph exactly as given (a stored district): no snapping, no cutting. Link endpoints must
  // be valid node indices (the loader checks them first).
  static RoadNetwork from_parts(std::vector<RoadNode> nodes, std::vector<RoadLink> links);

  const std::vector<RoadNode>& nodes() const { return nodes_; }
  const std::vector<RoadLink>& links() const { return links_; }
  // Outgoing links of node n: out_links()[out_begin(n) .. out_begin(n+1)).
  std::uint32_t out_begin(std::uint32_t n) const { return out_offsets_[n]; }
  const std::vector<std::uint32_t>& out_links() const { return out_links_; }

  double total_length_m() const;        // sum of link lengths (both directions counted)
  double centreline_length_m() const;   // two-way roads counted once
  Connectivity connectivity() const;
  // Keeps only the largest strongly connected component; returns links removed.
  std::size_t keep_largest_component();

 private:
  void index();
  std::vector<RoadNode> nodes_;
  std::vector<RoadLink> links_;
  std::vector<std::uint32_t> out_offsets_;
  std::vector<std::uint32_t> out_links_;
};

}  // namespace dpt::world
