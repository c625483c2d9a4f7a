#pragma once
// The sending side of the network feeds (docs/feeds.md, docs/live.md): what `dptwin feed play`
// uses to send a recorded feed to `dptwin live`, one payload per UDP datagram or per MQTT publish.
// It is a test and fault-injection tool, so payloads go out verbatim (malformed ones too).
//
//   udp://127.0.0.1:PORT         one datagram per payload (loopback only)
//   mqtt://127.0.0.1[:PORT]/TOPIC one publish per payload at QoS 1 (MQTT 3.1.1, libmosquitto);
//                                while the broker is away, send() waits and reconnects, so that a
//                                player survives a broker restart
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dpt/core/result.h"

namespace dpt::fusion {

// A network feed address: the same specs and the same loopback-only rule as open_feed().
struct FeedAddress {
  enum class Scheme : std::uint8_t { udp, mqtt };
  Scheme scheme = Scheme::udp;
  std::string host;   // dotted IPv4, always in 127.0.0.0/8 ("localhost" becomes 127.0.0.1)
  int port = 0;
  std::string topic;  // MQTT only
};

// Parses udp://HOST:PORT or mqtt://HOST[:PORT]/TOPIC (PORT defaults to 1883 for MQTT). Errors
// name the spec and what is wrong (a non-loopback address, a missing port or topic).
Result<FeedAddress> parse_feed_address(const std::string& spec);

struct PublisherOptions {
  // MQTT: seconds between attempts to reach a broker that went away.
  double reconnect_interval_s = 0.2;
  // MQTT: seconds to wait for the first connection before open_publisher() gives up.
  double connect_timeout_s = 5.0;
  // Set to true (e.g. by Ctrl-C) to make waiting calls return early; may be null.
  const std::atomic<bool>* stop = nullptr;
};

struct PublisherStats {
  std::uint64_t sent = 0;        // payloads handed to the transport
  std::uint64_t bytes = 0;       // their total size
  std::uint64_t acked = 0;       // MQTT: PUBACKs received; UDP: equal to sent
  std::uint64_t unsendable = 0;  // UDP: payloads too large for one datagram (over 65,507 bytes)
  std::uint64_t reconnects = 0;  // MQTT: connections restored after the broker went away
};

class FeedPublisher {
 public:
  virtual ~FeedPublisher() = default;
  FeedPublisher(const FeedPublisher&) = delete;
  FeedPublisher& operator=(const FeedPublisher&) = delete;

  // Sends one payload. False when it was not sent: too large for a datagram (counted as
  // unsendable), or a stop was requested while waiting for the broker to come back.
  virtual bool send(std::string_view payload) = 0;
  // Keeps the connection working (acknowledgements, keep-alive, reconnecting) for about
  // `wait_us` µs; returns at once for UDP after sleeping. Call it while pacing.
  virtual void service(std::int64_t wait_us) = 0;
  // Waits up to `timeout_s` until everything sent is acknowledged (MQTT QoS 1), reconnecting
  // when needed; returns how many payloads are still unacknowledged (always 0 for UDP).
  virtual std::uint64_t flush(double timeout_s) = 0;

  PublisherStats stats() const { return stats_; }

 protected:
  FeedPublisher() = default;
  PublisherStats stats_;
};

// Opens a publisher for `spec`; MQTT connects (up to connect_timeout_s) before returning. Errors
// name the spec: a bad address, a socket that cannot be made, a broker that cannot be reached.
Result<std::unique_ptr<FeedPublisher>> open_publisher(const std::string& spec, const PublisherOptions& options = {});

}  // namespace dpt::fusion
