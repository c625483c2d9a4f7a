// The fusion flow graph end to end (dpt/fusion/graph.h) on a small synthetic district: flat ground
// at z = 0 over [-500, 500]² m, four cameras 10 m up at the edges looking inward, one wind sensor.
// Fault injection (malformed JSON, oversized, unknown camera and sensor, duplicate, out-of-order,
// late, a clock jump): each is counted in its own counter, the graph keeps tracking, and the
// accepted hook sees exactly the accepted messages in order. Then several feed threads at once,
// the drop and block overflow policies, and the two small parts with hand-worked answers: the
// area grid and the latency histogram.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <limits>
#include <algorithm>
#include <vector>

#include "dpt/fusion/codec.h"
#include "dpt/fusion/fusion_stats.h"
#include "dpt/fusion/georef.h"
#include "dpt/fusion/graph.h"
#include "dpt/fusion/partition.h"
#include "dpt/physics/collision_world.h"

namespace {

using namespace dpt::fusion;

constexpr std::int64_t kT0 = 1'790'000'000'000'000;  // 2026-09-21, UTC µs
constexpr std::int64_t kMs = 1000;

dpt::world::Camera make_camera(std::int32_t id, double x, double y, double yaw) {
  dpt::world::Camera c;
  c.id = id;
  c.name = "cam" + std::to_string(id);
  c.pose = {x, y, 10.0, yaw, -20.0, 0.0};
  return c;
}

dpt::world::District small_district() {
  dpt::world::District d;
  auto& g = d.terrain.grid;
  g.nx = g.ny = 201;
  g.x0 = -500.0;
  g.y0 = 500.0;
  g.dx = g.dy = 5.0;
  g.z.assign(static_cast<std::size_t>(g.nx) * g.ny, 0.0f);
  d.cameras = {make_camera(1, 0, -200, 0), make_camera(2, 0, 200, 180), make_camera(3, -200, 0, 90), make_camera(4, 200, 0, 270)};
  dpt::world::Sensor s;
  s.id = 1;
  s.name = "wind1";
  s.observed_property = "wind_speed";
  s.unit = "m/s";
  d.sensors.push_back(s);
  d.index();
  return d;
}

struct Fixture {
  dpt::world::District district = small_district();
  std::unique_ptr<dpt::physics::CollisionWorld> world = dpt::physics::CollisionWorld::build(district);
};

// A box whose foot point (bottom centre) is pixel (u, v).
BoxDetection box_at(double u, double v, ObjectClass cls = ObjectClass::person) {
  BoxDetection b;
  b.w = 40.f;
  b.h = 100.f;
  b.x = static_cast<float>(u) - 20.f;
  b.y = static_cast<float>(v) - 100.f;
  b.score = 0.9f;
  b.cls = cls;
  return b;
}

std::string frame_payload(std::int32_t camera, std::uint64_t seq, std::int64_t time_us, std::vector<BoxDetection> boxes) {
  Message m;
  m.kind = MessageKind::detections;
  m.detections.camera_id = camera;
  m.detections.seq = seq;
  m.detections.time_us = time_us;
  m.detections.boxes = std::move(boxes);
  std::string out;
  encode(m, out);
  return out;
}

std::string observation_payload(std::int32_t sensor, std::uint64_t seq, std::int64_t time_us, double value) {
  Message m;
  m.kind = MessageKind::observation;
  m.observation.sensor_id = sensor;
  m.observation.seq = seq;
  m.observation.time_us = time_us;
  m.observation.observed_property = "wind_speed";
  m.observation.result = value;
  m.observation.unit = "m/s";
  std::string out;
  encode(m, out);
  return out;
}

FusionGraphOptions small_options() {
  FusionGraphOptions o;
  o.partitions = 4;
  o.threads = 2;
  o.capacity = 64;
  o.time_order.lateness_us = 200 * kMs;
  o.time_order.clock_jump_us = 60'000 * kMs;
  o.time_order.resync_after = 8;
  o.publish_interval_us = 0;
  return o;
}

// Camera 1 (south, looking north) sees its object at pixel (720, 800), camera 2 (north, looking
// south) at (1200, 800): both left of where the camera looks, so west of x = 0, on either side of
// y = 0 — partitions 0 (south-west) and 2 (north-west) of the 2 x 2 grid.
constexpr double kU1 = 720, kU2 = 1200, kV = 800;

}  // namespace

