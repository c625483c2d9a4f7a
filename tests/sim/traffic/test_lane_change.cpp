// Lane changing in the traffic step (engine/sim/traffic/src/step_lane_change.cpp): MOBIL
// overtaking, strategic changes towards the lane a route needs, the b_safe safety criterion, and
// the same results on 1 and 2 threads. Networks and models are built by hand: a two-lane edge
// "a" (lane 0 right, lane 1 left) ending at a junction without a request table (its links are
// always open), followed by a one-lane edge "s" (straight on) and a one-lane edge "l" (left).
#include <tbb/global_control.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "../../../engine/sim/traffic/src/step_stages.h"  // private header: the stage alone
#include "dpt/sim/traffic/rou_xml.h"
#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"
#include "dpt/sim/traffic/traffic_step.h"

using namespace dpt::sim::traffic;

namespace {

constexpr std::uint32_t kA0 = 0, kA1 = 1, kA2 = 2;  // lanes of edge "a"
constexpr std::uint32_t kEdgeA = 0, kEdgeS = 1, kEdgeL = 2;

// Edge "a" with `lanes` lanes (indices 0 .. lanes-1), then s_0 (index `lanes`) and l_0
// (`lanes` + 1). Every lane of a goes straight on to s; with `left_only_turns` the left-most lane
// also turns onto l (and only it does).
Network road(double length_a, double speed, bool left_only_turns, std::uint32_t lanes = 2) {
  Network net;
  net.junctions = {{"J0", JunctionType::dead_end, 0, 0, 0, {}, {}, 0, 0, 0},
                   {"J1", JunctionType::priority, length_a, 0, 0, {}, {}, 0, 0, 0},
                   {"J2", JunctionType::dead_end, length_a + 300, 0, 0, {}, {}, 0, 0, 0},
                   {"J3", JunctionType::dead_end, length_a, 300, 0, {}, {}, 0, 0, 0}};
  const std::uint32_t s0 = lanes, l0 = lanes + 1;
  net.edges.resize(3);
  net.edges[kEdgeA] = {"a", 0, 1, {0, lanes}, 0.0, 0.0, -1, EdgeFunction::normal, 0};
  net.edges[kEdgeS] = {"s", 1, 2, {s0, 1}, 0.0, 0.0, -1, EdgeFunction::normal, 0};
  net.edges[kEdgeL] = {"l", 1, 3, {l0, 1}, 0.0, 0.0, -1, EdgeFunction::normal, 0};
  for (std::uint32_t k = 0; k < lanes; ++k) net.lanes.push_back({kEdgeA, k, length_a, speed, 3.2, kAllClasses, {}, {}, kNone});
  net.lanes.push_back({kEdgeS, 0, 300.0, speed, 3.2, kAllClasses, {}, {}, kNone});
  net.lanes.push_back({kEdgeL, 0, 300.0, speed, 3.2, kAllClasses, {}, {}, kNone});
  Connection c;
  for (std::uint32_t k = 0; k < lanes; ++k) {
    c.from_lane = k, c.to_lane = s0, c.dir = LinkDirection::straight;
    net.connections.push_back(c);
  }
  if (left_only_turns) {
    c.from_lane = lanes - 1, c.to_lane = l0, c.dir = LinkDirection::left;
    net.connections.push_back(c);
  }
  index_network(net);
  return net;
}

// Treiber's IDM car (Treiber & Kesting 2013, table 11.2: a = 1, b = 1.5, T = 1.5 s, s0 = 2 m,
// length 5 m) with MOBIL's defaults (politeness 0.2, threshold 0.1, b_safe 4).
VehicleType treiber_car(const char* id, double max_speed) {
  VehicleType t;
  t.id = id;
  t.accel = 1.0;
  t.decel = 1.5;
  t.tau = 1.5;
  t.min_gap = 2.0;
  t.length = 5.0;
  t.max_speed = max_speed;
  t.speed_dev = 0.0;
  return t;
}

// A slow car (top speed 10 m/s) whose driver does not give way: MOBIL politeness 0.
VehicleType selfish_slow_car() {
  VehicleType t = treiber_car("slow", 10.0);
  t.lc.politeness = 0.0;
  return t;
}

struct Placed {
  std::uint32_t type;
  int lane;     // index on edge "a"
  double pos;   // front bumper, m
  double speed; // m/s
  bool turns_left = false;  // route a -> l instead of a -> s
  double depart = 0.0;
};

// A model on `net` whose vehicles depart as placed (given lane, position and speed), in order.
TrafficModel model_of(Network net, std::vector<VehicleType> types, const std::vector<Placed>& placed) {
  TrafficModel m;
  m.net = std::move(net);
  m.types = std::move(types);
  m.options.step_length_s = 1.0;
  for (std::size_t k = 0; k < placed.size(); ++k) {
    const Placed& p = placed[k];
    ModelVehicle v;
    v.id = "v" + std::to_string(k);
    v.type = p.type;
    v.depart_s = p.depart;
    v.route = {static_cast<std::uint32_t>(m.route_edges.size()), 2};
    m.route_edges.push_back(kEdgeA);
    m.route_edges.push_back(p.turns_left ? kEdgeL : kEdgeS);
    v.attrs.lane = {DepartLane::Kind::given, p.lane};
    v.attrs.pos = {DepartPos::Kind::given, p.pos};
    v.attrs.speed = {DepartSpeed::Kind::given, p.speed};
    v.speed_factor = 1.0;
    m.vehicles.push_back(std::move(v));
  }
  index_traffic_model(m);
  return m;
}

// The slot of model vehicle `vi`, or -1 when it is not in the network.
int slot_of(const TrafficState& s, std::uint32_t vi) {
  for (std::size_t i = 0; i < s.vehicle.size(); ++i)
    if (s.vehicle[i] == vi) return static_cast<int>(i);
  return -1;
}

// Plain IDM (Treiber et al. 2000, eq. 1-2) with the Treiber car's parameters, written out here so
// that the test does not lean on the code it checks.
double idm_treiber(double v, double v0, double gap, double v_lead) {
  const double s_star = 2.0 + std::max(0.0, v * 1.5 + v * (v - v_lead) / (2.0 * std::sqrt(1.0 * 1.5)));
  return 1.0 * (1.0 - std::pow(v / v0, 4.0) - (s_star / gap) * (s_star / gap));
}

}  // namespace

