// Signal programs (traffic_step.h: advance_signals, record_detections): fixed-time phases by the
// cycle, and SUMO's gap-based actuation worked by hand on the three-junction fixture, whose light
// at C is made actuated here (phase 0 "GGgG" with minDur 5 s and maxDur 50 s, then "yyyy" 3 s and
// "rrrr" 20 s).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/rou_xml.h"
#include "dpt/sim/traffic/traffic_measures.h"
#include "dpt/sim/traffic/traffic_step.h"

using namespace dpt::sim::traffic;

namespace {

TrafficModel actuated_model(const std::string& routes_xml) {
  auto net = read_net_xml(std::string(DPT_SOURCE_DIR) + "/tests/sim/traffic/data/three_junctions.net.xml");
  REQUIRE(net);
  REQUIRE(net->signals.size() == 1);
  SignalProgram& p = net->signals[0];
  p.type = SignalType::actuated;
  p.offset_s = 0.0;
  p.phases[0].min_dur_s = 5.0;
  p.phases[0].max_dur_s = 50.0;
  p.phases[2].min_dur_s = -1.0;  // "rrrr": a fixed 20 s
  p.phases[2].max_dur_s = -1.0;
  auto demand = read_rou_xml_string(routes_xml, "test.rou.xml");
  REQUIRE(demand);
  auto model = build_traffic_model(std::move(*net), *demand, TrafficOptions{});
  REQUIRE(model);
  return std::move(*model);
}

// The phase of the light at each whole second from 1 to `until` (index t - 1).
std::vector<std::uint32_t> phases(const TrafficModel& m, double until) {
  TrafficState s = make_traffic_state(m);
  std::vector<std::uint32_t> out;
  while (s.time_s < until) {
    step(m, s);
    out.push_back(s.signal_phase[0]);
  }
  return out;
}

// The lengths of the runs of phase `k` that start and end within the record.
std::vector<int> run_lengths(const std::vector<std::uint32_t>& ph, std::uint32_t k) {
  std::vector<int> runs;
  int len = 0;
  bool started = false;
  for (std::size_t i = 0; i < ph.size(); ++i) {
    if (ph[i] == k) {
      ++len;
    } else {
      if (started && len > 0) runs.push_back(len);
      len = 0;
      started = true;
    }
  }
  return runs;
}

}  // namespace

TEST_CASE("signals: the loops of an actuated light are placed as SUMO places them", "[traffic][signals]") {
  const TrafficModel m = actuated_model("<routes/>");
  // WC_0 (13.89 m/s, 95.5 m): min(2 s x 13.89 m/s, (5 s / 1.9 s + 0.5) x 7.5 m) = min(27.78, 23.49).
  const std::uint32_t wc0 = m.net.find_lane("WC_0"), wc1 = m.net.find_lane("WC_1");
  CHECK(m.detector_pos[wc0] == Approx(95.5 - (5.0 / 1.9 + 0.5) * 7.5));
  CHECK(m.detector_pos[wc1] == Approx(95.5 - (5.0 / 1.9 + 0.5) * 7.5));
  CHECK(m.detector_pos[m.net.find_lane("CE_0")] < 0.0);  // leaves the junction: no loop
  CHECK(m.has_actuated);
}

TEST_CASE("signals: with no traffic an actuated green ends at its minDur", "[traffic][signals]") {
  const TrafficModel m = actuated_model("<routes/>");
  const auto ph = phases(m, 200.0);
  // From t = 0: green 5 s, yellow 3 s, red 20 s, green again at t = 28.
  REQUIRE(ph.size() == 200);
  // ph[i] is the phase in force from t = i + 1 (SUMO's lights switch at the start of a step).
  CHECK(ph[3] == 0);  // t = 4
  CHECK(ph[4] == 1);  // t = 5: yellow
  CHECK(ph[7] == 2);  // t = 8: red
  CHECK(ph[27] == 0);  // t = 28: green again
  for (int len : run_lengths(ph, 0)) CHECK(len == 5);
  for (int len : run_lengths(ph, 2)) CHECK(len == 20);
}

