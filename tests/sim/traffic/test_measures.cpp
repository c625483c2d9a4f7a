// Incidents and measures (dpt/sim/traffic/traffic_measures.h) and rerouting
// (traffic_reroute.h) on a hand-built network with two ways between the same ends:
//
//   J0 --in (400 m, 1 or 2 lanes)--> J1 --up (300 m)--> J2 --upout (300 m)--> J4 --out (300 m)--> J5
//                                     \--down (300 m)--> J3 --downlong (600 m)--/
//
// The junctions have no request tables (their links are always open), so that what is checked is
// the measure alone. Expected values are worked by hand from the geometry and the IDM.
#include <tbb/global_control.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "dpt/core/bytes.h"
#include "dpt/core/config.h"
#include "dpt/core/config_reader.h"
#include "dpt/core/digest.h"
#include "dpt/sim/traffic/traffic_io.h"
#include "dpt/sim/traffic/traffic_measures.h"
#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_reroute.h"
#include "dpt/sim/traffic/traffic_step.h"

using namespace dpt::sim::traffic;

namespace {

enum : std::uint32_t { kIn, kUp, kDown, kUpOut, kDownLong, kOut };

// With `split_turns` (two lanes on "in"), only lane 1 leads to "up" and only lane 0 to "down".
Network diamond(std::uint32_t in_lanes, bool split_turns = false) {
  Network net;
  auto junction = [](const char* id, JunctionType t, double x, double y) {
    Junction j;
    j.id = id;
    j.type = t;
    j.x = x;
    j.y = y;
    return j;
  };
  net.junctions = {junction("J0", JunctionType::dead_end, 0, 0),     junction("J1", JunctionType::priority, 400, 0),
                   junction("J2", JunctionType::priority, 700, 100), junction("J3", JunctionType::priority, 700, -100),
                   junction("J4", JunctionType::priority, 1000, 0),  junction("J5", JunctionType::dead_end, 1300, 0)};
  struct E {
    const char* id;
    std::uint32_t from, to, lanes;
    double length;
  };
  const E edges[] = {{"in", 0, 1, in_lanes, 400},  {"up", 1, 2, 1, 300},       {"down", 1, 3, 1, 300},
                     {"upout", 2, 4, 1, 300},      {"downlong", 3, 4, 1, 600}, {"out", 4, 5, 1, 300}};
  for (std::uint32_t e = 0; e < 6; ++e) {
    const E& d = edges[e];
    net.edges.push_back({d.id, d.from, d.to, {static_cast<std::uint32_t>(net.lanes.size()), d.lanes}, d.length, 13.89, -1,
                         EdgeFunction::normal, kAllClasses});
    for (std::uint32_t k = 0; k < d.lanes; ++k) net.lanes.push_back({e, k, d.length, 13.89, 3.2, kAllClasses, {}, {}, kNone});
  }
  auto connect = [&](std::uint32_t from_edge, std::uint32_t to_edge) {
    const Edge& a = net.edges[from_edge];
    for (std::uint32_t k = 0; k < a.lanes.count; ++k) {
      Connection c;
      c.from_lane = a.lanes.first + k;
      c.to_lane = net.edges[to_edge].lanes.first;
      c.dir = LinkDirection::straight;
      net.connections.push_back(c);
    }
  };
  if (split_turns) {
    Connection c;
    c.dir = LinkDirection::straight;
    c.from_lane = 1, c.to_lane = net.edges[kUp].lanes.first;
    net.connections.push_back(c);
    c.from_lane = 0, c.to_lane = net.edges[kDown].lanes.first;
    net.connections.push_back(c);
  } else {
    connect(kIn, kUp);
    connect(kIn, kDown);
  }
  connect(kUp, kUpOut);
  connect(kDown, kDownLong);
  connect(kUpOut, kOut);
  connect(kDownLong, kOut);
  index_network(net);
  return net;
}

VehicleType treiber_car() {
  VehicleType t;
  t.id = "car";
  t.accel = 1.0;
  t.decel = 1.5;
  t.tau = 1.5;
  t.min_gap = 2.0;
  t.length = 5.0;
  t.max_speed = 30.0;
  t.speed_dev = 0.0;
  return t;
}

// Vehicles departing at `departs` (s) on lane `lane` of "in" at its start, at rest, routed
// in-up-upout-out (the short way).
TrafficModel model_of(std::uint32_t in_lanes, const std::vector<double>& departs, int lane = 0) {
  TrafficModel m;
  m.net = diamond(in_lanes);
  m.types = {treiber_car()};
  m.options.step_length_s = 1.0;
  for (std::size_t k = 0; k < departs.size(); ++k) {
    ModelVehicle v;
    v.id = "v" + std::to_string(k);
    v.depart_s = departs[k];
    v.route = {static_cast<std::uint32_t>(m.route_edges.size()), 4};
    for (std::uint32_t e : {kIn, kUp, kUpOut, kOut}) m.route_edges.push_back(e);
    v.attrs.lane = {DepartLane::Kind::given, lane};
    v.speed_factor = 1.0;
    m.vehicles.push_back(std::move(v));
  }
  index_traffic_model(m);
  return m;
}

int slot_of(const TrafficState& s, std::uint32_t vi) {
  for (std::size_t i = 0; i < s.vehicle.size(); ++i)
    if (s.vehicle[i] == vi) return static_cast<int>(i);
  return -1;
}

TrafficCommand command(CommandVerb verb, std::uint32_t edge) {
  TrafficCommand c;
  c.verb = verb;
  c.edge = edge;
  return c;
}

// Parses a command from TOML text (the scenario's path for commands).
std::optional<TrafficCommand> parse(const TrafficModel& m, const std::string& verb, const std::string& toml,
                                    dpt::ErrorList& errors) {
  auto doc = dpt::parse_toml(toml, "cmd.toml");
  REQUIRE(doc);
  dpt::TableReader r(*doc, "traffic." + verb, errors);
  return parse_traffic_command(verb, r, m);
}

std::vector<std::uint32_t> route_vec(const TrafficState& s, std::uint32_t vi) {
  const auto r = s.route_of(vi);
  return {r.begin(), r.end()};
}

}  // namespace

