// Building the render-ready district geometry (engine/render scene_geometry.h) on a synthetic
// district the size of the default one: a 1240 × 1002 grid at 30 m of sinusoid hills, 20,000 box
// buildings on a lattice, and a 100 × 100 street grid of two-way roads (≈ 40,000 links).
// Done once at load; the point is to keep it well under a second.
// build/default/tests/bench/bench_render_geometry --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "dpt/render/scene_geometry.h"

using namespace dpt;

namespace {

constexpr int kNx = 1240, kNy = 1002;
constexpr double kCell = 30.0;

const world::Terrain& terrain() {
  static const world::Terrain t = [] {
    world::Terrain tr;
    auto& g = tr.grid;
    g.nx = kNx;
    g.ny = kNy;
    g.x0 = -0.5 * (kNx - 1) * kCell;
    g.y0 = 0.5 * (kNy - 1) * kCell;
    g.dx = g.dy = kCell;
    g.z.resize(static_cast<std::size_t>(kNx) * kNy);
    for (int j = 0; j < kNy; ++j)
      for (int i = 0; i < kNx; ++i)
        g.z[static_cast<std::size_t>(j) * kNx + i] =
            static_cast<float>(120.0 * std::sin(i * 0.011) * std::cos(j * 0.017) + 15.0 * std::sin(i * 0.13 + j * 0.07));
    return tr;
  }();
  return t;
}

const std::vector<world::Building>& buildings() {
  static const std::vector<world::Building> bs = [] {
    std::vector<world::Building> v;
    for (int k = 0; k < 20000; ++k) {
      const double x = -14000.0 + 200.0 * (k % 141), y = -10000.0 + 140.0 * (k / 141);
      world::Building b;
      b.footprint.outer = {{x, y}, {x + 12.0, y + 1.0}, {x + 11.0, y + 15.0}, {x - 1.0, y + 14.0}};
      b.base_z = 10.0f;
      b.height = static_cast<float>(6 + k % 40);
      b.use = static_cast<world::BuildingUse>(k % 5);
      v.push_back(b);
    }
    return v;
  }();
  return bs;
}

const world::RoadNetwork& roads() {
  static const world::RoadNetwork net = [] {
    std::vector<world::RoadInput> in;
    for (int k = 0; k <= 100; ++k) {
      const double c = -15000.0 + 300.0 * k;
      world::RoadInput h, v;
      for (int s = 0; s <= 100; ++s) {
        h.line.push_back({-15000.0 + 300.0 * s, c * 0.66});
        v.line.push_back({c, (-15000.0 + 300.0 * s) * 0.66});
      }
      h.cls = v.cls = world::RoadClass::tertiary;
      h.source_id = 2 * k;
      v.source_id = 2 * k + 1;
      in.push_back(h);
      in.push_back(v);
    }
    return world::RoadNetwork::build(in);
  }();
  return net;
}

void BM_TerrainMesh(benchmark::State& state) {
  const world::Terrain& t = terrain();
  for (auto _ : state) benchmark::DoNotOptimize(render::build_terrain_mesh(t, 64));
  state.counters["samples"] = double(kNx) * kNy;
}
BENCHMARK(BM_TerrainMesh)->Unit(benchmark::kMillisecond);

void BM_BuildingBatches(benchmark::State& state) {
  const auto& bs = buildings();
  for (auto _ : state) benchmark::DoNotOptimize(render::build_building_batches(bs));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bs.size()));
}
BENCHMARK(BM_BuildingBatches)->Unit(benchmark::kMillisecond);

void BM_RoadRibbons(benchmark::State& state) {
  const world::RoadNetwork& net = roads();
  const world::Terrain& t = terrain();
  for (auto _ : state) benchmark::DoNotOptimize(render::build_road_ribbons(net, t));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(net.links().size()));
}
BENCHMARK(BM_RoadRibbons)->Unit(benchmark::kMillisecond);

void BM_Sea(benchmark::State& state) {
  const world::Terrain& t = terrain();
  for (auto _ : state) benchmark::DoNotOptimize(render::build_sea(t));
}
BENCHMARK(BM_Sea)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
