// The district's road graph as a traffic network (district_network.h): hand-built road graphs
// whose connections, directions and right of way are worked out by hand below, then the real
// district (assets/dapeng).
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "dpt/core/config.h"
#include "dpt/core/config_reader.h"
#include "dpt/core/bytes.h"
#include "dpt/core/digest.h"
#include "dpt/sim/traffic/traffic_io.h"
#include "dpt/sim/traffic/demand.h"
#include "dpt/sim/traffic/district_network.h"
#include "dpt/sim/traffic/routing.h"
#include "dpt/sim/traffic/traffic_measures.h"
#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"
#include "dpt/sim/traffic/traffic_step.h"
#include "dpt/world/district_io.h"

using namespace dpt;
using namespace dpt::sim::traffic;
using world::RoadClass;

namespace {

constexpr double kPi = 3.14159265358979323846;

struct RoadBuilder {
  std::vector<world::RoadNode> nodes;
  std::vector<world::RoadLink> links;

  std::uint32_t node(double x, double y) {
    nodes.push_back({{x, y}});
    return static_cast<std::uint32_t>(nodes.size() - 1);
  }
  std::uint32_t link(std::uint32_t from, std::uint32_t to, int lanes, double speed, RoadClass cls) {
    world::RoadLink l;
    l.from = from;
    l.to = to;
    l.lanes = lanes;
    l.speed_mps = speed;
    l.cls = cls;
    l.geometry = {nodes[from].pos, nodes[to].pos};
    l.length_m = std::hypot(nodes[to].pos.x - nodes[from].pos.x, nodes[to].pos.y - nodes[from].pos.y);
    links.push_back(l);
    return static_cast<std::uint32_t>(links.size() - 1);
  }
  world::RoadNetwork build() const { return world::RoadNetwork::from_parts(nodes, links); }
};

// The connection from lane `from` to lane `to` (lane ids), which must exist.
const Connection& conn(const Network& net, const std::string& from, const std::string& to) {
  const std::uint32_t a = net.find_lane(from), b = net.find_lane(to);
  REQUIRE(a != kNone);
  REQUIRE(b != kNone);
  for (const Connection& c : net.outgoing(a))
    if (c.to_lane == b) return c;
  FAIL("no connection " << from << " -> " << to);
  return net.connections.front();
}

std::uint32_t link_of(const Network& net, const std::string& from, const std::string& to) {
  return conn(net, from, to).link_index;
}

// Connections from normal lanes into junction j.
std::size_t junction_links(const Network& net, std::uint32_t j) {
  std::size_t n = 0;
  for (const Connection& c : net.connections)
    if (c.junction == j && c.link_index != kNone) ++n;
  return n;
}

}  // namespace

TEST_CASE("district network: a chain of two links joins through one unregulated link", "[traffic][district]") {
  RoadBuilder b;
  const auto a = b.node(0, 0), m = b.node(100, 0), c = b.node(200, 0);
  b.link(a, m, 1, 13.9, RoadClass::residential);
  b.link(m, c, 1, 13.9, RoadClass::residential);
  DistrictNetworkStats stats;
  const auto r = network_from_roads(b.build(), {}, &stats);
  REQUIRE(r.ok());
  const Network& net = *r;
  CHECK(stats.normal_edges == 2);
  CHECK(stats.internal_edges == 1);
  CHECK(stats.junction_links == 1);
  REQUIRE(net.find_edge("L0") == 0);
  REQUIRE(net.find_edge("L1") == 1);
  // The ends: only out, only in: no request table.
  CHECK(net.junctions[net.find_junction("N0")].type == JunctionType::dead_end);
  CHECK(net.junctions[net.find_junction("N2")].link_count == 0);
  const std::uint32_t jm = net.find_junction("N1");
  CHECK(net.junctions[jm].type == JunctionType::priority);
  REQUIRE(net.junctions[jm].link_count == 1);
  const Connection& k = conn(net, "L0_0", "L1_0");
  CHECK(k.dir == LinkDirection::straight);
  CHECK(k.state == LinkState::major);
  CHECK(k.link_index == 0);
  CHECK_FALSE(net.is_foe(jm, 0, 0));
  CHECK_FALSE(net.must_yield(jm, 0, 0));
  // One-way road of one lane: centred on the line; cut back 1 m at both ends (a node where a
  // road only continues or ends), so 98 m long, and the internal lane bridges 99 -> 101.
  const std::uint32_t l0 = net.find_lane("L0_0");
  CHECK(net.lanes[l0].length_m == Approx(98.0));
  CHECK(net.edges[0].length_m == Approx(98.0));
  CHECK(net.shape(l0).front().x == Approx(1.0));
  CHECK(net.shape(l0).back().x == Approx(99.0));
  CHECK(net.shape(l0).back().y == Approx(0.0).margin(1e-9));
  REQUIRE(k.via_lane != kNone);
  CHECK(net.lanes[k.via_lane].length_m == Approx(2.0));
  CHECK(net.lanes[k.via_lane].speed_mps == Approx(13.9));
  CHECK(net.edges[net.lanes[k.via_lane].edge].function == EdgeFunction::internal);
  CHECK(net.lane_id(k.via_lane) == ":N1_0_0");
  // The internal lane leads on to the outgoing lane.
  REQUIRE(net.outgoing(k.via_lane).size() == 1);
  CHECK(net.outgoing(k.via_lane)[0].to_lane == net.find_lane("L1_0"));
  REQUIRE(net.successors_of(0).size() == 1);
  CHECK(net.successors_of(0)[0].edge == 1);
  CHECK(district_link_of_edge("L17") == 17);
  CHECK(district_link_of_edge(":N1_0") == kNone);
  CHECK(district_edge_id(5) == "L5");
}