TEST_CASE("measures: closing the road ahead reroutes a vehicle the other way", "[traffic][measures]") {
  TrafficModel m = model_of(1, {0.0});
  TrafficState s = make_traffic_state(m);
  for (int k = 0; k < 5; ++k) step(m, s);  // on "in", about 12 m in
  REQUIRE(slot_of(s, 0) == 0);
  apply_traffic_command(m, s, command(CommandVerb::close, kUp));
  CHECK(edge_impassable(m, s, kUp));
  step(m, s);
  CHECK(route_vec(s, 0) == std::vector<std::uint32_t>{kIn, kDown, kDownLong, kOut});
  CHECK(s.reroutes == 1);
  double length = 0.0;
  int reroutes = -1;
  bool used_up = false;
  while (!traffic_done(m, s) && s.time_s < 600.0) {
    step(m, s);
    if (const int i = slot_of(s, 0); i >= 0) used_up = used_up || m.net.lanes[s.lane[i]].edge == kUp;
    for (const Arrival& a : s.arrived) {
      length = a.route_length_m;
      reroutes = a.reroutes;
    }
  }
  REQUIRE(traffic_done(m, s));
  CHECK_FALSE(used_up);
  CHECK(reroutes == 1);  // tripinfo's rerouteNo
  // in + down + downlong + out, front from its length at insertion ("base") to the end.
  CHECK(length == Approx(400.0 + 300.0 + 600.0 + 300.0 - 5.0).margin(0.5));
}

TEST_CASE("measures: with no way around, a vehicle waits at the closure until it reopens", "[traffic][measures]") {
  TrafficModel m = model_of(1, {0.0});
  TrafficState s = make_traffic_state(m);
  TrafficCommand c = command(CommandVerb::close, kOut);
  c.duration_s = 120.0;  // reopens at t = 120
  apply_traffic_command(m, s, c);
  double entered_out = -1.0;
  while (!traffic_done(m, s) && s.time_s < 600.0) {
    step(m, s);
    const int i = slot_of(s, 0);
    if (i >= 0 && entered_out < 0.0 && m.net.lanes[s.lane[i]].edge == kOut) entered_out = s.time_s;
    if (s.time_s == 110.0) {
      REQUIRE(i >= 0);
      CHECK(s.speed[i] == Approx(0.0).margin(1e-6));  // standing at the end of upout
      CHECK(m.net.lanes[s.lane[i]].edge == kUpOut);
    }
  }
  REQUIRE(traffic_done(m, s));
  CHECK(s.measures.empty());  // ended by itself
  CHECK(entered_out > 120.0);
  CHECK(entered_out < 125.0);
}

