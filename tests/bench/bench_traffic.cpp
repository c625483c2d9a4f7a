// Throughput of the traffic step (issue 6) on the district's own roads: vehicle updates per second
// with thousands of vehicles in the network, and the cost of rerouting all of them at once (what a
// road closure or the periodic rerouting costs). build/default/tests/bench/bench_traffic
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <cstdio>
#include <memory>

#include "dpt/sim/traffic/district_network.h"
#include "dpt/sim/traffic/traffic_reroute.h"
#include "dpt/sim/traffic/traffic_step.h"
#include "dpt/world/district_io.h"

using namespace dpt;
using namespace dpt::sim::traffic;

namespace {

// `trips` trips between links picked by a fixed linear congruential sequence, departing evenly over
// the first 15 minutes, on the district's roads with signals at major crossings.
std::unique_ptr<TrafficModel> district_model(int trips) {
  world::LoadOptions lo;
  lo.terrain = false;
  const auto district = world::load_district(DPT_SOURCE_DIR "/assets/dapeng", lo);
  if (!district) return nullptr;
  DistrictNetworkOptions o;
  o.traffic_lights = true;
  auto net = network_from_roads(district->roads, o);
  if (!net) return nullptr;
  const auto links = static_cast<std::uint32_t>(district->roads.links().size());
  Demand d = make_empty_demand();
  std::uint64_t x = 12345;
  const auto next = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>((x >> 33) % links);
  };
  for (int i = 0; i < trips; ++i) {
    TripDef t;
    t.id = "t" + std::to_string(i);
    t.depart = Duration::seconds(900LL * i / trips);
    t.from = district_edge_id(next());
    t.to = district_edge_id(next());
    d.trips.push_back(t);
  }
  auto m = build_traffic_model(std::move(*net), d, TrafficOptions{});
  if (!m) return nullptr;
  return std::make_unique<TrafficModel>(std::move(*m));
}

// Steps from t = 900 s (every trip departed), state copied from a warmed-up one each round of
// 60 steps so that the load stays the same.
void BM_TrafficStepDistrict(benchmark::State& st) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(st.range(1)));
  static std::unique_ptr<TrafficModel> m;
  static int built_for = -1;
  if (built_for != st.range(0)) {
    m = district_model(static_cast<int>(st.range(0)));
    built_for = static_cast<int>(st.range(0));
  }
  if (!m) {
    st.SkipWithError("the district (assets/dapeng) could not be loaded");
    return;
  }
  TrafficState warm = make_traffic_state(*m);
  while (warm.time_s < 900.0) step(*m, warm);
  TrafficState s = warm;
  std::uint64_t updates = 0;
  int k = 0;
  for (auto _ : st) {
    if (++k % 60 == 0) {
      st.PauseTiming();
      s = warm;
      st.ResumeTiming();
    }
    updates += s.vehicle.size();
    step(*m, s);
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(updates));
  st.counters["vehicles"] = static_cast<double>(warm.vehicle.size());
}
BENCHMARK(BM_TrafficStepDistrict)->Args({4000, 1})->Args({4000, 2})->Unit(benchmark::kMillisecond);

// Every vehicle in the network re-plans its route on the current travel times (Dijkstra over the
// district's 13,604 edges each).
void BM_RerouteAllDistrict(benchmark::State& st) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(st.range(1)));
  const auto m = district_model(static_cast<int>(st.range(0)));
  if (!m) {
    st.SkipWithError("the district (assets/dapeng) could not be loaded");
    return;
  }
  TrafficState warm = make_traffic_state(*m);
  while (warm.time_s < 900.0) step(*m, warm);
  std::int64_t routed = 0;
  for (auto _ : st) {
    st.PauseTiming();
    TrafficState s = warm;
    st.ResumeTiming();
    benchmark::DoNotOptimize(reroute_vehicles(*m, s, false));
    routed += static_cast<std::int64_t>(s.vehicle.size());
  }
  st.SetItemsProcessed(routed);
  st.counters["vehicles"] = static_cast<double>(warm.vehicle.size());
}
BENCHMARK(BM_RerouteAllDistrict)->Args({4000, 2})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
