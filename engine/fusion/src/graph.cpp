// FusionGraph: construction, the wiring of the flow graph, push, drain and the counters. The node
// bodies are in graph_stages.cpp.
#include <algorithm>
#include <chrono>
#include <limits>

#include "dpt/core/log.h"
#include "graph_impl.h"

namespace dpt::fusion {

namespace {
std::int64_t system_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The area the partitions cut up: the terrain's extent, else the cameras' positions.
geo::Box district_extent(const world::District& d) {
  if (!d.terrain.empty()) return d.terrain.bounds();
  geo::Box b{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
             std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  for (const auto& c : d.cameras) {
    b.min_x = std::min(b.min_x, c.pose.x), b.min_y = std::min(b.min_y, c.pose.y);
    b.max_x = std::max(b.max_x, c.pose.x), b.max_y = std::max(b.max_y, c.pose.y);
  }
  if (d.cameras.empty()) b = {0.0, 0.0, 1.0, 1.0};
  return b;
}

TimeOrderParams capped(TimeOrderParams p, std::size_t capacity) {
  // Held messages occupy envelopes: if they could fill the pool, a blocked push() would wait for a
  // release that only a further push() can cause. Keep half the pool free for new arrivals.
  p.max_pending = std::min(p.max_pending, std::max<std::size_t>(capacity / 2, 1));
  return p;
}
}  // namespace

SourceTable::SourceTable(const world::District& d) {
  std::vector<const world::Camera*> cams;
  for (const auto& c : d.cameras) cams.push_back(&c);
  std::sort(cams.begin(), cams.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
  for (const auto* c : cams) {
    cameras_.push_back(c->id);
    frames_.push_back(camera_frame(*c));
  }
  for (const auto& s : d.sensors) sensors_.push_back(s.id);
  std::sort(sensors_.begin(), sensors_.end());
}

bool SourceTable::camera(std::int32_t id, std::uint32_t& index, const CameraFrame*& cam) const {
  auto it = std::lower_bound(cameras_.begin(), cameras_.end(), id);
  if (it == cameras_.end() || *it != id) return false;
  index = static_cast<std::uint32_t>(it - cameras_.begin());
  cam = &frames_[index];
  return true;
}

bool SourceTable::sensor(std::int32_t id, std::uint32_t& index) const {
  auto it = std::lower_bound(sensors_.begin(), sensors_.end(), id);
  if (it == sensors_.end() || *it != id) return false;
  index = static_cast<std::uint32_t>(cameras_.size() + static_cast<std::size_t>(it - sensors_.begin()));
  return true;
}

FusionGraph::Impl::Impl(const world::District& d, const physics::CollisionWorld& w, FusionGraphOptions o)
    : district(d), world(w), opt(std::move(o)), sources(d), store(opt.partitions) {
  if (!opt.now_us) opt.now_us = system_now_us;
  const geo::Box ext = district_extent(d);
  grid = AreaGrid(ext.min_x, ext.min_y, ext.max_x, ext.max_y, opt.partitions);
  opt.time_order = capped(opt.time_order, opt.capacity);
  time_order = std::make_unique<TimeOrder>(opt.time_order, sources.size(), *this);
  released.reserve(opt.time_order.max_pending + 4);

  envelopes.reserve(opt.capacity);
  free_envelopes.set_capacity(static_cast<std::ptrdiff_t>(opt.capacity));
  for (std::size_t i = 0; i < opt.capacity; ++i) {
    envelopes.push_back(std::make_unique<Envelope>());
    free_envelopes.push(envelopes.back().get());
  }
  const auto P = static_cast<std::uint64_t>(opt.partitions);
  partition_state.reserve(static_cast<std::size_t>(opt.partitions));
  for (int p = 0; p < opt.partitions; ++p) {
    // Disjoint ids across partitions: partition p numbers its tracks p+1, p+1+P, p+1+2P, ...
    const auto first = static_cast<std::uint64_t>(p) + 1;
    partition_state.push_back(PartitionState{GroundTracker(opt.tracker, first, P), first, 0, false});
  }
  build_graph();
}

FusionGraph::Impl::~Impl() {
  drain();
  arena->execute([&] { g->wait_for_all(); });
}

void FusionGraph::Impl::build_graph() {
  const int threads = opt.threads > 0 ? opt.threads : tbb::info::default_concurrency();
  // All of the arena's slots go to TBB workers (none reserved for an outside thread: the feed
  // threads only enqueue). The market must allow that many workers, hence max_allowed_parallelism
  // threads + 1 (the +1 is the main thread TBB counts in); a smaller limit set elsewhere wins.
  parallelism = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                      static_cast<std::size_t>(threads) + 1);
  arena = std::make_unique<tbb::task_arena>(threads, 0);
  arena->execute([&] {
    namespace flow = tbb::flow;
    g = std::make_unique<flow::graph>();  // attaches to the arena it is built in
    decode_node = std::make_unique<EnvelopeNode>(*g, flow::unlimited, [this](Envelope* e) { return decode_stage(e); });
    georef_node = std::make_unique<EnvelopeNode>(*g, flow::unlimited, [this](Envelope* e) { return georef_stage(e); });
    sequencer = std::make_unique<flow::sequencer_node<Envelope*>>(*g, [](Envelope* const& e) { return static_cast<std::size_t>(e->arrival); });
    order_node = std::make_unique<OrderNode>(*g, flow::serial, [this](Envelope* e) {
      order_stage(e);
      return flow::continue_msg();
    });
    for (int p = 0; p < opt.partitions; ++p) {
      partition_nodes.push_back(std::make_unique<PartitionNode>(*g, flow::serial, [this, p](const Slice& s) {
        partition_stage(p, s);
        return flow::continue_msg();
      }));
    }
    flow::make_edge(*decode_node, *georef_node);
    flow::make_edge(*georef_node, *sequencer);
    flow::make_edge(*sequencer, *order_node);
  });
}

Envelope* FusionGraph::Impl::acquire(bool wait) {
  Envelope* e = nullptr;
  if (wait) {
    free_envelopes.pop(e);
  } else if (!free_envelopes.try_pop(e)) {
    return nullptr;
  }
  c.in_flight.fetch_add(1, std::memory_order_relaxed);
  return e;
}

void FusionGraph::Impl::recycle(Envelope* e) {
  c.in_flight.fetch_sub(1, std::memory_order_relaxed);
  free_envelopes.push(e);
}

PushResult FusionGraph::Impl::push(std::string_view payload, std::int64_t receive_us) {
  c.received.fetch_add(1, std::memory_order_relaxed);
  if (payload.size() > kMaxMessageBytes) {
    // Refused before copying: a huge payload must not grow a pooled buffer for good.
    reject(nullptr, Reject::oversized, std::to_string(payload.size()) + " bytes, more than " + std::to_string(kMaxMessageBytes));
    return PushResult::rejected;
  }
  Envelope* e = acquire(opt.overflow == Overflow::block);
  if (e == nullptr) {
    c.dropped.fetch_add(1, std::memory_order_relaxed);
    return PushResult::dropped;
  }
  e->kind = EnvelopeKind::message;
  e->payload.assign(payload);
  e->receive_us = receive_us;
  e->push_us = now();
  e->reject = Reject::none;
  e->arrival = next_arrival.fetch_add(1, std::memory_order_relaxed);
  decode_node->try_put(e);
  return PushResult::queued;
}

void FusionGraph::Impl::drain() {
  std::lock_guard lock(drain_mutex);
  Envelope* e = acquire(true);
  e->kind = EnvelopeKind::flush;
  e->reject = Reject::none;
  e->arrival = next_arrival.fetch_add(1, std::memory_order_relaxed);
  decode_node->try_put(e);
  arena->execute([&] { g->wait_for_all(); });
}

FusionStats FusionGraph::Impl::stats() const {
  FusionStats s;
  auto ld = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  s.received = ld(c.received);
  s.accepted = ld(c.accepted);
  for (int r = 0; r < kRejectCount; ++r) {
    s.rejected[static_cast<std::size_t>(r)] = ld(c.rejected[static_cast<std::size_t>(r)]);
    s.rejected_total += s.rejected[static_cast<std::size_t>(r)];
  }
  s.duplicate = ld(c.duplicate);
  s.late = ld(c.late);
  s.clock_jump = ld(c.clock_jump);
  s.clock_resync = ld(c.clock_resync);
  s.dropped = ld(c.dropped);
  s.pressure_released = ld(c.pressure_released);
  s.detection_frames = ld(c.detection_frames);
  s.detections = ld(c.detections);
  s.ground_fixes = ld(c.ground_fixes);
  s.observations = ld(c.observations);
  s.track_updates = ld(c.track_updates);
  s.tracks = store.published_tracks();
  s.in_flight = static_cast<std::uint64_t>(std::max<std::int64_t>(c.in_flight.load(std::memory_order_relaxed), 0));
  s.latency = latency.summary();
  s.processing = processing.summary();
  return s;
}

// --- FusionGraph: the public face ---------------------------------------------------------------

Result<std::unique_ptr<FusionGraph>> FusionGraph::create(const world::District& district, const physics::CollisionWorld& world,
                                                         FusionGraphOptions options) {
  ErrorList errors;
  const SourceLoc where{"fusion graph options", 0, 0};
  if (options.partitions < 1 || options.partitions > 65536) errors.add(where, "partitions: expected 1..65536");
  if (options.threads < 0 || options.threads > 1024) errors.add(where, "threads: expected 0 (one per core) .. 1024");
  if (options.capacity < 2 || options.capacity > (std::size_t{1} << 24)) errors.add(where, "capacity: expected 2 .. 16777216 messages");
  if (options.time_order.lateness_us < 0) errors.add(where, "lateness: expected >= 0");
  if (options.time_order.clock_jump_us <= 0) errors.add(where, "clock jump threshold: expected > 0");
  if (options.time_order.resync_after < 1) errors.add(where, "resync_after: expected >= 1");
  if (options.publish_interval_us < 0) errors.add(where, "publish interval: expected >= 0");
  if (options.tick_interval_us < 0) errors.add(where, "tick interval: expected >= 0 (0: no ticks)");
  if (!errors.empty()) return errors;
  return std::unique_ptr<FusionGraph>(new FusionGraph(std::make_unique<Impl>(district, world, std::move(options))));
}

FusionGraph::FusionGraph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FusionGraph::~FusionGraph() = default;

void FusionGraph::set_accepted_listener(AcceptedListener f) { impl_->on_accepted = std::move(f); }
void FusionGraph::set_track_listener(TrackListener f) { impl_->on_tracks = std::move(f); }
void FusionGraph::set_observation_listener(ObservationListener f) { impl_->on_observation = std::move(f); }
void FusionGraph::set_tick_listener(TickListener f) { impl_->on_tick = std::move(f); }
PushResult FusionGraph::push(std::string_view payload, std::int64_t receive_us) { return impl_->push(payload, receive_us); }
void FusionGraph::drain() { impl_->drain(); }
FusionStats FusionGraph::stats() const { return impl_->stats(); }
std::vector<GroundTrack> FusionGraph::snapshot() const {
  std::vector<GroundTrack> out;
  impl_->store.snapshot(out);
  return out;
}
void FusionGraph::snapshot(std::vector<GroundTrack>& out) const { impl_->store.snapshot(out); }
int FusionGraph::partitions() const { return impl_->opt.partitions; }
const FusionGraphOptions& FusionGraph::options() const { return impl_->opt; }

}  // namespace dpt::fusion
