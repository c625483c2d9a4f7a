// dptwin bench fusion: drives encoded detection frames through the live path's flow graph
// (dpt/fusion/graph.h, the graph `dptwin live` runs) and measures the sustained detections per
// second and the latency from frame time to track update. Every camera watches --per-frame
// objects standing on the ground in its view (placed by casting rays through random pixels of the
// lower image, 2-300 m away); each frame reports their boxes with 1 px of foot-point noise. The
// messages are encoded before the clock starts, so the bench measures decode → georeference →
// time order → partition → track, not the making of JSON.
#include <sys/resource.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "district_locate.h"
#include "dpt/core/rng.h"
#include "dpt/fusion/codec.h"
#include "dpt/fusion/georef.h"
#include "dpt/fusion/graph.h"
#include "dpt/physics/collision_world.h"
#include "dpt/world/district_io.h"

namespace dpt::app {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU time of the whole process (all threads, user + system): on a shared machine the wall-clock
// rate depends on who else runs; CPU seconds per detection does much less.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

constexpr std::int64_t kEpochUs = 1'790'000'000'000'000;  // frame times start here (2026-09-21 UTC)
constexpr std::size_t kMaxFrames = 8'000'000;             // pre-generated messages (about 1 KB each)

struct BenchFusionOptions {
  std::string dir;
  int cameras = 7000;
  double hz = 5.0;
  int per_frame = 10;
  double seconds = 10.0;
  int threads = 2;
  int partitions = 64;
  double lateness_ms = 100.0;
  std::size_t capacity = 65536;
  bool max_rate = false;
  std::uint64_t seed = 20261130;
};

// An object standing in a camera's view: where its foot point is in the image, and its box size.
struct ViewObject {
  double u = 0.0, v = 0.0, w = 0.0, h = 0.0;
  fusion::ObjectClass cls = fusion::ObjectClass::person;
};

std::vector<std::vector<ViewObject>> place_objects(const world::District& d, const physics::CollisionWorld& world,
                                                   const BenchFusionOptions& o) {
  std::vector<std::vector<ViewObject>> objects(static_cast<std::size_t>(o.cameras));
  tbb::parallel_for(0, o.cameras, [&](int c) {
    const world::Camera& cam = d.cameras[static_cast<std::size_t>(c)];
    const fusion::CameraFrame frame = fusion::camera_frame(cam);
    auto& out = objects[static_cast<std::size_t>(c)];
    for (int j = 0; j < o.per_frame; ++j) {
      for (std::uint32_t attempt = 0; attempt < 32; ++attempt) {
        CounterRng rng(o.seed, rng_stream("bench.fusion.place"), static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(j) * 64 + attempt);
        const double u = (0.05 + 0.9 * rng.uniform()) * cam.k.width;
        const double v = (0.5 + 0.48 * rng.uniform()) * cam.k.height;
        const fusion::GroundFix fix = fusion::georeference_pixel(world, frame, u, v);
        if (!fix.ok || fix.range < 2.0 || fix.range > 300.0) continue;
        ViewObject ob;
        ob.cls = j % 2 == 0 ? fusion::ObjectClass::person : fusion::ObjectClass::car;
        const double height_m = ob.cls == fusion::ObjectClass::person ? 1.7 : 1.5;
        const double width_m = ob.cls == fusion::ObjectClass::person ? 0.5 : 1.9;
        ob.u = u;
        ob.v = v;
        ob.h = std::max(4.0, cam.k.fy * height_m / fix.range);
        ob.w = std::max(2.0, cam.k.fx * width_m / fix.range);
        out.push_back(ob);
        break;
      }
    }
  });
  return objects;
}

// Frame k of camera c at kEpochUs + k period + c period / N: cameras evenly out of phase, so the
// send order (k, c) is also time order.
std::int64_t frame_time_us(std::size_t k, std::size_t c, const BenchFusionOptions& o) {
  const double period_us = 1e6 / o.hz;
  return kEpochUs + static_cast<std::int64_t>(std::llround((static_cast<double>(k) + static_cast<double>(c) / o.cameras) * period_us));
}

std::vector<std::string> encode_frames(const world::District& d, const std::vector<std::vector<ViewObject>>& objects,
                                       std::size_t frames_per_camera, const BenchFusionOptions& o) {
  const auto n_cam = static_cast<std::size_t>(o.cameras);
  std::vector<std::string> payloads(frames_per_camera * n_cam);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, payloads.size(), 1024), [&](const tbb::blocked_range<std::size_t>& r) {
    fusion::Message m;
    m.kind = fusion::MessageKind::detections;
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const std::size_t k = i / n_cam, c = i % n_cam;
      m.detections.camera_id = d.cameras[c].id;
      m.detections.seq = k + 1;
      m.detections.time_us = frame_time_us(k, c, o);
      m.detections.boxes.clear();
      CounterRng rng(o.seed, rng_stream("bench.fusion.noise"), static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(k));
      for (const ViewObject& ob : objects[c]) {
        const double u = ob.u + rng.normal(), v = ob.v + rng.normal();  // 1 px foot-point noise
        fusion::BoxDetection b;
        b.w = static_cast<float>(ob.w);
        b.h = static_cast<float>(ob.h);
        b.x = static_cast<float>(u - 0.5 * ob.w);
        b.y = static_cast<float>(v - ob.h);
        b.score = 0.85f;
        b.cls = ob.cls;
        m.detections.boxes.push_back(b);
      }
      fusion::encode(m, payloads[i]);
    }
  });
  return payloads;
}