TEST_CASE("district network: a dead end keeps its U-turn, at a turn speed", "[traffic][district]") {
  RoadBuilder b;
  const auto a = b.node(0, 0), e = b.node(100, 0);
  b.link(a, e, 1, 13.9, RoadClass::residential);  // L0, eastbound
  b.link(e, a, 1, 13.9, RoadClass::residential);  // L1, westbound
  DistrictNetworkStats stats;
  const auto r = network_from_roads(b.build(), {}, &stats);
  REQUIRE(r.ok());
  const Network& net = *r;
  CHECK(stats.kept_u_turns == 2);  // at both ends
  const Connection& k = conn(net, "L0_0", "L1_0");
  CHECK(k.dir == LinkDirection::turn);
  CHECK(k.state == LinkState::major);
  // Two-way road: each direction's lane lies right of the centre line, 1.6 m (half a lane) off.
  CHECK(net.shape(net.find_lane("L0_0")).back().y == Approx(-1.6));
  CHECK(net.shape(net.find_lane("L1_0")).front().y == Approx(1.6));
  // The U-turn: a parabola from (99,-1.6) round (102.2,0) to (99,1.6): x = 99 + 6.4 t(1-t),
  // y = 3.2 t - 1.6, of arc length 3.2 * (sqrt(5)/2 + asinh(2)/4) = 4.733 m (the lane samples it,
  // so a little shorter); through 180 degrees, so r = L / pi = 1.5 m, below a car's turning
  // circle: the radius is taken as 4 m, and v = sqrt(5.5 * 4) = 4.69 m/s.
  const double arc = 3.2 * (std::sqrt(5.0) / 2.0 + std::asinh(2.0) / 4.0);
  const Lane& via = net.lanes[k.via_lane];
  CHECK(via.length_m == Approx(arc).epsilon(0.03));
  CHECK(via.speed_mps == Approx(std::sqrt(5.5 * 4.0)));
}

TEST_CASE("district network: a T junction of a primary and a residential road", "[traffic][district]") {
  // C at the origin; the primary road runs west-east through it, the residential road comes
  // from the south. Links: 0 W->C, 1 C->W, 2 C->E, 3 E->C, 4 S->C, 5 C->S.
  RoadBuilder b;
  const auto c = b.node(0, 0), w = b.node(-100, 0), e = b.node(100, 0), s = b.node(0, -100);
  b.link(w, c, 1, 16.7, RoadClass::primary);
  b.link(c, w, 1, 16.7, RoadClass::primary);
  b.link(c, e, 1, 16.7, RoadClass::primary);
  b.link(e, c, 1, 16.7, RoadClass::primary);
  b.link(s, c, 1, 8.3, RoadClass::residential);
  b.link(c, s, 1, 8.3, RoadClass::residential);
  const auto r = network_from_roads(b.build());
  REQUIRE(r.ok());
  const Network& net = *r;
  const std::uint32_t j = net.find_junction("N0");
  CHECK(net.junctions[j].type == JunctionType::priority);
  // Links in SUMO's order (incoming lanes L0_0, L3_0, L4_0; each lane's right-most turn first):
  // 0: W->S right, 1: W->E straight, 2: E->W straight, 3: E->S left, 4: S->E right, 5: S->W left.
  // No U-turns (each road leads on).
  REQUIRE(junction_links(net, j) == 6);
  REQUIRE(net.junctions[j].link_count == 6);
  CHECK(link_of(net, "L0_0", "L5_0") == 0);
  CHECK(link_of(net, "L0_0", "L2_0") == 1);
  CHECK(link_of(net, "L3_0", "L1_0") == 2);
  CHECK(link_of(net, "L3_0", "L5_0") == 3);
  CHECK(link_of(net, "L4_0", "L2_0") == 4);
  CHECK(link_of(net, "L4_0", "L1_0") == 5);
  CHECK(conn(net, "L0_0", "L5_0").dir == LinkDirection::right);
  CHECK(conn(net, "L0_0", "L2_0").dir == LinkDirection::straight);
  CHECK(conn(net, "L3_0", "L5_0").dir == LinkDirection::left);
  CHECK(conn(net, "L4_0", "L2_0").dir == LinkDirection::right);
  CHECK(conn(net, "L4_0", "L1_0").dir == LinkDirection::left);
  // Conflicts: 0-3 (both into C->S), 1-3 (E->S left crosses W->E), 1-4 (both into C->E),
  // 1-5 and 3-5 (S->W left crosses W->E and E->S), 2-5 (both into C->W). Nothing else.
  const int foes[][2] = {{0, 3}, {1, 3}, {1, 4}, {1, 5}, {2, 5}, {3, 5}};
  int count = 0;
  for (std::uint32_t a = 0; a < 6; ++a)
    for (std::uint32_t k = 0; k < 6; ++k) {
      bool expected = false;
      for (const auto& f : foes) expected = expected || (f[0] == int(a) && f[1] == int(k)) || (f[1] == int(a) && f[0] == int(k));
      INFO("links " << a << " and " << k);
      CHECK(net.is_foe(j, a, k) == expected);
      count += expected ? 1 : 0;
    }
  CHECK(count == 12);
  // Who yields: the major road's left turn (3) to its opposite right (0) and straight (1); the
  // side road's right (4) to 1; its left (5) to 1, 2 and 3.
  const int yields[][2] = {{3, 0}, {3, 1}, {4, 1}, {5, 1}, {5, 2}, {5, 3}};
  for (std::uint32_t a = 0; a < 6; ++a)
    for (std::uint32_t k = 0; k < 6; ++k) {
      bool expected = false;
      for (const auto& y : yields) expected = expected || (y[0] == int(a) && y[1] == int(k));
      INFO("link " << a << " yields to " << k);
      CHECK(net.must_yield(j, a, k) == expected);
    }
  CHECK(conn(net, "L0_0", "L5_0").state == LinkState::major);
  CHECK(conn(net, "L0_0", "L2_0").state == LinkState::major);
  CHECK(conn(net, "L3_0", "L1_0").state == LinkState::major);
  CHECK(conn(net, "L3_0", "L5_0").state == LinkState::minor);
  CHECK(conn(net, "L4_0", "L2_0").state == LinkState::minor);
  CHECK(conn(net, "L4_0", "L1_0").state == LinkState::minor);
  // Turn speeds: straight keeps the road speed; the side road's turns are capped by its 8.3 m/s
  // and lowered by the 90-degree turn.
  CHECK(net.lanes[conn(net, "L0_0", "L2_0").via_lane].speed_mps == Approx(16.7));
  // The left S->W: from (1.6, -4.2) (lanes end 4.2 m short of a node where three roads meet: the
  // widest road's half width 3.2 m + 1 m) to (-4.2, 1.6), round the corner point (1.6, 1.6): a
  // quadratic Bezier with perpendicular 5.8 m legs, |B'(t)| = 11.6 sqrt(t^2 + (1-t)^2), so
  // L = 11.6 (1/2 + sqrt(2) asinh(1) / 4) = 9.415 m (the lane samples it: a little shorter);
  // r = L / (pi / 2), v = sqrt(5.5 r) < 8.3.
  const Lane& left = net.lanes[conn(net, "L4_0", "L1_0").via_lane];
  CHECK(net.shape(conn(net, "L4_0", "L1_0").via_lane).front().x == Approx(1.6));
  CHECK(net.shape(conn(net, "L4_0", "L1_0").via_lane).front().y == Approx(-4.2));
  CHECK(left.length_m == Approx(11.6 * (0.5 + std::sqrt(2.0) * std::asinh(1.0) / 4.0)).epsilon(0.01));
  CHECK(left.speed_mps == Approx(std::sqrt(5.5 * left.length_m / (kPi / 2.0))));
  CHECK(left.speed_mps < 8.3);
}

