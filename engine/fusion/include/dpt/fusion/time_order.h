#pragma once
// The time-order stage of the fusion graph (docs/fusion.md "Time order"): messages arrive in any
// order from many sources; the trackers need them in message-time order. A watermark trails the
// newest message time seen by `lateness`; a message is held until the watermark passes it, then
// released in (time, arrival) order. Older than the watermark on arrival: late. A (source, seq)
// seen before: duplicate. A clock far from the others (ahead of the newest time, or behind the
// watermark, by more than clock_jump): a clock jump, refused — one source with a wrong clock must
// neither freeze the others (a jump ahead would make everything else late) nor be tracked. When
// the feed as a whole keeps the new clock (resync_after consecutive messages, from any sources,
// all on it), the stage adopts it (re-sync): forward, the watermark moves to the new clock and
// everything held is released; backward, everything held is released, the sink is told to start
// over (clock_reset), and time restarts from the new clock.
//
// Deterministic: the decisions depend only on the order of offer() calls and the messages, never
// on a wall clock, so a recording of the accepted messages replays to the same decisions.
// Not thread-safe: the graph runs it in one serial node. No allocation after construction.
#include <cstdint>
#include <vector>

namespace dpt::fusion {

struct TimeOrderParams {
  std::int64_t lateness_us = 100'000;       // how long the watermark trails the newest time seen
  std::int64_t clock_jump_us = 60'000'000;  // a message this far ahead of the newest time, or this far
                                            // behind the watermark, is a clock jump
  int resync_after = 8;  // the feed is believed to have changed clock after this many consecutive
                         // messages that all jumped the same way, each within clock_jump_us of the first
  std::size_t max_pending = 8192;  // held messages; beyond this the oldest is released early
};

// One message as the stage sees it. `source` is a dense index (0 .. sources-1) of the camera or
// sensor; `ptr` is the caller's, handed back on release.
struct TimedItem {
  std::int64_t time_us = 0;
  std::uint32_t source = 0;
  std::uint64_t seq = 0;
  void* ptr = nullptr;
  std::uint64_t arrival = 0;  // set by offer(): ties in time release in arrival order
};

enum class TimeVerdict : std::uint8_t {
  held,        // accepted, buffered, released in time order (perhaps at once)
  duplicate,   // not accepted
  late,        // accepted, older than the watermark: not released
  clock_jump,  // accepted, refused: its clock is far from the others': not released
};
const char* to_string(TimeVerdict v);

// Receives what the stage lets through, in order.
class TimeOrderSink {
 public:
  virtual ~TimeOrderSink() = default;
  virtual void release(const TimedItem& item) = 0;
  // The clock went backwards (a re-sync to an older clock): everything held before was released
  // first; state keyed by time (trackers) should start over from `time_us`.
  virtual void clock_reset(std::int64_t time_us) { (void)time_us; }
};

class TimeOrder {
 public:
  TimeOrder(TimeOrderParams p, std::size_t sources, TimeOrderSink& sink);

  struct Offer {
    TimeVerdict verdict = TimeVerdict::held;
    bool resynced = false;          // this message made the stage adopt a new clock
    std::size_t pressure_released = 0;  // items released early because the buffer was full
  };
  // One message, in arrival order. Releases to the sink whatever the watermark now passes.
  Offer offer(TimedItem item);
  // Releases everything held (end of input, drain).
  void flush();

  // Messages older than this are late. INT64_MIN before the first message.
  std::int64_t watermark() const;
  std::int64_t newest() const { return newest_; }
  std::size_t pending() const { return heap_.size(); }

 private:
  struct Source {
    bool seen = false;
    std::uint64_t max_seq = 0;
    std::uint64_t window[4] = {};  // bit d: max_seq - d was seen (RFC 4303 §3.4.3 anti-replay window)
    std::int64_t newest_us = 0;    // the source's newest accepted time (tells a restart from a replay)
  };
  static constexpr std::uint64_t kWindow = 256;

  bool is_duplicate(Source& s, std::uint64_t seq, std::int64_t time_us);
  void hold(const TimedItem& item);
  void release_until(std::int64_t watermark);
  void release_top();

  TimeOrderParams p_;
  TimeOrderSink& sink_;
  std::vector<Source> sources_;
  std::vector<TimedItem> heap_;  // min-heap on (time_us, arrival)
  bool started_ = false;
  std::int64_t newest_ = 0;         // newest accepted, non-jumped message time
  std::int64_t released_us_ = 0;    // time of the last released item (released times never decrease)
  bool released_any_ = false;
  std::uint64_t arrivals_ = 0;
  int jump_run_ = 0;                // consecutive messages that jumped the same way
  int jump_dir_ = 0;                // +1 ahead, -1 behind
  std::int64_t jump_ref_us_ = 0;    // time of the run's first message
};

}  // namespace dpt::fusion
