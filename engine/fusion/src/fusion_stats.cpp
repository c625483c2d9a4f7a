#include "dpt/fusion/fusion_stats.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

namespace dpt::fusion {

int LatencyHistogram::bucket_of(std::int64_t us) {
  if (us < 1) return 0;
  const auto v = static_cast<std::uint64_t>(us);
  const int octave = static_cast<int>(std::bit_width(v)) - 1;  // 2^octave <= v < 2^(octave+1)
  if (octave >= kOctaves) return kBuckets - 1;
  // The kSubBits bits after the leading one split the octave into kPerOctave equal parts.
  const std::uint64_t sub = octave >= kSubBits ? (v >> (octave - kSubBits)) & (kPerOctave - 1)
                                               : (v << (kSubBits - octave)) & (kPerOctave - 1);
  return 1 + octave * kPerOctave + static_cast<int>(sub);
}

double LatencyHistogram::bucket_upper_us(int bucket) {
  if (bucket <= 0) return 1.0;
  const int octave = (bucket - 1) / kPerOctave;
  const int sub = (bucket - 1) % kPerOctave;
  const double base = std::ldexp(1.0, octave);
  return base + (sub + 1) * base / kPerOctave;
}

void LatencyHistogram::record(std::int64_t us) {
  us = std::max<std::int64_t>(us, 0);
  counts_[static_cast<std::size_t>(bucket_of(us))].fetch_add(1, std::memory_order_relaxed);
  n_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(us, std::memory_order_relaxed);
  std::int64_t m = max_us_.load(std::memory_order_relaxed);
  while (us > m && !max_us_.compare_exchange_weak(m, us, std::memory_order_relaxed)) {
  }
}

LatencySummary LatencyHistogram::summary() const {
  std::array<std::uint64_t, kBuckets> c{};
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < c.size(); ++i) n += c[i] = counts_[i].load(std::memory_order_relaxed);
  LatencySummary s;
  s.count = n;
  if (n == 0) return s;
  const double max_us = static_cast<double>(max_us_.load(std::memory_order_relaxed));
  s.max_ms = max_us * 1e-3;
  s.mean_ms = static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / static_cast<double>(n) * 1e-3;
  // The q-quantile is the ceil(q n)-th smallest sample (nearest-rank definition).
  auto quantile_ms = [&](double q) {
    const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n))));
    std::uint64_t cum = 0;
    for (int b = 0; b < kBuckets; ++b) {
      cum += c[static_cast<std::size_t>(b)];
      if (cum >= rank) return std::min(bucket_upper_us(b), max_us) * 1e-3;
    }
    return max_us * 1e-3;
  };
  s.p50_ms = quantile_ms(0.50);
  s.p95_ms = quantile_ms(0.95);
  s.p99_ms = quantile_ms(0.99);
  return s;
}

std::string format_stats(const FusionStats& s) {
  char buf[1024];
  std::string out;
  std::snprintf(buf, sizeof buf,
                "messages   received %llu  accepted %llu  rejected %llu  duplicate %llu  dropped %llu  in flight %llu\n",
                static_cast<unsigned long long>(s.received), static_cast<unsigned long long>(s.accepted),
                static_cast<unsigned long long>(s.rejected_total), static_cast<unsigned long long>(s.duplicate),
                static_cast<unsigned long long>(s.dropped), static_cast<unsigned long long>(s.in_flight));
  out += buf;
  if (s.rejected_total > 0) {
    out += "rejected  ";
    for (int r = 1; r < kRejectCount; ++r) {
      if (s.rejected[static_cast<std::size_t>(r)] == 0) continue;
      std::snprintf(buf, sizeof buf, " %s %llu", to_string(static_cast<Reject>(r)),
                    static_cast<unsigned long long>(s.rejected[static_cast<std::size_t>(r)]));
      out += buf;
    }
    out += "\n";
  }
  std::snprintf(buf, sizeof buf,
                "time order late %llu  clock jumps %llu  re-syncs %llu  released under pressure %llu\n",
                static_cast<unsigned long long>(s.late), static_cast<unsigned long long>(s.clock_jump),
                static_cast<unsigned long long>(s.clock_resync), static_cast<unsigned long long>(s.pressure_released));
  out += buf;
  std::snprintf(buf, sizeof buf,
                "tracking   frames %llu  detections %llu  on ground %llu  observations %llu  track updates %llu  tracks %llu\n",
                static_cast<unsigned long long>(s.detection_frames), static_cast<unsigned long long>(s.detections),
                static_cast<unsigned long long>(s.ground_fixes), static_cast<unsigned long long>(s.observations),
                static_cast<unsigned long long>(s.track_updates), static_cast<unsigned long long>(s.tracks));
  out += buf;
  std::snprintf(buf, sizeof buf,
                "latency    frame time -> track update: p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms  (%llu)\n"
                "           push -> track update:       p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms\n",
                s.latency.p50_ms, s.latency.p95_ms, s.latency.p99_ms, s.latency.max_ms,
                static_cast<unsigned long long>(s.latency.count), s.processing.p50_ms, s.processing.p95_ms,
                s.processing.p99_ms, s.processing.max_ms);
  out += buf;
  return out;
}

}  // namespace dpt::fusion
