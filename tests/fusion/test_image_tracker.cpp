// The image-plane tracker on synthetic boxes: objects moving linearly with noise, an occlusion, a
// false alarm and low-score clutter.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "dpt/fusion/image_tracker.h"

using namespace dpt::fusion;

namespace {

MotBox box(float x, float y, float w, float h, float conf = 0.95f) {
  MotBox b;
  b.x = x;
  b.y = y;
  b.w = w;
  b.h = h;
  b.conf = conf;
  return b;
}

// Three people, 40 x 100 px, on separate rows: A walks right 3 px/frame, B walks left 2 px/frame,
// C drifts down 1 px/frame. B is hidden in frames 20-24.
constexpr int kFrames = 60;
MotBox truth(int object, int frame) {
  const auto t = static_cast<float>(frame);
  switch (object) {
    case 0: return box(100.f + 3.f * t, 50.f, 40.f, 100.f);
    case 1: return box(400.f - 2.f * t, 250.f, 40.f, 100.f);
    default: return box(700.f, 300.f + 1.f * t, 40.f, 100.f);
  }
}
bool hidden(int object, int frame) { return object == 1 && frame >= 20 && frame <= 24; }

// The ground-truth object a box belongs to (IoU > 0.5), or -1.
int object_of(const MotBox& b, int frame) {
  for (int o = 0; o < 3; ++o) {
    if (mot_box_iou(b, truth(o, frame)) > 0.5) return o;
  }
  return -1;
}

struct Run {
  std::vector<std::vector<MotBox>> online;  // current() after each frame (index = frame)
  std::vector<MotBox> results;
};

Run run(const ImageTrackerParams& params, double noise_px) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> noise(-static_cast<float>(noise_px), static_cast<float>(noise_px));
  ImageTracker tracker(params, 30.0);
  Run r;
  r.online.resize(kFrames + 1);
  std::vector<MotBox> dets;
  for (int f = 1; f <= kFrames; ++f) {
    dets.clear();
    for (int o = 0; o < 3; ++o) {
      if (hidden(o, f)) continue;
      MotBox b = truth(o, f);
      b.x += noise(rng);
      b.y += noise(rng);
      b.w += noise(rng);
      b.h += noise(rng);
      dets.push_back(b);
    }
    if (f == 30) dets.push_back(box(1000.f, 600.f, 40.f, 100.f));           // a one-frame false alarm
    if (f >= 10 && f < 30) dets.push_back(box(1200.f, 50.f, 40.f, 100.f, 0.3f));  // clutter below min_score
    if (f >= 10 && f < 30) dets.push_back(box(1200.f, 400.f, 40.f, 100.f, 0.6f));  // too weak to start a track
    tracker.step(f, dets);
    r.online[static_cast<std::size_t>(f)].assign(tracker.current().begin(), tracker.current().end());
  }
  r.results = tracker.results();
  return r;
}

}  // namespace

TEST_CASE("box IoU by hand", "[fusion][image_tracker]") {
  // Two 10 x 10 squares offset by 5: intersection 50, union 150.
  CHECK(mot_box_iou(box(0, 0, 10, 10), box(5, 0, 10, 10)) == Approx(1.0 / 3.0));
  CHECK(mot_box_iou(box(0, 0, 10, 10), box(10, 0, 10, 10)) == 0.0);  // touching edges
  CHECK(mot_box_iou(box(0, 0, 10, 10), box(0, 0, 10, 10)) == Approx(1.0));
  CHECK(mot_box_iou(box(0, 0, 0, 10), box(0, 0, 10, 10)) == 0.0);
}

