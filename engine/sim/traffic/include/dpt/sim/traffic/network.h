#pragma once
// The static road network the traffic step runs on: the read-only part of the traffic Model.
// It mirrors a SUMO .net.xml (sumo.dlr.de/docs/Networks/SUMO_Road_Networks.html) closely enough
// that the step can reproduce SUMO's behaviour: edges made of lanes (right-most lane first),
// connections between lanes through a junction's interior ("internal" lanes), the junction's
// request table (which link yields to which) and the traffic-light programs.
//
// Everything is plain arrays indexed by uint32_t; references between elements are indices, never
// pointers, so the step can walk them in hot loops and a Network can be copied or moved freely.
// Ids are kept as strings only for input and output. kNone marks a missing index.
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dpt/sim/traffic/vehicle_class.h"

namespace dpt::sim::traffic {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// A half-open range [first, first + count) into one of the Network's flat arrays.
struct IndexRange {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::uint32_t end() const { return first + count; }
};

struct Point2 {
  double x = 0.0;
  double y = 0.0;
};

// SUMO's edge `function`: normal roads, the lanes inside a junction ("internal"), pedestrian
// crossings and walking areas (which lie in a junction), and others (connector, ...). Cars drive
// on normal and internal edges only.
enum class EdgeFunction : std::uint8_t { normal, internal, crossing, walkingarea, other };

struct Edge {
  std::string id;
  std::uint32_t from_junction = kNone;  // internal, crossing, walkingarea: the junction they lie in
  std::uint32_t to_junction = kNone;
  IndexRange lanes;        // into Network::lanes; lane 0 is the right-most (SUMO)
  double length_m = 0.0;   // of lane 0 (SUMO's edge length)
  double speed_mps = 0.0;  // speed limit: the highest of its lanes
  int priority = -1;       // SUMO's road priority (-1 when not given)
  EdgeFunction function = EdgeFunction::normal;
  ClassMask allowed = 0;  // union of its lanes' permissions
};

struct Lane {
  std::uint32_t edge = kNone;
  std::uint32_t index = 0;  // position within its edge, 0 = right-most
  double length_m = 0.0;
  double speed_mps = 0.0;
  double width_m = 3.2;  // SUMO's default lane width
  ClassMask allowed = kAllClasses;
  IndexRange shape;                // into Network::shape_points; metres in the net's projection
  IndexRange out_connections;      // into Network::connections (sorted by from_lane)
  std::uint32_t junction = kNone;  // internal lanes: the junction they belong to
};

// SUMO's `dir` of a connection: straight, turn (U-turn), left, right, partly left/right.
enum class LinkDirection : char {
  straight = 's',
  turn = 't',
  left = 'l',
  right = 'r',
  partial_left = 'L',
  partial_right = 'R',
  invalid = '?',
};

// SUMO's link `state` as written in the net (sumo.dlr.de/docs/Networks/SUMO_Road_Networks.html
// "Connections"): for signalised links the state is the one when the light is off (O / o).
enum class LinkState : char {
  major = 'M',        // priority road: go
  minor = 'm',        // yield to the links in the response set
  equal = '=',        // right-before-left: equal rank
  stop = 's',         // priority_stop: stop, then yield
  allway_stop = 'w',  // allway stop: stop, first come first served
  zipper = 'Z',
  dead_end = '-',
  off_major = 'O',     // signal off: uncontrolled
  off_blinking = 'o',  // signal off: blinking, yield
  green_major = 'G',
  green_minor = 'g',
  red = 'r',
  yellow_minor = 'y',
  yellow_major = 'Y',
  red_yellow = 'u',
  unknown = '?',
};

struct Connection {
  std::uint32_t from_lane = kNone;
  std::uint32_t to_lane = kNone;
  std::uint32_t via_lane = kNone;  // first internal lane crossed, kNone without internal lanes
  std::uint32_t junction = kNone;  // the junction it crosses
  // The row of the junction's request table that governs this link; kNone for connections that
  // start on an internal lane (they are governed by the internal junction at their via lane).
  // SUMO numbers links by walking the junction's incLanes in order and each lane's connections in
  // file order (netconvert writes them in that order), leaving out connections onto walking areas
  // and those from a walking area to anything but a crossing.
  std::uint32_t link_index = kNone;
  std::uint32_t tl = kNone;       // index into Network::signals, kNone when unsignalised
  std::uint32_t tl_link = kNone;  // position in that program's phase state strings
  LinkDirection dir = LinkDirection::invalid;
  LinkState state = LinkState::unknown;
};

// SUMO's junction types (sumo.dlr.de/docs/Networks/PlainXML.html#node_types).
enum class JunctionType : std::uint8_t {
  priority,
  priority_stop,
  traffic_light,
  traffic_light_unregulated,
  traffic_light_right_on_red,
  right_before_left,
  left_before_right,
  allway_stop,
  zipper,
  dead_end,
  internal,
  unregulated,
  district,
  other,
};

struct Junction {
  std::string id;
  JunctionType type = JunctionType::other;
  double x = 0.0;
  double y = 0.0;
  double z = 0.0;
  IndexRange inc_lanes;  // into Network::junction_lanes
  IndexRange int_lanes;  // into Network::junction_lanes
  // The request table: link_count rows; each row holds `words` 64-bit words of bits where bit k
  // is link k (SUMO writes these strings with the highest link first; they are stored unreversed).
  // Layout in Network::request_words from request_offset: link_count response rows, then
  // link_count foes rows, then one row of `cont` bits.
  std::uint32_t link_count = 0;
  std::uint32_t words = 0;
  std::uint32_t request_offset = 0;
};

enum class SignalType : std::uint8_t { static_, actuated, delay_based, other };

struct SignalPhase {
  double duration_s = 0.0;
  double min_dur_s = -1.0;  // -1 when not given
  double max_dur_s = -1.0;  // -1 when not given
  std::string state;        // one char per tl link: G g y r u o O s ...
};

struct SignalProgram {
  std::string id;  // the tlLogic id (the connections' `tl`)
  std::string program_id;
  SignalType type = SignalType::static_;
  double offset_s = 0.0;
  std::vector<SignalPhase> phases;
  std::uint32_t link_count = 0;  // length of the state strings (all phases agree)
};

// <location>: kept as text for writing back and for the geo module; net_offset parsed.
struct NetLocation {
  std::string net_offset;
  std::string conv_boundary;
  std::string orig_boundary;
  std::string proj_parameter;
  double offset_x = 0.0;  // netOffset: add to original coordinates to get net coordinates
  double offset_y = 0.0;
};

// A successor of an edge: reachable through at least one connection; `classes` are the vehicle
// classes allowed on both ends of at least one such connection.
struct EdgeSuccessor {
  std::uint32_t edge = kNone;
  ClassMask classes = 0;
};

struct Network {
  std::vector<Edge> edges;
  std::vector<Lane> lanes;
  std::vector<std::string> lane_ids;  // parallel to lanes (kept apart: the step never reads them)
  std::vector<Point2> shape_points;
  std::vector<Connection> connections;  // sorted by from_lane after index_network()
  std::vector<Junction> junctions;
  std::vector<std::uint32_t> junction_lanes;  // lane indices for Junction::inc_lanes / int_lanes
  std::vector<std::uint64_t> request_words;
  std::vector<SignalProgram> signals;
  NetLocation location;

