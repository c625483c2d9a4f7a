// Throughput of the hot loops: counter-based RNG, the wind stage and the tracer step.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "dpt/core/rng.h"
#include "dpt/sim/common/wind_model.h"
#include "dpt/sim/tracer/tracer.h"

using namespace dpt;

namespace {

sim::WindModel make_wind(double cell, double intensity) {
  sim::WindModel m;
  m.grid = {-15000, -13000, cell, static_cast<int>(30000 / cell), static_cast<int>(26000 / cell)};
  m.keyframes = {{Duration{0}, -3.0, 1.0}};
  m.turbulence_intensity = intensity;
  return m;
}

sim::StepContext ctx_at(std::uint32_t step) {
  sim::StepContext c;
  c.step = step;
  c.dt = Duration::seconds(10);
  c.clock.now_us = static_cast<std::int64_t>(step) * c.dt.us;
  c.seed = 7;
  return c;
}

void BM_Philox(benchmark::State& st) {
  std::uint32_t i = 0;
  for (auto _ : st) {
    CounterRng rng(7, 1, i++, 3);
    benchmark::DoNotOptimize(rng.normal());
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_Philox);

void BM_WindStep(benchmark::State& st) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(st.range(1)));
  const sim::WindModel m = make_wind(static_cast<double>(st.range(0)), 0.12);
  sim::WindState s;
  sim::init(m, s);
  std::uint32_t k = 0;
  for (auto _ : st) sim::step(m, s, ctx_at(k++));
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(m.grid.size()));
  st.counters["cells"] = static_cast<double>(m.grid.size());
}
BENCHMARK(BM_WindStep)->Args({500, 1})->Args({500, 2})->Args({100, 2})->Unit(benchmark::kMicrosecond);

void BM_TracerStep(benchmark::State& st) {
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(st.range(1)));
  const sim::WindModel wm = make_wind(500, 0.12);
  sim::WindState ws;
  sim::init(wm, ws);
  sim::tracer::Model m;
  m.capacity = static_cast<std::uint32_t>(st.range(0));
  m.diffusivity = 50;
  m.puffs = {{Duration{0}, 0, 0, 500, m.capacity}};
  sim::tracer::State s;
  sim::tracer::init(m, s);
  std::uint32_t k = 0;
  sim::tracer::step(m, s, ws.field, ctx_at(k++));
  for (auto _ : st) sim::tracer::step(m, s, ws.field, ctx_at(k++));
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(m.capacity));
}
BENCHMARK(BM_TracerStep)->Args({100000, 1})->Args({100000, 2})->Args({1000000, 2})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
