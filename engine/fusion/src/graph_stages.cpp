// The bodies of the fusion graph's nodes, in the order a message meets them (graph.h has the
// picture): decode + validate, georeference (+ sort by partition), time order (+ dispatch to the
// partitions), associate + update. Each body works on the envelope in place and allocates nothing
// once the pooled buffers have grown (rejections excepted: their reason is logged).
#include <algorithm>

#include "dpt/core/log.h"
#include "graph_impl.h"

namespace dpt::fusion {

namespace {
// Log the first few rejections of each reason, then one in every kLogEvery: a flood of bad
// messages must not turn into a flood of log lines.
constexpr std::uint64_t kLogFirst = 10;
constexpr std::uint64_t kLogEvery = 10000;
}  // namespace

void FusionGraph::Impl::reject(Envelope* e, Reject why, const std::string& detail) {
  const auto i = static_cast<std::size_t>(why);
  c.rejected[i].fetch_add(1, std::memory_order_relaxed);
  if (e != nullptr) e->reject = why;
  const std::uint64_t n = reject_logged[i].fetch_add(1, std::memory_order_relaxed) + 1;
  if (n <= kLogFirst || n % kLogEvery == 0)
    log::warn("fusion: rejected message #", n, " for ", to_string(why), ": ", detail);
}

// --- decode + validate (parallel) ---------------------------------------------------------------
Envelope* FusionGraph::Impl::decode_stage(Envelope* e) {
  if (e->kind != EnvelopeKind::message) return e;
  const DecodeStatus st = decode(e->payload, e->msg);
  if (!st.ok()) {
    reject(e, st.reject, st.detail);
    return e;
  }
  if (e->msg.kind == MessageKind::detections) {
    if (!sources.camera(e->msg.detections.camera_id, e->source, e->camera))
      reject(e, Reject::unknown_camera, "camera_id " + std::to_string(e->msg.detections.camera_id) + " is not in the district");
  } else if (!sources.sensor(e->msg.observation.sensor_id, e->source)) {
    reject(e, Reject::unknown_sensor, "sensor_id " + std::to_string(e->msg.observation.sensor_id) + " is not in the district");
  }
  return e;
}

// --- georeference (parallel) --------------------------------------------------------------------
// Every box's foot point onto the ground, then the measurements sorted by partition into ranges,
// so that the serial stages only hand out slices.
Envelope* FusionGraph::Impl::georef_stage(Envelope* e) {
  e->measurements.clear();
  e->ranges.clear();
  if (e->kind != EnvelopeKind::message || e->reject != Reject::none || e->msg.kind != MessageKind::detections) return e;
  const DetectionFrame& f = e->msg.detections;
  e->parts.clear();
  for (const BoxDetection& box : f.boxes) {
    // The foot point: bottom centre of the box (georef.h).
    const double u = static_cast<double>(box.x) + 0.5 * static_cast<double>(box.w);
    const double v = static_cast<double>(box.y) + static_cast<double>(box.h);
    const GroundFix fix = georeference_pixel(world, *e->camera, u, v, opt.georef);
    if (!fix.ok) continue;
    e->measurements.push_back(GroundMeasurement{fix.x, fix.y, fix.cxx, fix.cxy, fix.cyy, box.cls, box.score, f.camera_id});
    e->parts.push_back(grid.partition_of(fix.x, fix.y));
  }
  const std::size_t n = e->measurements.size();
  if (n == 0) return e;
  if (std::all_of(e->parts.begin(), e->parts.end(), [&](int p) { return p == e->parts[0]; })) {
    e->ranges.push_back({e->parts[0], 0, static_cast<std::uint32_t>(n)});  // the common case: one area
    return e;
  }
  e->order.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) e->order[i] = i;
  std::stable_sort(e->order.begin(), e->order.end(), [&](std::uint32_t a, std::uint32_t b) { return e->parts[a] < e->parts[b]; });
  e->scratch.clear();
  for (std::uint32_t i : e->order) e->scratch.push_back(e->measurements[i]);
  e->measurements.swap(e->scratch);
  for (std::uint32_t i = 0; i < n; ++i) {
    const int p = e->parts[e->order[i]];
    if (e->ranges.empty() || e->ranges.back().partition != p) e->ranges.push_back({p, i, i});
    e->ranges.back().end = i + 1;
  }
  return e;
}

// --- time order (serial, in push order) ---------------------------------------------------------
void FusionGraph::Impl::release(const TimedItem& item) { released.push_back({static_cast<Envelope*>(item.ptr), 0}); }
void FusionGraph::Impl::clock_reset(std::int64_t time_us) { released.push_back({nullptr, time_us}); }

