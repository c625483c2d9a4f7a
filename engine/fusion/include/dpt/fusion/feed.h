#pragma once
// Feeds: where raw messages come from (docs/feeds.md). A feed hands each payload, undecoded, to a
// sink; decoding and validation are the flow graph's job, so that every payload is counted there.
//
//   FILE                        a recorded NDJSON file (one message per line), replayed at
//                               `speed` times real time from the messages' own times
//   udp://127.0.0.1:PORT        one datagram = one message (loopback only; PORT 0 = any free port)
//   mqtt://127.0.0.1:PORT/TOPIC an MQTT 3.1.1 subscription at QoS 1 through a broker (loopback
//                               only; PORT defaults to 1883), reconnecting when the broker restarts
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dpt/core/result.h"

namespace dpt::fusion {

// One raw message as it arrived.
struct RawMessage {
  std::string_view bytes;  // valid only during the sink call
  std::int64_t receive_us = 0;  // wall clock (UTC µs since the Unix epoch) when it was handed over
  std::uint64_t origin = 0;     // file: 1-based line number; udp, mqtt: 1-based arrival number
};

// Called once per message, on the thread that runs the feed.
using FeedSink = std::function<void(const RawMessage&)>;

struct FeedOptions {
  // File replay: 1 = real time, 10 = ten times faster, 0 = as fast as possible.
  double speed = 1.0;
  // MQTT client id; empty = "dptwin-<pid>-<n>". The session is persistent (clean session off), so
  // that QoS 1 messages queued while the feed was briefly away are still delivered.
  std::string mqtt_client_id;
  // MQTT: seconds between attempts to reconnect to a broker that went away.
  double reconnect_interval_s = 0.2;
};

// A snapshot of a feed's counters.
struct FeedStats {
  std::uint64_t received = 0;    // payloads handed to the sink
  std::uint64_t bytes = 0;       // their total size
  std::uint64_t oversized = 0;   // payloads longer than kMaxMessageBytes, counted and dropped here
  std::uint64_t reconnects = 0;  // MQTT: times the subscription was restored after a lost connection
};

// Why run() returned.
enum class FeedEnd : std::uint8_t { stopped, exhausted };

class Feed {
 public:
  virtual ~Feed() = default;
  Feed(const Feed&) = delete;
  Feed& operator=(const Feed&) = delete;

  // Delivers payloads to `sink` until stop() is called (FeedEnd::stopped) or a file is exhausted
  // (FeedEnd::exhausted); an error if the source fails for good (a file that cannot be read).
  // Call it once, from one thread.
  virtual Result<FeedEnd> run(const FeedSink& sink) = 0;

  // Thread-safe and idempotent; run() returns within about 50 ms.
  void stop() { stop_.store(true, std::memory_order_relaxed); }
  bool stop_requested() const { return stop_.load(std::memory_order_relaxed); }

  FeedStats stats() const;
  const std::string& spec() const { return spec_; }
  // The UDP port a udp:// feed listens on (useful with PORT 0); 0 for other feeds.
  virtual int local_port() const { return 0; }

 protected:
  explicit Feed(std::string spec) : spec_(std::move(spec)) {}
  void count_received(std::size_t n) {
    received_.fetch_add(1, std::memory_order_relaxed);
    bytes_.fetch_add(n, std::memory_order_relaxed);
  }
  void count_oversized() { oversized_.fetch_add(1, std::memory_order_relaxed); }
  void count_reconnect() { reconnects_.fetch_add(1, std::memory_order_relaxed); }

 private:
  std::string spec_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> received_{0}, bytes_{0}, oversized_{0}, reconnects_{0};
};

// A feed for `spec` (see above). Errors name the spec and what is wrong: a missing file, a
// non-loopback address, a port in use, a broker that cannot be reached.
Result<std::unique_ptr<Feed>> open_feed(const std::string& spec, const FeedOptions& options = {});

// The wall clock as UTC µs since the Unix epoch (the receive_us of RawMessage).
std::int64_t wall_clock_us();

}  // namespace dpt::fusion