TEST_CASE("measures: an accident on a one-lane road holds the traffic behind it", "[traffic][measures]") {
  TrafficModel m = model_of(1, {0.0, 3.0});
  TrafficState s = make_traffic_state(m);
  TrafficCommand c = command(CommandVerb::accident, kIn);
  c.pos_m = 200.0;
  c.duration_s = 100.0;
  apply_traffic_command(m, s, c);
  CHECK(edge_impassable(m, s, kIn));
  double max_front = 0.0;
  while (s.time_s < 95.0) {
    step(m, s);
    if (const int i = slot_of(s, 0); i >= 0) max_front = std::max(max_front, s.pos[i]);
  }
  // The first car stopped just short of the obstruction; the second behind it at the minimum gap.
  CHECK(max_front < 200.0);
  CHECK(max_front > 199.0);
  const int i1 = slot_of(s, 1);
  REQUIRE(i1 >= 0);
  CHECK(s.pos[i1] == Approx(max_front - 5.0 - 2.0).margin(0.5));
  while (!traffic_done(m, s) && s.time_s < 400.0) step(m, s);
  CHECK(traffic_done(m, s));  // cleared at t = 100: both went on
}

TEST_CASE("measures: on two lanes, traffic changes lanes around an accident", "[traffic][measures]") {
  TrafficModel m = model_of(2, {0.0}, 0);
  TrafficState s = make_traffic_state(m);
  TrafficCommand c = command(CommandVerb::accident, kIn);
  c.lanes = 1;  // lane 0 only
  c.pos_m = 250.0;
  apply_traffic_command(m, s, c);
  CHECK_FALSE(edge_impassable(m, s, kIn));
  bool passed_on_lane1 = false;
  double min_speed_after_start = 1e9;
  while (!traffic_done(m, s) && s.time_s < 300.0) {
    step(m, s);
    const int i = slot_of(s, 0);
    if (i < 0) continue;
    if (s.time_s > 20.0 && m.net.lanes[s.lane[i]].edge == kIn) min_speed_after_start = std::min(min_speed_after_start, s.speed[i]);
    if (m.net.lanes[s.lane[i]].edge == kIn && s.pos[i] > 250.0) passed_on_lane1 = passed_on_lane1 || s.lane[i] == 1;
  }
  CHECK(traffic_done(m, s));
  CHECK(passed_on_lane1);
  CHECK(min_speed_after_start > 5.0);  // it did not have to stop
}

TEST_CASE("measures: the turns of a closed lane pass to the open lane beside it", "[traffic][measures]") {
  // Only the left lane of "in" leads to "up"; with it closed (as a reversible lane given to the
  // other direction would be), a car on the right lane routed via "up" still gets there.
  TrafficModel m = model_of(2, {0.0}, 0);
  m.net = diamond(2, true);
  TrafficState s = make_traffic_state(m);
  TrafficCommand c = command(CommandVerb::close, kIn);
  c.lanes = 2;  // lane 1
  apply_traffic_command(m, s, c);
  bool used_up = false, used_lane1 = false;
  while (!traffic_done(m, s) && s.time_s < 300.0) {
    step(m, s);
    const int i = slot_of(s, 0);
    if (i < 0) continue;
    used_up = used_up || m.net.lanes[s.lane[i]].edge == kUp;
    used_lane1 = used_lane1 || s.lane[i] == 1;
  }
  CHECK(traffic_done(m, s));
  CHECK(used_up);
  CHECK_FALSE(used_lane1);
  CHECK(s.reroutes == 0);
}

