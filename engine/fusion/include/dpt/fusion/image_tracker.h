#pragma once
// The image-plane tracker for MOTChallenge (docs/tracking.md): tracking by detection in the
// manner of SORT (Bewley et al. 2016) with the two-stage association of ByteTrack (Zhang et al.
// 2022). Each track carries a constant-velocity Kalman filter on its box (centre x, centre y,
// width, height and their rates, noise proportional to the box size as in DeepSORT, Wojke et al.
// 2017); tracks and detections are paired by IoU through the exact gated assignment
// (assignment.h). Life cycle: tentative -> confirmed after `min_hits` consecutive matches ->
// coasting while unmatched -> deleted after `max_age_s` without a match (a tentative track is
// deleted at its first miss).
//
// Output: online, `current()` holds the confirmed tracks matched in the last frame. Offline,
// `results()` adds what only hindsight gives: the frames a track spent tentative before it was
// confirmed (backfill) and short gaps between two matches, linearly interpolated.
#include <cstdint>
#include <span>
#include <vector>

#include "dpt/fusion/assignment.h"
#include "dpt/fusion/mot.h"

namespace dpt::fusion {

struct ImageTrackerParams {
  float min_score = 0.5f;   // detections below this score are ignored
  float high_score = 0.7f;  // first-stage detections; [min_score, high_score) only extend existing confirmed tracks
  float new_track_score = 0.7f;  // a detection must reach this to start a track
  double iou_min = 0.3;     // a track-detection pair needs IoU >= iou_min (SORT's threshold)
  double iou_min_low = 0.5; // the same for the second stage (low-score detections; ByteTrack)
  int min_hits = 4;         // consecutive matches that confirm a tentative track (SORT: 3)
  double max_age_s = 1.0;   // how long a confirmed track coasts unmatched before it is deleted
  int min_age_frames = 1;   // floor on max_age in frames, for very low frame rates
  double max_gap_s = 1.0;   // results(): gaps up to this long between two matches are interpolated
  bool backfill = true;     // results(): output the tentative frames of tracks that were confirmed
  bool output_filtered = true;  // output the Kalman posterior box (true) or the matched detection
  // Kalman noise as fractions of the box size per frame at 30 frames/s; velocity noise is scaled
  // by 30 / frame rate so that it stays the same per second of motion. DeepSORT uses 1/20 and
  // 1/160; half its velocity noise (steadier extrapolation through occlusions) was chosen on the
  // MOT15 training sequences (docs/tracking.md).
  double std_position = 1.0 / 20.0;
  double std_velocity = 1.0 / 320.0;
};

struct ImageTrackerStats {
  std::int64_t frames = 0;
  std::int64_t detections = 0;       // detections given to step()
  std::int64_t used_detections = 0;  // at or above min_score
  std::int64_t tracks_started = 0;   // tentative tracks created
  std::int64_t tracks_confirmed = 0; // of which confirmed (the ids written)
};

enum class TrackStatus : std::uint8_t { tentative, confirmed };

class ImageTracker {
 public:
  ImageTracker(const ImageTrackerParams& params, double frame_rate);

  // One frame of detections (any order; their frame field is ignored). Frames must increase; a
  // jump of k frames predicts k steps ahead.
  void step(std::int32_t frame, std::span<const MotBox> detections);

  // Confirmed tracks matched in the last step, with their output ids (1, 2, ... in the order of
  // confirmation).
  std::span<const MotBox> current() const { return current_; }

  // Every box to write after the last frame: the matched frames of confirmed tracks, plus
  // backfill and interpolated gaps as the parameters say. Sorted by frame, then id.
  std::vector<MotBox> results() const;

  const ImageTrackerStats& stats() const { return stats_; }
  std::size_t live_tracks() const { return tracks_.size(); }

 private:
  // A 1-D constant-velocity Kalman filter: position, rate and their 2x2 covariance.
  struct Axis {
    double p = 0, v = 0, p00 = 0, p01 = 0, p11 = 0;
  };
  struct Track {
    Axis axis[4];  // centre x, centre y, width, height
    std::int32_t key = 0;  // internal, unique per started track
    std::int32_t id = 0;   // output id once confirmed, 0 before
    std::int32_t hits = 0; // consecutive matches
    std::int32_t misses = 0;  // frames since the last match
    TrackStatus status = TrackStatus::tentative;
  };
  // One matched frame of a track, kept for results().
  struct Observation {
    std::int32_t key, frame;
    MotBox box;
  };

  void predict(Track& t, int frames) const;
  void update(Track& t, const MotBox& det) const;
  void start_track(const MotBox& det);
  MotBox box_of(const Track& t) const;
  // Pairs tracks[track_idx] with dets[det_idx] by IoU >= iou_min; marks matched entries with -1.
  void associate(std::vector<std::int32_t>& track_idx, std::vector<std::int32_t>& det_idx, double iou_min);
  void record_match(Track& t, const MotBox& det);

  ImageTrackerParams params_;
  double velocity_scale_ = 1.0;
  int max_age_frames_ = 1;
  int max_gap_frames_ = 0;
  std::int32_t last_frame_ = 0;
  std::int32_t next_key_ = 1;
  std::int32_t next_id_ = 1;
  ImageTrackerStats stats_;

  std::vector<Track> tracks_;
  std::vector<Observation> observations_;
  std::vector<std::int32_t> key_to_id_;  // index key: output id, 0 when never confirmed
  std::vector<MotBox> current_;

  // Per-frame scratch, reused so that a frame does not allocate once warm.
  std::vector<MotBox> dets_;
  std::vector<MotBox> predicted_;
  std::vector<std::int32_t> high_, low_, stage_tracks_, left_tracks_;
  std::vector<std::uint8_t> matched_;
  std::vector<double> cost_;
  std::vector<std::int32_t> row_to_col_;
  AssignmentWorkspace ws_;
};

// Runs the tracker over a whole sequence (detections in any order) and returns results().
std::vector<MotBox> track_mot_sequence(const std::vector<MotBox>& detections, const SeqInfo& info,
                                       const ImageTrackerParams& params, ImageTrackerStats* stats = nullptr);

// Intersection over union of two boxes (x, y top-left; w, h); 0 when either is empty.
double mot_box_iou(const MotBox& a, const MotBox& b);

}  // namespace dpt::fusion
