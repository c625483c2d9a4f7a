// How a lone vehicle approaches a junction (step_move.cpp), against SUMO's documented rules
// (sumo.dlr.de/docs/Simulation/Intersections.html "Speed when approaching the intersection"):
// with right of way it drives across without slowing down; without it, it prepares to stop until
// it is within the connection's foe visibility distance (4.5 m) and only then accelerates across,
// so it reaches the junction slowly even when no foe comes. The net is a netgenerate grid of
// priority junctions (skipped with a warning when netgenerate is not installed).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/rou_xml.h"
#include "dpt/sim/traffic/traffic_step.h"

using namespace dpt::sim::traffic;
namespace fs = std::filesystem;

namespace {

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

}  // namespace

TEST_CASE("junction approach: right of way drives on, a minor link is approached ready to stop", "[traffic][step][junction]") {
  if (std::system("netgenerate --version > /dev/null 2>&1") != 0) {
    WARN("netgenerate is not installed: the junction approach test is skipped");
    return;
  }
  const fs::path dir = fs::temp_directory_path() / ("dpt_junction_approach_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string net_file = (dir / "grid.net.xml").string();
  REQUIRE(std::system(("netgenerate --grid --grid.number 3 --grid.length 200 --default-junction-type priority "
                       "--no-turnarounds true -o " + net_file + " > /dev/null 2>&1")
                          .c_str()) == 0);
  auto net = read_net_xml(net_file);
  REQUIRE(net);
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
  fs::remove_all(dir);
}
