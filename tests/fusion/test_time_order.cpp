// The time-order stage (dpt/fusion/time_order.h) on hand-worked sequences: release in time order
// within the lateness, late messages, duplicates (and a source that restarts its count), clock
// jumps of one source (refused for good) and of the whole feed (re-synchronised, both ways), and
// the pressure valve that keeps the buffer bounded. Times are in ms (×1000 µs) to keep the hand
// working readable.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "dpt/fusion/time_order.h"

namespace {

using dpt::fusion::TimedItem;
using dpt::fusion::TimeOrder;
using dpt::fusion::TimeOrderParams;
using dpt::fusion::TimeOrderSink;
using dpt::fusion::TimeVerdict;

constexpr std::int64_t ms = 1000;

struct Recorder : TimeOrderSink {
  std::vector<std::int64_t> released_ms;
  std::vector<std::int64_t> resets_ms;
  void release(const TimedItem& item) override { released_ms.push_back(item.time_us / ms); }
  void clock_reset(std::int64_t time_us) override { resets_ms.push_back(time_us / ms); }
};

TimedItem item(std::int64_t t_ms, std::uint32_t source, std::uint64_t seq) { return TimedItem{t_ms * ms, source, seq, nullptr, 0}; }

TimeOrderParams params(std::int64_t lateness_ms) {
  TimeOrderParams p;
  p.lateness_us = lateness_ms * ms;
  p.clock_jump_us = 60'000 * ms;
  p.resync_after = 3;
  return p;
}

}  // namespace

TEST_CASE("time order: out-of-order messages within the lateness are released in time order", "[fusion][time_order]") {
  Recorder rec;
  TimeOrder order(params(100), 4, rec);
  // Hand-worked: the watermark is newest - 100 ms; a message is released once the watermark
  // reaches its time.
  CHECK(order.offer(item(1000, 0, 1)).verdict == TimeVerdict::held);  // watermark 900
  CHECK(order.offer(item(1050, 1, 1)).verdict == TimeVerdict::held);  // watermark 950
  CHECK(order.offer(item(1020, 2, 1)).verdict == TimeVerdict::held);  // 1020 >= 950: not late
  CHECK(rec.released_ms.empty());
  CHECK(order.offer(item(1100, 3, 1)).verdict == TimeVerdict::held);  // watermark 1000: releases 1000
  CHECK(rec.released_ms == std::vector<std::int64_t>{1000});
  CHECK(order.watermark() == 1000 * ms);
  CHECK(order.offer(item(1080, 0, 2)).verdict == TimeVerdict::held);
  CHECK(order.offer(item(1250, 1, 2)).verdict == TimeVerdict::held);  // watermark 1150
  CHECK(rec.released_ms == std::vector<std::int64_t>{1000, 1020, 1050, 1080, 1100});
  CHECK(order.pending() == 1);
  order.flush();
  CHECK(rec.released_ms == std::vector<std::int64_t>{1000, 1020, 1050, 1080, 1100, 1250});
}

TEST_CASE("time order: messages older than the watermark are late and not released", "[fusion][time_order]") {
  Recorder rec;
  TimeOrder order(params(100), 2, rec);
  order.offer(item(1000, 0, 1));
  order.offer(item(1250, 0, 2));  // watermark 1150: releases 1000
  CHECK(order.offer(item(1149, 1, 1)).verdict == TimeVerdict::late);
  CHECK(order.offer(item(1150, 1, 2)).verdict == TimeVerdict::held);  // exactly at the watermark: on time
  CHECK(rec.released_ms == std::vector<std::int64_t>{1000, 1150});
  order.flush();
  CHECK(rec.released_ms == std::vector<std::int64_t>{1000, 1150, 1250});
  // After a flush the watermark is the last released time: nothing older may follow it.
  CHECK(order.offer(item(1200, 1, 3)).verdict == TimeVerdict::late);
}

TEST_CASE("time order: a repeated (source, seq) is a duplicate; a restarted count is not", "[fusion][time_order]") {
  Recorder rec;
  TimeOrder order(params(100), 2, rec);
  CHECK(order.offer(item(1000, 0, 7)).verdict == TimeVerdict::held);
  CHECK(order.offer(item(1000, 0, 7)).verdict == TimeVerdict::duplicate);
  CHECK(order.offer(item(1000, 1, 7)).verdict == TimeVerdict::held);  // same seq, other source
  CHECK(order.offer(item(1040, 0, 9)).verdict == TimeVerdict::held);
  CHECK(order.offer(item(1020, 0, 8)).verdict == TimeVerdict::held);  // a gap filled in: not a duplicate
  CHECK(order.offer(item(1020, 0, 8)).verdict == TimeVerdict::duplicate);
  CHECK(order.offer(item(1300, 0, 10)).verdict == TimeVerdict::held);  // releases 1000, 1000, 1020, 1040
  CHECK(rec.released_ms == std::vector<std::int64_t>{1000, 1000, 1020, 1040});
  // Still a duplicate after its original was released (and not mistaken for late).
  CHECK(order.offer(item(1040, 0, 9)).verdict == TimeVerdict::duplicate);
  // The window reaches 256 seqs back: seq 300 then seq 10 (290 back, older time): too old to tell.
  CHECK(order.offer(item(1310, 0, 300)).verdict == TimeVerdict::held);
  CHECK(order.offer(item(1305, 0, 11)).verdict == TimeVerdict::duplicate);
  // The camera restarts counting from 1 with a newer time: a new window, not a duplicate.
  CHECK(order.offer(item(1320, 0, 1)).verdict == TimeVerdict::held);
  CHECK(order.offer(item(1330, 0, 2)).verdict == TimeVerdict::held);
  CHECK(order.offer(item(1330, 0, 2)).verdict == TimeVerdict::duplicate);
}

