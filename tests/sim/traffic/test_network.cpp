// The Network's derived indexes, built by hand (no file): connection ranges per lane, SUMO's link
// numbering, successor lists with class masks, id maps and the request table queries.
#include <catch2/catch.hpp>

#include "dpt/sim/traffic/network.h"

using namespace dpt::sim::traffic;

namespace {

// Junctions J0 -> J1 -> J2 with edges a (J0->J1, 2 lanes), b and c (J1->J2, one lane each).
// Lane 1 of a admits only passenger cars; b's lane only buses.
Network hand_built() {
  Network net;
  net.junctions = {{"J0", JunctionType::dead_end, 0, 0, 0, {}, {}, 0, 0, 0},
                   {"J1", JunctionType::priority, 100, 0, 0, {}, {}, 0, 0, 0},
                   {"J2", JunctionType::dead_end, 200, 0, 0, {}, {}, 0, 0, 0}};
  net.edges.resize(3);
  net.edges[0].id = "a";
  net.edges[0].from_junction = 0;
  net.edges[0].to_junction = 1;
  net.edges[0].lanes = {0, 2};
  net.edges[1].id = "b";
  net.edges[1].from_junction = 1;
  net.edges[1].to_junction = 2;
  net.edges[1].lanes = {2, 1};
  net.edges[2].id = "c";
  net.edges[2].from_junction = 1;
  net.edges[2].to_junction = 2;
  net.edges[2].lanes = {3, 1};
  net.lanes.resize(4);
  net.lanes[0] = {0, 0, 90.0, 10.0, 3.2, kAllClasses, {}, {}, kNone};
  net.lanes[1] = {0, 1, 90.0, 15.0, 3.2, mask_of(VehicleClass::passenger), {}, {}, kNone};
  net.lanes[2] = {1, 0, 50.0, 20.0, 3.2, mask_of(VehicleClass::bus), {}, {}, kNone};
  net.lanes[3] = {2, 0, 70.0, 25.0, 3.2, kAllClasses, {}, {}, kNone};
  // Connections out of lane order: a_1 -> c_0 listed first, then a_0 -> c_0, a_0 -> b_0.
  Connection c;
  c.from_lane = 1, c.to_lane = 3, c.dir = LinkDirection::straight;
  net.connections.push_back(c);
  c.from_lane = 0, c.to_lane = 3, c.dir = LinkDirection::right;
  net.connections.push_back(c);
  c.from_lane = 0, c.to_lane = 2, c.dir = LinkDirection::left;
  net.connections.push_back(c);
  // J1 governs 3 links; incoming lanes a_0 then a_1.
  net.junction_lanes = {0, 1};
  net.junctions[1].inc_lanes = {0, 2};
  net.junctions[1].link_count = 3;
  net.junctions[1].words = 1;
  net.junctions[1].request_offset = 0;
  // rows: response[0..2], foes[0..2], cont. Link 2 (a_1 -> c_0) yields to link 0 (a_0 -> c_0).
  net.request_words = {0b000, 0b000, 0b001, 0b100, 0b000, 0b001, 0b010};
  return net;
}

}  // namespace

TEST_CASE("network: index_network groups connections by lane and numbers links as SUMO does", "[traffic][network]") {
  Network net = hand_built();
  index_network(net);
  // a_0 keeps its two connections in their listed order (c then b), a_1 its one.
  REQUIRE(net.outgoing(0).size() == 2);
  CHECK(net.outgoing(0)[0].to_lane == 3);
  CHECK(net.outgoing(0)[1].to_lane == 2);
  REQUIRE(net.outgoing(1).size() == 1);
  CHECK(net.outgoing(1)[0].to_lane == 3);
  CHECK(net.outgoing(2).empty());
  // Links: a_0's connections first (0, 1), then a_1's (2).
  CHECK(net.outgoing(0)[0].link_index == 0);
  CHECK(net.outgoing(0)[1].link_index == 1);
  CHECK(net.outgoing(1)[0].link_index == 2);
  for (const Connection& c : net.connections) CHECK(c.junction == 1);
  CHECK(net.must_yield(1, 2, 0));
  CHECK_FALSE(net.must_yield(1, 0, 2));
  CHECK(net.is_foe(1, 0, 2));
  CHECK(net.is_foe(1, 2, 0));
  CHECK_FALSE(net.is_foe(1, 1, 0));
  CHECK(net.cont(1, 1));
  CHECK_FALSE(net.cont(1, 0));
}

TEST_CASE("network: edges take length, speed and permissions from their lanes", "[traffic][network]") {
  Network net = hand_built();
  index_network(net);
  CHECK(net.edges[0].length_m == 90.0);
  CHECK(net.edges[0].speed_mps == 15.0);  // the faster lane
  CHECK(net.edges[0].allowed == kAllClasses);
  CHECK(net.edges[1].allowed == mask_of(VehicleClass::bus));
  CHECK(net.lane_id(1) == "a_1");
  CHECK(net.find_lane("c_0") == 3);
  CHECK(net.find_edge("b") == 1);
  CHECK(net.find_junction("J2") == 2);
  CHECK(net.find_edge("zz") == kNone);
}

TEST_CASE("network: successors merge the classes of every connection between two edges", "[traffic][network]") {
  Network net = hand_built();
  index_network(net);
  const auto s = net.successors_of(0);
  REQUIRE(s.size() == 2);
  // Sorted by edge index: b (1) then c (2).
  CHECK(s[0].edge == 1);
  CHECK(s[0].classes == mask_of(VehicleClass::bus));  // a_0 (all) to b_0 (bus only)
  CHECK(s[1].edge == 2);
  CHECK(s[1].classes == kAllClasses);  // a_0 (all) | a_1 (passenger), both to c_0 (all)
  CHECK(net.successors_of(1).empty());
}

TEST_CASE("network: junction type names are SUMO's", "[traffic][network]") {
  JunctionType t{};
  REQUIRE(junction_type_from_string("traffic_light", t));
  CHECK(t == JunctionType::traffic_light);
  REQUIRE(junction_type_from_string("right_before_left", t));
  CHECK(t == JunctionType::right_before_left);
  CHECK(std::string(to_string(JunctionType::allway_stop)) == "allway_stop");
  CHECK_FALSE(junction_type_from_string("roundabout", t));
}
