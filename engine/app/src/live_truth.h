#pragma once
// Scoring a live session against the sensor simulator's ground truth (`dptwin feed simulate
// --truth`): the truth file's frames, and the tracks sampled at those frames' times as the
// partitions update, for fusion::evaluate_points.
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/fusion/ground_tracker.h"
#include "dpt/fusion/metrics.h"

namespace dpt::app {

struct TruthFile {
  std::vector<std::int64_t> frame_times;     // index k: frame k + 1
  std::vector<fusion::GroundPoint> visible;  // movers some camera could see, per frame
};

// Reads `frame,time_us,id,class,x,y,visible` (header line first); errors name file:line.
Result<TruthFile> read_truth_file(const std::string& path);

// Collects, for every truth frame, the confirmed tracks of each partition at the frame's time
// (positions moved along their velocity from the track's own time). Thread-safe across partitions.
class TrackSampler {
 public:
  TrackSampler(std::vector<std::int64_t> frame_times, int partitions);
  // From the graph's track listener: partition p's tracks after an update at time_us.
  void on_tracks(int partition, std::int64_t time_us, std::span<const fusion::GroundTrack> tracks);
  // At the end: records the frames no update has passed from the final snapshot of all tracks.
  void finish(std::span<const fusion::GroundTrack> tracks);
  std::vector<fusion::GroundPoint> points() const;

 private:
  void record(int partition, std::size_t frame, std::span<const fusion::GroundTrack> tracks);

  std::vector<std::int64_t> frame_times_;
  std::vector<std::size_t> next_frame_;  // per partition
  mutable std::mutex mu_;
  std::vector<fusion::GroundPoint> points_;
};

}  // namespace dpt::app
