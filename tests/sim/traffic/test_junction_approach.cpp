// How a lone vehicle approaches a junction (step_move.cpp), against SUMO's documented rules
// (sumo.dlr.de/docs/Simulation/Intersections.html "Speed when approaching the intersection"):
// with right of way it drives across without slowing down; without it, it prepares to stop until
// it is within the connection's foe visibility distance (4.5 m) and only then accelerates across,
// so it reaches the junction slowly even when no foe comes. The net is a netgenerate grid of
// priority junctions (skipped with a warning when netgenerate is not installed).
//
// On the same grid, two rules of SUMO's junction model that only show with foes (step_move.cpp):
// the impatience of a vehicle that has stood long at a minor link (--time-to-impatience), and a
// prioritised vehicle stopping at its line for a vehicle crossing its path inside the junction
// (SUMO's link leaders, MSLink::getLeaderInfo).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/rou_xml.h"
#include "dpt/sim/traffic/traffic_step.h"

using namespace dpt::sim::traffic;
namespace fs = std::filesystem;

namespace {

// netgenerate's 3 x 3 grid of priority junctions 200 m apart, one lane per edge, read into memory
// (the file is removed again). Nothing when netgenerate is not installed.
std::optional<Network> grid_net() {
  if (std::system("netgenerate --version > /dev/null 2>&1") != 0) return std::nullopt;
  const fs::path dir = fs::temp_directory_path() / ("dpt_junction_approach_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string net_file = (dir / "grid.net.xml").string();
  const int rc = std::system(("netgenerate --grid --grid.number 3 --grid.length 200 --default-junction-type priority "
                              "--no-turnarounds true -o " + net_file + " > /dev/null 2>&1")
                                 .c_str());
  auto net = read_net_xml(net_file);
  fs::remove_all(dir);
  REQUIRE(rc == 0);
  REQUIRE(net);
  return std::move(*net);
}

// A straight-through connection of junction B1 (the grid's centre) in the given state: its
// from and to edges. Empty when there is none.
std::pair<std::string, std::string> straight_link(const Network& n, LinkState state) {
  const std::uint32_t b1 = n.find_junction("B1");
  for (const Connection& c : n.connections) {
    if (c.junction != b1 || c.link_index == kNone || c.dir != LinkDirection::straight || c.state != state) continue;
    return {n.edges[n.lanes[c.from_lane].edge].id, n.edges[n.lanes[c.to_lane].edge].id};
  }
  return {};
}

// Runs one vehicle alone along `from to`; returns its speed in the first step it is inside B1
// (on an internal lane), and its lowest speed before that (after it has departed at full speed).
std::pair<double, double> entry_speed(const Network& net, const std::string& from, const std::string& to) {
  auto demand = read_rou_xml_string(
      "<routes><vType id=\"idm\" carFollowModel=\"IDM\" accel=\"1.0\" decel=\"1.5\" tau=\"1.5\" minGap=\"2\" "
      "length=\"5\" speedDev=\"0\"/><vehicle id=\"v\" type=\"idm\" depart=\"0\" departSpeed=\"max\"><route edges=\"" +
          from + " " + to + "\"/></vehicle></routes>",
      "lone.rou.xml");
  REQUIRE(demand);
  auto model = build_traffic_model(net, *demand, TrafficOptions{});
  REQUIRE(model);
  const TrafficModel& m = *model;
  TrafficState s = make_traffic_state(m);
  double lowest = 1e9;
  while (!traffic_done(m, s) && s.time_s < 300.0) {
    step(m, s);
    if (s.vehicle.empty()) continue;
    const Lane& lane = m.net.lanes[s.lane[0]];
    if (m.net.edges[lane.edge].function == EdgeFunction::internal) return {s.speed[0], lowest};
    lowest = std::min(lowest, s.speed[0]);
  }
  FAIL("the vehicle never entered the junction");
  return {0.0, 0.0};
}

// An IDM vehicle type as in the tests above (a = 1 m/s^2, b = 1.5 m/s^2, 5 m long, no speed
// deviation), with its own headway and top speed.
std::string idm_type(const std::string& id, double tau, double max_speed) {
  return "<vType id=\"" + id + "\" carFollowModel=\"IDM\" accel=\"1.0\" decel=\"1.5\" tau=\"" + std::to_string(tau) +
         "\" minGap=\"2\" length=\"5\" speedDev=\"0\" maxSpeed=\"" + std::to_string(max_speed) + "\"/>";
}

// The slot of vehicle `id`, or -1 when it is not in the network.
long slot_of(const TrafficModel& m, const TrafficState& s, const std::string& id) {
  for (std::size_t i = 0; i < s.vehicle.size(); ++i)
    if (m.vehicles[s.vehicle[i]].id == id) return static_cast<long>(i);
  return -1;
}

// Junction B1 of the grid, where the minor road A1B1 -> B1C1 (eastbound, link 'm') crosses the
// major road B0B1 -> B1B2 (northbound, link 'M'). The hand-worked numbers below rest on the
// geometry checked here: approach lanes of 185.60 m at 13.89 m/s, straight internal lanes of
// 14.40 m, and the minor link yielding to the major one.
struct Crossing {
  std::uint32_t minor_in = kNone, minor_via = kNone, major_in = kNone, major_via = kNone;
};

Crossing crossing_at_b1(const Network& n) {
  Crossing x;
  x.minor_in = n.find_lane("A1B1_0");
  x.major_in = n.find_lane("B0B1_0");
  REQUIRE(x.minor_in != kNone);
  REQUIRE(x.major_in != kNone);
  const Connection* minor = nullptr;
  const Connection* major = nullptr;
  for (const Connection& c : n.connections) {
    if (c.from_lane == x.minor_in && c.to_lane == n.find_lane("B1C1_0")) minor = &c;
    if (c.from_lane == x.major_in && c.to_lane == n.find_lane("B1B2_0")) major = &c;
  }
  REQUIRE(minor != nullptr);
  REQUIRE(major != nullptr);
  REQUIRE(minor->state == LinkState::minor);
  REQUIRE(major->state == LinkState::major);
  x.minor_via = minor->via_lane;
  x.major_via = major->via_lane;
  REQUIRE(x.minor_via != kNone);
  REQUIRE(x.major_via != kNone);
  for (const std::uint32_t l : {x.minor_in, x.major_in}) {
    REQUIRE(n.lanes[l].length_m == Approx(185.6));
    REQUIRE(n.lanes[l].speed_mps == Approx(13.89));
  }
  for (const std::uint32_t l : {x.minor_via, x.major_via}) REQUIRE(n.lanes[l].length_m == Approx(14.4));
  // The minor link yields to the major one (its row of the response table), and they cross.
  const auto row = n.response(minor->junction, minor->link_index);
  REQUIRE(major->link_index / 64 < row.size());
  REQUIRE(((row[major->link_index / 64] >> (major->link_index % 64)) & 1U) == 1U);
  REQUIRE(n.is_foe(major->junction, major->link_index, minor->link_index));
  return x;
}

// The impatience scenario (see its test case): a minor-road vehicle waits at B1 from t = 8 s
// while a stream of major-road vehicles, one every 8 s, crosses in front of it. Returns the first
// time it is no longer on its approach lane, or -1 when it is still there at `until_s`.
double minor_entry_time(const Network& net, double time_to_impatience_s, double until_s) {
  const Crossing x = crossing_at_b1(net);
  std::string rou = "<routes>" + idm_type("stream", 0.5, 50.0) + idm_type("car", 1.5, 50.0);
  for (int k = 0; k <= 21; ++k) {
    rou += "<vehicle id=\"major" + std::to_string(k) + "\" type=\"stream\" depart=\"" + std::to_string(8 * k) +
           "\" departPos=\"11\" departSpeed=\"max\"><route edges=\"B0B1 B1B2\"/></vehicle>";
    if (k == 1)
      rou += "<vehicle id=\"minor\" type=\"car\" depart=\"8\" departPos=\"185.5\" departSpeed=\"0\">"
             "<route edges=\"A1B1 B1C1\"/></vehicle>";
  }
  rou += "</routes>";
  auto demand = read_rou_xml_string(rou, "impatience.rou.xml");
  REQUIRE(demand);
  TrafficOptions opt;
  opt.time_to_impatience_s = time_to_impatience_s;
  opt.time_to_teleport_s = 0.0;  // the patient vehicle would otherwise be teleported at 300 s
  auto model = build_traffic_model(net, *demand, opt);
  REQUIRE(model);
  const TrafficModel& m = *model;
  TrafficState s = make_traffic_state(m);
  bool seen_waiting = false;
  while (s.time_s < until_s) {
    step(m, s);
    const long i = slot_of(m, s, "minor");
    if (i < 0) continue;
    if (s.lane[static_cast<std::size_t>(i)] != x.minor_in) {
      REQUIRE(seen_waiting);
      return s.time_s;
    }
    seen_waiting = true;
  }
  return -1.0;
}

// The link-leader scenario (see its test cases): a slow vehicle (top speed 0.5 m/s) crosses B1 on
// the minor road from 0 s; a major-road vehicle departs at `major_depart_s` towards the crossing.
struct LinkLeaderRun {
  double slow_left_s = -1.0;          // when the slow vehicle's front left its internal lane
  double major_in_s = -1.0;           // when the major vehicle's front entered the junction
  double major_front_max = 0.0;       // its front on B0B1 while the slow vehicle was on its internal lane
  double overlap_s = -1.0;            // the first time it was past its line with the slow one on its internal lane
  double major_gap_at_left = -1.0;    // its distance to its line when the slow vehicle left (-1: was past it)
  double major_speed_at_left = -1.0;  // and its speed then
};

LinkLeaderRun run_link_leader(const Network& net, double major_depart_s) {
  const Crossing x = crossing_at_b1(net);
  auto demand = read_rou_xml_string("<routes>" + idm_type("slow", 1.5, 0.5) + idm_type("car", 1.5, 50.0) +
                                        "<vehicle id=\"slow\" type=\"slow\" depart=\"0\" departPos=\"185.4\" "
                                        "departSpeed=\"0\"><route edges=\"A1B1 B1C1\"/></vehicle>"
                                        "<vehicle id=\"major\" type=\"car\" depart=\"" + std::to_string(major_depart_s) +
                                        "\" departSpeed=\"max\"><route edges=\"B0B1 B1B2\"/></vehicle></routes>",
                                    "link_leader.rou.xml");
  REQUIRE(demand);
  TrafficOptions opt;
  opt.time_to_teleport_s = 0.0;
  auto model = build_traffic_model(net, *demand, opt);
  REQUIRE(model);
  const TrafficModel& m = *model;
  TrafficState s = make_traffic_state(m);
  LinkLeaderRun r;
  bool slow_was_inside = false;
  while (s.time_s < 60.0 && (r.major_in_s < 0.0 || r.slow_left_s < 0.0)) {
    step(m, s);
    const long a = slot_of(m, s, "slow");
    REQUIRE(a >= 0);
    const bool slow_inside = s.lane[static_cast<std::size_t>(a)] == x.minor_via;
    slow_was_inside = slow_was_inside || slow_inside;
    const bool slow_just_left = slow_was_inside && !slow_inside && r.slow_left_s < 0.0;
    if (slow_just_left) r.slow_left_s = s.time_s;
    const long b = slot_of(m, s, "major");
    if (b < 0) continue;
    const std::size_t j = static_cast<std::size_t>(b);
    if (slow_just_left && s.lane[j] == x.major_in) {
      r.major_gap_at_left = net.lanes[x.major_in].length_m - s.pos[j];
      r.major_speed_at_left = s.speed[j];
    }
    if (s.lane[j] != x.major_in) {
      if (r.major_in_s < 0.0) {
        CHECK(s.lane[j] == x.major_via);
        r.major_in_s = s.time_s;
      }
      if (slow_inside && r.overlap_s < 0.0) r.overlap_s = s.time_s;
    } else if (slow_inside) {
      r.major_front_max = std::max(r.major_front_max, s.pos[j]);
    }
  }
  return r;
}

// The slow vehicle of the link-leader scenario (run_link_leader), hand-worked: it starts 0.2 m
// before its minor line with nothing in sight and goes; at 1 s it is about 0.3 m into its 14.40 m
// internal lane, which at (nearly) 0.5 m/s it leaves once 0.3 + 0.5 k >= 14.4, k = 29: at 30 s.
// The major vehicle departs at 5 m on B0B1, 180.6 m before its line (link 'M': open), at
// 13.89 m/s. Its look-ahead reaches the link within max(100, 10 v) = 138.9 m, 4 steps after it
// departs (125.04 m from the line). The slow vehicle is then on the first internal lane of a link
// crossing its own, and it can stop comfortably (v^2 / (2 b) = 64.3 m <= 124.04 m): it brakes for
// a stop 1 m before its line (SUMO's offset on a prioritised link). Without that rule it would keep
// 13.89 m/s and be inside the junction (13.86 m in) 14 steps after departing.
// Once the slow vehicle has left, nothing holds the major vehicle: from speed v, D metres before
// the line, it gains a dt per step (the IDM's free acceleration a (1 - (v / v0)^4) is within 1 % of
// a below 4.4 m/s), so it covers k v dt + a dt^2 k (k + 1) / 2 in k steps and is inside after the
// first k for which that reaches D (one step of tolerance for the IDM's substeps).
int steps_to_cross(double d, double v) {
  const double a = 1.0, dt = 1.0;
  int k = 0;
  while (k * v * dt + a * dt * dt * k * (k + 1) / 2.0 < d) ++k;
  return k;
}

}  // namespace

TEST_CASE("junction approach: right of way drives on, a minor link is approached ready to stop", "[traffic][step][junction]") {
  const auto net = grid_net();
  if (!net) {
    WARN("netgenerate is not installed: the junction approach test is skipped");
    return;
  }
  const auto major = straight_link(*net, LinkState::major);
  const auto minor = straight_link(*net, LinkState::minor);
  REQUIRE(!major.first.empty());
  REQUIRE(!minor.first.empty());
  const double limit = net->edges[net->find_edge(major.first)].speed_mps;  // 13.89 m/s (netgenerate's default)

  // Major: no reason to slow down; it enters at the speed limit.
  const auto [v_major, low_major] = entry_speed(*net, major.first, major.second);
  CHECK(v_major == Approx(limit).margin(0.05));
  CHECK(low_major == Approx(limit).margin(0.05));

  // Minor: it prepares to stop until it is within d = 4.5 m of the line. The highest speed from
  // which it can still stop within d at b = 1.5 m/s^2 with SUMO's Euler update (a step at that
  // speed, then braking: v dt + v^2 / (2 b) = d) is v_d = -b dt / 2 + sqrt((b dt / 2)^2 + 2 b d)
  // = 3.0 m/s: its lowest speed is at most that, but above the waiting speed (no foe comes, it
  // never halts). SUMO 1.15 on the same grid and route (sumo --fcd-output): lowest 1.76 m/s,
  // entering the junction at 3.76 m/s.
  const double b = 1.5, d = 4.5, dt = 1.0;
  const double v_d = -0.5 * b * dt + std::sqrt(0.25 * b * b * dt * dt + 2.0 * b * d);
  REQUIRE(v_d == Approx(3.0));
  const auto [v_minor, low_minor] = entry_speed(*net, minor.first, minor.second);
  CHECK(low_minor <= v_d);
  CHECK(low_minor > 0.1);
  CHECK(v_minor == Approx(3.76).margin(0.6));
}

TEST_CASE("junction approach: a vehicle that has waited long at a minor link takes a gap a foe could brake for",
          "[traffic][step][junction]") {
  const auto net = grid_net();
  if (!net) {
    WARN("netgenerate is not installed: the impatience test is skipped");
    return;
  }
  // Hand-worked (step_move.cpp; SUMO's MSLink::blockedByFoe with arrivalTimeBraking):
  //
  // The minor vehicle (a = 1 m/s^2, 5 m long) stands 0.1 m before its line. Were it to go at t,
  // it would reach the line at v_arr = sqrt(2 a 0.1) = 0.447 m/s at t + 0.447 s, and cross the
  // 14.40 m internal lane plus its own length at the mean of v_arr and v_leave =
  // sqrt(v_arr^2 + 2 a 14.4) = 5.385 m/s: (14.4 + 5) / 2.916 = 6.653 s. It leaves at t + 7.100 s,
  // so every foe must arrive after t + 8.100 s (junction time gap 1 s).
  //
  // Major vehicle k departs at 8k s at 11 m on B0B1 (174.6 m before the line) at 13.89 m/s and
  // keeps that speed (tau = 0.5 s: at 111 m spacing the IDM's interaction term (s*/s)^2, with
  // s* = s0 + v tau = 8.9 m, is under 1 %). After j steps it is 11 + 13.89 j m along:
  //  - j = 13: 5.97 m into the junction; it occupies it until t + (14.4 - 5.97 + 5) / 13.89 =
  //    t + 0.967 s, after the minor vehicle's arrival (t + 0.447 s): blocked;
  //  - j = 14 (state time 8k + 14): 19.86 m past the line, out of the junction. Vehicle k + 1
  //    (j = 6) is the nearest foe, d = 185.6 - (11 + 6 * 13.89) = 91.26 m away: it arrives after
  //    t_a = d / v = 6.570 s < 8.100 s, which blocks a patient vehicle (the stream never leaves a
  //    gap: a 0-impatience vehicle waits for good). But braking at b = 1.5 m/s^2 it would stop
  //    within v^2 / (2 b) = 64.31 m < d, so braking it would reach the line only after
  //    t_b = d / (v / 2) = 13.140 s. Impatient by imp, the minor vehicle counts
  //    (1 - imp) t_a + imp t_b = 6.570 (1 + imp), which exceeds 8.100 once imp > 0.2329, i.e.
  //    after 0.2329 * 180 = 41.9 s of standing;
  //  - every other step the junction is occupied or the nearest foe is at most 91.26 - 13.89 =
  //    77.37 m away: 5.570 (1 + imp) > 8.100 would need imp > 0.454 (81.8 s of standing).
  // The minor vehicle arrives at 8 s and stands from then on: imp = (t - 8) / 180. Gaps come at
  // t = 46 (38 s standing, imp = 0.211: it waits) and t = 54 (46 s, imp = 0.256: it goes). In the
  // step from 54 s it reaches a dt = 1 m/s and covers 1 m > 0.1 m: at 55 s it is in the junction.
  // The 49.9 s threshold lies 4 s (0.022 of impatience, 1.6 m of a foe's position) from both
  // gaps, so rounding cannot move the entry to another gap; the tolerance of one step covers where
  // exactly it stands before the line.
  SECTION("without impatience it waits as long as the stream lasts") {
    CHECK(minor_entry_time(*net, 0.0, 150.0) < 0.0);
  }
  SECTION("with SUMO's default time to impatience (180 s) it goes at the first gap after 41.9 s") {
    REQUIRE(TrafficOptions{}.time_to_impatience_s == 180.0);
    CHECK(minor_entry_time(*net, 180.0, 150.0) == Approx(55.0).margin(1.0));
  }
}


TEST_CASE("junction approach: a prioritised vehicle holds back for a vehicle crossing inside the junction",
          "[traffic][step][junction]") {
  const auto net = grid_net();
  if (!net) {
    WARN("netgenerate is not installed: the link leader test is skipped");
    return;
  }
  // The major vehicle departs at 10 s: unimpeded it would be inside at 24 s, when the slow vehicle
  // is about 11.5 m along its lane. It brakes from 14 s for the stop 124.04 m ahead; it is still
  // short of it when the slow vehicle leaves at 30 s (even a constant deceleration to a stop over
  // those 124.04 m would take 2 * 124.04 / 13.89 = 17.9 s, to 31.9 s; the IDM eases off near the
  // stop and is slower still), and goes on from there.
  const LinkLeaderRun r = run_link_leader(*net, 10.0);
  CHECK(r.slow_left_s == Approx(30.0).margin(1.0));
  CHECK(r.overlap_s < 0.0);
  CHECK(r.major_front_max <= 185.6 - 1.0);
  REQUIRE(r.major_in_s > r.slow_left_s);
  REQUIRE(r.major_gap_at_left >= 1.0);
  CHECK(r.major_in_s - r.slow_left_s == Approx(steps_to_cross(r.major_gap_at_left, r.major_speed_at_left)).margin(1.0));
}

// The same scenario with the major vehicle departing at 1 s: it reaches its stop 1 m before the
// line at about 27 s, while the slow vehicle is still on its internal lane until 30 s, and waits
// there. (It once did not: the move clamps its last advance to the stop point less 1 mm, which
// leaves it at ~0.2 m/s with 1 mm to go, and a stop counted "not comfortable" by v^2 / (2 b) =
// 0.014 m > 0.001 m was dropped; under the Euler update it stops within one step - SUMO's
// brakeGap is 0 below b dt - and it is a metre before the line. It entered at 28 s and reached
// the slow vehicle's path at 30 s, while that one's rear was still across it. SUMO 1.15 on the
// same grid and routes lets the major vehicle into the junction up to the crossing point, where
// it waits until the slow vehicle has cleared it, 0.0 m/s from 26 s to 32 s.)
TEST_CASE("junction approach: a prioritised vehicle that has reached its line waits there for a vehicle crossing inside",
          "[traffic][step][junction]") {
  const auto net = grid_net();
  if (!net) {
    WARN("netgenerate is not installed: skipped");
    return;
  }
  const LinkLeaderRun r = run_link_leader(*net, 1.0);
  CHECK(r.slow_left_s == Approx(30.0).margin(1.0));
  CHECK(r.overlap_s < 0.0);
  CHECK(r.major_front_max <= 185.6 - 1.0);
  REQUIRE(r.major_in_s > r.slow_left_s);
  REQUIRE(r.major_gap_at_left >= 1.0);
  CHECK(r.major_in_s - r.slow_left_s == Approx(steps_to_cross(r.major_gap_at_left, r.major_speed_at_left)).margin(1.0));
}
