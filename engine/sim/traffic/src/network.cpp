// The road network's derived indexes (connection ranges per lane, link numbering, successor
// lists, id maps) and its small queries. See network.h for the layout.
#include "dpt/sim/traffic/network.h"

#include <algorithm>
#include <array>
#include <utility>

#include "dpt/core/assert.h"

namespace dpt::sim::traffic {

namespace {

std::uint32_t find_in(const std::unordered_map<std::string, std::uint32_t>& m, const std::string& id) {
  const auto it = m.find(id);
  return it == m.end() ? kNone : it->second;
}

// Connections grouped by their lane, keeping file order within a lane: SUMO's link numbering
// (below) depends on that order.
void sort_connections(Network& net) {
  std::stable_sort(net.connections.begin(), net.connections.end(),
                   [](const Connection& a, const Connection& b) { return a.from_lane < b.from_lane; });
  for (Lane& l : net.lanes) l.out_connections = {};
  for (std::uint32_t i = 0; i < net.connections.size(); ++i) {
    Lane& l = net.lanes[net.connections[i].from_lane];
    if (l.out_connections.count == 0) l.out_connections.first = i;
    ++l.out_connections.count;
  }
}

void derive_edge_fields(Network& net) {
  for (Edge& e : net.edges) {
    e.allowed = 0;
    e.speed_mps = 0.0;
    for (std::uint32_t l = e.lanes.first; l < e.lanes.end(); ++l) {
      e.allowed = static_cast<ClassMask>(e.allowed | net.lanes[l].allowed);
      e.speed_mps = std::max(e.speed_mps, net.lanes[l].speed_mps);
    }
    if (e.lanes.count > 0) e.length_m = net.lanes[e.lanes.first].length_m;
  }
}

// The junction a connection crosses: the end junction of its from-edge when that is a normal
// road; internal lanes inherit the junction of the connection that leads onto them (through
// chains of via lanes, e.g. a left turn that waits inside the junction).
void assign_junctions(Network& net) {
  // Crossings and walking areas carry no from/to; netconvert names them ":<junction>_c<k>" and
  // ":<junction>_w<k>".
  for (Edge& e : net.edges) {
    if ((e.function != EdgeFunction::crossing && e.function != EdgeFunction::walkingarea) || e.to_junction != kNone)
      continue;
    const std::size_t cut = e.id.rfind('_');
    if (e.id.size() < 2 || e.id[0] != ':' || cut == std::string::npos || cut < 2) continue;
    const std::uint32_t j = net.find_junction(e.id.substr(1, cut - 1));
    e.from_junction = e.from_junction == kNone ? j : e.from_junction;
    e.to_junction = j;
  }
  for (Connection& c : net.connections) {
    const Edge& from = net.edges[net.lanes[c.from_lane].edge];
    if (from.function != EdgeFunction::internal) c.junction = from.to_junction;
  }
  // Connections from internal lanes are listed after the ones leading onto them only by
  // convention; iterate until nothing changes (chains are at most a few lanes long).
  for (bool changed = true; changed;) {
    changed = false;
    for (Connection& c : net.connections) {
      Lane& from = net.lanes[c.from_lane];
      if (net.edges[from.edge].function == EdgeFunction::internal) {
        if (c.junction == kNone && from.junction != kNone) {
          c.junction = from.junction;
          changed = true;
        }
      }
      if (c.via_lane != kNone && c.junction != kNone && net.lanes[c.via_lane].junction == kNone) {
        net.lanes[c.via_lane].junction = c.junction;
        changed = true;
      }
    }
  }
  for (Edge& e : net.edges) {
    if (e.function != EdgeFunction::internal || e.lanes.count == 0) continue;
    const std::uint32_t j = net.lanes[e.lanes.first].junction;
    if (e.from_junction == kNone) e.from_junction = j;
    if (e.to_junction == kNone) e.to_junction = j;
  }
}

// SUMO's request index: walk the junction's incoming lanes in incLanes order and each lane's
// connections in order (MSRightOfWayJunction numbers its links this way; netconvert writes the
// request rows in the same order).
void number_links(Network& net) {
  for (Connection& c : net.connections) c.link_index = kNone;
  for (std::uint32_t j = 0; j < net.junctions.size(); ++j) {
    if (net.junctions[j].link_count == 0) continue;  // no request table: nothing to number against
    std::uint32_t k = 0;
    for (const std::uint32_t lane : net.incoming_lanes(j)) {
      const IndexRange r = net.lanes[lane].out_connections;
      const EdgeFunction from = net.edges[net.lanes[lane].edge].function;
      for (std::uint32_t i = r.first; i < r.end(); ++i) {
        Connection& c = net.connections[i];
        const EdgeFunction to = net.edges[net.lanes[c.to_lane].edge].function;
        if (c.junction != j || to == EdgeFunction::walkingarea) continue;
        if (from == EdgeFunction::walkingarea && to != EdgeFunction::crossing) continue;
        c.link_index = k++;
      }
    }
  }
}

void build_successors(Network& net) {
  std::vector<std::pair<std::uint64_t, ClassMask>> pairs;  // (from << 32 | to, classes)
  pairs.reserve(net.connections.size());
  for (const Connection& c : net.connections) {
    const Lane& a = net.lanes[c.from_lane];
    const Lane& b = net.lanes[c.to_lane];
    if (net.edges[a.edge].function != EdgeFunction::normal || net.edges[b.edge].function != EdgeFunction::normal)
      continue;
    pairs.emplace_back((std::uint64_t{a.edge} << 32) | b.edge, static_cast<ClassMask>(a.allowed & b.allowed));
  }
  std::sort(pairs.begin(), pairs.end());
  net.successors.clear();
  net.successor_ranges.assign(net.edges.size(), IndexRange{});
  for (std::size_t i = 0; i < pairs.size();) {
    const std::uint64_t key = pairs[i].first;
    ClassMask m = 0;
    for (; i < pairs.size() && pairs[i].first == key; ++i) m = static_cast<ClassMask>(m | pairs[i].second);
    const auto from = static_cast<std::uint32_t>(key >> 32);
    IndexRange& r = net.successor_ranges[from];
    if (r.count == 0) r.first = static_cast<std::uint32_t>(net.successors.size());
    ++r.count;
    net.successors.push_back({static_cast<std::uint32_t>(key & 0xffffffffU), m});
  }
}

void build_id_maps(Network& net) {
  net.edge_by_id.clear();
  net.lane_by_id.clear();
  net.junction_by_id.clear();
  net.signal_by_id.clear();
  net.edge_by_id.reserve(net.edges.size());
  net.lane_by_id.reserve(net.lanes.size());
  net.junction_by_id.reserve(net.junctions.size());
  for (std::size_t i = net.lane_ids.size(); i < net.lanes.size(); ++i)
    net.lane_ids.push_back(net.edges[net.lanes[i].edge].id + "_" + std::to_string(net.lanes[i].index));
  for (std::uint32_t i = 0; i < net.edges.size(); ++i) net.edge_by_id.emplace(net.edges[i].id, i);
  for (std::uint32_t i = 0; i < net.lanes.size(); ++i) net.lane_by_id.emplace(net.lane_id(i), i);
  for (std::uint32_t i = 0; i < net.junctions.size(); ++i) net.junction_by_id.emplace(net.junctions[i].id, i);
  // SUMO activates the program loaded last when a tl has several.
  for (std::uint32_t i = 0; i < net.signals.size(); ++i) net.signal_by_id[net.signals[i].id] = i;
}

constexpr std::array<std::pair<std::string_view, JunctionType>, 14> kJunctionTypes{{
    {"priority", JunctionType::priority},
    {"priority_stop", JunctionType::priority_stop},
    {"traffic_light", JunctionType::traffic_light},
    {"traffic_light_unregulated", JunctionType::traffic_light_unregulated},
    {"traffic_light_right_on_red", JunctionType::traffic_light_right_on_red},
    {"right_before_left", JunctionType::right_before_left},
    {"left_before_right", JunctionType::left_before_right},
    {"allway_stop", JunctionType::allway_stop},
    {"zipper", JunctionType::zipper},
    {"dead_end", JunctionType::dead_end},
    {"internal", JunctionType::internal},
    {"unregulated", JunctionType::unregulated},
    {"district", JunctionType::district},
    {"other", JunctionType::other},
}};

}  // namespace

void index_network(Network& net) {
  for (const Connection& c : net.connections)
    DPT_ASSERT(c.from_lane < net.lanes.size() && c.to_lane < net.lanes.size(), "connection lane out of range");
  build_id_maps(net);
  sort_connections(net);
  derive_edge_fields(net);
  assign_junctions(net);
  number_links(net);
  build_successors(net);
}

std::uint32_t Network::find_edge(const std::string& id) const { return find_in(edge_by_id, id); }
std::uint32_t Network::find_lane(const std::string& id) const { return find_in(lane_by_id, id); }
std::uint32_t Network::find_junction(const std::string& id) const { return find_in(junction_by_id, id); }

std::span<const std::uint64_t> Network::response(std::uint32_t junction, std::uint32_t link) const {
  const Junction& j = junctions[junction];
  DPT_ASSERT(link < j.link_count, "link index outside the junction's request table");
  return {request_words.data() + j.request_offset + std::size_t{link} * j.words, j.words};
}

std::span<const std::uint64_t> Network::foes(std::uint32_t junction, std::uint32_t link) const {
  const Junction& j = junctions[junction];
  DPT_ASSERT(link < j.link_count, "link index outside the junction's request table");
  return {request_words.data() + j.request_offset + (std::size_t{j.link_count} + link) * j.words, j.words};
}

bool Network::cont(std::uint32_t junction, std::uint32_t link) const {
  const Junction& j = junctions[junction];
  DPT_ASSERT(link < j.link_count, "link index outside the junction's request table");
  const std::span<const std::uint64_t> row{
      request_words.data() + j.request_offset + 2 * std::size_t{j.link_count} * j.words, j.words};
  return test_bit(row, link);
}

bool Network::must_yield(std::uint32_t junction, std::uint32_t link, std::uint32_t other) const {
  return test_bit(response(junction, link), other);
}

bool Network::is_foe(std::uint32_t junction, std::uint32_t link, std::uint32_t other) const {
  return test_bit(foes(junction, link), other);
}

const char* to_string(JunctionType t) {
  for (const auto& [name, type] : kJunctionTypes)
    if (type == t) return name.data();
  return "other";
}

bool junction_type_from_string(std::string_view s, JunctionType& out) {
  for (const auto& [name, type] : kJunctionTypes)
    if (name == s) {
      out = type;
      return true;
    }
  return false;
}

}  // namespace dpt::sim::traffic