TEST_CASE("time order: one source with a clock far ahead is refused and does not freeze the others", "[fusion][time_order]") {
  Recorder rec;
  TimeOrder order(params(100), 3, rec);
  const std::int64_t hour = 3'600'000;
  std::uint64_t seq = 0;
  int jumps = 0;
  for (int k = 0; k < 20; ++k) {
    const std::int64_t t = 1000 + 50 * k;
    CHECK(order.offer(item(t, 0, ++seq)).verdict == TimeVerdict::held);
    // Source 2's clock is an hour fast, every frame: interleaved with on-time messages, so never a run.
    if (order.offer(item(t + hour, 2, seq)).verdict == TimeVerdict::clock_jump) ++jumps;
  }
  CHECK(jumps == 20);
  // The on-time source kept flowing: everything up to newest - lateness (1950 - 100) was released.
  REQUIRE(rec.released_ms.size() == 18);
  CHECK(rec.released_ms.front() == 1000);
  CHECK(rec.released_ms.back() == 1850);
  CHECK(order.newest() == 1950 * ms);
}

TEST_CASE("time order: the whole feed jumping ahead is adopted after resync_after messages", "[fusion][time_order]") {
  Recorder rec;
  TimeOrder order(params(100), 3, rec);
  order.offer(item(1000, 0, 1));
  order.offer(item(1050, 1, 1));
  const std::int64_t later = 1000 + 7'200'000;  // two hours on
  CHECK(order.offer(item(later, 0, 2)).verdict == TimeVerdict::clock_jump);
  CHECK(order.offer(item(later + 10, 1, 2)).verdict == TimeVerdict::clock_jump);
  const auto r = order.offer(item(later + 20, 2, 1));  // third in a row: the feed did move
  CHECK(r.verdict == TimeVerdict::held);
  CHECK(r.resynced);
  CHECK(rec.resets_ms.empty());  // forward: trackers simply predict ahead
  CHECK(rec.released_ms == std::vector<std::int64_t>{1000, 1050});  // the old clock's messages released
  CHECK(order.watermark() == (later + 20 - 100) * ms);
  CHECK(order.offer(item(later + 200, 0, 3)).verdict == TimeVerdict::held);  // releases later + 20
  CHECK(rec.released_ms.back() == later + 20);
}

TEST_CASE("time order: the whole feed jumping back re-syncs and resets", "[fusion][time_order]") {
  Recorder rec;
  TimeOrder order(params(100), 3, rec);
  const std::int64_t t0 = 10'000'000;
  order.offer(item(t0, 0, 1));
  order.offer(item(t0 + 50, 1, 1));
  const std::int64_t back = t0 - 3'600'000;
  CHECK(order.offer(item(back, 0, 2)).verdict == TimeVerdict::clock_jump);
  // A message on the old clock breaks the run: the count starts again.
  CHECK(order.offer(item(t0 + 60, 2, 1)).verdict == TimeVerdict::held);
  CHECK(order.offer(item(back + 10, 0, 3)).verdict == TimeVerdict::clock_jump);
  CHECK(order.offer(item(back + 20, 1, 2)).verdict == TimeVerdict::clock_jump);
  const auto r = order.offer(item(back + 30, 2, 2));
  CHECK(r.verdict == TimeVerdict::held);
  CHECK(r.resynced);
  CHECK(rec.released_ms == std::vector<std::int64_t>{t0, t0 + 50, t0 + 60});  // held ones flushed first
  CHECK(rec.resets_ms == std::vector<std::int64_t>{back + 30});
  CHECK(order.offer(item(back + 200, 0, 4)).verdict == TimeVerdict::held);  // releases back + 30
  CHECK(rec.released_ms.back() == back + 30);
}

TEST_CASE("time order: a full buffer releases its oldest early; older arrivals are then late", "[fusion][time_order]") {
  Recorder rec;
  TimeOrderParams p = params(10'000);  // 10 s lateness: nothing would be released by the watermark
  p.max_pending = 3;
  TimeOrder order(p, 1, rec);
  CHECK(order.offer(item(1000, 0, 1)).pressure_released == 0);
  CHECK(order.offer(item(1020, 0, 2)).pressure_released == 0);
  CHECK(order.offer(item(1010, 0, 3)).pressure_released == 0);
  const auto r = order.offer(item(1030, 0, 4));
  CHECK(r.verdict == TimeVerdict::held);
  CHECK(r.pressure_released == 1);
  CHECK(rec.released_ms == std::vector<std::int64_t>{1000});
  CHECK(order.pending() == 3);
  CHECK(order.offer(item(999, 0, 5)).verdict == TimeVerdict::late);  // before what was released
  CHECK(order.offer(item(1000, 0, 6)).verdict == TimeVerdict::held);  // equal to it: still in order
  CHECK(rec.released_ms == std::vector<std::int64_t>{1000, 1000});
}
