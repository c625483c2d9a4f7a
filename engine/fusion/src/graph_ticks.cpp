// Ticks: barriers across the partitions at message-time boundaries (graph.h, TickListener). The
// serial time-order node decides when a tick falls, from the times of the messages it releases
// (never from the wall clock), and puts the tick into every partition's queue between the last
// message at or before the boundary and the first one after it; each partition copies its tracks
// when the tick reaches it, and the last one to do so hands the joined picture to the listener.
// A tick therefore sees exactly the same messages in a live session, in its replay at any speed,
// and with any number of threads.
#include <algorithm>

#include "graph_impl.h"

namespace dpt::fusion {

namespace {
// Rounds toward minus infinity (times before 1970 are negative; boundaries must stay multiples).
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}
}  // namespace

Tick* FusionGraph::Impl::fresh_tick() {
  Tick* k = nullptr;
  if (!free_ticks.try_pop(k)) {
    // A new one only when every tick is still out in the partitions (the order node must not wait
    // for them: with one worker thread that would deadlock).
    ticks.push_back(std::make_unique<Tick>());
    k = ticks.back().get();
    k->parts.resize(partition_nodes.size());
  }
  k->observations.clear();
  return k;
}

// Called before a message with time t is dispatched (time order: t never decreases until a clock
// reset). Ticks at the last boundary before t when t has passed the next boundary: a message at
// exactly a boundary still belongs to the tick there.
void FusionGraph::Impl::note_released(std::int64_t t) {
  const std::int64_t interval = opt.tick_interval_us;
  if (!tick_started) {
    next_tick_us = -floor_div(-t, interval) * interval;  // the first boundary at or after t
    tick_started = true;
  } else if (t > next_tick_us) {
    const std::int64_t boundary = floor_div(t - 1, interval) * interval;  // the last one before t
    tick_now(boundary);
    next_tick_us = boundary + interval;
  }
  released_since_tick = true;
  last_released_us = t;
}

void FusionGraph::Impl::tick_now(std::int64_t time_us) {
  Tick* k = pending_tick != nullptr ? pending_tick : fresh_tick();
  pending_tick = nullptr;
  k->time_us = time_us;
  k->open.store(static_cast<int>(partition_nodes.size()), std::memory_order_relaxed);
  for (auto& node : partition_nodes) node->try_put(Slice{nullptr, 0, 0, SliceKind::tick, time_us, k});
  released_since_tick = false;
}

void FusionGraph::Impl::tick_part(int p, Tick* k) {
  auto& part = k->parts[static_cast<std::size_t>(p)];
  part.clear();
  for (const GroundTrack& t : partition_state[static_cast<std::size_t>(p)].tracker.tracks())
    if (t.state != TrackState::deleted) part.push_back(t);
  if (k->open.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  // The last partition: every part is written (acq_rel above orders the others' writes before).
  k->tracks.clear();
  for (const auto& pt : k->parts) k->tracks.insert(k->tracks.end(), pt.begin(), pt.end());
  on_tick(k->time_us, k->tracks, k->observations);
  free_ticks.push(k);
}

}  // namespace dpt::fusion