TEST_CASE("measures: a speed limit slows free traffic down to it", "[traffic][measures]") {
  TrafficModel m = model_of(1, {0.0});
  TrafficState s = make_traffic_state(m);
  TrafficCommand c = command(CommandVerb::speed_limit, kIn);
  c.speed_mps = 8.0;
  apply_traffic_command(m, s, c);
  for (int k = 0; k < 40; ++k) step(m, s);
  const int i = slot_of(s, 0);
  REQUIRE(i >= 0);
  REQUIRE(m.net.lanes[s.lane[i]].edge == kIn);
  // The IDM's free-road acceleration a (1 - (v/v0)^4) vanishes at v0 = 8 m/s: after 40 s from rest
  // the car is within a few per cent of it, and never above it.
  CHECK(s.speed[i] <= 8.0 + 1e-9);
  CHECK(s.speed[i] > 7.5);
  TrafficCommand clear = command(CommandVerb::clear, kIn);
  apply_traffic_command(m, s, clear);
  CHECK(s.lane_speed[m.net.edges[kIn].lanes.first] == Approx(13.89));
}

TEST_CASE("measures: a checkpoint serves one vehicle at a time per lane", "[traffic][measures]") {
  // Four cars in a row; a checkpoint at 200 m on "in" with a fixed 20 s service. Each car stops
  // there for 20 s (the service runs down in whole steps of 1 s after the step in which it stopped)
  // and the next can only start its service after the one before has left and it has moved up.
  TrafficModel m = model_of(1, {0.0, 4.0, 8.0, 12.0});
  TrafficState s = make_traffic_state(m);
  TrafficCommand c = command(CommandVerb::checkpoint, kIn);
  c.pos_m = 200.0;
  c.service_mean_s = 20.0;
  c.distribution = ServiceDistribution::fixed;
  apply_traffic_command(m, s, c);
  std::vector<double> start(4, -1.0), leave(4, -1.0);
  while (!traffic_done(m, s) && s.time_s < 600.0) {
    step(m, s);
    for (std::uint32_t v = 0; v < 4; ++v) {
      const int i = slot_of(s, v);
      if (i < 0) continue;
      if (start[v] < 0.0 && s.service_left[i] >= 0.0) start[v] = s.time_s;
      if (start[v] >= 0.0 && leave[v] < 0.0 && s.served_by[i] != kNone) leave[v] = s.time_s;
      // Served at the booth: stopped first in line within 3 m short of the checkpoint.
      if (s.service_left[i] >= 0.0) CHECK((s.pos[i] > 197.0 && s.pos[i] < 200.0));
    }
  }
  REQUIRE(traffic_done(m, s));
  CHECK(s.served == 4);
  for (std::uint32_t v = 0; v < 4; ++v) {
    INFO("vehicle " << v);
    REQUIRE(start[v] > 0.0);
    CHECK(leave[v] - start[v] == Approx(20.0));
    if (v > 0) CHECK(start[v] >= leave[v - 1] + 1.0);  // served one after the other
  }
  // Moving up one car length and gap (7 m) from rest to rest takes at least the bang-bang time
  // sqrt(2 d (1/a + 1/b)) = sqrt(14 (1 + 1/1.5)) = 4.8 s; the IDM brakes gently into the stop (and
  // the car must first wait for the gap ahead to open), so somewhat more, but not twice or more.
  for (std::uint32_t v = 1; v < 4; ++v) {
    CHECK(start[v] - leave[v - 1] >= 4.8);
    CHECK(start[v] - leave[v - 1] <= 12.0);
  }
}

