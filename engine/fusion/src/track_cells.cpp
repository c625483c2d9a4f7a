// The ground tracker's spatial hash: grid cell → head of that cell's list of tracks. Open
// addressing with linear probing; cells are only ever added (clear() empties the table), so no
// tombstones are needed. The table keeps its capacity across clear(), so a warm tracker that
// re-bins its tracks every second does not allocate.
#include <algorithm>
#include <limits>
#include <utility>

#include "dpt/fusion/ground_tracker.h"

namespace dpt::fusion::detail {

namespace {
constexpr std::int32_t kEmpty = std::numeric_limits<std::int32_t>::min();
constexpr std::size_t kInitialSlots = 1024;

// SplitMix64's finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
// OOPSLA 2014): neighbouring cells must not land in neighbouring slots.
std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

void TrackCells::clear() {
  std::fill(heads_.begin(), heads_.end(), kEmpty);
  used_ = 0;
}

std::size_t TrackCells::find(std::uint64_t cell) const {
  const std::size_t mask = keys_.size() - 1;
  std::size_t s = mix(cell) & mask;
  while (heads_[s] != kEmpty && keys_[s] != cell) s = (s + 1) & mask;
  return s;
}

std::int32_t TrackCells::head(std::uint64_t cell) const {
  if (keys_.empty()) return -1;
  const std::size_t s = find(cell);
  return heads_[s] == kEmpty ? -1 : heads_[s];
}

std::int32_t& TrackCells::head_slot(std::uint64_t cell) {
  if (2 * (used_ + 1) > keys_.size()) grow();  // load factor at most 1/2
  const std::size_t s = find(cell);
  if (heads_[s] == kEmpty) {
    keys_[s] = cell;
    heads_[s] = -1;
    ++used_;
  }
  return heads_[s];
}

void TrackCells::grow() {
  std::vector<std::uint64_t> old_keys = std::move(keys_);
  std::vector<std::int32_t> old_heads = std::move(heads_);
  const std::size_t slots = old_keys.empty() ? kInitialSlots : 2 * old_keys.size();
  keys_.assign(slots, 0);
  heads_.assign(slots, kEmpty);
  used_ = 0;
  for (std::size_t s = 0; s < old_keys.size(); ++s) {
    if (old_heads[s] == kEmpty) continue;
    const std::size_t t = find(old_keys[s]);
    keys_[t] = old_keys[s];
    heads_[t] = old_heads[s];
    ++used_;
  }
}

}  // namespace dpt::fusion::detail
