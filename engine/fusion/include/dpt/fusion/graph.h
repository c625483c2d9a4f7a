#pragma once
// The live data path as a TBB flow graph (DESIGN.md "Live data path", docs/fusion.md):
//
//   push(payload) ─▶ decode + validate ─▶ georeference ─▶ [arrival order] ─▶ time order ─▶ partition
//   (bounded)         (parallel)           (parallel)      (sequencer)        (serial)      by area
//        ─▶ associate + update: one serial node and GroundTracker per area ─▶ track store (snapshot)
//
// Feed threads call push(); it never blocks on the graph's work except when the bounded input
// queue is full and the overflow policy says block (file replay); the drop policy (live UDP/MQTT)
// drops and counts instead. Bad messages are counted by reason and logged (rate-limited), never
// thrown. Every accepted message (decoded, valid, not a duplicate) goes to the accepted listener
// in the order accepted — the recording of a live session — including those the time-order stage
// then refuses as late or clock jumps, so that replaying the recording repeats those decisions.
// No TBB type appears here (TBB is the module's private dependency).
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/fusion/fusion_stats.h"
#include "dpt/fusion/georef.h"
#include "dpt/fusion/ground_tracker.h"
#include "dpt/fusion/messages.h"
#include "dpt/fusion/time_order.h"
#include "dpt/physics/collision_world.h"
#include "dpt/world/district.h"

namespace dpt::fusion {

// What push() does when `capacity` messages are already in flight.
enum class Overflow : std::uint8_t {
  block,  // wait for room (file replay: lose nothing, slow the reader down)
  drop,   // drop the new message and count it (live feeds: the sender will not wait)
};

struct FusionGraphOptions {
  int partitions = 16;             // area cells, each with its own tracker (AreaGrid)
  int threads = 0;                 // worker threads of the graph's task arena (0: one per core)
  std::size_t capacity = 16384;    // messages in flight, from push() to their last track update
  Overflow overflow = Overflow::block;
  TimeOrderParams time_order;      // lateness, clock jumps; max_pending is capped below capacity
  std::int64_t publish_interval_us = 100'000;  // message time between a partition's snapshots
  // Message time between ticks (0: no ticks). A tick is a barrier across the partitions at a
  // message-time boundary: see TickListener. Needs a tick listener.
  std::int64_t tick_interval_us = 0;
  GeorefParams georef;
  GroundTrackerParams tracker;
  // Wall clock in UTC µs since the Unix epoch, for the latency histograms (default: the system
  // clock). A bench that replays old messages maps message time to wall time here.
  std::function<std::int64_t()> now_us;
};

enum class PushResult : std::uint8_t {
  queued,    // in the graph
  dropped,   // input queue full (Overflow::drop): counted as dropped
  rejected,  // refused before queueing (oversized): counted as rejected
};

// Called from the time-order node (one thread at a time), in the order accepted.
using AcceptedListener = std::function<void(std::string_view payload, const Message& message)>;
// Called from partition `partition`'s serial node after each tracker update: calls for one
// partition never overlap, calls for different partitions may run at the same time.
using TrackListener = std::function<void(int partition, std::int64_t time_us, std::span<const GroundTrack> tracks)>;
// Called from the time-order node (one thread at a time), in message-time order.
using ObservationListener = std::function<void(const Observation& observation)>;
// A tick: the whole picture at message time `time_us`, the same whatever the wall clock, the
// replay speed or the thread count did, so that what is judged on it (alerts) replays exactly.
// `tracks`: every partition's tracks (deleted ones left out, partitions in order) after every
// message with time <= time_us that the time-order stage let through, and before any later one.
// `observations`: the readings it let through since the previous tick, in the order released.
// Ticks fall on multiples of tick_interval_us; a quiet stretch gives one tick (the last boundary
// before the next message), not one per interval; drain() adds one at the newest message's time.
// Calls never overlap and come in time order; they run on the partition that finishes last.
using TickListener = std::function<void(std::int64_t time_us, std::span<const GroundTrack> tracks,
                                        std::span<const Observation> observations)>;

class FusionGraph {
 public:
  // The district and the collision world must outlive the graph. Errors: bad options.
  static Result<std::unique_ptr<FusionGraph>> create(const world::District& district,
                                                     const physics::CollisionWorld& world,
                                                     FusionGraphOptions options);
  ~FusionGraph();  // drains first
  FusionGraph(const FusionGraph&) = delete;
  FusionGraph& operator=(const FusionGraph&) = delete;

  // Listeners: set before the first push (they are read without synchronisation).
  void set_accepted_listener(AcceptedListener f);
  void set_track_listener(TrackListener f);
  void set_observation_listener(ObservationListener f);
  void set_tick_listener(TickListener f);

  // One message as received (a JSON object, docs/feeds.md); receive_us: wall clock, UTC µs.
  // Thread-safe; copies the payload into a pooled buffer (no allocation once warm).
  PushResult push(std::string_view payload, std::int64_t receive_us);
  // Waits until everything pushed so far has been processed, releases what the time-order stage
  // still holds, and publishes every partition's tracks. Call when the feeds pause or end (tests,
  // end of a replay); pushes racing with drain() may or may not be included.
  void drain();

  FusionStats stats() const;
  // Every partition's latest published tracks (each partition's part consistent in itself).
  std::vector<GroundTrack> snapshot() const;
  void snapshot(std::vector<GroundTrack>& out) const;

  int partitions() const;
  const FusionGraphOptions& options() const;

  struct Impl;

 private:
  explicit FusionGraph(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dpt::fusion