TEST_CASE("fusion graph: every fault is counted, the graph keeps tracking, accepted == recorded", "[fusion][graph]") {
  Fixture fx;
  auto made = FusionGraph::create(fx.district, *fx.world, small_options());
  REQUIRE(made);
  FusionGraph& graph = **made;

  std::vector<std::string> accepted;
  std::vector<Observation> observations;
  std::array<std::atomic<int>, 4> inside{};
  std::atomic<int> overlaps{0}, track_calls{0};
  graph.set_accepted_listener([&](std::string_view payload, const Message&) { accepted.emplace_back(payload); });
  graph.set_observation_listener([&](const Observation& o) { observations.push_back(o); });
  graph.set_track_listener([&](int p, std::int64_t, std::span<const GroundTrack>) {
    if (inside[static_cast<std::size_t>(p)].fetch_add(1) != 0) ++overlaps;  // calls of one partition never overlap
    ++track_calls;
    std::this_thread::yield();
    inside[static_cast<std::size_t>(p)].fetch_sub(1);
  });

  std::vector<std::string> expected_accepted;
  int pushed = 0;
  auto push = [&](const std::string& payload, bool accept) {
    ++pushed;
    const PushResult r = graph.push(payload, 0);
    if (accept) expected_accepted.push_back(payload);
    return r;
  };
  auto both_cameras = [&](int k, std::uint64_t seq1, std::uint64_t seq2) {
    push(frame_payload(1, seq1, kT0 + k * 100 * kMs, {box_at(kU1, kV)}), true);
    push(frame_payload(2, seq2, kT0 + k * 100 * kMs, {box_at(kU2, kV)}), true);
  };

  for (int k = 0; k < 10; ++k) both_cameras(k, static_cast<std::uint64_t>(k + 1), static_cast<std::uint64_t>(k + 1));
  // The faults.
  push("{\"type\": \"detections\", \"camera_id\": 1, ", false);                                   // malformed JSON
  CHECK(push(std::string(kMaxMessageBytes + 100, ' '), false) == PushResult::rejected);          // oversized
  push(frame_payload(99, 1, kT0 + 1000 * kMs, {box_at(900, 800)}), false);                        // unknown camera
  push(observation_payload(77, 1, kT0 + 1000 * kMs, 3.0), false);                                 // unknown sensor
  push(frame_payload(1, 5, kT0 + 400 * kMs, {box_at(kU1, kV)}), false);                           // duplicate of seq 5
  push(frame_payload(1, 12, kT0 + 1100 * kMs, {box_at(kU1, kV)}), true);                          // out of order, in
  push(frame_payload(1, 11, kT0 + 1000 * kMs, {box_at(kU1, kV)}), true);                          //   the lateness
  push(frame_payload(2, 12, kT0 + 700 * kMs, {box_at(kU2, kV)}), true);                           // late (watermark 900 ms)
  push(frame_payload(2, 13, kT0 + 7'200'000 * kMs, {box_at(kU2, kV)}), true);                     // clock two hours ahead
  push(observation_payload(1, 1, kT0 + 1100 * kMs, 12.5), true);
  // And the graph goes on.
  for (int k = 12; k < 30; ++k) both_cameras(k, static_cast<std::uint64_t>(k + 1), static_cast<std::uint64_t>(k + 2));
  graph.drain();

  const FusionStats s = graph.stats();
  CHECK(s.received == static_cast<std::uint64_t>(pushed));
  CHECK(s.received == 66);
  CHECK(s.rejected[static_cast<std::size_t>(Reject::malformed_json)] == 1);
  CHECK(s.rejected[static_cast<std::size_t>(Reject::oversized)] == 1);
  CHECK(s.rejected[static_cast<std::size_t>(Reject::unknown_camera)] == 1);
  CHECK(s.rejected[static_cast<std::size_t>(Reject::unknown_sensor)] == 1);
  CHECK(s.rejected_total == 4);
  CHECK(s.duplicate == 1);
  CHECK(s.late == 1);
  CHECK(s.clock_jump == 1);
  CHECK(s.clock_resync == 0);
  CHECK(s.dropped == 0);
  CHECK(s.accepted == 61);  // 66 - 4 rejected - 1 duplicate
  CHECK(s.observations == 1);
  CHECK(s.detection_frames == 58);  // 61 - the observation - the late frame - the jumped frame
  CHECK(s.detections == 58);
  CHECK(s.ground_fixes == 58);
  CHECK(s.track_updates == 58);
  CHECK(s.latency.count == 58);
  CHECK(s.in_flight == 0);

  // The recording: exactly the accepted payloads, byte for byte, in the order pushed (one feed).
  CHECK(accepted.size() == s.accepted);
  CHECK(accepted == expected_accepted);
  REQUIRE(observations.size() == 1);
  CHECK(observations[0].sensor_id == 1);
  CHECK(observations[0].result == 12.5);
  CHECK(observations[0].unit == "m/s");
  CHECK(track_calls.load() == 58);
  CHECK(overlaps.load() == 0);

  // Two stationary objects, two confirmed tracks, where georeferencing puts the foot points (every
  // measurement identical, so the filter sits exactly on it), with ids from their partitions'
  // sequences (partition p: p+1, p+1+P, ...).
  const GroundFix f1 = georeference_pixel(*fx.world, camera_frame(fx.district.cameras[0]), kU1, kV);
  const GroundFix f2 = georeference_pixel(*fx.world, camera_frame(fx.district.cameras[1]), kU2, kV);
  REQUIRE(f1.ok);
  REQUIRE(f2.ok);
  CHECK(f1.x < 0.0);
  CHECK(f1.y < 0.0);
  CHECK(f2.x < 0.0);
  CHECK(f2.y > 0.0);
  const auto tracks = graph.snapshot();
  REQUIRE(tracks.size() == 2);
  CHECK(s.tracks == 2);
  std::map<std::uint64_t, GroundTrack> by_id;
  for (const auto& t : tracks) by_id[t.id] = t;
  REQUIRE(by_id.count(1) == 1);  // partition 0's first track
  REQUIRE(by_id.count(3) == 1);  // partition 2's first track
  CHECK(by_id[1].state == TrackState::confirmed);
  CHECK(by_id[1].x == Approx(f1.x).margin(1e-3));
  CHECK(by_id[1].y == Approx(f1.y).margin(1e-3));
  CHECK(by_id[3].x == Approx(f2.x).margin(1e-3));
  CHECK(by_id[3].y == Approx(f2.y).margin(1e-3));
}