void run_bench_fusion(const BenchFusionOptions& o, AppState& state) {
  auto t0 = Clock::now();
  auto d = world::load_district(o.dir);
  if (!ok_or_report(d, state)) return;
  if (static_cast<std::size_t>(o.cameras) > d->cameras.size()) {
    std::fprintf(stderr, "%s: --cameras %d, but the district has %zu cameras\n", o.dir.c_str(), o.cameras, d->cameras.size());
    state.exit_code = kExitBadInput;
    return;
  }
  auto world = physics::CollisionWorld::build(*d);
  std::printf("district   %s: %zu cameras, loaded and collision world built in %.2f s\n", o.dir.c_str(), d->cameras.size(),
              seconds_since(t0));

  const auto frames_per_camera = static_cast<std::size_t>(std::ceil(o.hz * o.seconds));
  if (frames_per_camera * static_cast<std::size_t>(o.cameras) > kMaxFrames) {
    std::fprintf(stderr, "--cameras x --hz x --seconds = %zu frames: at most %zu are pre-generated; shorten --seconds\n",
                 frames_per_camera * static_cast<std::size_t>(o.cameras), kMaxFrames);
    state.exit_code = kExitBadInput;
    return;
  }
  t0 = Clock::now();
  const auto objects = place_objects(*d, *world, o);
  std::size_t placed = 0;
  for (const auto& v : objects) placed += v.size();
  const std::vector<std::string> payloads = encode_frames(*d, objects, frames_per_camera, o);
  std::size_t bytes = 0;
  for (const auto& p : payloads) bytes += p.size();
  std::printf("messages   %zu objects in view of %d cameras (%d asked per camera); %zu frames, %.1f MB, encoded in %.2f s\n",
              placed, o.cameras, o.per_frame, payloads.size(), static_cast<double>(bytes) / 1e6, seconds_since(t0));

  // Wall clock ↔ frame time: frame time kEpochUs is the moment the run starts.
  Clock::time_point start;
  auto frame_clock = [&start] {
    return kEpochUs + std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
  };
  fusion::FusionGraphOptions go;
  go.partitions = o.partitions;
  go.threads = o.threads;
  go.capacity = o.capacity;
  go.overflow = o.max_rate ? fusion::Overflow::block : fusion::Overflow::drop;
  go.time_order.lateness_us = static_cast<std::int64_t>(o.lateness_ms * 1000.0);
  go.now_us = frame_clock;
  auto made = fusion::FusionGraph::create(*d, *world, go);
  if (!ok_or_report(made, state)) return;
  fusion::FusionGraph& graph = **made;

  std::printf("run        %s, %d thread(s), %d partitions, lateness %.0f ms, queue %zu\n",
              o.max_rate ? "as fast as possible (--max-rate)" : "paced at real time", o.threads, o.partitions, o.lateness_ms,
              o.capacity);
  std::fflush(stdout);
  const double cpu0 = process_cpu_seconds();
  start = Clock::now();
  double max_behind_ms = 0.0;
  const auto n_cam = static_cast<std::size_t>(o.cameras);
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const std::int64_t t = frame_time_us(i / n_cam, i % n_cam, o);
    if (!o.max_rate) {
      const std::int64_t ahead_us = t - frame_clock();
      if (ahead_us > 500) std::this_thread::sleep_for(std::chrono::microseconds(ahead_us));
      else max_behind_ms = std::max(max_behind_ms, static_cast<double>(-ahead_us) * 1e-3);
    }
    graph.push(payloads[i], frame_clock());
  }
  const double push_s = seconds_since(start);
  graph.drain();
  const double wall_s = seconds_since(start);
  const double cpu_s = process_cpu_seconds() - cpu0;

  const fusion::FusionStats s = graph.stats();
  std::fputs(fusion::format_stats(s).c_str(), stdout);
  // Sustained rate: detections that reached a tracker per second of the run. Paced, the run lasts
  // as long as the feed does, so keeping up means this equals the offered rate.
  const double det_per_s = static_cast<double>(s.detections) / wall_s;
  const double offered = static_cast<double>(placed) * o.hz;
  std::printf("throughput %.0f detections/s sustained (offered %.0f/s), %.0f frames/s; pushing took %.2f s, all done in %.2f s\n",
              det_per_s, o.max_rate ? det_per_s : offered, static_cast<double>(s.detection_frames) / wall_s, push_s, wall_s);
  const double cpu_us_per_det = s.detections > 0 ? cpu_s * 1e6 / static_cast<double>(s.detections) : 0.0;
  std::printf("cpu        %.2f s of CPU over the run (all threads, the pushing one included): %.2f us per detection\n", cpu_s,
              cpu_us_per_det);
  if (!o.max_rate) std::printf("pacing     the feed fell at most %.1f ms behind its schedule\n", max_behind_ms);
  // Pushed faster than real time, frame times run ahead of the wall clock: the latency that means
  // something then is the one from push() to the track update.
  const fusion::LatencySummary& lat = o.max_rate ? s.processing : s.latency;
  nlohmann::ordered_json j{{"detections_per_s", det_per_s},
                           {"p50_ms", lat.p50_ms},
                           {"p99_ms", lat.p99_ms},
                           {"dropped", s.dropped},
                           {"latency_from", o.max_rate ? "push" : "frame_time"},
                           {"p95_ms", lat.p95_ms},
                           {"max_ms", lat.max_ms},
                           {"processing_p99_ms", s.processing.p99_ms},
                           {"offered_per_s", offered},
                           {"frames", s.detection_frames},
                           {"late", s.late},
                           {"rejected", s.rejected_total},
                           {"tracks", s.tracks},
                           {"wall_s", wall_s},
                           {"cpu_s", cpu_s},
                           {"cpu_us_per_detection", cpu_us_per_det},
                           {"cameras", o.cameras},
                           {"hz", o.hz},
                           {"per_frame", o.per_frame},
                           {"threads", o.threads},
                           {"partitions", o.partitions},
                           {"lateness_ms", o.lateness_ms},
                           {"max_rate", o.max_rate}};
  std::printf("%s\n", j.dump().c_str());
}

}  // namespace