TEST_CASE("the tracker keeps one stable id per object through noise and an occlusion", "[fusion][image_tracker]") {
  const Run r = run(ImageTrackerParams{}, 1.5);

  std::map<int, std::set<int>> ids_of_object;
  std::set<int> all_ids;
  for (const MotBox& b : r.results) {
    const int o = object_of(b, b.frame);
    REQUIRE(o >= 0);  // nothing but the three people: no false alarm, no clutter
    ids_of_object[o].insert(b.id);
    all_ids.insert(b.id);
  }
  CHECK(all_ids.size() == 3);
  for (int o = 0; o < 3; ++o) {
    INFO("object " << o);
    CHECK(ids_of_object[o].size() == 1);
  }

  // Every frame of every object is in the results: backfill covers frames 1-3 (tentative until
  // the 4th match) and interpolation covers B's 5 hidden frames.
  std::map<std::pair<int, int>, int> seen;  // (object, frame) -> count
  for (const MotBox& b : r.results) ++seen[{object_of(b, b.frame), b.frame}];
  for (int o = 0; o < 3; ++o) {
    for (int f = 1; f <= kFrames; ++f) {
      INFO("object " << o << " frame " << f);
      CHECK(seen[{o, f}] == 1);
    }
  }
  // B's interpolated boxes follow its straight path closely.
  const int id_b = *ids_of_object[1].begin();
  int filled = 0;
  for (const MotBox& b : r.results) {
    if (b.id != id_b || !hidden(1, b.frame)) continue;
    CHECK(mot_box_iou(b, truth(1, b.frame)) > 0.85);
    ++filled;
  }
  CHECK(filled == 5);
}

TEST_CASE("online output holds confirmed, matched tracks only", "[fusion][image_tracker]") {
  const Run r = run(ImageTrackerParams{}, 1.5);
  // min_hits = 4: frames 1-3 are tentative, frame 4 confirms all three.
  CHECK(r.online[1].empty());
  CHECK(r.online[3].empty());
  CHECK(r.online[4].size() == 3);
  // During the occlusion B coasts: it is not output online.
  for (int f = 20; f <= 24; ++f) {
    INFO("frame " << f);
    CHECK(r.online[static_cast<std::size_t>(f)].size() == 2);
  }
  CHECK(r.online[25].size() == 3);
  // Ids are 1, 2, 3 in order of confirmation.
  std::set<int> ids;
  for (const MotBox& b : r.online[4]) ids.insert(b.id);
  CHECK(ids == std::set<int>{1, 2, 3});
}

TEST_CASE("without backfill or gap filling the results are the online output", "[fusion][image_tracker]") {
  ImageTrackerParams p;
  p.backfill = false;
  p.max_gap_s = 0.0;
  const Run r = run(p, 1.5);
  std::size_t online_total = 0;
  for (const auto& frame : r.online) online_total += frame.size();
  CHECK(r.results.size() == online_total);
  // 3 objects x 57 confirmed frames (4..60), less B's 5 hidden frames.
  CHECK(r.results.size() == 3 * 57 - 5);
  for (const MotBox& b : r.results) CHECK(b.frame >= 4);
}

TEST_CASE("the Kalman filter follows constant velocity without lag", "[fusion][image_tracker]") {
  // Noise-free detections: the constant-velocity filter's posterior converges onto the truth.
  const Run r = run(ImageTrackerParams{}, 0.0);
  for (const MotBox& b : r.online[kFrames]) {
    const MotBox t = truth(object_of(b, kFrames), kFrames);
    CHECK(b.x == Approx(t.x).margin(0.05));
    CHECK(b.y == Approx(t.y).margin(0.05));
    CHECK(b.w == Approx(t.w).margin(0.05));
    CHECK(b.h == Approx(t.h).margin(0.05));
  }
}

TEST_CASE("a track is deleted after max_age without a match", "[fusion][image_tracker]") {
  ImageTrackerParams p;
  p.max_age_s = 0.5;  // 15 frames at 30 frames/s
  ImageTracker tracker(p, 30.0);
  const MotBox b = box(10, 10, 40, 100);
  for (int f = 1; f <= 5; ++f) tracker.step(f, std::span<const MotBox>(&b, 1));
  CHECK(tracker.live_tracks() == 1);
  for (int f = 6; f <= 20; ++f) tracker.step(f, {});  // 15 misses: still coasting
  CHECK(tracker.live_tracks() == 1);
  tracker.step(21, {});  // the 16th miss
  CHECK(tracker.live_tracks() == 0);
  CHECK(tracker.stats().tracks_confirmed == 1);
  CHECK(tracker.stats().frames == 21);
}
