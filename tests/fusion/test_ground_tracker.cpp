// The ground tracker: the constant-velocity Kalman step against a hand-worked case, then whole
// scenarios — one noisy object at constant velocity, two cameras taking turns, two crossing
// objects of different classes, occlusions shorter and longer than delete_after_s, false alarms
// that never confirm, disjoint id series, and frames that arrive late.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <vector>

#include "../../engine/fusion/src/cv_kalman.h"  // private header: checked by hand below
#include "dpt/core/rng.h"
#include "dpt/fusion/ground_tracker.h"

namespace {

using dpt::fusion::GroundMeasurement;
using dpt::fusion::GroundTrack;
using dpt::fusion::GroundTracker;
using dpt::fusion::ObjectClass;
using dpt::fusion::TrackState;

constexpr std::int64_t kSecond = 1'000'000;
constexpr std::int64_t kFrame = 200'000;  // 5 Hz

GroundMeasurement meas(double x, double y, ObjectClass c, double sigma = 0.5, float score = 0.9f, int cam = 1) {
  GroundMeasurement m;
  m.x = x;
  m.y = y;
  m.cxx = m.cyy = sigma * sigma;
  m.cxy = 0.0;
  m.cls = c;
  m.score = score;
  m.camera_id = cam;
  return m;
}

const GroundTrack* find_id(const GroundTracker& t, std::uint64_t id) {
  for (const GroundTrack& tr : t.tracks())
    if (tr.id == id && tr.state != TrackState::deleted) return &tr;
  return nullptr;
}

int count_state(const GroundTracker& t, TrackState s) {
  int n = 0;
  for (const GroundTrack& tr : t.tracks()) n += tr.state == s;
  return n;
}

}  // namespace

TEST_CASE("Constant-velocity Kalman step, worked by hand") {
  using namespace dpt::fusion::detail;
  // P = I, dt = 1 s, accel variance 4: F P F^T = [[2,0,1,0],[0,2,0,1],[1,0,1,0],[0,1,0,1]],
  // Q = 4 [[1/4, 1/2],[1/2, 1]] per axis → P' = [[3,0,3,0],[0,3,0,3],[3,0,5,0],[0,3,0,5]].
  const double s[4] = {1.0, 2.0, 3.0, -1.0};
  double P[16] = {};
  P[0] = P[5] = P[10] = P[15] = 1.0;
  CvState st;
  cv_predict(s, P, 1.0, 4.0, st);
  CHECK(st.s[0] == Approx(4.0));
  CHECK(st.s[1] == Approx(1.0));
  CHECK(st.s[2] == Approx(3.0));
  CHECK(st.s[3] == Approx(-1.0));
  const double expected[16] = {3, 0, 3, 0, 0, 3, 0, 3, 3, 0, 5, 0, 0, 3, 0, 5};
  for (int k = 0; k < 16; ++k) CHECK(st.P[k] == Approx(expected[k]));
  // Measure (7, 1) with R = I: S = 4 I, d^2 = 9/4, ln det S = ln 16; K = [3/4, 0; 0, 3/4; 3/4, 0; 0, 3/4].
  Innovation in;
  REQUIRE(cv_innovation(st, 7.0, 1.0, 1.0, 0.0, 1.0, in));
  CHECK(in.d2 == Approx(9.0 / 4.0));
  CHECK(in.log_det == Approx(std::log(16.0)));
  cv_update(st, in);
  CHECK(st.s[0] == Approx(4.0 + 0.75 * 3.0));
  CHECK(st.s[2] == Approx(3.0 + 0.75 * 3.0));
  CHECK(st.s[1] == Approx(1.0));
  // P - K S K^T: xx 3 - 9/4, xv 3 - 9/4, vv 5 - 9/4.
  CHECK(st.P[0] == Approx(0.75));
  CHECK(st.P[2] == Approx(0.75));
  CHECK(st.P[8] == Approx(0.75));
  CHECK(st.P[10] == Approx(2.75));
  CHECK(st.P[1] == Approx(0.0).margin(1e-12));
}