TEST_CASE("lane change: a fast car overtakes a slow leader (MOBIL)", "[traffic][lane_change]") {
  // Lane 0: a slow car (top speed 10 m/s) at 200 m, a fast car 35 m behind its rear at 20 m/s.
  // Behind the slow car the fast one must brake hard: IDM with s* = 2 + 20*1.5 + 20*10/(2 sqrt(1.5))
  // = 113.6 m at a 35 m gap gives 1 - (20/30)^4 - (113.6/35)^2 = -9.7 m/s^2, while the empty
  // left lane offers 1 - (20/30)^4 = +0.8: the incentive far exceeds the 0.1 threshold, and there
  // is no follower to endanger. The slow car (politeness 0) has nothing to gain: free road on
  // both lanes at its top speed.
  const TrafficModel m = model_of(road(3000.0, 30.0, false), {treiber_car("fast", 50.0), selfish_slow_car()},
                                  {{1, 0, 200.0, 10.0}, {0, 0, 160.0, 20.0}});
  TrafficState s = make_traffic_state(m);
  REQUIRE(s.running() == 2);
  CHECK(idm_treiber(20.0, 30.0, 35.0, 10.0) < -9.0);  // the hand-worked numbers above
  step(m, s);
  const int fast = slot_of(s, 1), slow = slot_of(s, 0);
  REQUIRE(fast >= 0);
  REQUIRE(slow >= 0);
  CHECK(s.lane[static_cast<std::size_t>(fast)] == kA1);
  CHECK(s.lane[static_cast<std::size_t>(slow)] == kA0);
  // It passes: 30 s later it is ahead of the slow car, which kept its lane.
  for (int k = 0; k < 30; ++k) step(m, s);
  CHECK(s.pos[static_cast<std::size_t>(slot_of(s, 1))] > s.pos[static_cast<std::size_t>(slot_of(s, 0))]);
  CHECK(s.lane[static_cast<std::size_t>(slot_of(s, 0))] == kA0);
}