TEST_CASE("fusion graph: several feed threads at once lose nothing and keep each feed's order", "[fusion][graph]") {
  Fixture fx;
  FusionGraphOptions o = small_options();
  o.time_order.lateness_us = 100'000 * kMs;  // threads interleave freely: nothing may count as late,
  o.capacity = 4096;                          // nor be pushed out of a full time-order buffer
  auto made = FusionGraph::create(fx.district, *fx.world, o);
  REQUIRE(made);
  FusionGraph& graph = **made;
  std::map<std::int32_t, std::vector<std::uint64_t>> seqs;  // written by the serial time-order node only
  graph.set_accepted_listener([&](std::string_view, const Message& m) { seqs[m.detections.camera_id].push_back(m.detections.seq); });

  constexpr int kFrames = 300;
  std::vector<std::thread> feeds;
  for (std::int32_t cam = 1; cam <= 4; ++cam) {
    feeds.emplace_back([&graph, cam] {
      for (int k = 0; k < kFrames; ++k)
        graph.push(frame_payload(cam, static_cast<std::uint64_t>(k + 1), kT0 + k * 200 * kMs, {box_at(800, 800), box_at(1100, 900)}), 0);
    });
  }
  for (auto& t : feeds) t.join();
  graph.drain();
  const FusionStats s = graph.stats();
  CHECK(s.received == 4 * kFrames);
  CHECK(s.accepted == 4 * kFrames);
  CHECK(s.late + s.duplicate + s.clock_jump + s.rejected_total + s.dropped == 0);
  CHECK(s.detection_frames == 4 * kFrames);
  CHECK(s.detections == 8 * kFrames);
  CHECK(s.in_flight == 0);
  for (std::int32_t cam = 1; cam <= 4; ++cam) {
    const auto& v = seqs[cam];
    REQUIRE(v.size() == kFrames);
    for (std::size_t i = 0; i < v.size(); ++i) CHECK(v[i] == i + 1);  // the sequencer keeps push order
  }
}

TEST_CASE("fusion graph: the drop policy counts what it drops, and only queued messages are accepted", "[fusion][graph]") {
  Fixture fx;
  FusionGraphOptions o = small_options();
  o.capacity = 2;
  o.overflow = Overflow::drop;
  auto made = FusionGraph::create(fx.district, *fx.world, o);
  REQUIRE(made);
  FusionGraph& graph = **made;
  std::vector<std::uint64_t> accepted;
  graph.set_accepted_listener([&](std::string_view, const Message& m) { accepted.push_back(m.detections.seq); });
  std::vector<std::string> payloads;
  for (int k = 0; k < 2000; ++k) payloads.push_back(frame_payload(1, static_cast<std::uint64_t>(k + 1), kT0 + k * 10 * kMs, {box_at(900, 800)}));
  std::vector<std::uint64_t> queued;
  std::uint64_t dropped = 0;
  for (int k = 0; k < 2000; ++k) {
    const PushResult r = graph.push(payloads[static_cast<std::size_t>(k)], 0);
    if (r == PushResult::queued) queued.push_back(static_cast<std::uint64_t>(k + 1));
    if (r == PushResult::dropped) ++dropped;
  }
  graph.drain();
  const FusionStats s = graph.stats();
  CHECK(s.received == 2000);
  CHECK(s.dropped == dropped);
  CHECK(queued.size() + dropped == 2000);
  CHECK(s.accepted == queued.size());
  CHECK(accepted == queued);
}