namespace {

// A crossing: a primary road west-east with 2 lanes each way, a residential road south-north
// with one. C at the origin. Links: 0 W->C, 1 C->W, 2 E->C, 3 C->E, 4 S->C, 5 C->S, 6 N->C, 7 C->N.
// `west_lanes`: lanes each way of the west arm (links 0 and 1).
world::RoadNetwork crossing(int west_lanes = 2) {
  RoadBuilder b;
  const auto c = b.node(0, 0), w = b.node(-100, 0), e = b.node(100, 0), s = b.node(0, -100), n = b.node(0, 100);
  b.link(w, c, west_lanes, 16.7, RoadClass::primary);
  b.link(c, w, west_lanes, 16.7, RoadClass::primary);
  b.link(e, c, 2, 16.7, RoadClass::primary);
  b.link(c, e, 2, 16.7, RoadClass::primary);
  b.link(s, c, 1, 8.3, RoadClass::residential);
  b.link(c, s, 1, 8.3, RoadClass::residential);
  b.link(n, c, 1, 8.3, RoadClass::residential);
  b.link(c, n, 1, 8.3, RoadClass::residential);
  return b.build();
}

}  // namespace

TEST_CASE("district network: a crossing of a primary and a residential road", "[traffic][district]") {
  const auto r = network_from_roads(crossing());
  REQUIRE(r.ok());
  const Network& net = *r;
  const std::uint32_t j = net.find_junction("N0");
  // Links, worked out by hand: from W (east-bound) lane 0: right to S, straight on lane 0;
  // lane 1: straight on lane 1, left to N. From E likewise (right to N, straight, left to S).
  // From S: right to E (lane 0), straight to N, left to W (its left-most lane, 1). From N: right
  // to W (lane 0), straight to S, left to E (lane 1).
  REQUIRE(net.junctions[j].link_count == 14);
  const struct {
    const char* from;
    const char* to;
    LinkDirection dir;
  } expected[14] = {
      {"L0_0", "L5_0", LinkDirection::right}, {"L0_0", "L3_0", LinkDirection::straight},
      {"L0_1", "L3_1", LinkDirection::straight}, {"L0_1", "L7_0", LinkDirection::left},
      {"L2_0", "L7_0", LinkDirection::right}, {"L2_0", "L1_0", LinkDirection::straight},
      {"L2_1", "L1_1", LinkDirection::straight}, {"L2_1", "L5_0", LinkDirection::left},
      {"L4_0", "L3_0", LinkDirection::right}, {"L4_0", "L7_0", LinkDirection::straight},
      {"L4_0", "L1_1", LinkDirection::left}, {"L6_0", "L1_0", LinkDirection::right},
      {"L6_0", "L5_0", LinkDirection::straight}, {"L6_0", "L3_1", LinkDirection::left},
  };
  for (std::uint32_t k = 0; k < 14; ++k) {
    INFO(expected[k].from << " -> " << expected[k].to);
    CHECK(link_of(net, expected[k].from, expected[k].to) == k);
    CHECK(conn(net, expected[k].from, expected[k].to).dir == expected[k].dir);
  }
  // Lanes of the two-lane primary: right of the centre line, lane 0 outermost (4.8 m, lane 1
  // 1.6 m); cut back 6.4 m (the widest road's two lanes) + 1 m before the crossing.
  CHECK(net.shape(net.find_lane("L0_0")).back().y == Approx(-4.8));
  CHECK(net.shape(net.find_lane("L0_1")).back().y == Approx(-1.6));
  CHECK(net.shape(net.find_lane("L0_0")).back().x == Approx(-7.4));
  CHECK(net.lanes[net.find_lane("L0_1")].length_m == Approx(100.0 - 1.0 - 7.4));
  // The minor road's straight (9) yields to the four major straights it crosses.
  for (const std::uint32_t k : {1U, 2U, 5U, 6U}) {
    CHECK(net.must_yield(j, 9, k));
    CHECK_FALSE(net.must_yield(j, k, 9));
  }
  // The major left W->N (3) crosses the opposite straights (5, 6) and merges with E->N (4) on
  // C->N's lane: it yields to all three.
  for (const std::uint32_t k : {4U, 5U, 6U}) CHECK(net.must_yield(j, 3, k));
  // W->S right (0) merges with E->S left (7) and N->S straight (12): both yield to it.
  CHECK(net.must_yield(j, 7, 0));
  CHECK(net.must_yield(j, 12, 0));
  // S->E right (8) merges with W->E on lane 0 (1), not with lane 1 (2).
  CHECK(net.must_yield(j, 8, 1));
  CHECK_FALSE(net.is_foe(j, 8, 2));
  // Between the two minor approaches: S->W left (10) yields to N->S straight (12); the minor
  // straights do not meet.
  CHECK(net.must_yield(j, 10, 12));
  CHECK_FALSE(net.is_foe(j, 9, 12));
  // Opposite left turns pass each other.
  CHECK_FALSE(net.is_foe(j, 3, 7));
  for (std::uint32_t k : {0U, 1U, 2U, 4U, 5U, 6U}) CHECK(conn(net, expected[k].from, expected[k].to).state == LinkState::major);
  for (std::uint32_t k : {3U, 7U, 8U, 9U, 10U, 11U, 12U, 13U})
    CHECK(conn(net, expected[k].from, expected[k].to).state == LinkState::minor);
}

