#include "track_store.h"

namespace dpt::fusion {

TrackStore::TrackStore(int partitions) : slots_(new Slot[static_cast<std::size_t>(partitions)]), partitions_(partitions) {}

void TrackStore::publish(int p, std::span<const GroundTrack> tracks, std::int64_t time_us) {
  Slot& s = slots_[static_cast<std::size_t>(p)];
  s.back.assign(tracks.begin(), tracks.end());
  std::lock_guard lock(s.m);
  s.front.swap(s.back);
  s.time_us = time_us;
}

void TrackStore::snapshot(std::vector<GroundTrack>& out) const {
  out.clear();
  for (int p = 0; p < partitions_; ++p) {
    const Slot& s = slots_[static_cast<std::size_t>(p)];
    std::lock_guard lock(s.m);
    out.insert(out.end(), s.front.begin(), s.front.end());
  }
}

std::size_t TrackStore::published_tracks() const {
  std::size_t n = 0;
  for (int p = 0; p < partitions_; ++p) {
    const Slot& s = slots_[static_cast<std::size_t>(p)];
    std::lock_guard lock(s.m);
    n += s.front.size();
  }
  return n;
}

}  // namespace dpt::fusion
