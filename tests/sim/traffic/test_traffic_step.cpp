// The traffic step (dpt/sim/traffic/traffic_step.h) on cases worked by hand: a red light holds a
// car at the stop line until green; a U-turn yields to the oncoming stream; a full lane delays
// insertion; and a grid run is the same on one thread and on two.
#include <catch2/catch.hpp>

#include <tbb/global_control.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/rou_xml.h"
#include "dpt/sim/traffic/traffic_step.h"

using namespace dpt::sim::traffic;
namespace fs = std::filesystem;

namespace {

TrafficModel model_of(const std::string& net_file, const std::string& routes_xml) {
  auto net = read_net_xml(net_file);
  REQUIRE(net);
  auto demand = read_rou_xml_string(routes_xml, "test.rou.xml");
  REQUIRE(demand);
  auto model = build_traffic_model(std::move(*net), *demand, TrafficOptions{});
  REQUIRE(model);
  return std::move(*model);
}

std::string fixture() { return std::string(DPT_SOURCE_DIR) + "/tests/sim/traffic/data/three_junctions.net.xml"; }

// The slot of model vehicle `id`, or -1 when it is not in the network.
int slot_of(const TrafficModel& m, const TrafficState& s, const std::string& id) {
  for (std::size_t i = 0; i < s.vehicle.size(); ++i)
    if (m.vehicles[s.vehicle[i]].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST_CASE("traffic step: a vehicle held 300 s at its link is moved across the junction", "[traffic][step]") {
  // The light at C made red for good: a car that reaches its line stands there. SUMO's jam
  // teleport (time-to-teleport 300 s) moves it onto CE once it has stood 300 s; CE is empty, so it
  // lands at rest with its rear at CE's start and drives on to arrive. With the teleport off it
  // is still standing at t = 900.
  auto run = [](double time_to_teleport, double until, double& stood_from, double& moved_at, std::uint64_t& teleports) {
    auto net = read_net_xml(fixture());
    REQUIRE(net);
    REQUIRE(net->signals.size() == 1);
    SignalProgram& p = net->signals[0];
    const std::string red(p.phases[0].state.size(), 'r');
    p.phases = {SignalPhase{}};
    p.phases[0].duration_s = 10000.0;
    p.phases[0].state = red;
    auto demand = read_rou_xml_string(R"(<routes>
        <vType id="car" carFollowModel="IDM" speedDev="0" length="5"/>
        <vehicle id="a" type="car" depart="0" departSpeed="max"><route edges="WC CE"/></vehicle>
      </routes>)", "test.rou.xml");
    REQUIRE(demand);
    TrafficOptions o;
    o.time_to_teleport_s = time_to_teleport;
    auto m = build_traffic_model(std::move(*net), *demand, o);
    REQUIRE(m);
    TrafficState s = make_traffic_state(*m);
    const std::uint32_t wc = m->net.find_edge("WC");
    stood_from = moved_at = -1.0;
    while (!traffic_done(*m, s) && s.time_s < until) {
      step(*m, s);
      const int i = slot_of(*m, s, "a");
      if (i < 0) continue;
      const auto k = static_cast<std::size_t>(i);
      const bool on_wc = m->net.lanes[s.lane[k]].edge == wc;
      if (on_wc && s.speed[k] >= 0.1) stood_from = s.time_s;  // standing (below 0.1 m/s) begins after this step
      if (moved_at < 0.0 && !on_wc) moved_at = s.time_s;
    }
    teleports = s.teleports;
    return traffic_done(*m, s);
  };
  double stood = 0.0, moved = 0.0;
  std::uint64_t n = 0;
  REQUIRE(run(300.0, 900.0, stood, moved, n));
  CHECK(n == 1);
  REQUIRE(stood > 0.0);
  // Moved at the end of the step in which its standing time reached 300 s.
  CHECK(moved - stood == Approx(300.0));
  CHECK_FALSE(run(0.0, 900.0, stood, moved, n));
  CHECK(n == 0);
  CHECK(moved < 0.0);
  CHECK(stood < 100.0);  // it reached its line early and stood from then on
}

TEST_CASE("traffic step: a red light holds a car at the stop line until green", "[traffic][step]") {
  // The light at C (offset 5 s; green 30 s, yellow 3 s, red 20 s: a 53 s cycle) is red from
  // t = 38 to 58. A car leaving WC's start at t = 40 at 13.89 m/s reaches the line (95.5 m) at
  // about t = 46.5: it must stop there and cross only once the light is green again at t = 58.
  const TrafficModel m = model_of(fixture(), R"(<routes>
      <vType id="car" carFollowModel="IDM" speedDev="0" length="5"/>
      <vehicle id="a" type="car" depart="40" departSpeed="max"><route edges="WC CE"/></vehicle>
    </routes>)");
  TrafficState s = make_traffic_state(m);
  const std::uint32_t wc = m.net.find_edge("WC");
  bool inserted = false;
  double crossed_at = -1.0;
  while (!traffic_done(m, s) && s.time_s < 200.0) {
    step(m, s);
    const int i = slot_of(m, s, "a");
    if (i < 0) continue;
    inserted = true;
    if (m.net.lanes[s.lane[static_cast<std::size_t>(i)]].edge == wc) {  // either lane of WC
      CHECK(s.pos[static_cast<std::size_t>(i)] < 95.5);  // never past the line on WC
    } else if (crossed_at < 0.0) {
      crossed_at = s.time_s;
    }
  }
  REQUIRE(inserted);
  REQUIRE(traffic_done(m, s));
  // SUMO switches the lights before moving the vehicles: the step ending at t = 58, when the
  // light is green again, is the first in which the car may cross.
  CHECK(crossed_at >= 58.0);
  CHECK(crossed_at <= 61.0);
}

TEST_CASE("traffic step: a U-turn yields to the oncoming stream", "[traffic][step]") {
  // At C the U-turn WC_0 -> CW_0 (link 2) yields to EC_0 -> CW_0 (link 0) by the request table
  // (response of link 2 = link 0). Both cars reach C on green at about the same time: the
  // U-turner must let the oncoming car through first.
  const TrafficModel m = model_of(fixture(), R"(<routes>
      <vType id="car" carFollowModel="IDM" speedDev="0" length="5"/>
      <vehicle id="oncoming" type="car" depart="6" departSpeed="max"><route edges="EC CW"/></vehicle>
      <vehicle id="uturn" type="car" depart="6" departSpeed="max"><route edges="WC CW"/></vehicle>
    </routes>)");
  TrafficState s = make_traffic_state(m);
  const std::uint32_t cw0 = m.net.find_lane("CW_0");
  const std::uint32_t uturn_lane = m.net.find_lane(":C_2_0");
  double oncoming_out = -1.0, uturn_in = -1.0;
  while (!traffic_done(m, s) && s.time_s < 200.0) {
    step(m, s);
    const int a = slot_of(m, s, "oncoming"), b = slot_of(m, s, "uturn");
    if (a >= 0 && oncoming_out < 0.0 && s.lane[static_cast<std::size_t>(a)] == cw0) oncoming_out = s.time_s;
    if (b >= 0 && uturn_in < 0.0 && s.lane[static_cast<std::size_t>(b)] == uturn_lane) uturn_in = s.time_s;
  }
  REQUIRE(traffic_done(m, s));
  REQUIRE(oncoming_out > 0.0);
  REQUIRE(uturn_in > 0.0);
  CHECK(uturn_in >= oncoming_out);
}

TEST_CASE("traffic step: a full lane delays insertion, in order", "[traffic][step]") {
  // Five cars all due at t = 0 on one lane: one fits at the lane's start; each of the others
  // enters once the one before has moved on by its length and minimum gap (5 + 2.5 m).
  const TrafficModel m = model_of(fixture(), R"(<routes>
      <vType id="car" carFollowModel="IDM" speedDev="0" length="5" minGap="2.5"/>
      <vehicle id="v0" type="car" depart="0"><route edges="EC"/></vehicle>
      <vehicle id="v1" type="car" depart="0"><route edges="EC"/></vehicle>
      <vehicle id="v2" type="car" depart="0"><route edges="EC"/></vehicle>
      <vehicle id="v3" type="car" depart="0"><route edges="EC"/></vehicle>
      <vehicle id="v4" type="car" depart="0"><route edges="EC"/></vehicle>
    </routes>)");
  TrafficState s = make_traffic_state(m);
  CHECK(s.running() == 1);
  CHECK(s.waiting_insert.size() == 4);
  std::vector<double> departs(5, -1.0);
  std::vector<std::string> arrival_order;
  while (!traffic_done(m, s) && s.time_s < 300.0) {
    for (std::size_t i = 0; i < s.vehicle.size(); ++i) departs[s.vehicle[i]] = s.depart_s[i];
    step(m, s);
    for (const Arrival& a : s.arrived) arrival_order.push_back(m.vehicles[a.vehicle].id);
  }
  REQUIRE(traffic_done(m, s));
  CHECK(departs[0] == 0.0);
  for (int k = 1; k < 5; ++k) CHECK(departs[static_cast<std::size_t>(k)] > departs[static_cast<std::size_t>(k - 1)]);
  CHECK(arrival_order == std::vector<std::string>{"v0", "v1", "v2", "v3", "v4"});
}

TEST_CASE("traffic step: a grid run is the same on one thread and on two", "[traffic][step]") {
  if (std::system("command -v netgenerate > /dev/null 2>&1") != 0) {
    WARN("netgenerate not installed: skipping (tools/setup installs sumo)");
    return;
  }
  const fs::path dir = fs::temp_directory_path() / ("dpt_test_traffic_step_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path net = dir / "grid.net.xml";
  const std::string cmd = "netgenerate --grid --grid.number 6 --grid.length 150 --default-junction-type traffic_light -o '" +
                          net.string() + "' > /dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  // 1,200 trips between edges of the grid's outer ring and interior (ids from the file), one
  // every second: enough vehicles for the parallel stages to split the work.
  auto parsed = read_net_xml(net);
  REQUIRE(parsed);
  std::vector<std::string> edges;
  for (const Edge& e : parsed->edges)
    if (e.function == EdgeFunction::normal) edges.push_back(e.id);
  std::ostringstream xml;
  xml << "<routes><vType id=\"car\" carFollowModel=\"IDM\" speedDev=\"0.1\"/>\n";
  for (int k = 0; k < 1200; ++k) {
    const std::string& from = edges[static_cast<std::size_t>(k * 7 % static_cast<int>(edges.size()))];
    const std::string& to = edges[static_cast<std::size_t>((k * 13 + 5) % static_cast<int>(edges.size()))];
    if (from == to) continue;
    xml << "<trip id=\"t" << k << "\" type=\"car\" depart=\"" << k * 0.5 << "\" from=\"" << from << "\" to=\"" << to << "\"/>\n";
  }
  xml << "</routes>";
  auto run = [&](std::size_t threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const TrafficModel m = model_of(net.string(), xml.str());
    TrafficState s = make_traffic_state(m);
    std::vector<std::pair<std::uint32_t, double>> arrivals;
    std::vector<double> snapshot;
    while (!traffic_done(m, s) && s.time_s < 3600.0) {
      step(m, s);
      for (const Arrival& a : s.arrived) arrivals.emplace_back(a.vehicle, a.arrival_s + a.time_loss_s * 1e-3);
      if (s.step == 300)
        for (std::size_t i = 0; i < s.vehicle.size(); ++i) snapshot.push_back(s.pos[i] + 1e3 * s.speed[i] + 1e6 * s.lane[i]);
    }
    return std::make_tuple(arrivals, snapshot, s.vehicle_updates, traffic_done(m, s));
  };
  const auto one = run(1);
  const auto two = run(2);
  fs::remove_all(dir);
  CHECK(std::get<3>(one));  // everybody arrived within the hour
  CHECK(std::get<0>(one).size() > 1000);
  CHECK(std::get<1>(one).size() > 50);  // vehicles in the network at step 300
  CHECK(std::get<0>(two) == std::get<0>(one));
  CHECK(std::get<1>(two) == std::get<1>(one));
  CHECK(std::get<2>(two) == std::get<2>(one));
}
