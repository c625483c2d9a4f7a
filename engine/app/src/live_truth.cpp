#include "live_truth.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace dpt::app {

Result<TruthFile> read_truth_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Result<TruthFile>::failure({path}, "cannot open the truth file");
  TruthFile t;
  std::string line;
  int n = 0;
  ErrorList errors;
  while (std::getline(in, line)) {
    ++n;
    if (n == 1 || line.empty()) continue;  // header
    unsigned long long frame = 0;
    long long time = 0;
    int id = 0, visible = 0;
    char cls[32] = {};
    double x = 0, y = 0;
    if (std::sscanf(line.c_str(), "%llu,%lld,%d,%31[^,],%lf,%lf,%d", &frame, &time, &id, cls, &x, &y, &visible) != 7 ||
        frame == 0) {
      errors.add({path, n}, "expected frame,time_us,id,class,x,y,visible");
      if (errors.size() > 20) break;
      continue;
    }
    if (t.frame_times.size() < frame) t.frame_times.resize(frame, -1);
    t.frame_times[frame - 1] = time;
    if (visible) t.visible.push_back({static_cast<std::int32_t>(frame), id, x, y});
  }
  if (!errors.empty()) return errors;
  if (t.frame_times.empty()) return Result<TruthFile>::failure({path}, "no frames");
  return t;
}

TrackSampler::TrackSampler(std::vector<std::int64_t> frame_times, int partitions)
    : frame_times_(std::move(frame_times)), next_frame_(static_cast<std::size_t>(partitions), 0) {}

void TrackSampler::record(int partition, std::size_t frame, std::span<const fusion::GroundTrack> tracks) {
  (void)partition;
  const std::int64_t tf = frame_times_[frame];
  std::lock_guard lock(mu_);
  for (const auto& tr : tracks) {
    if (tr.state != fusion::TrackState::confirmed) continue;
    const double dt = static_cast<double>(tf - tr.time_us) * 1e-6;
    points_.push_back({static_cast<std::int32_t>(frame + 1), static_cast<std::int32_t>(tr.id), tr.x + tr.vx * dt,
                       tr.y + tr.vy * dt});
  }
}

void TrackSampler::on_tracks(int partition, std::int64_t time_us, std::span<const fusion::GroundTrack> tracks) {
  // Updates of one partition arrive in time order: the first update after a frame's time has seen
  // every camera's frame of that time; its tracks, moved back along their velocity to the frame's
  // time, are the frame's estimate.
  auto& next = next_frame_[static_cast<std::size_t>(partition)];
  while (next < frame_times_.size() && frame_times_[next] < time_us) {
    if (frame_times_[next] >= 0) record(partition, next, tracks);
    ++next;
  }
}

void TrackSampler::finish(std::span<const fusion::GroundTrack> tracks) {
  // The frames no partition has passed yet (the last one or two): from the final snapshot.
  std::size_t first = 0;
  for (std::size_t n : next_frame_) first = std::max(first, n);
  for (std::size_t f = first; f < frame_times_.size(); ++f)
    if (frame_times_[f] >= 0) record(0, f, tracks);
}

std::vector<fusion::GroundPoint> TrackSampler::points() const {
  std::lock_guard lock(mu_);
  return points_;
}

}  // namespace dpt::app