TEST_CASE("lane change: a polite slow car gives way to the fast one behind it (MOBIL politeness)", "[traffic][lane_change]") {
  // The same pair with the slow car at MOBIL's politeness 0.2. Its own gain is 0 (free road at its
  // top speed on both lanes), but its follower would go from -9.7 m/s^2 behind it to the free
  // +0.8: p (a~_o - a_o) = 0.2 * 10.5 = 2.1 > 0.1 (Kesting et al. 2007, eq. 3). Decided from the
  // same state both would pull out; the slow car comes first in slot order, so the fast car, whose
  // leader moved, stays and decides again (and then keeps its now free lane).
  const TrafficModel m = model_of(road(3000.0, 30.0, false), {treiber_car("fast", 50.0), treiber_car("slow", 10.0)},
                                  {{1, 0, 200.0, 10.0}, {0, 0, 160.0, 20.0}});
  TrafficState s = make_traffic_state(m);
  REQUIRE(s.running() == 2);
  CHECK(dpt::sim::traffic::detail::strategic_lane_changes(m, s));
  CHECK(s.lane[static_cast<std::size_t>(slot_of(s, 0))] == kA1);
  CHECK(s.lane[static_cast<std::size_t>(slot_of(s, 1))] == kA0);
  for (int k = 0; k < 30; ++k) step(m, s);
  CHECK(s.lane[static_cast<std::size_t>(slot_of(s, 1))] == kA0);
  CHECK(s.pos[static_cast<std::size_t>(slot_of(s, 1))] > s.pos[static_cast<std::size_t>(slot_of(s, 0))]);
}

TEST_CASE("lane change: a car whose route turns left from the left lane moves there in time", "[traffic][lane_change]") {
  // Edge a is 600 m at 13.89 m/s; only a_1 leads onto "l". A car on a_0 at the speed limit (its
  // desired speed: no speed gain on either lane) has only the strategic reason to change. LC2013's
  // look-ahead for one change to the left is 10 s * 13.89 m/s * 2 (lcLookaheadLeft) + 2 * (5 m
  // length + 2 m minGap) = 291.8 m; inside it the change is urgent and made as soon as it is safe
  // (here at once: nobody else is on the road): at the first step that ends past
  // 600 - 291.8 = 308.2 m, within one step's 13.89 m of driving.
  const double v = 13.89;
  const TrafficModel m = model_of(road(600.0, v, true), {treiber_car("car", 50.0)}, {{0, 0, 10.0, v, true}});
  TrafficState s = make_traffic_state(m);
  REQUIRE(s.running() == 1);
  double changed_at = -1.0;
  std::uint32_t arrival_lane = kNone;
  for (int k = 0; k < 120; ++k) {
    step(m, s);
    if (s.arrivals > 0) {
      arrival_lane = s.arrived.front().arrival_lane;
      break;
    }
    if (changed_at < 0.0 && s.lane[0] == kA1) changed_at = s.pos[0];
  }
  CHECK(changed_at > 600.0 - 291.8);
  CHECK(changed_at <= 600.0 - 291.8 + v);
  CHECK(arrival_lane == 3);  // l_0: it took its left turn
}

