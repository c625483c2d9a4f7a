// The ground tracker at district scale (issue 5): 70,000 live tracks, camera frames of 10
// measurements. 7,000 "cameras" each watch a cluster of 10 objects (people at 1.4 m/s, one in
// five a car at 10 m/s) and report in turn, 7,000 frames per 0.2 s of sim time (5 Hz), with
// advance() once per simulated second, its cost amortised over the frames. One iteration = one
// camera frame. The argument is the side of the square the clusters are spread over (m): 10 km
// is the district's density (700 tracks/km²), 3 km ten times denser.
// build/hc/tests/bench/bench_ground_tracker --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <vector>

#include "dpt/core/rng.h"
#include "dpt/fusion/ground_tracker.h"

namespace {

using dpt::fusion::GroundMeasurement;
using dpt::fusion::GroundTracker;
using dpt::fusion::ObjectClass;

constexpr int kCameras = 7000;
constexpr int kPerFrame = 10;
constexpr std::int64_t kPeriodUs = 200'000;  // 5 Hz
constexpr std::int64_t kAdvanceUs = 1'000'000;

struct Object {
  double x0, y0, vx, vy;
  ObjectClass cls;
};

struct District {
  std::vector<Object> objects;  // camera c sees objects [10 c, 10 c + 10)
  GroundTracker tracker;
  std::vector<GroundMeasurement> batch;
  std::uint64_t frame = 0;
  std::int64_t last_advance = 0;

  explicit District(double side) {
    tracker.reserve(static_cast<std::size_t>(kCameras * kPerFrame) * 2, kPerFrame);
    objects.reserve(static_cast<std::size_t>(kCameras * kPerFrame));
    dpt::CounterRng rng(1, dpt::rng_stream("bench.tracker.objects"), 0, 0);
    for (int c = 0; c < kCameras; ++c) {
      const double cx = side * rng.uniform(), cy = side * rng.uniform();
      for (int k = 0; k < kPerFrame; ++k) {
        const bool car = k % 5 == 0;
        const double speed = car ? 10.0 : 1.4, heading = 2.0 * M_PI * rng.uniform();
        objects.push_back({cx + 80.0 * (rng.uniform() - 0.5), cy + 80.0 * (rng.uniform() - 0.5),
                           speed * std::sin(heading), speed * std::cos(heading),
                           car ? ObjectClass::car : ObjectClass::person});
      }
    }
    batch.resize(kPerFrame);
  }

  std::int64_t time_of(std::uint64_t f) const {
    return static_cast<std::int64_t>(f) * kPeriodUs / kCameras;
  }

  // One camera frame: the camera's 10 objects at the frame's time, 0.5 m noise.
  void step() {
    const std::int64_t t = time_of(frame);
    const auto cam = static_cast<int>(frame % kCameras);
    dpt::CounterRng rng(2, dpt::rng_stream("bench.tracker.noise"), static_cast<std::uint32_t>(cam),
                        static_cast<std::uint32_t>(frame / kCameras));
    const double ts = static_cast<double>(t) * 1e-6;
    for (int k = 0; k < kPerFrame; ++k) {
      const Object& o = objects[static_cast<std::size_t>(cam * kPerFrame + k)];
      GroundMeasurement& m = batch[static_cast<std::size_t>(k)];
      m.x = o.x0 + o.vx * ts + 0.5 * rng.normal();
      m.y = o.y0 + o.vy * ts + 0.5 * rng.normal();
      m.cxx = m.cyy = 0.25;
      m.cxy = 0.0;
      m.cls = o.cls;
      m.score = 0.9f;
      m.camera_id = cam + 1;
    }
    tracker.update(t, cam + 1, batch);
    if (t - last_advance >= kAdvanceUs) {
      tracker.advance(t);
      last_advance = t;
    }
    ++frame;
  }
};

District& district(double side) {
  static std::unique_ptr<District> d;
  static double d_side = -1.0;
  if (!d || d_side != side) {
    d = std::make_unique<District>(side);
    d_side = side;
    // Warm up: 4 rounds of every camera (0.8 s): every object tracked and confirmed.
    for (int k = 0; k < 4 * kCameras; ++k) d->step();
  }
  return *d;
}

void BM_GroundTrackerFrame(benchmark::State& st) {
  District& d = district(static_cast<double>(st.range(0)));
  const std::uint64_t started0 = d.tracker.tracks_started();
  for (auto _ : st) d.step();
  std::size_t confirmed = 0;
  for (const auto& t : d.tracker.tracks()) confirmed += t.state == dpt::fusion::TrackState::confirmed;
  st.counters["tracks"] = static_cast<double>(d.tracker.tracks().size());
  st.counters["confirmed"] = static_cast<double>(confirmed);
  st.counters["new_tracks"] = static_cast<double>(d.tracker.tracks_started() - started0);
  st.counters["detections_per_s"] =
      benchmark::Counter(static_cast<double>(st.iterations() * kPerFrame), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GroundTrackerFrame)->Arg(10000)->Arg(3000)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