TEST_CASE("One object at constant velocity with noise: one confirmed track, velocity within 10%") {
  GroundTracker tracker;
  // A car at (10, 5) m/s crosses several 64 m hash cells in 20 s.
  const double vx = 10.0, vy = 5.0, sigma = 0.5;
  dpt::CounterRng rng(11, dpt::rng_stream("test.tracker.cv"), 0, 0);
  std::vector<GroundMeasurement> batch(1);
  for (int k = 0; k <= 100; ++k) {
    const std::int64_t t = k * kFrame;
    const double ts = static_cast<double>(t) * 1e-6;
    batch[0] = meas(-100.0 + vx * ts + sigma * rng.normal(), 20.0 + vy * ts + sigma * rng.normal(), ObjectClass::car, sigma);
    tracker.update(t, 1, batch);
    if (k % 5 == 4) tracker.advance(t);
  }
  CHECK(tracker.tracks_started() == 1);
  REQUIRE(tracker.tracks().size() == 1);
  const GroundTrack& tr = tracker.tracks()[0];
  CHECK(tr.state == TrackState::confirmed);
  CHECK(tr.cls == ObjectClass::car);
  CHECK(tr.hits == 101);
  CHECK(std::hypot(tr.vx - vx, tr.vy - vy) < 0.1 * std::hypot(vx, vy));
  CHECK(std::hypot(tr.x - (-100.0 + vx * 20.0), tr.y - (20.0 + vy * 20.0)) < 1.0);
}

TEST_CASE("Two cameras seeing one object in turn, or at the same instant, update one track") {
  GroundTracker tracker;
  dpt::CounterRng rng(12, dpt::rng_stream("test.tracker.two_cameras"), 0, 0);
  std::vector<GroundMeasurement> batch(1);
  std::set<int> cameras_seen;
  for (int k = 0; k < 75; ++k) {
    const std::int64_t t = k * kFrame;
    const double ts = static_cast<double>(t) * 1e-6;
    const double x = 1.4 * ts, y = -0.5 * ts;
    // Camera 1 on even frames, camera 2 on odd ones; every fifth frame both at once.
    for (int cam : {1, 2}) {
      if (k % 5 != 0 && (k % 2 == 0) != (cam == 1)) continue;
      // Each camera's georeferencing has its own error (bias 0.3 m) and noise.
      const double bias = cam == 1 ? 0.3 : -0.3;
      batch[0] = meas(x + bias + 0.3 * rng.normal(), y + 0.3 * rng.normal(), ObjectClass::person, 0.5, 0.9f, cam);
      tracker.update(t, cam, batch);
      if (!tracker.tracks().empty()) cameras_seen.insert(tracker.tracks()[0].last_camera);
    }
    if (k % 5 == 4) tracker.advance(t);
  }
  CHECK(tracker.tracks_started() == 1);
  REQUIRE(tracker.tracks().size() == 1);
  CHECK(tracker.tracks()[0].state == TrackState::confirmed);
  CHECK(cameras_seen == std::set<int>{1, 2});
}

TEST_CASE("Two crossing objects of different classes keep their ids") {
  GroundTracker tracker;
  dpt::CounterRng rng(13, dpt::rng_stream("test.tracker.crossing"), 0, 0);
  std::vector<GroundMeasurement> batch(2);
  // A person walking east and a car creeping west along the same line, meeting at x = 0 at 10 s.
  for (int k = 0; k <= 100; ++k) {
    const std::int64_t t = k * kFrame;
    const double ts = static_cast<double>(t) * 1e-6;
    batch[0] = meas(-15.0 + 1.5 * ts + 0.3 * rng.normal(), 0.3 * rng.normal(), ObjectClass::person);
    batch[1] = meas(15.0 - 1.5 * ts + 0.3 * rng.normal(), 0.3 * rng.normal(), ObjectClass::car);
    if (k % 2) std::swap(batch[0], batch[1]);  // order within a frame must not matter
    tracker.update(t, 1, batch);
    if (k % 5 == 4) tracker.advance(t);
  }
  CHECK(tracker.tracks_started() == 2);
  REQUIRE(tracker.tracks().size() == 2);
  for (const GroundTrack& tr : tracker.tracks()) {
    CHECK(tr.state == TrackState::confirmed);
    if (tr.cls == ObjectClass::person) {
      CHECK(tr.x == Approx(15.0).margin(1.0));
      CHECK(tr.vx == Approx(1.5).margin(0.3));
    } else {
      CHECK(tr.cls == ObjectClass::car);
      CHECK(tr.x == Approx(-15.0).margin(1.0));
      CHECK(tr.vx == Approx(-1.5).margin(0.3));
    }
  }
}

