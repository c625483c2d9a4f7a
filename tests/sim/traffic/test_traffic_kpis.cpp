// Traffic KPIs (dpt/sim/traffic/traffic_kpis.h) on a case worked by hand: one car at a constant
// speed along one edge of the three-junction test net.
#include <catch2/catch.hpp>

#include <cmath>

#include "dpt/sim/traffic/net_xml.h"
#include "dpt/sim/traffic/rou_xml.h"
#include "dpt/sim/traffic/traffic_kpis.h"
#include "dpt/sim/traffic/traffic_step.h"

using namespace dpt::sim::traffic;

TEST_CASE("traffic KPIs: Edie's flow, density and speed of one car at constant speed", "[traffic][kpi]") {
  auto net = read_net_xml(std::string(DPT_SOURCE_DIR) + "/tests/sim/traffic/data/three_junctions.net.xml");
  REQUIRE(net);
  // A car at the lane's limit from the start (departSpeed max, no speed deviation) on the
  // one-lane edge EC (95.5 m, 22.22 m/s): IDM keeps it there on a free road, so it covers 22.22 m
  // every 1 s step.
  auto demand = read_rou_xml_string(R"(<routes>
      <vType id="car" carFollowModel="IDM" speedDev="0" length="5" maxSpeed="50"/>
      <vehicle id="a" type="car" depart="0" departSpeed="max"><route edges="EC"/></vehicle>
    </routes>)", "kpi.rou.xml");
  REQUIRE(demand);
  auto model = build_traffic_model(std::move(*net), *demand, TrafficOptions{});
  REQUIRE(model);
  const TrafficModel& m = *model;
  TrafficState s = make_traffic_state(m);
  REQUIRE(s.running() == 1);
  TrafficKpis kpis(m, 60.0);
  while (!traffic_done(m, s)) {
    step(m, s);
    kpis.observe(m, s);
  }
  kpis.finish(m, s);
  // Inserted with its front at 5 m (its rear at the lane's start); arrives when the front passes
  // 95.5 m: after ceil(90.5 / 22.22) = 5 steps. After steps 1..4 it is on the edge at 22.22 m/s:
  // 4 s spent and 4 x 22.22 m driven (the KPIs sample the state after each step).
  CHECK(s.time_s == Approx(5.0));
  REQUIRE(kpis.edges().size() == 1);
  const EdgeKpi& e = kpis.edges()[0];
  CHECK(m.net.edges[e.edge].id == "EC");
  CHECK(e.begin_s == 0.0);
  CHECK(e.end_s == Approx(5.0));
  const double area = 95.5 * 5.0;  // metres x seconds of the window
  CHECK(e.vehicle_s == Approx(4.0));
  CHECK(e.flow_veh_h_lane == Approx(4.0 * 22.22 / area * 3600.0));  // EC has 1 lane
  CHECK(e.density_veh_km_lane == Approx(4.0 / area * 1000.0));
  CHECK(e.speed_mps == Approx(22.22));
  CHECK(e.queue_m == 0.0);
  // Network series: one row, one arrival after 5 s, no delay at the desired speed.
  const auto& t = kpis.network();
  REQUIRE(t.rows() == 1);
  auto col = [&](const char* name) {
    for (std::size_t c = 0; c < t.columns().size(); ++c)
      if (t.columns()[c].name == name) return t.at(0, c);
    FAIL(name);
    return 0.0;
  };
  CHECK(col("traffic.arrived") == 1.0);
  CHECK(col("traffic.mean_travel_time") == Approx(5.0));
  CHECK(col("traffic.mean_delay") == Approx(0.0).margin(1e-9));
  CHECK(col("traffic.mean_speed") == Approx(22.22));
  CHECK(col("traffic.running") == Approx(4.0 / 5.0));  // in the network after 4 of the 5 steps
}
