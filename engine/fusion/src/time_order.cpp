#include "dpt/fusion/time_order.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "dpt/core/assert.h"

namespace dpt::fusion {

namespace {
// std::push_heap builds a max-heap: "less" means "released later".
bool released_later(const TimedItem& a, const TimedItem& b) {
  return a.time_us != b.time_us ? a.time_us > b.time_us : a.arrival > b.arrival;
}

// window[] as one 256-bit number, bit d = word d/64, bit d%64; shifted towards higher d by n.
void shift_window(std::uint64_t (&w)[4], std::uint64_t n) {
  if (n >= 256) {
    w[0] = w[1] = w[2] = w[3] = 0;
    return;
  }
  const auto words = static_cast<int>(n / 64);
  const auto bits = static_cast<int>(n % 64);
  for (int i = 3; i >= 0; --i) {
    const int src = i - words;
    std::uint64_t v = src >= 0 ? w[src] << bits : 0;
    if (bits != 0 && src - 1 >= 0) v |= w[src - 1] >> (64 - bits);
    w[i] = v;
  }
}
bool window_bit(const std::uint64_t (&w)[4], std::uint64_t d) { return (w[d / 64] >> (d % 64)) & 1u; }
void set_window_bit(std::uint64_t (&w)[4], std::uint64_t d) { w[d / 64] |= std::uint64_t{1} << (d % 64); }
}  // namespace

const char* to_string(TimeVerdict v) {
  switch (v) {
    case TimeVerdict::held: return "held";
    case TimeVerdict::duplicate: return "duplicate";
    case TimeVerdict::late: return "late";
    case TimeVerdict::clock_jump: return "clock_jump";
  }
  return "?";
}

TimeOrder::TimeOrder(TimeOrderParams p, std::size_t sources, TimeOrderSink& sink)
    : p_(p), sink_(sink), sources_(sources) {
  p_.max_pending = std::max<std::size_t>(p_.max_pending, 1);
  p_.resync_after = std::max(p_.resync_after, 1);
  heap_.reserve(p_.max_pending + 1);
}

std::int64_t TimeOrder::watermark() const {
  if (!started_) return std::numeric_limits<std::int64_t>::min();
  const std::int64_t w = newest_ - p_.lateness_us;
  return released_any_ ? std::max(w, released_us_) : w;
}

// Sliding anti-replay window per source (RFC 4303 §3.4.3), plus the message time: a seq seen
// before is a duplicate only if the message is not newer than the source's newest — a source
// that restarted its count sends old seqs with new times, and starts a new window.
bool TimeOrder::is_duplicate(Source& s, std::uint64_t seq, std::int64_t time_us) {
  const bool restart = s.seen && time_us > s.newest_us &&
                       (seq + kWindow <= s.max_seq || (seq <= s.max_seq && window_bit(s.window, s.max_seq - seq)));
  if (!s.seen || restart) {
    s.seen = true;
    s.max_seq = seq;
    s.window[0] = 1;
    s.window[1] = s.window[2] = s.window[3] = 0;
  } else if (seq > s.max_seq) {
    shift_window(s.window, seq - s.max_seq);
    set_window_bit(s.window, 0);
    s.max_seq = seq;
  } else {
    const std::uint64_t d = s.max_seq - seq;
    if (d >= kWindow || window_bit(s.window, d)) return true;  // too old to tell, or seen
    set_window_bit(s.window, d);
  }
  s.newest_us = restart ? time_us : std::max(s.newest_us, time_us);
  return false;
}

void TimeOrder::release_top() {
  std::pop_heap(heap_.begin(), heap_.end(), released_later);
  const TimedItem item = heap_.back();
  heap_.pop_back();
  released_us_ = released_any_ ? std::max(released_us_, item.time_us) : item.time_us;
  released_any_ = true;
  sink_.release(item);
}

void TimeOrder::release_until(std::int64_t watermark) {
  while (!heap_.empty() && heap_.front().time_us <= watermark) release_top();
}

void TimeOrder::hold(const TimedItem& item) {
  heap_.push_back(item);
  std::push_heap(heap_.begin(), heap_.end(), released_later);
  newest_ = std::max(newest_, item.time_us);
  release_until(watermark());
}

void TimeOrder::flush() {
  while (!heap_.empty()) release_top();
}

TimeOrder::Offer TimeOrder::offer(TimedItem item) {
  DPT_ASSERT(item.source < sources_.size(), "time order: source index out of range");
  item.arrival = arrivals_++;
  Offer r;
  if (is_duplicate(sources_[item.source], item.seq, item.time_us)) {
    r.verdict = TimeVerdict::duplicate;
    return r;
  }
  const std::int64_t t = item.time_us;
  if (!started_) {
    started_ = true;
    newest_ = t;
    hold(item);
    return r;
  }
  const std::int64_t wm = watermark();
  const int dir = t - newest_ > p_.clock_jump_us ? 1 : (wm - t > p_.clock_jump_us ? -1 : 0);
  if (dir != 0) {
    // A run of jumped messages that agree with one another (same direction, within one jump of
    // the run's first) is the feed moving to a new clock; anything else breaks the run.
    if (jump_run_ > 0 && dir == jump_dir_ && std::llabs(t - jump_ref_us_) <= p_.clock_jump_us) {
      ++jump_run_;
    } else {
      jump_run_ = 1;
      jump_dir_ = dir;
      jump_ref_us_ = t;
    }
    if (jump_run_ < p_.resync_after) {
      r.verdict = TimeVerdict::clock_jump;
      return r;
    }
    jump_run_ = 0;
    r.resynced = true;
    if (dir < 0) {
      flush();
      sink_.clock_reset(t);
      released_any_ = false;
    }
    newest_ = t;  // forward: the watermark moves on and hold() releases everything older
    hold(item);
  } else {
    jump_run_ = 0;
    if (t < wm) {
      r.verdict = TimeVerdict::late;
      return r;
    }
    hold(item);
  }
  while (heap_.size() > p_.max_pending) {
    release_top();
    ++r.pressure_released;
  }
  return r;
}

}  // namespace dpt::fusion