TEST_CASE("lane change: two standing cars that each need the other's lane swap (no lock-up)", "[traffic][lane_change]") {
  // A fork: a_0 leads only to "s", a_1 only to "l". At the end of edge a a car bound for "l" stands
  // on a_0 beside a car bound for "s" on a_1 (both fronts at 598 m): neither can change while the
  // other is there, and neither lane leads on for its car - the lock-up of the two-lane grids
  // (issue 6). They swap lanes, keeping their positions, and then both drive on.
  Network net = road(600.0, 13.89, false);
  net.connections[1].to_lane = 3;  // a_1 -> l_0 instead of s_0
  net.connections[1].dir = LinkDirection::left;
  index_network(net);
  const TrafficModel m = model_of(std::move(net), {treiber_car("car", 50.0)},
                                  {{0, 0, 598.0, 0.0, true}, {0, 1, 598.0, 0.0, false}, {0, 0, 580.0, 0.0, true}});
  TrafficState s = make_traffic_state(m);
  REQUIRE(s.running() == 3);
  CHECK(dpt::sim::traffic::detail::strategic_lane_changes(m, s));
  CHECK(s.lane[static_cast<std::size_t>(slot_of(s, 0))] == kA1);
  CHECK(s.lane[static_cast<std::size_t>(slot_of(s, 1))] == kA0);
  CHECK(s.pos[static_cast<std::size_t>(slot_of(s, 0))] == 598.0);
  CHECK(s.pos[static_cast<std::size_t>(slot_of(s, 1))] == 598.0);
  // The third car (bound for "l", on a_0 with its front 13 m short of the pair's rears) does not
  // swap: nobody stands beside it. All three arrive.
  for (int k = 0; k < 120 && s.running() > 0; ++k) step(m, s);
  CHECK(s.arrivals == 3);
}

TEST_CASE("lane change: the follower on the target lane lets a standing changer in (cooperation)", "[traffic][lane_change]") {
  // The fork (a_0 -> s only, a_1 -> l only). A car stands on a_0 at 598 m; a car on a_1 comes at
  // 6 m/s. When the standing car is bound for "l" (it must change to a_1: 2 m left, well inside the
  // look-ahead), the car on a_1 treats it as its leader (LC2013's cooperative follower): its speed
  // limit is the IDM follow speed behind the changer's rear (sumo_idm_follow_speed, checked
  // against SUMO in test_idm.cpp) - when that needs at most its comfortable 1.5 m/s^2 (from 6 m/s:
  // not below 4.5 m/s). From 33 m the IDM acceleration is 1 - (6/13.89)^4 - (s*/33)^2 with
  // s* = 2 + 6*1.5 + 6*6/(2 sqrt(1*1.5)) = 25.70 m: +0.36 m/s^2, so it cooperates; from 8 m it
  // would be 1 - 0.035 - (25.70/8)^2 = -9.4 m/s^2: too late, it does not. A car bound for "s" on
  // a_0 needs no change: no limit. With lcCooperative 0 nobody cooperates.
  Network net = road(600.0, 13.89, false);
  net.connections[1].to_lane = 3;
  net.connections[1].dir = LinkDirection::left;
  index_network(net);
  auto cap_for = [&](double follower_pos, bool changer_turns_left, double cooperative = 1.0) {
    VehicleType car = treiber_car("car", 50.0);
    car.lc_cooperative = cooperative;
    const TrafficModel m = model_of(net, {car},
                                    {{0, 0, 598.0, 0.0, changer_turns_left}, {0, 1, follower_pos, 6.0, true}});
    TrafficState s = make_traffic_state(m);
    REQUIRE(s.running() == 2);
    return dpt::sim::traffic::detail::lane_change_speed(m, s, static_cast<std::uint32_t>(slot_of(s, 1)), 1.0);
  };
  CHECK(idm_treiber(6.0, 13.89, 33.0, 0.0) == Approx(0.358).margin(2e-3));
  CHECK(idm_treiber(6.0, 13.89, 8.0, 0.0) < -9.0);
  VehicleType car = treiber_car("car", 50.0);
  const IdmParams idm = idm_params(car, 13.89, 1.0);
  const double expected = sumo_idm_follow_speed(idm, 6.0, 33.0, 0.0, 1.0, sumo_idm_iterations(1.0, car.stepping));
  CHECK(expected >= 4.5);
  CHECK(cap_for(560.0, true) == Approx(expected));
  CHECK(cap_for(585.0, true) == std::numeric_limits<double>::infinity());
  CHECK(cap_for(560.0, false) == std::numeric_limits<double>::infinity());
  // lcCooperative 0: it does not cooperate at all.
  CHECK(cap_for(560.0, true, 0.0) == std::numeric_limits<double>::infinity());
}