TEST_CASE("measures: service times follow the lognormal and exponential laws", "[traffic][measures]") {
  Measure cp;
  cp.kind = MeasureKind::checkpoint;
  cp.service_mean_s = 40.0;
  cp.service_sd_s = 15.0;
  cp.distribution = ServiceDistribution::lognormal;
  const int n = 40000;
  double sum = 0.0, sum2 = 0.0;
  for (int k = 0; k < n; ++k) {
    const double t = draw_service_time(cp, 7, static_cast<std::uint32_t>(k));
    REQUIRE(t > 0.0);
    sum += t;
    sum2 += t * t;
  }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  // Standard error of the mean 15 / sqrt(40000) = 0.075 s: 0.4 s is over 5 of them.
  CHECK(mean == Approx(40.0).margin(0.4));
  CHECK(sd == Approx(15.0).margin(0.6));
  cp.distribution = ServiceDistribution::exponential;
  sum = 0.0;
  int above_mean = 0;
  for (int k = 0; k < n; ++k) {
    const double t = draw_service_time(cp, 7, static_cast<std::uint32_t>(k));
    sum += t;
    above_mean += t > 40.0 ? 1 : 0;
  }
  CHECK(sum / n == Approx(40.0).margin(0.8));
  CHECK(static_cast<double>(above_mean) / n == Approx(std::exp(-1.0)).margin(0.01));  // P(T > mean) = 1/e
  // Keyed by (seed, checkpoint, vehicle): the same draw whenever it is made.
  CHECK(draw_service_time(cp, 7, 123) == draw_service_time(cp, 7, 123));
}

TEST_CASE("measures: a reversible lane is open in one direction at a time", "[traffic][measures]") {
  TrafficModel m = model_of(2, {});
  const std::uint32_t in1 = m.net.edges[kIn].lanes.first + 1, up0 = m.net.edges[kUp].lanes.first;
  m.reversible.push_back(ReversibleLane{{in1, up0}});
  TrafficState s = make_traffic_state(m);
  CHECK(s.lane_closed[in1] == 0);
  CHECK(s.lane_closed[up0] == 1);
  apply_traffic_command(m, s, command(CommandVerb::reversible, kUp));
  CHECK(s.lane_closed[in1] == 1);
  CHECK(s.lane_closed[up0] == 0);
}

TEST_CASE("measures: commands are checked with clear messages", "[traffic][measures]") {
  TrafficModel m = model_of(2, {});
  dpt::ErrorList e;
  CHECK_FALSE(parse(m, "close", "edge = \"nowhere\"\n", e));
  CHECK(e.to_string().find("'nowhere' is not an edge") != std::string::npos);
  dpt::ErrorList e2;
  CHECK_FALSE(parse(m, "close", "edge = \"in\"\nlanes = [2]\n", e2));
  CHECK(e2.to_string().find("lane indices from 0 (the right-most) to 1") != std::string::npos);
  dpt::ErrorList e3;
  CHECK_FALSE(parse(m, "accident", "edge = \"in\"\npos = \"500 m\"\n", e3));
  CHECK(e3.to_string().find("from 0 to the edge's length") != std::string::npos);
  dpt::ErrorList e4;
  CHECK_FALSE(parse(m, "detour", "edge = \"in\"\n", e4));
  CHECK(e4.to_string().find("unknown traffic command 'traffic.detour'") != std::string::npos);
  dpt::ErrorList e5;
  CHECK_FALSE(parse(m, "checkpoint", "edge = \"in\"\npos = \"100 m\"\n", e5));  // service is required
  dpt::ErrorList e6;
  CHECK_FALSE(parse(m, "reversible", "edge = \"in\"\n", e6));
  CHECK(e6.to_string().find("has no reversible lane") != std::string::npos);
  dpt::ErrorList ok;
  const auto c = parse(m, "checkpoint", "edge = \"in\"\npos = \"100 m\"\nservice = \"30s\"\nservice_sd = \"10s\"\nlanes = [1]\n", ok);
  REQUIRE(c);
  CHECK(c->lanes == 2);
  CHECK(c->pos_m == 100.0);
  CHECK(c->service_mean_s == 30.0);
  CHECK(c->distribution == ServiceDistribution::lognormal);
}