TEST_CASE("fusion graph: blocking with a tiny queue and a long lateness does not deadlock", "[fusion][graph]") {
  Fixture fx;
  FusionGraphOptions o = small_options();
  o.capacity = 4;  // the time-order buffer is capped at 2 so that push() always finds room again
  o.time_order.lateness_us = 100'000 * kMs;
  auto made = FusionGraph::create(fx.district, *fx.world, o);
  REQUIRE(made);
  FusionGraph& graph = **made;
  for (int k = 0; k < 500; ++k) graph.push(frame_payload(1, static_cast<std::uint64_t>(k + 1), kT0 + k * 10 * kMs, {box_at(900, 800)}), 0);
  graph.drain();
  const FusionStats s = graph.stats();
  CHECK(s.detection_frames == 500);
  CHECK(s.pressure_released >= 490);  // at most 2 held: nearly every arrival pushed one out
  CHECK(s.late == 0);
}

namespace {
// What one tick showed: its time, each track (id, time, position) and the readings' times.
struct TickSeen {
  std::int64_t t = 0;
  std::vector<std::tuple<std::uint64_t, std::int64_t, double, double>> tracks;
  std::vector<std::int64_t> observations;
  bool operator==(const TickSeen&) const = default;
};

// Cameras 1 and 2 at 5 Hz for 4 s (camera 2 50 ms after camera 1), one object each, and a wind
// reading every 700 ms from 130 ms; pushed in time order, then drained. Ticks every 500 ms.
std::vector<TickSeen> run_ticks(const Fixture& fx, int threads, std::vector<std::int64_t>& frame_times,
                                std::vector<std::int64_t>& obs_times, bool& overlapped) {
  FusionGraphOptions o = small_options();
  o.threads = threads;
  o.capacity = 256;
  o.tick_interval_us = 500 * kMs;
  auto made = FusionGraph::create(fx.district, *fx.world, o);
  REQUIRE(made);
  FusionGraph& graph = **made;
  std::vector<TickSeen> seen;
  std::atomic<int> inside{0};
  graph.set_tick_listener([&](std::int64_t t, std::span<const GroundTrack> tracks, std::span<const Observation> obs) {
    if (inside.fetch_add(1) != 0) overlapped = true;
    TickSeen k;
    k.t = t;
    for (const auto& tr : tracks) k.tracks.emplace_back(tr.id, tr.time_us, tr.x, tr.y);
    for (const auto& ob : obs) k.observations.push_back(ob.time_us);
    seen.push_back(std::move(k));
    inside.fetch_sub(1);
  });
  struct Item { std::int64_t t; std::string payload; };
  std::vector<Item> items;
  frame_times.clear();
  obs_times.clear();
  for (int k = 0; k < 20; ++k) {
    const std::int64_t t1 = kT0 + k * 200 * kMs, t2 = t1 + 50 * kMs;
    items.push_back({t1, frame_payload(1, static_cast<std::uint64_t>(k + 1), t1, {box_at(kU1, kV)})});
    items.push_back({t2, frame_payload(2, static_cast<std::uint64_t>(k + 1), t2, {box_at(kU2, kV)})});
    frame_times.push_back(t1);
    frame_times.push_back(t2);
  }
  for (int j = 0; j < 6; ++j) {
    const std::int64_t t = kT0 + 130 * kMs + j * 700 * kMs;
    items.push_back({t, observation_payload(1, static_cast<std::uint64_t>(j + 1), t, 10.0 + j)});
    obs_times.push_back(t);
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.t < b.t; });
  for (const auto& it : items) REQUIRE(graph.push(it.payload, 0) == PushResult::queued);
  graph.drain();
  return seen;
}
}  // namespace