namespace {
// An object at (1.2, 0.8) m/s seen for 6 s, hidden for `gap_s`, then seen for 4 s more; advance
// every 0.2 s throughout. Returns the tracker; `first_id` gets the id of the first track.
GroundTracker run_occlusion(double gap_s, std::uint64_t& first_id, bool& coasted) {
  GroundTracker tracker;
  dpt::CounterRng rng(14, dpt::rng_stream("test.tracker.occlusion"), 0, 0);
  std::vector<GroundMeasurement> batch(1);
  const std::int64_t gap_from = 6 * kSecond, gap_to = gap_from + static_cast<std::int64_t>(gap_s * kSecond);
  coasted = false;
  first_id = 0;
  for (std::int64_t t = 0; t <= gap_to + 4 * kSecond; t += kFrame) {
    const double ts = static_cast<double>(t) * 1e-6;
    if (t < gap_from || t >= gap_to) {
      batch[0] = meas(1.2 * ts + 0.2 * rng.normal(), 0.8 * ts + 0.2 * rng.normal(), ObjectClass::person, 0.3);
      tracker.update(t, 1, batch);
    }
    tracker.advance(t);
    if (first_id == 0 && !tracker.tracks().empty()) first_id = tracker.tracks()[0].id;
    if (t > gap_from && t < gap_to && first_id != 0) {
      const GroundTrack* tr = find_id(tracker, first_id);
      if (tr && tr->state == TrackState::coasting) coasted = true;
    }
  }
  return tracker;
}
}  // namespace

TEST_CASE("An occlusion of 3 s keeps the id; one of 10 s ends the track and a new id follows") {
  std::uint64_t id = 0;
  bool coasted = false;
  {
    const GroundTracker t = run_occlusion(3.0, id, coasted);
    CHECK(coasted);
    CHECK(t.tracks_started() == 1);
    REQUIRE(t.tracks().size() == 1);
    CHECK(t.tracks()[0].id == id);
    CHECK(t.tracks()[0].state == TrackState::confirmed);
  }
  {
    const GroundTracker t = run_occlusion(10.0, id, coasted);
    CHECK(coasted);
    CHECK(t.tracks_started() == 2);
    REQUIRE(t.tracks().size() == 1);
    CHECK(t.tracks()[0].id != id);
    CHECK(t.tracks()[0].state == TrackState::confirmed);
  }
}

TEST_CASE("Single false alarms start tentative tracks that die; the real object is confirmed") {
  GroundTracker tracker;
  dpt::CounterRng rng(15, dpt::rng_stream("test.tracker.false_alarms"), 0, 0);
  std::vector<GroundMeasurement> batch(3);
  int max_tentative = 0;
  for (int k = 0; k < 50; ++k) {
    const std::int64_t t = k * kFrame;
    const double ts = static_cast<double>(t) * 1e-6;
    batch[0] = meas(1.0 * ts, 2.0, ObjectClass::person, 0.3);
    // Two false alarms per frame anywhere in a 4 km square: never twice within a gate of each other.
    batch[1] = meas(-2000.0 + 4000.0 * rng.uniform(), -2000.0 + 4000.0 * rng.uniform(), ObjectClass::car, 1.0, 0.5f);
    batch[2] = meas(-2000.0 + 4000.0 * rng.uniform(), -2000.0 + 4000.0 * rng.uniform(), ObjectClass::person, 1.0, 0.5f);
    tracker.update(t, 1, batch);
    max_tentative = std::max(max_tentative, count_state(tracker, TrackState::tentative));
    tracker.advance(t);
  }
  CHECK(tracker.tracks_started() == 1 + 2 * 50);
  CHECK(max_tentative >= 2);
  // Only the real object is confirmed; the false alarms live at most tentative_timeout_s.
  CHECK(count_state(tracker, TrackState::confirmed) == 1);
  CHECK(count_state(tracker, TrackState::coasting) == 0);
  CHECK(count_state(tracker, TrackState::tentative) <= 2 * 6);
  tracker.advance(50 * kFrame + 2 * kSecond);
  for (const GroundTrack& tr : tracker.tracks()) CHECK(tr.state != TrackState::tentative);
  // Weak detections (below birth_min_score) start nothing.
  GroundTracker quiet;
  batch.assign(1, meas(0.0, 0.0, ObjectClass::person, 0.5, 0.1f));
  quiet.update(0, 1, batch);
  CHECK(quiet.tracks_started() == 0);
}

