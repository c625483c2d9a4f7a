#pragma once
// The ground-plane multi-object tracker: one constant-velocity Kalman filter per track in the
// district frame (x, y, vx, vy), Mahalanobis gating, global-nearest-neighbour assignment per camera
// frame (assignment.h), class-aware, and a life cycle: tentative → confirmed → coasting → deleted.
// Several cameras seeing one object update one track: each camera frame is one batch, associated
// against every live track. Not thread-safe: the flow graph runs one tracker per area partition
// in a serial node.
#include <cstdint>
#include <span>
#include <vector>

#include "dpt/fusion/assignment.h"
#include "dpt/fusion/messages.h"

namespace dpt::fusion {

// A georeferenced detection.
struct GroundMeasurement {
  double x = 0.0, y = 0.0;                 // district frame, m
  double cxx = 1.0, cxy = 0.0, cyy = 1.0;  // position covariance, m^2
  ObjectClass cls = ObjectClass::unknown;
  float score = 0.f;
  std::int32_t camera_id = 0;
};

enum class TrackState : std::uint8_t { tentative, confirmed, coasting, deleted };
const char* to_string(TrackState s);

struct GroundTrack {
  std::uint64_t id = 0;  // unique within the tracker, never reused
  TrackState state = TrackState::tentative;
  ObjectClass cls = ObjectClass::unknown;
  double x = 0.0, y = 0.0, vx = 0.0, vy = 0.0;
  double P[16] = {};  // covariance of (x, y, vx, vy), row-major
  std::int64_t born_us = 0, last_update_us = 0, time_us = 0;  // time_us: the state's time
  std::int32_t hits = 0;         // updates since birth
  std::int32_t misses = 0;       // consecutive frames of a camera that saw its area without it
  std::int32_t last_camera = 0;
};

struct GroundTrackerParams {
  double accel_sigma = 2.0;        // white-acceleration process noise, m/s^2 (people ~1, cars ~3)
  double gate_chi2 = 13.82;        // chi-square 2 dof, 99.9%
  double birth_min_score = 0.3;    // weaker detections update tracks but never start one
  int confirm_hits = 3;            // tentative → confirmed
  double tentative_timeout_s = 1.0;  // a tentative track not updated for this long is deleted
  double coast_after_s = 0.5;      // confirmed → coasting when not updated for this long
  double delete_after_s = 5.0;     // coasting → deleted (identity kept through shorter occlusions)
  double max_position_sigma_m = 50.0;  // a coasting track whose position sigma grows past this dies
};

class GroundTracker {
 public:
  explicit GroundTracker(GroundTrackerParams p = {}, std::uint64_t first_id = 1, std::uint64_t id_stride = 1);

  // One camera frame's georeferenced detections at `time_us`. Predicts every live track to
  // time_us (tracks never move backwards: a frame older than a track's state time updates it as
  // if at the track's time), gates, assigns, updates, starts tentative tracks from unassigned
  // detections, ages the rest. Allocation-free once warm.
  void update(std::int64_t time_us, std::int32_t camera_id, std::span<const GroundMeasurement> batch);
  // Ages tracks to `time_us` without measurements (coasting, deletion).
  void advance(std::int64_t time_us);

  // Live tracks (deleted ones removed at the next update/advance).
  std::span<const GroundTrack> tracks() const { return tracks_; }
  std::uint64_t tracks_started() const { return started_; }

 private:
  GroundTrackerParams p_;
  std::uint64_t next_id_, id_stride_, started_ = 0;
  std::vector<GroundTrack> tracks_;
  std::vector<double> cost_;
  std::vector<std::int32_t> assign_;
  std::vector<std::uint8_t> used_;
  AssignmentWorkspace ws_;
};

}  // namespace dpt::fusion