TEST_CASE("signals: one car through its loop prolongs an actuated green by the max gap", "[traffic][signals]") {
  // Green from t = 28 decides first at t = 33 (minDur 5 s). A 5 m truck (WC_1 disallows trucks, so
  // it keeps to WC_0) inserted at t = 27 with its front at 5 m (departPos base) at 13.89 m/s (the
  // lane's limit: the IDM keeps it) has its rear at 13.89 (t - 27) m; the loop stands at
  // 95.5 - 23.49 = 72.01 m.
  //  - After the move to t = 32 the car is over the loop (front 74.45 m, rear 69.45 m): SUMO's loop
  //    reports a gap of 0, so the decision at 33 extends by the detector gap, 2 s.
  //  - In the move to t = 33 the rear passes the loop 0.1843 of the way through the step: SUMO
  //    stamps the leave time as the step's time plus that part, 33.1843.
  //  - At t = 35 the gap is 1.8157 s < 3 s: extend by 2 - 1.8157 s, to the next whole second, 36;
  //    at 36 the gap is 2.8157 s: extend by 1 s; at 37 it is 3.8157 s >= 3 s: yellow from t = 37.
  const TrafficModel m = actuated_model(R"(<routes>
      <vType id="car" vClass="truck" carFollowModel="IDM" speedDev="0" length="5"/>
      <vehicle id="a" type="car" depart="27" departSpeed="max" departLane="0"><route edges="WC CE"/></vehicle>
    </routes>)");
  TrafficState s = make_traffic_state(m);
  const std::uint32_t wc0 = m.net.find_lane("WC_0"), wc1 = m.net.find_lane("WC_1");
  const double loop = 95.5 - (5.0 / 1.9 + 0.5) * 7.5;
  double green_end = -1.0, stamp_at_32 = -1.0;
  while (s.time_s < 100.0 && green_end < 0.0) {
    const std::uint32_t before = s.signal_phase[0];
    step(m, s);
    if (s.time_s > 31.5 && s.time_s < 32.5) stamp_at_32 = std::max(s.lane_detected_s[wc0], s.lane_detected_s[wc1]);
    if (s.time_s > 28.5 && before == 0 && s.signal_phase[0] == 1) green_end = s.time_s;
  }
  const double left = std::max(s.lane_detected_s[wc0], s.lane_detected_s[wc1]);
  INFO("green ended at " << green_end << ", car left the loop at " << left);
  CHECK(stamp_at_32 == Approx(33.0));  // over the loop: gap 0 at the next decision
  CHECK(left == Approx(33.0 + (loop - 13.89 * 5.0) / 13.89).margin(1e-6));
  CHECK(green_end == Approx(37.0));
}

TEST_CASE("signals: a car standing on a loop holds an actuated green to its maxDur", "[traffic][signals]") {
  // An obstruction 75 m along both lanes of WC (traffic_measures.h) stops a car with its body over
  // the loops (72.0 m): the loop detects it all the time, so every green after the first (which
  // ends at minDur, before the car arrives) runs to maxDur, 50 s.
  const TrafficModel m = actuated_model(R"(<routes>
      <vType id="car" carFollowModel="IDM" speedDev="0" length="5"/>
      <vehicle id="a" type="car" depart="0" departSpeed="max" departLane="0"><route edges="WC CE"/></vehicle>
    </routes>)");
  TrafficState s = make_traffic_state(m);
  TrafficCommand c;
  c.verb = CommandVerb::accident;
  c.edge = m.net.find_edge("WC");
  c.pos_m = 75.0;
  apply_traffic_command(m, s, c);
  std::vector<std::uint32_t> ph;
  while (s.time_s < 300.0) {
    step(m, s);
    ph.push_back(s.signal_phase[0]);
  }
  const auto greens = run_lengths(ph, 0);
  REQUIRE(greens.size() >= 3);
  for (int g : greens) CHECK(g == 50);
}
