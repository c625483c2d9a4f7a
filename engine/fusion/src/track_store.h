#pragma once
// The track store of the fusion graph: every partition's tracks, double-buffered. A partition's
// serial node writes its tracks into its back buffer without a lock, then swaps back and front
// under the partition's mutex; readers copy the fronts under the same mutexes. So a reader never
// waits for a tracker update (only for a pointer swap), the writer never waits for a tracker, and
// each partition's part of a snapshot is one consistent published state. No allocation once the
// buffers have grown.
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "dpt/fusion/ground_tracker.h"

namespace dpt::fusion {

class TrackStore {
 public:
  explicit TrackStore(int partitions);

  // Called only from partition p's serial node.
  void publish(int p, std::span<const GroundTrack> tracks, std::int64_t time_us);
  // Appends every partition's published tracks to `out` (cleared first).
  void snapshot(std::vector<GroundTrack>& out) const;
  std::size_t published_tracks() const;

 private:
  struct alignas(64) Slot {
    mutable std::mutex m;
    std::vector<GroundTrack> front, back;  // front: readers', under m; back: the writer's own
    std::int64_t time_us = 0;
  };
  std::unique_ptr<Slot[]> slots_;
  int partitions_;
};

}  // namespace dpt::fusion