TEST_CASE("measures: one command over a list of edges", "[traffic][measures]") {
  TrafficModel m = model_of(2, {});
  const auto parse_all = [&](const std::string& toml, dpt::ErrorList& errors) {
    auto doc = dpt::parse_toml(toml, "cmd.toml");
    REQUIRE(doc);
    dpt::TableReader r(*doc, "traffic.close", errors);
    return parse_traffic_commands("close", r, m);
  };
  dpt::ErrorList ok;
  const auto both = parse_all("edges = [\"in\", \"up\"]\nduration = \"10min\"\n", ok);
  REQUIRE(both);
  REQUIRE(both->size() == 2);
  CHECK((*both)[0].edge == kIn);
  CHECK((*both)[1].edge == kUp);
  for (const TrafficCommand& c : *both) CHECK(c.duration_s == 600.0);
  CHECK(ok.empty());
  // Applied one by one, both edges are closed.
  TrafficState s = make_traffic_state(m);
  for (const TrafficCommand& c : *both) apply_traffic_command(m, s, c);
  CHECK(s.lane_closed[m.net.edges[kIn].lanes.first] == 1);
  CHECK(s.lane_closed[m.net.edges[kUp].lanes.first] == 1);
  // A single edge still reads as one command.
  dpt::ErrorList ok1;
  const auto one = parse_all("edge = \"up\"\n", ok1);
  REQUIRE(one);
  CHECK(one->size() == 1);
  // Errors: an unknown edge in the list (named), both keys, an empty list.
  dpt::ErrorList e1, e2, e3;
  CHECK_FALSE(parse_all("edges = [\"in\", \"nowhere\"]\n", e1));
  CHECK(e1.to_string().find("'nowhere' is not an edge") != std::string::npos);
  CHECK_FALSE(parse_all("edge = \"in\"\nedges = [\"up\"]\n", e2));
  CHECK(e2.to_string().find("edge or edges, not both") != std::string::npos);
  CHECK_FALSE(parse_all("edges = []\n", e3));
  CHECK(e3.to_string().find("expected a list of edge ids") != std::string::npos);
}

TEST_CASE("measures: a snapshot keeps measures, services and changed routes", "[traffic][measures]") {
  TrafficModel m = model_of(1, {0.0, 2.0, 4.0, 30.0});
  TrafficState s = make_traffic_state(m);
  for (int k = 0; k < 5; ++k) step(m, s);
  apply_traffic_command(m, s, command(CommandVerb::close, kUp));
  TrafficCommand cp = command(CommandVerb::checkpoint, kDown);
  cp.pos_m = 100.0;
  cp.service_mean_s = 15.0;
  cp.service_sd_s = 5.0;
  cp.distribution = ServiceDistribution::lognormal;
  apply_traffic_command(m, s, cp);
  for (int k = 0; k < 60; ++k) step(m, s);
  dpt::ByteWriter w;
  save(s, w);
  TrafficState t;
  dpt::ByteReader r(std::span<const std::uint8_t>(w.data().data(), w.data().size()));
  REQUIRE(load(m, t, r));
  auto digest = [](const TrafficState& x) {
    dpt::Hasher h;
    dpt::sim::traffic::digest(x, h);
    return h.finish();
  };
  CHECK(digest(s) == digest(t));
  for (int k = 0; k < 200; ++k) {
    step(m, s);
    step(m, t);
  }
  CHECK(digest(s) == digest(t));
  CHECK(s.arrivals == t.arrivals);
}

TEST_CASE("measures: rerouting gives the same results on one thread and two", "[traffic][measures]") {
  std::vector<double> departs;
  for (int k = 0; k < 60; ++k) departs.push_back(2.0 * k);
  TrafficModel m = model_of(2, departs);
  m.options.reroute_period_s = 30.0;
  auto run = [&](int threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    TrafficState s = make_traffic_state(m);
    std::vector<double> arrivals;
    while (!traffic_done(m, s) && s.time_s < 1000.0) {
      if (s.time_s == 40.0) apply_traffic_command(m, s, command(CommandVerb::close, kUp));
      step(m, s);
      for (const Arrival& a : s.arrived) arrivals.push_back(a.arrival_s + 1e-3 * a.vehicle);
    }
    // Rerouted routes that grew leave unused room in the pool; it is compacted at twice its use.
    std::size_t live = 0;
    for (const IndexRange& r : s.vroute) live += r.count;
    CHECK(s.route_pool.size() <= 2 * live);
    return std::make_pair(arrivals, s.reroutes);
  };
  const auto one = run(1), two = run(2);
  CHECK(one.first.size() == 60);
  CHECK(one == two);
  CHECK(one.second > 0);
}
