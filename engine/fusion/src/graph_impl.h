#pragma once
// FusionGraph's insides, shared by graph.cpp (construction, wiring, push, drain) and
// graph_stages.cpp (the node bodies). A message travels the graph as a pooled Envelope: push()
// takes one from the free queue (that queue is the bounded input queue: its size is the graph's
// capacity), the stages fill it in place, and the last stage to touch it puts it back.
#include <tbb/concurrent_queue.h>
#include <tbb/flow_graph.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "dpt/fusion/codec.h"
#include "dpt/fusion/georef.h"
#include "dpt/fusion/graph.h"
#include "dpt/fusion/partition.h"
#include "dpt/fusion/time_order.h"
#include "track_store.h"

namespace dpt::fusion {

enum class EnvelopeKind : std::uint8_t {
  message,  // one pushed payload
  flush,    // drain(): releases the time-order buffer and publishes every partition
};

// A run of an envelope's measurements that falls in one partition.
struct MeasurementRange {
  int partition = 0;
  std::uint32_t begin = 0, end = 0;
};

struct Envelope {
  EnvelopeKind kind = EnvelopeKind::message;
  std::string payload;
  std::int64_t receive_us = 0;  // as given to push()
  std::int64_t push_us = 0;     // now_us() at push()
  std::uint64_t arrival = 0;    // push order, contiguous from 0 (the sequencer restores it)
  Reject reject = Reject::none;
  Message msg;
  std::uint32_t source = 0;                 // dense index: cameras, then sensors
  const CameraFrame* camera = nullptr;      // for detection frames
  std::vector<GroundMeasurement> measurements;  // sorted by partition
  std::vector<MeasurementRange> ranges;
  std::vector<std::uint32_t> order;               // sort scratch: measurement indices
  std::vector<GroundMeasurement> scratch;         // sort scratch
  std::vector<int> parts;                         // sort scratch: partition of each measurement
  std::atomic<int> open_slices{0};  // partition nodes still to finish with it
};

enum class SliceKind : std::uint8_t { update, publish, reset, tick };

// A tick on its way through the partitions (graph.h, TickListener): each partition copies its
// tracks into its own part; the last one joins them and calls the listener. Pooled and reused.
struct Tick {
  std::int64_t time_us = 0;
  std::vector<Observation> observations;  // released since the previous tick
  std::vector<std::vector<GroundTrack>> parts;  // by partition
  std::vector<GroundTrack> tracks;              // the parts joined, in partition order
  std::atomic<int> open{0};                     // partitions still to copy their part
};

// What a partition node receives: a range of an envelope's measurements, a publish request
// (drain), or a tracker reset (the clock went backwards).
struct Slice {
  Envelope* env = nullptr;
  std::uint32_t begin = 0, end = 0;
  SliceKind kind = SliceKind::update;
  std::int64_t time_us = 0;
  Tick* tick = nullptr;  // SliceKind::tick
};

// Camera and sensor ids → dense source index (cameras first), and each camera's frame (its pose
// as a basis, built once rather than per box).
class SourceTable {
 public:
  explicit SourceTable(const world::District& d);
  bool camera(std::int32_t id, std::uint32_t& index, const CameraFrame*& cam) const;
  bool sensor(std::int32_t id, std::uint32_t& index) const;
  std::size_t size() const { return cameras_.size() + sensors_.size(); }