TEST_CASE("district network: a road's turns survive its reversible lane being closed", "[traffic][district]") {
  // The crossing above, with a reversible lane added to the west arm (links 0 W->C and 1 C->W,
  // 3 lanes each: lane 2 is the reversible one). Laid out as for the two-lane road, then given to
  // the reversible lane too: W's left to N comes from its own left-most lane 1 and from lane 2;
  // S's left onto the west arm leads onto its own left-most lane 1, not the reversible lane 2.
  DistrictNetworkOptions o;
  o.reversible_links = {0, 1};
  auto r = network_from_roads(crossing(3), o);
  REQUIRE(r.ok());
  const std::uint32_t j = r->find_junction("N0");
  REQUIRE(r->junctions[j].link_count == 16);
  const struct {
    const char* from;
    const char* to;
    LinkDirection dir;
  } expected[16] = {
      {"L0_0", "L5_0", LinkDirection::right},    {"L0_0", "L3_0", LinkDirection::straight},
      {"L0_1", "L3_1", LinkDirection::straight}, {"L0_1", "L7_0", LinkDirection::left},
      {"L0_2", "L3_1", LinkDirection::straight}, {"L0_2", "L7_0", LinkDirection::left},
      {"L2_0", "L7_0", LinkDirection::right},    {"L2_0", "L1_0", LinkDirection::straight},
      {"L2_1", "L1_1", LinkDirection::straight}, {"L2_1", "L5_0", LinkDirection::left},
      {"L4_0", "L3_0", LinkDirection::right},    {"L4_0", "L7_0", LinkDirection::straight},
      {"L4_0", "L1_1", LinkDirection::left},     {"L6_0", "L1_0", LinkDirection::right},
      {"L6_0", "L5_0", LinkDirection::straight}, {"L6_0", "L3_1", LinkDirection::left},
  };
  for (std::uint32_t k = 0; k < 16; ++k) {
    INFO(expected[k].from << " -> " << expected[k].to);
    CHECK(link_of(*r, expected[k].from, expected[k].to) == k);
    CHECK(conn(*r, expected[k].from, expected[k].to).dir == expected[k].dir);
  }
  // Driven: the reversible lane is given to C->W (closed to W->C) before anyone departs; the
  // left turns W->N and S->W are still made, and every vehicle arrives.
  Demand d = make_empty_demand();
  const char* od[][2] = {{"L0", "L7"}, {"L0", "L3"}, {"L4", "L1"}, {"L2", "L1"}, {"L6", "L1"}};
  int k = 0;
  for (int rep = 0; rep < 4; ++rep)
    for (const auto& p : od) {
      TripDef t;
      t.id = "v" + std::to_string(k++);
      t.depart = Duration::seconds(rep * 4);
      t.from = p[0];
      t.to = p[1];
      d.trips.push_back(t);
    }
  auto model = build_traffic_model(std::move(*r), d, TrafficOptions{});
  REQUIRE(model.ok());
  const Network& net = model->net;
  model->reversible.push_back(ReversibleLane{{net.find_lane("L0_2"), net.find_lane("L1_2")}});
  TrafficState st = make_traffic_state(*model);
  TrafficCommand give;
  give.verb = CommandVerb::reversible;
  give.edge = net.find_edge("L1");
  apply_traffic_command(*model, st, give);
  REQUIRE(st.lane_closed[net.find_lane("L0_2")] == 1);
  for (int i = 0; i < 600 && !traffic_done(*model, st); ++i) step(*model, st);
  CHECK(st.arrivals == 20);
}

TEST_CASE("district network: traffic lights where two roads of the class cross", "[traffic][district]") {
  DistrictNetworkOptions o;
  o.traffic_lights = true;
  o.signal_min_class = RoadClass::tertiary;  // the residential road is below: no light
  const auto off = network_from_roads(crossing(), o);
  REQUIRE(off.ok());
  CHECK(off->signals.empty());
  o.signal_min_class = RoadClass::residential;
  DistrictNetworkStats stats;
  const auto r = network_from_roads(crossing(), o, &stats);
  REQUIRE(r.ok());
  const Network& net = *r;
  CHECK(stats.signalised_junctions == 1);
  const std::uint32_t j = net.find_junction("N0");
  CHECK(net.junctions[j].type == JunctionType::traffic_light);
  REQUIRE(net.signals.size() == 1);
  const SignalProgram& p = net.signals[0];
  CHECK(p.id == "N0");
  REQUIRE(p.phases.size() == 4);
  // The major road green (its left turns 3 and 7 permissive: they yield to the opposite
  // straights), yellow; then the side road (its left turns 10 and 13 yield to the opposite
  // straights 12 and 9; its right turns and straights only to the major road's links, red then).
  CHECK(p.phases[0].state == "GGGgGGGgrrrrrr");
  CHECK(p.phases[1].state == "yyyyyyyyrrrrrr");
  CHECK(p.phases[2].state == "rrrrrrrrGGgGGg");
  CHECK(p.phases[3].state == "rrrrrrrryyyyyy");
  CHECK(p.phases[0].duration_s == 31.0);
  CHECK(p.phases[1].duration_s == 4.0);
  for (const Connection& c : net.connections) {
    if (c.junction != j || c.link_index == kNone) continue;
    CHECK(c.tl == 0);
    CHECK(c.tl_link == c.link_index);
    CHECK(c.state == LinkState::off_major);
  }
}

