// dptwin bench district: how long the district takes to load, and how many camera-pixel ray casts
// per second the collision world answers — the georeferencing workload of the live feeds.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "district_locate.h"
#include "dpt/core/rng.h"
#include "dpt/physics/collision_world.h"
#include "dpt/world/district_io.h"

namespace dpt::app {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct BenchOptions {
  std::string dir;
  int threads = 2;
  double seconds = 3.0;
  std::string engine = "grid";
};

// Rays through random pixels of random cameras: the rays the fusion casts to put a detection's foot
// point on the ground. Deterministic (counter-based RNG), generated before timing starts.
struct RaySet {
  std::vector<physics::Vec3> origin, dir;
};

RaySet make_camera_rays(const world::District& d, std::size_t n) {
  RaySet r;
  r.origin.resize(n);
  r.dir.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    CounterRng rng(20261130, 1, static_cast<std::uint32_t>(i), 0);
    const auto& cam = d.cameras[static_cast<std::size_t>(rng.uniform() * static_cast<double>(d.cameras.size())) % d.cameras.size()];
    double dir[3];
    world::camera_ray(cam, rng.uniform() * cam.k.width, rng.uniform() * cam.k.height, dir);
    r.origin[i] = {cam.pose.x, cam.pose.y, cam.pose.z};
    r.dir[i] = {dir[0], dir[1], dir[2]};
  }
  return r;
}

}  // namespace

void add_bench_district_command(CLI::App& bench, AppState& state) {
  auto* cmd = bench.add_subcommand(
      "district",
      "Load the district (timed), build its collision world, then cast rays through random pixels of its\n"
      "cameras on --threads threads for about --seconds. --engine bullet measures Bullet's own ray tests on\n"
      "the same shapes (the reference the grid is checked against). Last line: {\"load_s\":..., \"rays_per_s\":...}");
  auto o = std::make_shared<BenchOptions>();
  cmd->add_option("DIR", o->dir, "District directory (default: the default district, assets/dapeng)");
  cmd->add_option("--threads", o->threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 1024));
  cmd->add_option("--seconds", o->seconds, "How long to cast rays")->capture_default_str()->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--engine", o->engine, "grid (CollisionWorld::ray_cast) or bullet (ray_cast_bullet)")
      ->capture_default_str()
      ->check(CLI::IsMember({"grid", "bullet"}));
  cmd->callback([&state, o] {
    if (o->dir.empty()) o->dir = default_district_dir().string();
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(o->threads));
    auto t0 = Clock::now();
    auto d = world::load_district(o->dir);
    const double load_s = seconds_since(t0);
    if (!ok_or_report(d, state)) return;
    if (d->cameras.empty()) {
      std::fprintf(stderr, "%s: the district has no cameras to cast rays from\n", o->dir.c_str());
      state.exit_code = kExitBadInput;
      return;
    }
    std::printf("district   %s: %zu buildings, %zu cameras, loaded in %.3f s\n", o->dir.c_str(), d->buildings.size(),
                d->cameras.size(), load_s);
    t0 = Clock::now();
    auto world = physics::CollisionWorld::build(*d);
    const double build_s = seconds_since(t0);
    std::printf("collision  %zu triangles, built in %.3f s\n", world->triangle_count(), build_s);

    constexpr std::size_t kRays = 1 << 20;
    const RaySet rays = make_camera_rays(*d, kRays);
    const bool bullet = o->engine == "bullet";
    std::atomic<std::size_t> hits{0};
    std::size_t cast = 0;
    t0 = Clock::now();
    double wall = 0.0;
    do {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, kRays, 4096), [&](const tbb::blocked_range<std::size_t>& r) {
        std::size_t h = 0;
        for (std::size_t i = r.begin(); i != r.end(); ++i)
          h += (bullet ? world->ray_cast_bullet(rays.origin[i], rays.dir[i], 5000.0)
                       : world->ray_cast(rays.origin[i], rays.dir[i], 5000.0))
                       .hit
                   ? 1
                   : 0;
        hits += h;
      });
      cast += kRays;
      wall = seconds_since(t0);
    } while (wall < o->seconds);
    const double rays_per_s = static_cast<double>(cast) / wall;
    std::printf("ray casts  %zu camera-pixel rays (%s) on %d thread(s) in %.2f s: %.0f rays/s, %.1f%% hit\n", cast,
                o->engine.c_str(), o->threads, wall, rays_per_s, 100.0 * static_cast<double>(hits.load()) / static_cast<double>(cast));
    nlohmann::ordered_json j{{"load_s", load_s}, {"rays_per_s", rays_per_s}, {"build_s", build_s},
                             {"threads", o->threads}, {"engine", o->engine}, {"rays", cast},
                             {"buildings", d->buildings.size()}, {"cameras", d->cameras.size()}};
    std::printf("%s\n", j.dump().c_str());
  });
}

}  // namespace dpt::app