TEST_CASE("lane change: the LC2013 vType attributes are read (lcStrategic, lcLookaheadLeft, lcCooperative)", "[traffic][lane_change][rou]") {
  // SUMO's defaults are 1, 2 and 1 (doc "Definition of Vehicles, Vehicle Types, and Routes");
  // lcCooperative's range is [0, 1].
  const auto r = read_rou_xml_string(
      "<routes><vType id=\"plain\"/>"
      "<vType id=\"eager\" lcStrategic=\"2.5\" lcLookaheadLeft=\"3\" lcCooperative=\"0\"/>"
      "<vType id=\"over\" lcCooperative=\"1.5\"/></routes>",
      "lc.rou.xml");
  REQUIRE(r.ok());
  CHECK(r->vtypes[1].type.lc_strategic == 1.0);
  CHECK(r->vtypes[1].type.lc_lookahead_left == 2.0);
  CHECK(r->vtypes[1].type.lc_cooperative == 1.0);
  CHECK(r->vtypes[2].type.lc_strategic == 2.5);
  CHECK(r->vtypes[2].type.lc_lookahead_left == 3.0);
  CHECK(r->vtypes[2].type.lc_cooperative == 0.0);
  CHECK(r->vtypes[3].type.lc_cooperative == 1.0);
  // A negative lcStrategic leaves only the look-ahead of two lengths with gap.
  const auto neg = read_rou_xml_string("<routes><vType id=\"neg\" lcStrategic=\"-1\"/></routes>", "lc.rou.xml");
  REQUIRE(neg.ok());
  CHECK(neg->vtypes[1].type.lc_strategic == 0.0);
}

TEST_CASE("lane change: no change that makes the new follower brake harder than b_safe", "[traffic][lane_change]") {
  // As in the overtaking case (own gain about +10.5 m/s^2), but a car at 20 m/s in the left lane,
  // `gap` metres behind the changer's rear. Behind the changer it would need
  // 1 - (20/30)^4 - ((2 + 30) / gap)^2: at 10 m that is -9.44 m/s^2, at 30 m -0.34 m/s^2.
  auto run = [](double gap, double b_safe) {
    VehicleType fast = treiber_car("fast", 50.0);
    fast.lc.b_safe = b_safe;
    const TrafficModel m = model_of(road(3000.0, 30.0, false), {fast, selfish_slow_car()},
                                    {{1, 0, 200.0, 10.0}, {0, 0, 160.0, 20.0}, {0, 1, 155.0 - gap, 20.0}});
    TrafficState s = make_traffic_state(m);
    REQUIRE(s.running() == 3);
    dpt::sim::traffic::detail::strategic_lane_changes(m, s);  // the stage alone: nobody moves
    return s.lane[static_cast<std::size_t>(slot_of(s, 1))];
  };
  CHECK(idm_treiber(20.0, 30.0, 10.0, 20.0) == Approx(-9.4375).margin(1e-3));
  CHECK(idm_treiber(20.0, 30.0, 30.0, 20.0) == Approx(-0.3353).margin(1e-3));
  CHECK(run(10.0, 4.0) == kA0);   // -9.44 < -4: unsafe
  CHECK(run(10.0, 9.4) == kA0);   // still just beyond b_safe
  CHECK(run(10.0, 9.5) == kA1);   // -9.44 >= -9.5: safe, and the incentive holds
  CHECK(run(30.0, 4.0) == kA1);   // -0.34: safe with MOBIL's default b_safe
}