TEST_CASE("district network: bad road links are reported", "[traffic][district]") {
  RoadBuilder b;
  const auto a = b.node(0, 0), c = b.node(100, 0);
  b.link(a, c, 1, 13.9, RoadClass::residential);
  b.link(c, a, 1, 13.9, RoadClass::residential);
  b.links[1].lanes = 0;
  b.links[0].speed_mps = -1.0;
  const auto r = network_from_roads(b.build());
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors().size() == 2);
  const std::string text = r.errors().to_string();
  CHECK(text.find("link 0") != std::string::npos);
  CHECK(text.find("positive speed") != std::string::npos);
  CHECK(text.find("link 1") != std::string::npos);
  CHECK(text.find("at least 1 lane") != std::string::npos);
}

TEST_CASE("district network: vehicles drive through the T junction", "[traffic][district]") {
  RoadBuilder b;
  const auto c = b.node(0, 0), w = b.node(-200, 0), e = b.node(200, 0), s = b.node(0, -200);
  b.link(w, c, 1, 16.7, RoadClass::primary);
  b.link(c, w, 1, 16.7, RoadClass::primary);
  b.link(c, e, 1, 16.7, RoadClass::primary);
  b.link(e, c, 1, 16.7, RoadClass::primary);
  b.link(s, c, 1, 8.3, RoadClass::residential);
  b.link(c, s, 1, 8.3, RoadClass::residential);
  auto net = network_from_roads(b.build());
  REQUIRE(net.ok());
  Demand d = make_empty_demand();
  // Every turn at the junction, a few of each.
  const char* od[][2] = {{"L0", "L2"}, {"L0", "L5"}, {"L3", "L1"}, {"L3", "L5"}, {"L4", "L2"}, {"L4", "L1"}};
  int n = 0;
  for (int rep = 0; rep < 3; ++rep)
    for (const auto& p : od) {
      TripDef t;
      t.id = "v" + std::to_string(n++);
      t.depart = Duration::seconds(rep * 5);
      t.from = p[0];
      t.to = p[1];
      d.trips.push_back(t);
    }
  TrafficOptions opt;
  auto model = build_traffic_model(std::move(*net), d, opt);
  REQUIRE(model.ok());
  CHECK(model->vehicles.size() == 18);
  TrafficState st = make_traffic_state(*model);
  for (int i = 0; i < 600 && !traffic_done(*model, st); ++i) step(*model, st);
  CHECK(st.arrivals == 18);
}

TEST_CASE("district network: the side road waits for its green at a signalised crossing", "[traffic][district]") {
  DistrictNetworkOptions o;
  o.traffic_lights = true;
  o.signal_min_class = RoadClass::residential;
  auto net = network_from_roads(crossing(), o);
  REQUIRE(net.ok());
  Demand d = make_empty_demand();
  const char* od[][2] = {{"L0", "L3"}, {"L4", "L7"}};  // W->E on the major road, S->N on the side road
  for (int i = 0; i < 2; ++i) {
    TripDef t;
    t.id = od[i][0];
    t.from = od[i][0];
    t.to = od[i][1];
    d.trips.push_back(t);
  }
  auto model = build_traffic_model(std::move(*net), d, TrafficOptions{});
  REQUIRE(model.ok());
  TrafficState st = make_traffic_state(*model);
  std::vector<Arrival> done;
  for (int i = 0; i < 300 && !traffic_done(*model, st); ++i) {
    step(*model, st);
    done.insert(done.end(), st.arrived.begin(), st.arrived.end());
  }
  REQUIRE(done.size() == 2);
  for (const Arrival& a : done) {
    const std::string& id = model->vehicles[a.vehicle].id;
    INFO(id << " arrived at " << a.arrival_s << " s, waited " << a.waiting_s << " s");
    if (id == "L0") {
      // Green from t = 0 to 31 s: the 200 m at up to 16.7 m/s take well under 31 s, unhindered.
      CHECK(a.waiting_s == 0.0);
      CHECK(a.arrival_s < 31.0);
    } else {
      // It reaches the stop line after about 100 m at 8.3 m/s (~13 s), in the major road's green
      // (0-31 s) and yellow (31-35 s): it stands until its own green at 35 s.
      CHECK(a.waiting_s > 15.0);
      CHECK(a.arrival_s > 35.0);
    }
  }
}

