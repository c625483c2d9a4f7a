// Road attributes from OSM tags and the road graph: cutting, directions, snapping, components.
#include <catch2/catch.hpp>

#include "dpt/world/roads.h"

using namespace dpt::world;

namespace {
RoadInput road(dpt::geo::LineString line, int oneway = 0, std::int64_t id = 0) {
  RoadInput r;
  r.line = std::move(line);
  r.cls = RoadClass::residential;
  r.oneway = oneway;
  r.source_id = id;
  return r;
}
// Two two-way roads of 200 m crossing at their shared middle vertex (0, 0).
std::vector<RoadInput> plus() {
  return {road({{-100, 0}, {0, 0}, {100, 0}}, 0, 1), road({{0, -100}, {0, 0}, {0, 100}}, 0, 2)};
}
}  // namespace

TEST_CASE("road classes and defaults from OSM tags", "[world][roads]") {
  CHECK(road_class_from_osm("motorway") == RoadClass::motorway);
  CHECK(road_class_from_osm("motorway_link") == RoadClass::motorway);
  CHECK(road_class_from_osm("primary_link") == RoadClass::primary);
  CHECK(road_class_from_osm("living_street") == RoadClass::residential);
  CHECK(road_class_from_osm("track") == RoadClass::track);
  CHECK(road_class_from_osm("footway") == RoadClass::other);
  CHECK(road_class_from_osm("") == RoadClass::other);
  CHECK(default_lanes(RoadClass::motorway) == 2);
  CHECK(default_speed_kmh(RoadClass::motorway) == 100.0);
  CHECK(default_speed_kmh(RoadClass::secondary) == 50.0);
  CHECK(default_speed_kmh(RoadClass::service) == 20.0);
  CHECK(default_lanes(RoadClass::residential) == 1);
  for (int k = 0; k <= static_cast<int>(RoadClass::other); ++k) {
    RoadClass out{};
    CHECK(road_class_from_string(to_string(static_cast<RoadClass>(k)), out));
    CHECK(static_cast<int>(out) == k);
  }
}

TEST_CASE("maxspeed and oneway parsing", "[world][roads]") {
  CHECK(parse_maxspeed_kmh("50") == 50.0);
  CHECK(parse_maxspeed_kmh("50 km/h") == 50.0);
  CHECK(parse_maxspeed_kmh(" 60km/h ") == 60.0);
  CHECK(parse_maxspeed_kmh("30 mph") == Approx(48.28032));
  CHECK(parse_maxspeed_kmh("none") < 0.0);
  CHECK(parse_maxspeed_kmh("walk") < 0.0);
  CHECK(parse_maxspeed_kmh("50 knots") < 0.0);
  CHECK(parse_maxspeed_kmh("-5") < 0.0);
  CHECK(parse_oneway("yes") == 1);
  CHECK(parse_oneway("true") == 1);
  CHECK(parse_oneway("1") == 1);
  CHECK(parse_oneway("-1") == -1);
  CHECK(parse_oneway("reverse") == -1);
  CHECK(parse_oneway("no") == 0);
  CHECK(parse_oneway("") == 0);
}

TEST_CASE("road graph: a + crossing gives 5 nodes and 8 links", "[world][roads]") {
  const RoadNetwork net = RoadNetwork::build(plus());
  REQUIRE(net.nodes().size() == 5);
  REQUIRE(net.links().size() == 8);
  for (const RoadLink& l : net.links()) {
    CHECK(l.length_m == Approx(100.0));
    CHECK(l.lanes == 1);
    CHECK(l.speed_mps == Approx(30.0 / 3.6));
    CHECK(l.geometry.front().x == net.nodes()[l.from].pos.x);
    CHECK(l.geometry.back().y == net.nodes()[l.to].pos.y);
  }
  // The centre node has 4 outgoing links, each end node 1.
  std::uint32_t centre = 0;
  for (std::uint32_t n = 0; n < 5; ++n)
    if (net.nodes()[n].pos.x == 0.0 && net.nodes()[n].pos.y == 0.0) centre = n;
  CHECK(net.out_begin(centre + 1) - net.out_begin(centre) == 4);
  for (std::uint32_t n = 0; n < 5; ++n) {
    for (std::uint32_t e = net.out_begin(n); e < net.out_begin(n + 1); ++e) CHECK(net.links()[net.out_links()[e]].from == n);
    if (n != centre) CHECK(net.out_begin(n + 1) - net.out_begin(n) == 1);
  }
  CHECK(net.total_length_m() == Approx(800.0));
  CHECK(net.centreline_length_m() == Approx(400.0));
  const Connectivity c = net.connectivity();
  CHECK(c.components == 1);
  CHECK(c.largest_nodes == 5);
  CHECK(c.weak_components == 1);
}