void FusionGraph::Impl::order_stage(Envelope* e) {
  released.clear();
  // Read before anything is dispatched: a dispatched envelope may be recycled and reused at once.
  const bool is_flush = e->kind == EnvelopeKind::flush;
  if (is_flush) {
    time_order->flush();
  } else if (e->reject != Reject::none) {
    recycle(e);
    return;
  } else {
    const Message& m = e->msg;
    const bool det = m.kind == MessageKind::detections;
    const TimedItem item{m.time_us(), e->source, det ? m.detections.seq : m.observation.seq, e, 0};
    // The verdict is final before anything is released: the accepted hook sees e before any
    // partition can finish with it and recycle it.
    const TimeOrder::Offer r = time_order->offer(item);
    if (r.verdict != TimeVerdict::duplicate) {
      c.accepted.fetch_add(1, std::memory_order_relaxed);
      if (on_accepted) on_accepted(e->payload, m);
    }
    if (r.resynced) {
      c.clock_resync.fetch_add(1, std::memory_order_relaxed);
      log::warn("fusion: the feed's clock moved to ", m.time_us(), " µs; re-synchronised");
    }
    c.pressure_released.fetch_add(r.pressure_released, std::memory_order_relaxed);
    switch (r.verdict) {
      case TimeVerdict::held: break;
      case TimeVerdict::duplicate: c.duplicate.fetch_add(1, std::memory_order_relaxed); break;
      case TimeVerdict::late: c.late.fetch_add(1, std::memory_order_relaxed); break;
      case TimeVerdict::clock_jump: c.clock_jump.fetch_add(1, std::memory_order_relaxed); break;
    }
    if (r.verdict != TimeVerdict::held) recycle(e);
  }
  for (const ReleasedItem& it : released) {
    if (it.env != nullptr) {
      if (ticks_on()) note_released(it.env->msg.time_us());
      dispatch(it.env);
      continue;
    }
    // A clock reset: the old time's last tick first, then the ticks start again in the new time.
    if (ticks_on()) {
      if (released_since_tick) tick_now(last_released_us);
      tick_started = false;
    }
    for (std::size_t p = 0; p < partition_nodes.size(); ++p) partition_nodes[p]->try_put(Slice{nullptr, 0, 0, SliceKind::reset, it.time_us});
  }
  if (is_flush) {
    if (ticks_on() && released_since_tick) tick_now(last_released_us);
    // Every partition publishes; the last one recycles the flush envelope.
    e->open_slices.store(static_cast<int>(partition_nodes.size()), std::memory_order_relaxed);
    for (auto& node : partition_nodes) node->try_put(Slice{e, 0, 0, SliceKind::publish, 0});
  }
}

// A message the time-order stage let through, in time order.
void FusionGraph::Impl::dispatch(Envelope* e) {
  if (e->msg.kind == MessageKind::observation) {
    c.observations.fetch_add(1, std::memory_order_relaxed);
    if (on_observation) on_observation(e->msg.observation);
    if (ticks_on()) {
      if (pending_tick == nullptr) pending_tick = fresh_tick();
      pending_tick->observations.push_back(e->msg.observation);
    }
    recycle(e);
    return;
  }
  c.detection_frames.fetch_add(1, std::memory_order_relaxed);
  c.detections.fetch_add(e->msg.detections.boxes.size(), std::memory_order_relaxed);
  c.ground_fixes.fetch_add(e->measurements.size(), std::memory_order_relaxed);
  if (e->ranges.empty()) {  // nothing landed on the ground: no tracker to tell
    recycle(e);
    return;
  }
  // Copy the ranges out first: once the first slice is put, e may be finished, recycled and reused.
  dispatch_ranges.assign(e->ranges.begin(), e->ranges.end());
  e->open_slices.store(static_cast<int>(dispatch_ranges.size()), std::memory_order_relaxed);
  for (const MeasurementRange& r : dispatch_ranges) {
    partition_nodes[static_cast<std::size_t>(r.partition)]->try_put(Slice{e, r.begin, r.end, SliceKind::update, 0});
  }
}

// --- associate + update (one serial node per partition) -----------------------------------------
void FusionGraph::Impl::publish(int p, std::int64_t time_us) {
  PartitionState& st = partition_state[static_cast<std::size_t>(p)];
  store.publish(p, st.tracker.tracks(), time_us);
  st.last_publish_us = time_us;
  st.published = true;
}

void FusionGraph::Impl::finish_slice(Envelope* e) {
  if (e->open_slices.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  if (e->kind == EnvelopeKind::message) {
    const std::int64_t t = now();
    latency.record(t - e->msg.time_us());
    processing.record(t - e->push_us);
  }
  recycle(e);
}

void FusionGraph::Impl::partition_stage(int p, const Slice& s) {
  PartitionState& st = partition_state[static_cast<std::size_t>(p)];
  switch (s.kind) {
    case SliceKind::update: {
      const Envelope& e = *s.env;
      const std::int64_t t = e.msg.detections.time_us;
      st.tracker.update(t, e.msg.detections.camera_id,
                        std::span<const GroundMeasurement>(e.measurements.data() + s.begin, s.end - s.begin));
      c.track_updates.fetch_add(1, std::memory_order_relaxed);
      if (on_tracks) on_tracks(p, t, st.tracker.tracks());
      if (!st.published || t - st.last_publish_us >= opt.publish_interval_us) publish(p, t);
      finish_slice(s.env);
      break;
    }
    case SliceKind::publish:
      publish(p, st.last_publish_us);
      finish_slice(s.env);
      break;
    case SliceKind::tick:
      tick_part(p, s.tick);
      break;
    case SliceKind::reset: {
      // The clock went backwards: tracks live in the old time; start a tracker whose ids carry on
      // after the old one's (ids are never reused).
      const auto P = static_cast<std::uint64_t>(opt.partitions);
      st.first_id += st.tracker.tracks_started() * P;
      st.tracker = GroundTracker(opt.tracker, st.first_id, P);
      st.published = false;
      publish(p, s.time_us);
      break;
    }
  }
}

}  // namespace dpt::fusion
