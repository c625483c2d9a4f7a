// Ray casts through the collision world of a synthetic district the size of the default one:
// a 1000 × 1000 grid at 25 m of fBm-like hills and a lattice of 20,000 box buildings, 10-30 m
// tall. The rays are camera rays: 7,000 poles 8 m above the ground looking 10-30° down, through
// random pixels (so some look above the horizon and run the full 5 km).
// Target: >= 1 million ray casts/s with 2 threads (BM_RayCastCameraRaysTbb/2, items_per_second).
// build/default/tests/bench/bench_district --benchmark_min_time=1
#include <benchmark/benchmark.h>
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <memory>
#include <vector>

#include "dpt/core/rng.h"
#include "dpt/physics/collision_world.h"

using namespace dpt;

namespace {

constexpr int kGrid = 1000;
constexpr double kCell = 25.0;
constexpr double kHalf = 0.5 * (kGrid - 1) * kCell;
constexpr int kBuildings = 20000;
constexpr int kPoles = 7000;
constexpr int kRaysPerPole = 10;
constexpr double kRange = 5000.0;

// Hills: 6 octaves of randomly oriented sinusoids, amplitude halving and wavenumber doubling
// (fractional Brownian motion's spectrum, H = 1), peaks of about ±150 m around 60 m.
double hills(double x, double y) {
  static const auto waves = [] {
    std::vector<double> w;
    CounterRng rng(11, rng_stream("bench.district.hills"), 0, 0);
    for (int o = 0; o < 6; ++o) {
      for (int k = 0; k < 3; ++k) {
        const double ang = 2.0 * M_PI * rng.uniform();
        const double kw = 2.0 * M_PI / (6000.0 / std::pow(2.0, o));
        w.insert(w.end(), {kw * std::cos(ang), kw * std::sin(ang), 2.0 * M_PI * rng.uniform(),
                           50.0 / std::pow(2.0, o)});
      }
    }
    return w;
  }();
  double z = 60.0;
  for (std::size_t i = 0; i < waves.size(); i += 4) {
    z += waves[i + 3] * std::sin(waves[i] * x + waves[i + 1] * y + waves[i + 2]);
  }
  return z;
}

struct Bench {
  world::District district;
  std::unique_ptr<physics::CollisionWorld> world;
  std::vector<physics::Vec3> origins, dirs;
};

const Bench& bench() {
  static const auto b = [] {
    auto out = std::make_unique<Bench>();
    auto& g = out->district.terrain.grid;
    g.nx = g.ny = kGrid;
    g.x0 = -kHalf;
    g.y0 = kHalf;
    g.dx = g.dy = kCell;
    g.z.resize(static_cast<std::size_t>(kGrid) * kGrid);
    for (int j = 0; j < kGrid; ++j) {
      for (int i = 0; i < kGrid; ++i) {
        g.z[static_cast<std::size_t>(j) * kGrid + i] = static_cast<float>(hills(g.x0 + i * kCell, g.y0 - j * kCell));
      }
    }
    // A 142 × 142 lattice (141 m apart) over the middle 20 km, cut at 20,000 buildings.
    CounterRng rng(12, rng_stream("bench.district.buildings"), 0, 0);
    constexpr int side = 142;
    constexpr double pitch = 20000.0 / side;
    for (int k = 0; k < kBuildings; ++k) {
      const double x = -10000.0 + (k % side) * pitch, y = -10000.0 + (k / side) * pitch;
      const double w = 10.0 + 20.0 * rng.uniform(), d = 10.0 + 20.0 * rng.uniform();
      world::Building bld;
      bld.id = k;
      bld.footprint.outer = {{x, y}, {x + w, y}, {x + w, y + d}, {x, y + d}};
      double base = INFINITY;
      for (const auto& p : bld.footprint.outer) base = std::min(base, g.sample(p));
      bld.base_z = static_cast<float>(base);
      bld.height = static_cast<float>(10.0 + 20.0 * rng.uniform());
      out->district.buildings.push_back(std::move(bld));
    }
    out->world = physics::CollisionWorld::build(out->district);

    CounterRng prng(13, rng_stream("bench.district.poles"), 0, 0);
    for (int p = 0; p < kPoles; ++p) {
      world::Camera c;
      c.pose.x = -11000.0 + 22000.0 * prng.uniform();
      c.pose.y = -11000.0 + 22000.0 * prng.uniform();
      c.pose.z = g.sample({c.pose.x, c.pose.y}) + 8.0;
      c.pose.yaw_deg = 360.0 * prng.uniform();
      c.pose.pitch_deg = -10.0 - 20.0 * prng.uniform();
      for (int r = 0; r < kRaysPerPole; ++r) {
        double dir[3];
        world::camera_ray(c, c.k.width * prng.uniform(), c.k.height * prng.uniform(), dir);
        out->origins.push_back({c.pose.x, c.pose.y, c.pose.z});
        out->dirs.push_back({dir[0], dir[1], dir[2]});
      }
    }
    return out;
  }();
  return *b;
}

void report(benchmark::State& st, const Bench& b, std::size_t building_hits, std::size_t hits) {
  const auto n = static_cast<std::int64_t>(b.origins.size());
  st.SetItemsProcessed(st.iterations() * n);
  st.counters["rays"] = static_cast<double>(n);
  st.counters["hit_frac"] = static_cast<double>(hits) / static_cast<double>(n);
  st.counters["bld_frac"] = static_cast<double>(building_hits) / static_cast<double>(n);
  st.counters["triangles"] = static_cast<double>(b.world->triangle_count());
}

void BM_RayCastCameraRays(benchmark::State& st) {
  const Bench& b = bench();
  std::size_t building_hits = 0, hits = 0;
  for (auto _ : st) {
    building_hits = hits = 0;
    for (std::size_t k = 0; k < b.origins.size(); ++k) {
      const physics::RayHit h = b.world->ray_cast(b.origins[k], b.dirs[k], kRange);
      hits += h.hit;
      building_hits += h.building >= 0;
    }
    benchmark::DoNotOptimize(hits);
  }
  report(st, b, building_hits, hits);
}
BENCHMARK(BM_RayCastCameraRays)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same rays through Bullet's own ray tests on the same shapes (the reference path).
void BM_RayCastCameraRaysBullet(benchmark::State& st) {
  const Bench& b = bench();
  std::size_t building_hits = 0, hits = 0;
  for (auto _ : st) {
    building_hits = hits = 0;
    for (std::size_t k = 0; k < b.origins.size(); ++k) {
      const physics::RayHit h = b.world->ray_cast_bullet(b.origins[k], b.dirs[k], kRange);
      hits += h.hit;
      building_hits += h.building >= 0;
    }
    benchmark::DoNotOptimize(hits);
  }
  report(st, b, building_hits, hits);
}
BENCHMARK(BM_RayCastCameraRaysBullet)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RayCastCameraRaysTbb(benchmark::State& st) {
  const Bench& b = bench();
  tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(st.range(0)));
  std::vector<unsigned char> kind(b.origins.size());
  for (auto _ : st) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, b.origins.size(), 512), [&](const auto& r) {
      for (std::size_t k = r.begin(); k < r.end(); ++k) {
        const physics::RayHit h = b.world->ray_cast(b.origins[k], b.dirs[k], kRange);
        kind[k] = static_cast<unsigned char>(h.hit + (h.building >= 0));
      }
    });
  }
  std::size_t building_hits = 0, hits = 0;
  for (unsigned char c : kind) {
    hits += c >= 1;
    building_hits += c == 2;
  }
  report(st, b, building_hits, hits);
}
BENCHMARK(BM_RayCastCameraRaysTbb)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same rays split by outcome (0: nothing within 5 km, 1: terrain, 2: a building), for
// profiling: each class has its own cost profile (the sky rays walk far, the building hits are
// mostly near-horizontal rays that follow the ground).
void BM_RayCastByOutcome(benchmark::State& st) {
  const Bench& b = bench();
  std::vector<std::size_t> rays;
  for (std::size_t k = 0; k < b.origins.size(); ++k) {
    const physics::RayHit h = b.world->ray_cast(b.origins[k], b.dirs[k], kRange);
    if ((h.hit ? (h.building >= 0 ? 2 : 1) : 0) == st.range(0)) rays.push_back(k);
  }
  for (auto _ : st) {
    for (std::size_t k : rays) benchmark::DoNotOptimize(b.world->ray_cast(b.origins[k], b.dirs[k], kRange));
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(rays.size()));
  st.counters["rays"] = static_cast<double>(rays.size());
}
BENCHMARK(BM_RayCastByOutcome)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