TEST_CASE("lane change: two cars never take the same gap in one pass", "[traffic][lane_change]") {
  // Three lanes; lanes 0 and 2 each have a slow car at 200 m and a fast car at 160 m, 20 m/s, that
  // wants the empty middle lane (gain about +10.5 m/s^2 each, see the overtaking case). Decided
  // from the stage's start both may go; committed in slot order, the first takes the gap and the
  // second, whose target gap now holds the first, stays.
  const TrafficModel m =
      model_of(road(3000.0, 30.0, false, 3), {treiber_car("fast", 50.0), selfish_slow_car()},
               {{1, 0, 200.0, 10.0}, {0, 0, 160.0, 20.0}, {1, 2, 200.0, 10.0}, {0, 2, 160.0, 20.0}});
  TrafficState s = make_traffic_state(m);
  REQUIRE(s.running() == 4);
  CHECK(dpt::sim::traffic::detail::strategic_lane_changes(m, s));
  CHECK(s.lane[static_cast<std::size_t>(slot_of(s, 1))] == kA1);  // the first in slot order
  CHECK(s.lane[static_cast<std::size_t>(slot_of(s, 3))] == kA2);
  // The lane lists were rebuilt: the middle lane holds exactly the one that moved.
  CHECK(s.lane_first[kA1 + 1] - s.lane_first[kA1] == 1);
}

TEST_CASE("lane change: results do not depend on the number of threads", "[traffic][lane_change]") {
  // 900 cars with spread speed factors on a 6 km three-lane road, a third of them turning left
  // (from the left-most lane only): several hundred in the network at once, so that the parallel
  // stages split the vehicles into several chunks (their grain is 256).
  std::vector<Placed> placed;
  for (int k = 0; k < 900; ++k) placed.push_back({static_cast<std::uint32_t>(k % 3 == 0), k % 3, 10.0, 15.0, k % 3 == 1, 0.3 * k});
  Network net = road(6000.0, 30.0, true, 3);
  TrafficModel m = model_of(std::move(net), {treiber_car("fast", 50.0), treiber_car("slower", 22.0)}, placed);
  for (std::size_t k = 0; k < m.vehicles.size(); ++k) m.vehicles[k].speed_factor = 0.8 + 0.4 * static_cast<double>((k * 7) % 11) / 10.0;

  struct Trace {
    std::vector<std::uint32_t> lane;
    std::vector<double> pos, speed;
    std::uint64_t changes = 0, arrivals = 0;
  };
  auto run = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    TrafficState s = make_traffic_state(m);
    std::vector<std::uint32_t> last(m.vehicles.size(), kNone);
    Trace t;
    std::size_t most = 0;
    for (int k = 0; k < 700; ++k) {
      step(m, s);
      most = std::max(most, s.running());
      for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
        const std::uint32_t vi = s.vehicle[i];
        if (s.lane[i] <= kA2 && last[vi] <= kA2 && s.lane[i] != last[vi]) ++t.changes;  // on edge a
        last[vi] = s.lane[i];
      }
    }
    CHECK(most > 300);
    t.lane = s.lane;
    t.pos = s.pos;
    t.speed = s.speed;
    t.arrivals = s.arrivals;
    return t;
  };
  const Trace one = run(1), two = run(2);
  CHECK(one.changes > 50);  // lane changing did happen
  CHECK(one.arrivals > 100);
  CHECK(one.changes == two.changes);
  CHECK(one.arrivals == two.arrivals);
  CHECK(one.lane == two.lane);
  CHECK(one.pos == two.pos);
  CHECK(one.speed == two.speed);
}
