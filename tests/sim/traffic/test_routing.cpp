// Routing by travel time over small hand-worked nets (written as .net.xml text without junction
// interiors): the faster of two paths wins even when longer, a closed edge forces a detour,
// unreachable targets fail, class permissions are respected, and vias are visited in order.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/routing.h"

using namespace dpt::sim::traffic;

namespace {

struct E {
  const char* id;
  const char* from;
  const char* to;
  double length;
  double speed;
  const char* lane_extra = "";  // e.g. disallow="truck"
};

// A net of one-lane edges between unregulated junctions, with lane-0 connections.
Network make_net(const std::vector<E>& edges, const std::vector<std::pair<const char*, const char*>>& conns) {
  std::string t = "<net>\n";
  std::vector<std::string> js;
  for (const E& e : edges) {
    t += std::string("<edge id=\"") + e.id + "\" from=\"" + e.from + "\" to=\"" + e.to + "\"><lane id=\"" + e.id +
         "_0\" index=\"0\" speed=\"" + std::to_string(e.speed) + "\" length=\"" + std::to_string(e.length) +
         "\" shape=\"0,0 1,0\" " + e.lane_extra + "/></edge>\n";
    for (const char* j : {e.from, e.to})
      if (std::find(js.begin(), js.end(), j) == js.end()) js.emplace_back(j);
  }
  for (const std::string& j : js) t += "<junction id=\"" + j + "\" type=\"unregulated\" x=\"0\" y=\"0\"/>\n";
  for (const auto& [a, b] : conns)
    t += std::string("<connection from=\"") + a + "\" to=\"" + b +
         "\" fromLane=\"0\" toLane=\"0\" dir=\"s\" state=\"M\"/>\n";
  t += "</net>\n";
  auto r = read_net_xml_text(t, "routing_test.net.xml");
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::vector<std::string> names(const Network& net, const std::vector<std::uint32_t>& route) {
  std::vector<std::string> out;
  for (const std::uint32_t e : route) out.push_back(net.edges[e].id);
  return out;
}

// s -> {slow, fast} -> t: slow is 1000 m at 10 m/s (100 s), fast 1500 m at 30 m/s (50 s).
// `dead` leaves the same junction but no lane of s connects to it. `back` returns from t's end
// to nowhere useful; `island` is connected to nothing.
Network two_paths(const char* fast_extra = "") {
  return make_net({{"s", "A", "B", 100, 10},
                   {"slow", "B", "C", 1000, 10},
                   {"fast", "B", "C", 1500, 30, fast_extra},
                   {"dead", "B", "C", 100, 50},
                   {"t", "C", "D", 200, 20},
                   {"island", "X", "Y", 10, 10}},
                  {{"s", "slow"}, {"s", "fast"}, {"slow", "t"}, {"fast", "t"}, {"dead", "t"}});
}

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("routing: the longer but faster path wins (length / speed)", "[traffic][routing]") {
  const Network net = two_paths();
  Router router(net);
  std::vector<std::uint32_t> route;
  double cost = 0.0;
  REQUIRE(router.route(net.find_edge("s"), net.find_edge("t"), mask_of(VehicleClass::passenger), {}, route, &cost));
  CHECK(names(net, route) == std::vector<std::string>{"s", "fast", "t"});
  // s 100/10 = 10 s, fast 1500/30 = 50 s, t 200/20 = 10 s; `dead` (2 s) is never reachable from s.
  CHECK(cost == Approx(70.0));
  CHECK(router.default_costs()[net.find_edge("slow")] == Approx(100.0));
}

TEST_CASE("routing: a closed edge (+infinity) forces the detour; given costs replace the default",
          "[traffic][routing]") {
  const Network net = two_paths();
  Router router(net);
  std::vector<double> cost = free_flow_times(net);
  cost[net.find_edge("fast")] = kInf;
  std::vector<std::uint32_t> route;
  double total = 0.0;
  REQUIRE(router.route(net.find_edge("s"), net.find_edge("t"), 0, cost, route, &total));
  CHECK(names(net, route) == std::vector<std::string>{"s", "slow", "t"});
  CHECK(total == Approx(10.0 + 100.0 + 10.0));
  // A jam on `fast` (measured 120 s) also makes `slow` the better choice.
  cost = free_flow_times(net);
  cost[net.find_edge("fast")] = 120.0;
  REQUIRE(router.route(net.find_edge("s"), net.find_edge("t"), 0, cost, route));
  CHECK(names(net, route) == std::vector<std::string>{"s", "slow", "t"});
  // Both closed: no route; the closed target itself: no route.
  cost[net.find_edge("slow")] = kInf;
  cost[net.find_edge("fast")] = std::nan("");
  CHECK_FALSE(router.route(net.find_edge("s"), net.find_edge("t"), 0, cost, route));
  CHECK(route.empty());
  cost = free_flow_times(net);
  cost[net.find_edge("t")] = kInf;
  CHECK_FALSE(router.route(net.find_edge("s"), net.find_edge("t"), 0, cost, route));
  // The start edge being closed does not trap a vehicle already on it.
  cost = free_flow_times(net);
  cost[net.find_edge("s")] = kInf;
  CHECK(router.route(net.find_edge("s"), net.find_edge("t"), 0, cost, route));
}

TEST_CASE("routing: unreachable targets return false", "[traffic][routing]") {
  const Network net = two_paths();
  Router router(net);
  std::vector<std::uint32_t> route{99};
  CHECK_FALSE(router.route(net.find_edge("t"), net.find_edge("s"), 0, {}, route));  // no way back
  CHECK(route.empty());
  CHECK_FALSE(router.route(net.find_edge("s"), net.find_edge("island"), 0, {}, route));
  CHECK_FALSE(router.route(net.find_edge("s"), net.find_edge("dead"), 0, {}, route));  // no connection s -> dead
  REQUIRE(router.route(net.find_edge("s"), net.find_edge("s"), 0, {}, route));
  CHECK(names(net, route) == std::vector<std::string>{"s"});
}

TEST_CASE("routing: a lane that bars trucks sends trucks the other way", "[traffic][routing]") {
  const Network net = two_paths("disallow=\"truck\"");
  Router router(net);
  std::vector<std::uint32_t> route;
  REQUIRE(router.route(net.find_edge("s"), net.find_edge("t"), mask_of(VehicleClass::passenger), {}, route));
  CHECK(names(net, route) == std::vector<std::string>{"s", "fast", "t"});
  REQUIRE(router.route(net.find_edge("s"), net.find_edge("t"), mask_of(VehicleClass::truck), {}, route));
  CHECK(names(net, route) == std::vector<std::string>{"s", "slow", "t"});
  // The district's hazmat tankers are SUMO trucks.
  REQUIRE(router.route(net.find_edge("s"), net.find_edge("t"), mask_of(VehicleClass::hazmat), {}, route));
  CHECK(names(net, route) == std::vector<std::string>{"s", "slow", "t"});
  // A target a truck may not enter.
  CHECK_FALSE(router.route(net.find_edge("s"), net.find_edge("fast"), mask_of(VehicleClass::truck), {}, route));
}

TEST_CASE("routing: vias are visited in order, legs joined once", "[traffic][routing]") {
  // A ring a -> b -> c -> a, plus a shortcut a -> c; via b forces the long way round.
  const Network net = make_net({{"a", "J0", "J1", 100, 10},
                                {"b", "J1", "J2", 100, 10},
                                {"c", "J2", "J0", 100, 10},
                                {"short", "J1", "J2", 10, 10},
                                {"d", "J0", "J3", 100, 10}},
                               {{"a", "b"}, {"a", "short"}, {"b", "c"}, {"short", "c"}, {"c", "a"}, {"c", "d"}});
  Router router(net);
  RouterWorkspace ws;
  std::vector<std::uint32_t> route;
  REQUIRE(router.route(net.find_edge("a"), net.find_edge("d"), 0, {}, route, ws));
  CHECK(names(net, route) == std::vector<std::string>{"a", "short", "c", "d"});
  const std::vector<std::uint32_t> via{net.find_edge("b")};
  double cost = 0.0;
  REQUIRE(router.route_via(net.find_edge("a"), via, net.find_edge("d"), 0, {}, route, ws, &cost));
  CHECK(names(net, route) == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(cost == Approx(40.0));  // four edges of 10 s, b counted once
  // Via c then a: a, short, c, a, short, c, d.
  const std::vector<std::uint32_t> via2{net.find_edge("c"), net.find_edge("a")};
  REQUIRE(router.route_via(net.find_edge("a"), via2, net.find_edge("d"), 0, {}, route, ws));
  CHECK(names(net, route) == std::vector<std::string>{"a", "short", "c", "a", "short", "c", "d"});
  // Many queries on one workspace give the same answer (stamps, not clearing).
  for (int i = 0; i < 1000; ++i) REQUIRE(router.route(net.find_edge("b"), net.find_edge("a"), 0, {}, route, ws));
  CHECK(names(net, route) == std::vector<std::string>{"b", "c", "a"});
}