TEST_CASE("district network: a signal put at a crossing gives each road its turn", "[traffic][district][measures]") {
  // The crossing without lights: the primary road has right of way. Its links are numbered from
  // W (L0, links 0-3), E (L2, 4-7), S (L4, 8-10), N (L6, 11-13): approaches 0, 1, 2, 3.
  auto net = network_from_roads(crossing());
  REQUIRE(net.ok());
  Demand d = make_empty_demand();
  // W->E and E->W on the primary road, S->N on the side road, all departing at 0.
  const char* od[][2] = {{"L0", "L3"}, {"L2", "L1"}, {"L4", "L7"}};
  for (const auto& trip : od) {
    TripDef t;
    t.id = trip[0];
    t.from = trip[0];
    t.to = trip[1];
    d.trips.push_back(t);
  }
  auto model = build_traffic_model(std::move(*net), d, TrafficOptions{});
  REQUIRE(model.ok());
  const TrafficModel& m = *model;
  const std::uint32_t j = m.net.find_junction("N0");
  REQUIRE(m.junction_approaches[j] == 4);
  for (std::uint32_t k = 0; k < 14; ++k)
    CHECK(m.link_approach[m.junction_link_first[j] + k] == (k < 4 ? 0U : k < 8 ? 1U : k < 11 ? 2U : 3U));

  const auto parse = [&](const std::string& toml, ErrorList& errors) {
    auto doc = parse_toml(toml, "cmd.toml");
    REQUIRE(doc);
    TableReader r(*doc, "traffic.signal", errors);
    return parse_traffic_commands("signal", r, m);
  };
  // 20 s of green and 3 s of yellow per road: W green 0-20 s, yellow 20-23; E 23-43, 43-46;
  // S 46-66, 66-69; N 69-89, 89-92; then W again.
  ErrorList ok;
  const auto cmd = parse("junction = \"N0\"\ngreen = \"20s\"\nyellow = \"3s\"\n", ok);
  INFO(ok.to_string());
  REQUIRE(cmd);
  REQUIRE(cmd->size() == 1);
  CHECK((*cmd)[0].phase_count == 4);
  CHECK((*cmd)[0].green_s[3] == 20.0);
  CHECK((*cmd)[0].yellow_s == 3.0);
  TrafficState probe = make_traffic_state(m);
  apply_traffic_command(m, probe, (*cmd)[0]);
  REQUIRE(probe.junction_signal[j] != kNone);
  const Measure& sig = probe.measures[probe.junction_signal[j]];
  // Links 0 (W right), 5 (E straight), 9 (S straight), 12 (N straight): one per road.
  const struct {
    double t;
    char w, e, s, n;
  } lights[] = {{0.0, 'G', 'r', 'r', 'r'},  {19.9, 'G', 'r', 'r', 'r'}, {20.0, 'y', 'r', 'r', 'r'}, {23.0, 'r', 'G', 'r', 'r'},
                {45.0, 'r', 'y', 'r', 'r'}, {46.0, 'r', 'r', 'G', 'r'}, {68.0, 'r', 'r', 'y', 'r'}, {70.0, 'r', 'r', 'r', 'G'},
                {91.0, 'r', 'r', 'r', 'y'}, {92.0, 'G', 'r', 'r', 'r'}, {92.0 + 47.0, 'r', 'r', 'G', 'r'}};
  for (const auto& l : lights) {
    INFO("t = " << l.t);
    CHECK(measure_signal_state(m, sig, j, 0, l.t) == l.w);
    CHECK(measure_signal_state(m, sig, j, 5, l.t) == l.e);
    CHECK(measure_signal_state(m, sig, j, 9, l.t) == l.s);
    CHECK(measure_signal_state(m, sig, j, 12, l.t) == l.n);
  }
  // Phases of several roads: W and E together for 30 s (their left turns 3 and 7 yield to the
  // oncoming straights, 'g', as the junction's right of way says), then W alone for 10 s (its
  // left turn protected), then S and N for 15 s; yellow 2 s. W keeps its green from phase 0 into
  // phase 1, so only E sees yellow at 30-32 s.
  ErrorList ok2;
  const auto plan = parse("junction = \"N0\"\nphases = [[\"L0\", \"L2\"], [\"L0\"], [\"L4\", \"L6\"]]\n"
                          "green = [\"30s\", \"10s\", \"15s\"]\nyellow = \"2s\"\n", ok2);
  INFO(ok2.to_string());
  REQUIRE(plan);
  apply_traffic_command(m, probe, (*plan)[0]);
  REQUIRE(probe.measures.size() == 1);  // it replaced the first signal
  const Measure& sig2 = probe.measures[probe.junction_signal[j]];
  CHECK(measure_signal_state(m, sig2, j, 1, 0.0) == 'G');   // W straight
  CHECK(measure_signal_state(m, sig2, j, 3, 0.0) == 'g');   // W left, across E's straights
  CHECK(measure_signal_state(m, sig2, j, 7, 0.0) == 'g');   // E left
  CHECK(measure_signal_state(m, sig2, j, 9, 0.0) == 'r');   // S straight
  CHECK(measure_signal_state(m, sig2, j, 3, 31.0) == 'g');  // W keeps its green over the yellow
  CHECK(measure_signal_state(m, sig2, j, 5, 31.0) == 'y');  // E's ends
  CHECK(measure_signal_state(m, sig2, j, 3, 32.0) == 'G');  // W alone: its left turn protected
  CHECK(measure_signal_state(m, sig2, j, 5, 32.0) == 'r');
  CHECK(measure_signal_state(m, sig2, j, 3, 42.5) == 'y');  // 42-44 s: W's yellow
  CHECK(measure_signal_state(m, sig2, j, 9, 44.0) == 'G');  // S straight; its left (10) yields to N's straight
  CHECK(measure_signal_state(m, sig2, j, 10, 44.0) == 'g');
  CHECK(measure_signal_state(m, sig2, j, 1, 61.0) == 'G');  // cycle 32 + 12 + 17 = 61 s: W and E again

  // Runs the three trips with or without the signal (put in force at t = 0).
  const auto run = [&](bool signal) {
    TrafficState st = make_traffic_state(m);
    if (signal) apply_traffic_command(m, st, (*cmd)[0]);
    std::vector<Arrival> done;
    for (int i = 0; i < 300 && !traffic_done(m, st); ++i) {
      step(m, st);
      done.insert(done.end(), st.arrived.begin(), st.arrived.end());
    }
    REQUIRE(done.size() == 3);
    std::map<std::string, Arrival> by_id;
    for (const Arrival& a : done) by_id[m.vehicles[a.vehicle].id] = a;
    return by_id;
  };
  // Without it, nobody stops: the side road's car finds the primary road clear when it arrives
  // (~13 s for its 100 m at 8.3 m/s, the primary cars long past) and crosses on its own.
  const auto free = run(false);
  for (const auto& [id, a] : free) {
    INFO(id << " arrived at " << a.arrival_s << " s, waited " << a.waiting_s << " s");
    CHECK(a.waiting_s == 0.0);
    CHECK(a.arrival_s < 30.0);
  }
  // With it: W->E has its green from 0 to 20 s and reaches the line (~92 m at up to 16.7 m/s)
  // well within it, unhindered. E->W could cover its ~92 m to a red line in under 14 s (from rest
  // at 1 m/s² or more): it must stop there (how long depends on how early it brakes for the red)
  // and go on its green at 23 s. S->N reaches its line at about 13 s and stands until 46 s.
  const auto sig_run = run(true);
  const Arrival& we = sig_run.at("L0");
  const Arrival& ew = sig_run.at("L2");
  const Arrival& sn = sig_run.at("L4");
  INFO("W->E " << we.arrival_s << " s, E->W " << ew.arrival_s << " s (waited " << ew.waiting_s << "), S->N "
               << sn.arrival_s << " s (waited " << sn.waiting_s << ")");
  CHECK(we.waiting_s == 0.0);
  CHECK(we.arrival_s == free.at("L0").arrival_s);
  CHECK(ew.waiting_s > 0.0);
  CHECK(ew.arrival_s > 23.0);
  CHECK(ew.arrival_s < 46.0);  // through before E's yellow ends
  CHECK(sn.waiting_s > 25.0);
  CHECK(sn.arrival_s > 46.0);
  CHECK(sn.arrival_s < 69.0);

  // A snapshot taken mid-run keeps the signal: the restored run goes on exactly as the original.
  {
    TrafficState a = make_traffic_state(m);
    apply_traffic_command(m, a, (*plan)[0]);
    for (int i = 0; i < 40; ++i) step(m, a);
    ByteWriter w;
    save(a, w);
    TrafficState b;
    ByteReader r(std::span<const std::uint8_t>(w.data().data(), w.data().size()));
    REQUIRE(load(m, b, r));
    REQUIRE(b.junction_signal[j] != kNone);
    CHECK(b.measures[b.junction_signal[j]].phase_roads == (*plan)[0].phase_roads);
    const auto digest_of = [](const TrafficState& x) {
      Hasher h;
      digest(x, h);
      return h.finish();
    };
    for (int i = 0; i < 100; ++i) {
      step(m, a);
      step(m, b);
    }
    CHECK(digest_of(a) == digest_of(b));
    CHECK(a.arrivals == b.arrivals);
    CHECK(a.arrivals == 3);
    // traffic.clear with the junction ends it.
    ErrorList okc;
    auto doc = parse_toml("junction = \"N0\"\n", "cmd.toml");
    REQUIRE(doc);
    TableReader rc(*doc, "traffic.clear", okc);
    const auto clear = parse_traffic_commands("clear", rc, m);
    REQUIRE(clear);
    apply_traffic_command(m, b, (*clear)[0]);
    CHECK(b.junction_signal[j] == kNone);
    CHECK(b.measures.empty());
  }

  // Errors: an unknown junction, a dead end (one road in), an edge instead of a junction, a road
  // not into the junction, a road never green, greens that do not match the phases.
  ErrorList e1, e2, e3, e4, e5, e6;
  CHECK_FALSE(parse("junction = \"N99\"\n", e1));
  CHECK(e1.to_string().find("'N99' is not a junction") != std::string::npos);
  CHECK_FALSE(parse("junction = \"N1\"\n", e2));
  CHECK(e2.to_string().find("a signal needs two or more roads") != std::string::npos);
  CHECK_FALSE(parse("junction = \"N0\"\nedge = \"L0\"\n", e3));
  CHECK(e3.to_string().find("give a junction, not an edge") != std::string::npos);
  CHECK_FALSE(parse("junction = \"N0\"\nphases = [[\"L0\", \"L1\"], [\"L2\"]]\n", e4));
  CHECK(e4.to_string().find("'L1' is not a road into N0 (the roads into N0: L0, L2, L4, L6)") != std::string::npos);
  CHECK_FALSE(parse("junction = \"N0\"\nphases = [[\"L0\", \"L2\"], [\"L4\"]]\n", e5));
  CHECK(e5.to_string().find("never has green") != std::string::npos);
  CHECK_FALSE(parse("junction = \"N0\"\nphases = [[\"L0\", \"L2\"], [\"L4\", \"L6\"]]\ngreen = [\"30s\"]\n", e6));
  CHECK(e6.to_string().find("a list of 2 (one per phase)") != std::string::npos);
}

