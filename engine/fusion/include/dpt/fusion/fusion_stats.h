#pragma once
// What the fusion flow graph counts (docs/fusion.md "Counters"): messages received, accepted,
// rejected by reason, late, duplicate, clock jumps, dropped at the full input queue, and two
// latency histograms. The graph updates them with relaxed atomics from many threads; stats()
// copies them into the plain FusionStats below.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "dpt/fusion/codec.h"

namespace dpt::fusion {

struct LatencySummary {
  std::uint64_t count = 0;
  double p50_ms = 0.0, p95_ms = 0.0, p99_ms = 0.0, max_ms = 0.0, mean_ms = 0.0;
};

// A log-spaced latency histogram that many threads record into without locks (one relaxed atomic
// increment per sample). Buckets: [0, 1) µs, then 8 per octave from 1 µs up to 2^30 µs (about 18
// min); larger values land in the last bucket. A percentile is reported as the upper edge of the
// bucket that holds it (at most 12.5 % high, never low), capped at the exact maximum. The same
// layout as HdrHistogram's log buckets with 3 sub-bucket bits (Tene, "HdrHistogram", 2012).
class LatencyHistogram {
 public:
  static constexpr int kSubBits = 3;
  static constexpr int kPerOctave = 1 << kSubBits;
  static constexpr int kOctaves = 30;
  static constexpr int kBuckets = 1 + kOctaves * kPerOctave;

  void record(std::int64_t us);
  LatencySummary summary() const;

  // Bucket of a value, and a bucket's upper edge (exclusive), in µs. Public for tests.
  static int bucket_of(std::int64_t us);
  static double bucket_upper_us(int bucket);

 private:
  std::array<std::atomic<std::uint64_t>, kBuckets> counts_{};
  std::atomic<std::uint64_t> n_{0};
  std::atomic<std::int64_t> sum_us_{0};
  std::atomic<std::int64_t> max_us_{0};
};

// A snapshot of the counters (FusionGraph::stats()).
struct FusionStats {
  std::uint64_t received = 0;   // push() calls
  std::uint64_t accepted = 0;   // decoded, valid, not a duplicate: handed to the accepted hook (recorded)
  std::array<std::uint64_t, kRejectCount> rejected{};  // by Reject reason (index 0, none, stays 0)
  std::uint64_t rejected_total = 0;
  std::uint64_t duplicate = 0;    // (camera|sensor, seq) seen before: not accepted
  std::uint64_t late = 0;         // accepted but older than the watermark: not tracked
  std::uint64_t clock_jump = 0;   // accepted but refused for a clock far off the others: not tracked
  std::uint64_t clock_resync = 0; // times the time-order stage adopted a new clock
  std::uint64_t dropped = 0;      // input queue full (Overflow::drop): never decoded, not accepted
  std::uint64_t pressure_released = 0;  // released before the watermark because the buffer was full
  std::uint64_t detection_frames = 0;   // accepted detection frames released to tracking
  std::uint64_t detections = 0;         // boxes in those frames
  std::uint64_t ground_fixes = 0;       // boxes placed on the ground (the rest missed: no fix)
  std::uint64_t observations = 0;       // accepted sensor observations released to the listener
  std::uint64_t track_updates = 0;      // tracker updates (one per frame and partition it touched)
  std::uint64_t tracks = 0;             // live tracks in the latest published snapshot
  std::uint64_t in_flight = 0;          // messages pushed and not yet finished
  LatencySummary latency;     // frame time → its last track update (wall clock, FusionGraphOptions::now_us)
  LatencySummary processing;  // push() → its last track update
};

// Readable multi-line summary for the console ("received 123  accepted 120 ...").
std::string format_stats(const FusionStats& s);

}  // namespace dpt::fusion
