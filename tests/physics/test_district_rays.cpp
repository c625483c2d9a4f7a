// The default district's camera rays (the workload of `dptwin bench district`): a fingerprint of
// the first 200,000 results, so that an optimisation of the ray casts can show it changes no
// result. Hidden (run by name: it loads assets/dapeng):
//   test_physics "[.district_rays]" -s
// prints the hash of (hit, building, distance rounded to 1 mm) and the count of each outcome;
// DPT_RAY_DUMP=file also writes one line per ray, to find the rays that differ.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "dpt/core/rng.h"
#include "dpt/physics/collision_world.h"
#include "dpt/world/district_io.h"

namespace {

// FNV-1a over 64-bit words.
void mix(std::uint64_t& h, std::uint64_t v) {
  for (int b = 0; b < 8; ++b) {
    h ^= (v >> (8 * b)) & 0xff;
    h *= 1099511628211ULL;
  }
}

}  // namespace

TEST_CASE("Default district camera rays: result fingerprint", "[.district_rays]") {
  const std::filesystem::path dir = std::filesystem::path(DPT_SOURCE_DIR) / "assets/dapeng";
  auto d = dpt::world::load_district(dir);
  REQUIRE(d);
  const auto world = dpt::physics::CollisionWorld::build(*d);
  constexpr std::size_t kRays = 200000;
  // The same rays as `dptwin bench district` (engine/app/src/cmd_bench_district.cpp).
  std::vector<dpt::physics::Vec3> origin(kRays), dirs(kRays);
  for (std::size_t i = 0; i < kRays; ++i) {
    dpt::CounterRng rng(20261130, 1, static_cast<std::uint32_t>(i), 0);
    const auto& cam = d->cameras[static_cast<std::size_t>(rng.uniform() * static_cast<double>(d->cameras.size())) %
                                 d->cameras.size()];
    double v[3];
    dpt::world::camera_ray(cam, rng.uniform() * cam.k.width, rng.uniform() * cam.k.height, v);
    origin[i] = {cam.pose.x, cam.pose.y, cam.pose.z};
    dirs[i] = {v[0], v[1], v[2]};
  }
  std::FILE* dump = nullptr;
  if (const char* path = std::getenv("DPT_RAY_DUMP"); path && *path) dump = std::fopen(path, "w");
  std::uint64_t h = 1469598103934665603ULL;
  std::size_t n_class[3] = {0, 0, 0};
  double s_class[3] = {0, 0, 0};
  for (std::size_t i = 0; i < kRays; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const dpt::physics::RayHit r = world->ray_cast(origin[i], dirs[i], 5000.0);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto mm = static_cast<std::int64_t>(std::llround(r.distance * 1000.0));
    mix(h, r.hit ? 1 : 0);
    mix(h, static_cast<std::uint64_t>(r.building));
    mix(h, static_cast<std::uint64_t>(r.hit ? mm : 0));
    const int c = r.hit ? (r.building >= 0 ? 2 : 1) : 0;
    ++n_class[c];
    s_class[c] += s;
    if (dump) std::fprintf(dump, "%zu %d %lld %.6f\n", i, r.hit ? 1 : 0, static_cast<long long>(r.building), r.distance);
  }
  if (dump) std::fclose(dump);
  std::printf("district rays: %zu, hash %016llx; no hit %zu, terrain %zu, building %zu\n", kRays,
              static_cast<unsigned long long>(h), n_class[0], n_class[1], n_class[2]);
  for (int c = 0; c < 3; ++c) {
    std::printf("  class %d: %.0f rays/s\n", c, static_cast<double>(n_class[c]) / s_class[c]);
  }
  CHECK(n_class[1] + n_class[2] > kRays / 2);
}