TEST_CASE("district network: the Dapeng district converts and routes", "[traffic][district]") {
  world::LoadOptions lo;
  lo.terrain = false;
  const auto district = world::load_district(DPT_SOURCE_DIR "/assets/dapeng", lo);
  REQUIRE(district.ok());
  const world::RoadNetwork& roads = district->roads;
  DistrictNetworkStats stats;
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = network_from_roads(roads, {}, &stats);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  const Network& net = *r;
  REQUIRE(stats.normal_edges == roads.links().size());
  for (std::uint32_t i = 0; i < roads.links().size(); ++i) {
    REQUIRE(net.edges[i].id == district_edge_id(i));
    REQUIRE(net.edges[i].lanes.count == static_cast<std::uint32_t>(std::max(1, roads.links()[i].lanes)));
  }
  // Connections: valid lanes; from a normal lane through an internal one to a normal lane.
  std::size_t bad = 0;
  for (const Connection& c : net.connections) {
    if (c.from_lane >= net.lanes.size() || c.to_lane >= net.lanes.size()) {
      ++bad;
      continue;
    }
    const bool from_normal = net.edges[net.lanes[c.from_lane].edge].function == EdgeFunction::normal;
    if (from_normal && (c.via_lane == kNone || c.link_index == kNone || c.junction == kNone)) ++bad;
    if (net.edges[net.lanes[c.to_lane].edge].function != EdgeFunction::normal) ++bad;
  }
  CHECK(bad == 0);
  // Request tables: no link its own foe, foes symmetric, yielding only to foes.
  std::size_t self = 0, asym = 0, yield_not_foe = 0;
  for (std::uint32_t j = 0; j < net.junctions.size(); ++j) {
    const std::uint32_t n = net.junctions[j].link_count;
    for (std::uint32_t a = 0; a < n; ++a) {
      if (net.is_foe(j, a, a) || net.must_yield(j, a, a)) ++self;
      for (std::uint32_t k = 0; k < n; ++k) {
        if (net.is_foe(j, a, k) != net.is_foe(j, k, a)) ++asym;
        if (net.must_yield(j, a, k) && !net.is_foe(j, a, k)) ++yield_not_foe;
      }
    }
  }
  CHECK(self == 0);
  CHECK(asym == 0);
  CHECK(yield_not_foe == 0);
  // Every normal edge can be entered from some other edge.
  std::vector<int> entered(net.edges.size(), 0);
  for (const EdgeSuccessor& s : net.successors) entered[s.edge] = 1;
  std::size_t isolated = 0;
  for (std::uint32_t e = 0; e < stats.normal_edges; ++e) isolated += entered[e] ? 0 : 1;
  CHECK(isolated == 0);
  // Routes between the far corners of the district: the links nearest its west-, east-, south-
  // and north-most nodes.
  std::uint32_t ext[4] = {0, 0, 0, 0};
  for (std::uint32_t i = 0; i < roads.links().size(); ++i) {
    const geo::Local p = roads.nodes()[roads.links()[i].from].pos;
    const auto at = [&](std::uint32_t k) { return roads.nodes()[roads.links()[k].from].pos; };
    if (p.x < at(ext[0]).x) ext[0] = i;
    if (p.x > at(ext[1]).x) ext[1] = i;
    if (p.y < at(ext[2]).y) ext[2] = i;
    if (p.y > at(ext[3]).y) ext[3] = i;
  }
  Router router(net);
  std::vector<std::uint32_t> route;
  int routes = 0;
  for (const std::uint32_t from : ext)
    for (const std::uint32_t to : ext) {
      if (from == to) continue;
      double cost = 0.0;
      INFO("route L" << from << " -> L" << to);
      REQUIRE(router.route(from, to, 0, {}, route, &cost));
      CHECK(route.front() == from);
      CHECK(route.back() == to);
      for (std::size_t k = 1; k < route.size(); ++k) {
        bool linked = false;
        for (const EdgeSuccessor& s : net.successors_of(route[k - 1])) linked = linked || s.edge == route[k];
        CHECK(linked);
      }
      // Longer than the straight line between the two links' starts.
      double length = 0.0;
      for (const std::uint32_t e : route) length += roads.links()[e].length_m;
      const geo::Local a = roads.nodes()[roads.links()[from].from].pos, z = roads.nodes()[roads.links()[to].from].pos;
      CHECK(length >= std::hypot(z.x - a.x, z.y - a.y));
      ++routes;
    }
  CHECK(routes == 12);
  std::printf("district network: %u normal + %u internal edges, %u lanes, %u junctions, %u junction links, "
              "%zu connections, %u kept U-turns, %zu isolated edges; converted in %.1f ms\n",
              stats.normal_edges, stats.internal_edges, stats.lanes, stats.junctions, stats.junction_links,
              net.connections.size(), stats.kept_u_turns, isolated, ms);
}