 private:
  std::vector<std::int32_t> cameras_;  // sorted
  std::vector<CameraFrame> frames_;    // in the same order
  std::vector<std::int32_t> sensors_;                                   // sorted
};

struct GraphCounters {
  std::atomic<std::uint64_t> received{0}, accepted{0}, duplicate{0}, late{0}, clock_jump{0}, clock_resync{0},
      dropped{0}, pressure_released{0}, detection_frames{0}, detections{0}, ground_fixes{0}, observations{0},
      track_updates{0};
  std::array<std::atomic<std::uint64_t>, kRejectCount> rejected{};
  std::atomic<std::int64_t> in_flight{0};
};

struct PartitionState {
  GroundTracker tracker;
  std::uint64_t first_id = 1;  // of the current tracker (a reset continues the id sequence)
  std::int64_t last_publish_us = 0;
  bool published = false;
};

// Released by the time-order stage during one offer(): dispatched after the accepted hook ran.
struct ReleasedItem {
  Envelope* env = nullptr;  // nullptr: a clock reset to time_us
  std::int64_t time_us = 0;
};

using EnvelopeNode = tbb::flow::function_node<Envelope*, Envelope*>;
using OrderNode = tbb::flow::function_node<Envelope*, tbb::flow::continue_msg>;
using PartitionNode = tbb::flow::function_node<Slice, tbb::flow::continue_msg>;

struct FusionGraph::Impl : TimeOrderSink {
  Impl(const world::District& d, const physics::CollisionWorld& w, FusionGraphOptions o);
  ~Impl() override;

  // graph.cpp
  void build_graph();
  PushResult push(std::string_view payload, std::int64_t receive_us);
  void drain();
  FusionStats stats() const;
  Envelope* acquire(bool wait);
  void recycle(Envelope* e);  // back to the free queue
  std::int64_t now() const { return opt.now_us(); }

  // graph_stages.cpp: the node bodies
  Envelope* decode_stage(Envelope* e);
  Envelope* georef_stage(Envelope* e);
  void order_stage(Envelope* e);
  void partition_stage(int p, const Slice& s);
  void reject(Envelope* e, Reject why, const std::string& detail);
  void dispatch(Envelope* e);
  void finish_slice(Envelope* e);
  void publish(int p, std::int64_t time_us);
  // graph_ticks.cpp: ticks (serial order node: note_released, tick_before, tick_now; partitions: tick_part)
  bool ticks_on() const { return opt.tick_interval_us > 0 && static_cast<bool>(on_tick); }
  void note_released(std::int64_t time_us);
  void tick_now(std::int64_t time_us);
  void tick_part(int p, Tick* k);
  Tick* fresh_tick();
  // TimeOrderSink (called inside order_stage)
  void release(const TimedItem& item) override;
  void clock_reset(std::int64_t time_us) override;

  const world::District& district;
  const physics::CollisionWorld& world;
  FusionGraphOptions opt;
  SourceTable sources;
  AreaGrid grid;
  TrackStore store;
  GraphCounters c;
  LatencyHistogram latency, processing;
  std::array<std::atomic<std::uint64_t>, kRejectCount> reject_logged{};

  AcceptedListener on_accepted;
  TrackListener on_tracks;
  ObservationListener on_observation;
  TickListener on_tick;

  std::vector<std::unique_ptr<Envelope>> envelopes;
  tbb::concurrent_bounded_queue<Envelope*> free_envelopes;
  std::atomic<std::uint64_t> next_arrival{0};

  // Owned by the serial nodes (order_stage; partition_stage p).
  std::unique_ptr<TimeOrder> time_order;
  std::vector<ReleasedItem> released;
  std::vector<MeasurementRange> dispatch_ranges;
  std::vector<PartitionState> partition_state;
  // Ticks (owned by the order node, except the free queue: partitions give ticks back there).
  std::vector<std::unique_ptr<Tick>> ticks;
  tbb::concurrent_queue<Tick*> free_ticks;
  Tick* pending_tick = nullptr;             // collects observations until it is sent
  std::int64_t next_tick_us = 0;            // the next boundary to tick at
  bool tick_started = false;                // next_tick_us is set (a message was released)
  bool released_since_tick = false;
  std::int64_t last_released_us = 0;

  std::mutex drain_mutex;
  // Declared in construction order: destroyed nodes first, then the graph, then its arena.
  std::unique_ptr<tbb::global_control> parallelism;
  std::unique_ptr<tbb::task_arena> arena;
  std::unique_ptr<tbb::flow::graph> g;
  std::unique_ptr<EnvelopeNode> decode_node, georef_node;
  std::unique_ptr<tbb::flow::sequencer_node<Envelope*>> sequencer;
  std::unique_ptr<OrderNode> order_node;
  std::vector<std::unique_ptr<PartitionNode>> partition_nodes;
};

}  // namespace dpt::fusion