  // Built by index_network():
  std::vector<EdgeSuccessor> successors;     // CSR: successors of edge e in successor_ranges[e]
  std::vector<IndexRange> successor_ranges;  // one per edge
  std::unordered_map<std::string, std::uint32_t> edge_by_id;
  std::unordered_map<std::string, std::uint32_t> lane_by_id;
  std::unordered_map<std::string, std::uint32_t> junction_by_id;
  std::unordered_map<std::string, std::uint32_t> signal_by_id;  // the last program of each tl id

  std::uint32_t find_edge(const std::string& id) const;  // kNone when unknown
  std::uint32_t find_lane(const std::string& id) const;
  std::uint32_t find_junction(const std::string& id) const;
  const std::string& lane_id(std::uint32_t lane) const { return lane_ids[lane]; }

  std::span<const Connection> outgoing(std::uint32_t lane) const {
    const IndexRange r = lanes[lane].out_connections;
    return {connections.data() + r.first, r.count};
  }
  std::span<const EdgeSuccessor> successors_of(std::uint32_t edge) const {
    const IndexRange r = successor_ranges[edge];
    return {successors.data() + r.first, r.count};
  }
  std::span<const Point2> shape(std::uint32_t lane) const {
    const IndexRange r = lanes[lane].shape;
    return {shape_points.data() + r.first, r.count};
  }
  std::span<const std::uint32_t> incoming_lanes(std::uint32_t junction) const {
    const IndexRange r = junctions[junction].inc_lanes;
    return {junction_lanes.data() + r.first, r.count};
  }
  std::span<const std::uint32_t> internal_lanes(std::uint32_t junction) const {
    const IndexRange r = junctions[junction].int_lanes;
    return {junction_lanes.data() + r.first, r.count};
  }
  // Request table rows of a junction (bit k = link k); see Junction.
  std::span<const std::uint64_t> response(std::uint32_t junction, std::uint32_t link) const;
  std::span<const std::uint64_t> foes(std::uint32_t junction, std::uint32_t link) const;
  bool cont(std::uint32_t junction, std::uint32_t link) const;
  // Whether `other` has priority over `link` (its bit in link's response row).
  bool must_yield(std::uint32_t junction, std::uint32_t link, std::uint32_t other) const;
  bool is_foe(std::uint32_t junction, std::uint32_t link, std::uint32_t other) const;
};

inline bool test_bit(std::span<const std::uint64_t> row, std::uint32_t k) { return (row[k >> 6] >> (k & 63U)) & 1U; }

// Fills the derived parts of a Network whose primary arrays (edges, lanes, connections,
// junctions, signals) are complete: sorts connections by from_lane, sets each lane's
// out_connections, the edges' length/speed/allowed, the connections' junction and link_index,
// internal lanes' junction, the successor lists and the id maps (lane ids default to SUMO's
// "<edge>_<index>" when lane_ids is shorter than lanes). The reader calls it; code that builds a
// Network by hand calls it once after filling the arrays.
void index_network(Network& net);

const char* to_string(JunctionType t);
bool junction_type_from_string(std::string_view s, JunctionType& out);

}  // namespace dpt::sim::traffic