TEST_CASE("district network: trips across the Dapeng district arrive, with and without lights", "[traffic][district]") {
  world::LoadOptions lo;
  lo.terrain = false;
  const auto district = world::load_district(DPT_SOURCE_DIR "/assets/dapeng", lo);
  REQUIRE(district.ok());
  for (const bool lights : {false, true}) {
    DistrictNetworkOptions o;
    o.traffic_lights = lights;
    o.signal_min_class = RoadClass::tertiary;
    DistrictNetworkStats stats;
    auto net = network_from_roads(district->roads, o, &stats);
    REQUIRE(net.ok());
    if (lights) CHECK(stats.signalised_junctions > 0);
    const auto links = static_cast<std::uint32_t>(district->roads.links().size());
    Demand d = make_empty_demand();
    // 200 trips between links picked by a fixed linear congruential sequence, one every 3 s.
    std::uint64_t x = 12345;
    const auto next = [&] {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      return static_cast<std::uint32_t>((x >> 33) % links);
    };
    for (int i = 0; i < 200; ++i) {
      TripDef t;
      t.id = "t" + std::to_string(i);
      t.depart = Duration::seconds(3 * i);
      t.from = district_edge_id(next());
      t.to = district_edge_id(next());
      d.trips.push_back(t);
    }
    TrafficOptions opt;
    auto model = build_traffic_model(std::move(*net), d, opt);
    REQUIRE(model.ok());
    const std::size_t vehicles = model->vehicles.size();
    CHECK(vehicles == 200);  // every edge reaches every other (the district is strongly connected)
    TrafficState st = make_traffic_state(*model);
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 4 * 3600 && !traffic_done(*model, st); ++i) step(*model, st);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(st.arrivals == vehicles);
    std::printf("district trips (lights %s, %u signalised): %zu vehicles, %llu arrived by t=%.0f s, %llu vehicle "
                "updates in %.2f s\n",
                lights ? "on" : "off", stats.signalised_junctions, vehicles,
                static_cast<unsigned long long>(st.arrivals), st.time_s,
                static_cast<unsigned long long>(st.vehicle_updates), s);
  }
}