void add_bench_fusion_command(CLI::App& bench, AppState& state) {
  auto* cmd = bench.add_subcommand(
      "fusion",
      "Drive encoded detection frames from the first --cameras district cameras (--per-frame objects in each\n"
      "view, --hz frames a second each) through the live fusion graph (decode, georeference, time order,\n"
      "partition, track) for --seconds, paced at real time (or --max-rate: as fast as possible), and print the\n"
      "sustained detections/s and the latency from frame time to track update. Paced runs drop when the input\n"
      "queue is full, as live feeds do: dropped > 0 means the graph did not keep up. Last line:\n"
      "{\"detections_per_s\":..., \"p50_ms\":..., \"p99_ms\":..., \"dropped\":..., ...}");
  auto o = std::make_shared<BenchFusionOptions>();
  cmd->add_option("DIR", o->dir, "District directory (default: the default district, assets/dapeng)");
  cmd->add_option("--cameras", o->cameras, "Cameras sending frames (the district's first N)")->capture_default_str()->check(CLI::Range(1, 1000000));
  cmd->add_option("--hz", o->hz, "Frames a second per camera")->capture_default_str()->check(CLI::Range(0.1, 1000.0));
  cmd->add_option("--per-frame", o->per_frame, "Objects (detections) per frame")->capture_default_str()->check(CLI::Range(0, 512));
  cmd->add_option("--seconds", o->seconds, "Length of the feed, s of frame time")->capture_default_str()->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--threads", o->threads, "Worker threads of the graph")->capture_default_str()->check(CLI::Range(1, 1024));
  cmd->add_option("--partitions", o->partitions, "Area partitions, each with its own tracker")->capture_default_str()->check(CLI::Range(1, 65536));
  cmd->add_option("--lateness-ms", o->lateness_ms, "How long the time-order stage waits for stragglers")->capture_default_str()->check(CLI::Range(0.0, 60000.0));
  cmd->add_option("--capacity", o->capacity, "Messages in flight (the bounded input queue)")->capture_default_str()->check(CLI::Range(2, 1 << 24));
  cmd->add_flag("--max-rate", o->max_rate, "Push as fast as the graph takes them (blocking when full) to find the headroom");
  cmd->add_option("--seed", o->seed, "Seed of object placement and noise")->capture_default_str();
  cmd->callback([&state, o] {
    if (o->dir.empty()) o->dir = default_district_dir().string();
    run_bench_fusion(*o, state);
  });
}

}  // namespace dpt::app