TEST_CASE("fusion graph: ticks fall on message-time boundaries and see exactly the messages up to them", "[fusion][graph]") {
  Fixture fx;
  std::vector<std::int64_t> frames, obs;
  bool overlapped = false;
  const std::vector<TickSeen> one = run_ticks(fx, 1, frames, obs, overlapped);
  // The first message (0 ms) sits on a boundary; the ticks are 0, 500, ..., 3500 ms, and drain()
  // adds one at the newest message, camera 2's last frame at 19 x 200 + 50 = 3850 ms.
  REQUIRE(one.size() == 9);
  for (int i = 0; i < 8; ++i) CHECK(one[static_cast<std::size_t>(i)].t == kT0 + i * 500 * kMs);
  CHECK(one[8].t == kT0 + 3850 * kMs);
  std::int64_t previous = std::numeric_limits<std::int64_t>::min();
  std::size_t readings = 0;
  for (const TickSeen& k : one) {
    // The newest track time is the newest frame at or before the tick: every earlier frame has
    // reached its tracker, no later one has.
    std::int64_t newest_frame = 0, newest_track = 0;
    for (std::int64_t f : frames)
      if (f <= k.t) newest_frame = std::max(newest_frame, f);
    for (const auto& tr : k.tracks) newest_track = std::max(newest_track, std::get<1>(tr));
    CHECK(newest_track == newest_frame);
    CHECK(k.tracks.size() == (k.t < kT0 + 50 * kMs ? 1u : 2u));  // one object per camera (camera 2 from 50 ms)
    for (std::int64_t t : k.observations) {
      CHECK(t > previous);
      CHECK(t <= k.t);
    }
    readings += k.observations.size();
    previous = k.t;
  }
  CHECK(readings == obs.size());
  CHECK_FALSE(overlapped);
  // Two worker threads: the same ticks, bit for bit.
  const std::vector<TickSeen> two = run_ticks(fx, 2, frames, obs, overlapped);
  CHECK(two == one);
  CHECK_FALSE(overlapped);
}

TEST_CASE("fusion graph: bad options are refused with a reason", "[fusion][graph]") {
  Fixture fx;
  FusionGraphOptions o = small_options();
  o.partitions = 0;
  o.capacity = 1;
  auto made = FusionGraph::create(fx.district, *fx.world, o);
  REQUIRE_FALSE(made);
  CHECK(made.errors().size() == 2);
  CHECK(made.errors().to_string().find("partitions") != std::string::npos);
}

TEST_CASE("area grid: the factorisation closest to square cells, points clamped to the edge", "[fusion][graph]") {
  // 100 m x 50 m in 8: 1x8 (cells 100 x 6.25), 2x4 (50 x 12.5), 4x2 (25 x 25), 8x1 (12.5 x 50): 4x2.
  const AreaGrid g(0, 0, 100, 50, 8);
  CHECK(g.columns() == 4);
  CHECK(g.rows() == 2);
  CHECK(g.partition_of(10, 10) == 0);
  CHECK(g.partition_of(99, 49) == 7);
  CHECK(g.partition_of(30, 30) == 5);     // column 1 (30 / 25), row 1
  CHECK(g.partition_of(-10, 100) == 4);   // clamped: column 0, row 1
  CHECK(g.partition_of(1e9, -1e9) == 3);  // clamped: column 3, row 0
  // A prime count on a square: 1x7 and 7x1 are equally far from square; fewer columns wins.
  const AreaGrid h(0, 0, 100, 100, 7);
  CHECK(h.columns() == 1);
  CHECK(h.rows() == 7);
}

TEST_CASE("latency histogram: log buckets, nearest-rank percentiles at bucket upper edges", "[fusion][graph]") {
  // 1000 µs = 2^9 * 1.953: octave 9, sub-bucket floor(0.953 * 8) = 7 → bucket 1 + 9*8 + 7 = 80,
  // covering [960, 1024).
  CHECK(LatencyHistogram::bucket_of(1000) == 80);
  CHECK(LatencyHistogram::bucket_upper_us(80) == 1024.0);
  CHECK(LatencyHistogram::bucket_of(0) == 0);
  CHECK(LatencyHistogram::bucket_of(1) == 1);
  CHECK(LatencyHistogram::bucket_of(2) == 9);
  LatencyHistogram h;
  for (int us = 1; us <= 1000; ++us) h.record(us);
  h.record(-5);  // a clock that ran backwards counts as 0
  const LatencySummary s = h.summary();
  CHECK(s.count == 1001);
  // p50: rank ceil(0.5 * 1001) = 501 → the value 500 (0 is the first) → bucket [480, 512).
  CHECK(s.p50_ms == Approx(0.512));
  // p95: rank 951 → value 950 → [896, 960).   p99: rank 991 → value 990 → [960, 1024), capped at max.
  CHECK(s.p95_ms == Approx(0.960));
  CHECK(s.p99_ms == Approx(1.000));
  CHECK(s.max_ms == Approx(1.000));
  CHECK(s.mean_ms == Approx(500500.0 / 1001.0 / 1000.0));
}