TEST_CASE("Ids follow first_id + k * id_stride and are never reused") {
  GroundTracker tracker({}, 3, 4);
  std::vector<GroundMeasurement> batch = {meas(0, 0, ObjectClass::person), meas(100, 0, ObjectClass::car),
                                          meas(0, 100, ObjectClass::bus)};
  tracker.update(0, 1, batch);
  std::set<std::uint64_t> ids;
  for (const GroundTrack& tr : tracker.tracks()) ids.insert(tr.id);
  CHECK(ids == std::set<std::uint64_t>{3, 7, 11});
  tracker.advance(10 * kSecond);  // all three die
  CHECK(tracker.tracks().empty());
  tracker.update(10 * kSecond, 1, std::span<const GroundMeasurement>(batch.data(), 1));
  REQUIRE(tracker.tracks().size() == 1);
  CHECK(tracker.tracks()[0].id == 15);
}

TEST_CASE("A late frame updates a track as of its own time; tracks never move backwards") {
  GroundTracker tracker;
  std::vector<GroundMeasurement> batch(1);
  for (int k = 0; k < 10; ++k) {
    batch[0] = meas(2.0 * k * 0.2, 0.0, ObjectClass::car, 0.2);
    tracker.update(k * kFrame, 1, batch);
  }
  REQUIRE(tracker.tracks().size() == 1);
  const std::int64_t before = tracker.tracks()[0].time_us;
  batch[0] = meas(2.0 * 8 * 0.2, 0.0, ObjectClass::car, 0.2, 0.9f, 2);  // camera 2, 0.2 s late
  tracker.update(8 * kFrame, 2, batch);
  REQUIRE(tracker.tracks().size() == 1);
  CHECK(tracker.tracks()[0].time_us == before);
  CHECK(tracker.tracks()[0].hits == 11);
  CHECK(tracker.tracks()[0].last_camera == 2);
}

TEST_CASE("Without advance() calls, update() ages and removes tracks itself (auto_advance_s)") {
  GroundTracker tracker;  // auto_advance_s = 1
  std::vector<GroundMeasurement> batch(1);
  // An object seen for 2 s near the origin, then only a second object 1 km away for 10 s.
  for (int k = 0; k < 10; ++k) {
    batch[0] = meas(0.2 * k, 0.0, ObjectClass::person, 0.3);
    tracker.update(k * kFrame, 1, batch);
  }
  REQUIRE(tracker.tracks().size() == 1);
  const std::uint64_t first = tracker.tracks()[0].id;
  bool coasted = false;
  for (int k = 10; k < 60; ++k) {
    batch[0] = meas(1000.0, 0.0, ObjectClass::car, 0.3);
    tracker.update(k * kFrame, 2, batch);
    const GroundTrack* tr = find_id(tracker, first);
    if (tr && tr->state == TrackState::coasting) coasted = true;
  }
  CHECK(coasted);
  CHECK(find_id(tracker, first) == nullptr);
  REQUIRE(tracker.tracks().size() == 1);
  CHECK(tracker.tracks()[0].cls == ObjectClass::car);
  // With auto_advance_s = 0 nothing ages until advance() is called.
  dpt::fusion::GroundTrackerParams p;
  p.auto_advance_s = 0.0;
  GroundTracker manual(p);
  batch[0] = meas(0.0, 0.0, ObjectClass::person, 0.3);
  manual.update(0, 1, batch);
  batch[0] = meas(1000.0, 0.0, ObjectClass::car, 0.3);
  manual.update(20 * kSecond, 2, batch);
  CHECK(manual.tracks().size() == 2);
  manual.advance(20 * kSecond);
  CHECK(manual.tracks().size() == 1);
}