TEST_CASE("road graph: roads that cross without a shared vertex are not connected", "[world][roads]") {
  const RoadNetwork net = RoadNetwork::build({road({{-100, 0}, {100, 0}}), road({{0, -100}, {0, 100}})});
  CHECK(net.nodes().size() == 4);
  CHECK(net.links().size() == 4);
  CHECK(net.connectivity().weak_components == 2);
}

TEST_CASE("road graph: oneway and reversed oneway", "[world][roads]") {
  const RoadNetwork fwd = RoadNetwork::build({road({{0, 0}, {50, 0}, {50, 50}}, 1)});
  REQUIRE(fwd.links().size() == 1);
  CHECK(fwd.nodes()[fwd.links()[0].from].pos.x == 0.0);
  CHECK(fwd.links()[0].length_m == Approx(100.0));
  CHECK(fwd.links()[0].geometry.size() == 3);  // interior vertex kept, not a node
  const RoadNetwork rev = RoadNetwork::build({road({{0, 0}, {50, 0}, {50, 50}}, -1)});
  REQUIRE(rev.links().size() == 1);
  CHECK(rev.nodes()[rev.links()[0].from].pos.y == 50.0);
  CHECK(rev.links()[0].geometry.front().y == 50.0);
  CHECK(rev.centreline_length_m() == Approx(100.0));
  const Connectivity c = fwd.connectivity();
  CHECK(c.components == 2);
  CHECK(c.largest_nodes == 1);
  CHECK(c.weak_components == 1);
}

TEST_CASE("road graph: vertices within snap_m merge", "[world][roads]") {
  // The second road starts 0.3 m from the first one's end.
  const std::vector<RoadInput> roads = {road({{0, 0}, {100, 0}}), road({{100.3, 0}, {100.3, 80}})};
  const RoadNetwork snapped = RoadNetwork::build(roads, 0.5);
  CHECK(snapped.nodes().size() == 3);
  CHECK(snapped.connectivity().components == 1);
  const RoadNetwork apart = RoadNetwork::build(roads, 0.1);
  CHECK(apart.nodes().size() == 4);
  CHECK(apart.connectivity().weak_components == 2);
}

TEST_CASE("road graph: a dead-end oneway is its own component and is dropped", "[world][roads]") {
  std::vector<RoadInput> roads = plus();
  roads.push_back(road({{100, 0}, {200, 0}}, 1, 3));  // leaves the east end, never comes back
  RoadNetwork net = RoadNetwork::build(roads);
  CHECK(net.nodes().size() == 6);
  CHECK(net.links().size() == 9);
  CHECK(net.total_length_m() == Approx(900.0));
  CHECK(net.centreline_length_m() == Approx(500.0));
  const Connectivity c = net.connectivity();
  CHECK(c.components == 2);
  CHECK(c.largest_nodes == 5);
  CHECK(c.weak_components == 1);
  CHECK(net.keep_largest_component() == 1);
  CHECK(net.nodes().size() == 5);
  CHECK(net.links().size() == 8);
  CHECK(net.connectivity().components == 1);
  for (const RoadLink& l : net.links()) CHECK(l.source_id != 3);
}

TEST_CASE("road graph: lanes and speed from the input override the class", "[world][roads]") {
  RoadInput r = road({{0, 0}, {10, 0}});
  r.cls = RoadClass::primary;
  const RoadNetwork by_class = RoadNetwork::build({r});
  CHECK(by_class.links()[0].lanes == 2);
  CHECK(by_class.links()[0].speed_mps == Approx(60.0 / 3.6));
  r.lanes = 3;
  r.speed_kmh = 70;
  const RoadNetwork given = RoadNetwork::build({r});
  CHECK(given.links()[0].lanes == 3);
  CHECK(given.links()[0].speed_mps == Approx(70.0 / 3.6));
}

TEST_CASE("road graph: a long chain needs no recursion", "[world][roads]") {
  // 100k nodes in one oneway chain closed into a loop: one strongly connected component.
  dpt::geo::LineString line;
  for (int k = 0; k < 100000; ++k) line.push_back({static_cast<double>(k), 0.0});
  std::vector<RoadInput> roads;
  for (int k = 0; k + 1 < 100000; ++k) roads.push_back(road({line[k], line[k + 1]}, 1));
  roads.push_back(road({line.back(), {99999, 10}, {0, 10}, line.front()}, 1));
  const RoadNetwork net = RoadNetwork::build(roads);
  CHECK(net.nodes().size() == 100000);
  const Connectivity c = net.connectivity();
  CHECK(c.components == 1);
  CHECK(c.largest_nodes == 100000);
}
