#pragma once
// The ground-plane multi-object tracker: one constant-velocity Kalman filter per track in the
// district frame (x, y, vx, vy), Mahalanobis gating, global-nearest-neighbour assignment per camera
// frame (assignment.h), class-aware, and a life cycle: tentative → confirmed → coasting → deleted.
// Several cameras seeing one object update one track: each camera frame is one batch, associated
// against the live tracks near its measurements. Not thread-safe: the flow graph runs one tracker
// per area partition in a serial node.
//
// Cost per camera frame: the tracks live in a spatial hash of `cell_m` cells, and a frame only
// looks at the 3 x 3 cells around each measurement, so it costs in proportion to the tracks near
// its measurements, not to all live tracks. Ageing (coasting, deletion) is time-based and lazy:
// `advance` ages every track and re-bins each at its predicted position; `update` ages only the
// tracks it touches.
#include <cstdint>
#include <span>
#include <utility>
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

// Laid out for the tracker's inner loop: everything gating and ageing read sits in the first 64
// bytes (one cache line); the covariance follows.
struct alignas(64) GroundTrack {
  double x = 0.0, y = 0.0, vx = 0.0, vy = 0.0;  // at time_us
  std::int64_t time_us = 0, last_update_us = 0;  // time_us: the state's time
  float pos_var = 0.f, vel_var = 0.f;  // traces of P's position and velocity blocks (fast gating bound)
  TrackState state = TrackState::tentative;
  ObjectClass cls = ObjectClass::unknown;  // unknown until a measurement of a known class updates it
  std::int32_t last_camera = 0;
  std::uint64_t id = 0;  // unique within the tracker (and across trackers with disjoint id series), never reused
  std::int64_t born_us = 0;
  std::int32_t hits = 0;    // updates since birth
  std::int32_t misses = 0;  // consecutive camera frames with a measurement nearby (3 x 3 cells) but none assigned
  double P[16] = {};        // covariance of (x, y, vx, vy), row-major
};

// The position of track `t` predicted to `time_us` (constant velocity; no earlier than its state).
void predict_position(const GroundTrack& t, std::int64_t time_us, double& x, double& y);

struct GroundTrackerParams {
  double accel_sigma = 2.0;        // white-acceleration process noise, m/s^2 (people ~1, cars ~3)
  double gate_chi2 = 13.82;        // chi-square 2 dof, 99.9%
  double birth_min_score = 0.3;    // weaker detections update tracks but never start one
  int confirm_hits = 3;            // tentative → confirmed
  double tentative_timeout_s = 1.0;  // a tentative track not updated for this long is deleted
  double coast_after_s = 0.5;      // confirmed → coasting when not updated for this long
  double delete_after_s = 5.0;     // coasting → deleted (identity kept through shorter occlusions)
  double max_position_sigma_m = 50.0;  // a coasting track whose position sigma grows past this dies
  // Initial velocity sigma of a new track, m/s: people walk (~1.4 m/s), vehicles drive.
  double birth_speed_sigma_person = 2.0;
  double birth_speed_sigma_vehicle = 12.0;
  // Spatial hash cell, m. A track is a candidate for a measurement when its binned position (its
  // position at its last update, or predicted at the last advance) lies in the 3 x 3 cells around
  // the measurement's cell: the cell must exceed the gate radius plus the distance a track moves
  // between advance() calls (call advance about once a second).
  double cell_m = 64.0;
  // update() calls advance() itself when its frame time is this far past the last advance, so a
  // caller that never calls advance() still gets ageing and re-binning (0: only explicit calls).
  double auto_advance_s = 1.0;
};

namespace detail {
// Open-addressing hash from a grid cell to the first track of the cell's singly linked list.
class TrackCells {
 public:
  void clear();
  // Head of the cell's list (-1 if none).
  std::int32_t head(std::uint64_t cell) const;
  // Head slot of the cell, created if missing (may rehash: allocates only while growing).
  std::int32_t& head_slot(std::uint64_t cell);

 private:
  std::size_t find(std::uint64_t cell) const;
  void grow();
  std::vector<std::uint64_t> keys_;
  std::vector<std::int32_t> heads_;  // kEmpty marks an unused slot
  std::size_t used_ = 0;
};
}  // namespace detail

class GroundTracker {
 public:
  explicit GroundTracker(GroundTrackerParams p = {}, std::uint64_t first_id = 1, std::uint64_t id_stride = 1);

  // Reserves room for `tracks` live tracks and frames of `measurements` boxes, so that updates
  // do not allocate.
  void reserve(std::size_t tracks, std::size_t measurements = 64);

  // One camera frame's georeferenced detections at `time_us`. First advance(time_us) when
  // auto_advance_s has passed since the last one. Predicts the live tracks near the
  // measurements to time_us (tracks never move backwards: a frame older than a track's state time
  // updates it as if at the track's time), gates, assigns, updates, starts tentative tracks from
  // unassigned detections with score >= birth_min_score. Allocation-free once warm.
  void update(std::int64_t time_us, std::int32_t camera_id, std::span<const GroundMeasurement> batch);
  // Ages every track to `time_us` without measurements (confirmed → coasting → deleted, tentative
  // → deleted), removes the deleted ones and re-bins the others at their predicted positions.
  // O(live tracks): call it about once a second, not per frame.
  void advance(std::int64_t time_us);

  // Live tracks, grouped by area (advance() sorts them by hash cell; tracks born since follow).
  // Tracks that update() found expired are marked `deleted` and removed by the next advance();
  // states are as of the last update/advance that touched them.
  std::span<const GroundTrack> tracks() const { return tracks_; }
  std::uint64_t tracks_started() const { return started_; }
  const GroundTrackerParams& params() const { return p_; }

 private:
  std::uint64_t cell_of(double x, double y) const;
  void link(std::int32_t i, std::uint64_t cell);
  void unlink(std::int32_t i);
  void rebin_all(std::int64_t time_us);
  // Applies the time-based life cycle at `time_us`; false when the track is (now) deleted.
  bool age(GroundTrack& t, std::int64_t time_us) const;
  void gather_candidates(std::int64_t time_us, std::span<const GroundMeasurement> batch);
  void start_track(std::int64_t time_us, std::int32_t camera_id, const GroundMeasurement& m);

  GroundTrackerParams p_;
  std::uint64_t next_id_, id_stride_, started_ = 0;
  std::vector<GroundTrack> tracks_;
  // Per track, parallel to tracks_: its cell, the next track in that cell, the frame stamp that
  // de-duplicates candidates.
  std::vector<std::uint64_t> cell_;
  std::vector<std::int32_t> next_in_cell_;
  std::vector<std::uint32_t> stamp_;
  std::uint32_t frame_stamp_ = 0;
  std::int64_t last_advance_us_ = 0;
  bool advanced_ = false;
  detail::TrackCells cells_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order_;  // advance(): (cell, index)
  std::vector<GroundTrack> sorted_;
  // Per-frame scratch.
  std::vector<std::int32_t> candidates_;  // track indices, then the gated subset
  std::vector<std::uint64_t> frame_cells_;  // the distinct cells a frame looks at
  std::vector<double> predicted_;         // per candidate: 4 state + 16 covariance
  std::vector<double> cost_;
  std::vector<std::int32_t> assign_;
  std::vector<std::uint8_t> used_;
  AssignmentWorkspace ws_;
};

}  // namespace dpt::fusion
