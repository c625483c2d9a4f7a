// open_feed(): which feed a spec names, and the loopback-only rule for network feeds (servers
// and tests of dptwin talk only to 127.0.0.1; docs/feeds.md).

#include <algorithm>
#include <chrono>
#include <thread>

#include "dpt/fusion/feed.h"
#include "feed_address.h"
#include "feed_internal.h"

namespace dpt::fusion {

namespace {

Result<std::unique_ptr<Feed>> spec_error(const std::string& spec, const std::string& message) {
  return Result<std::unique_ptr<Feed>>::failure(SourceLoc{spec, 0, 0}, message);
}

}  // namespace

FeedStats Feed::stats() const {
  FeedStats s;
  s.received = received_.load(std::memory_order_relaxed);
  s.bytes = bytes_.load(std::memory_order_relaxed);
  s.oversized = oversized_.load(std::memory_order_relaxed);
  s.reconnects = reconnects_.load(std::memory_order_relaxed);
  return s;
}

std::int64_t wall_clock_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace detail {

std::int64_t steady_clock_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool sleep_until_or_stopped(const Feed& feed, std::int64_t deadline_us) {
  for (;;) {
    if (feed.stop_requested()) return false;
    const std::int64_t left = deadline_us - steady_clock_us();
    if (left <= 0) return true;
    std::this_thread::sleep_for(std::chrono::microseconds(std::min<std::int64_t>(left, 50'000)));
  }
}

}  // namespace detail

Result<std::unique_ptr<Feed>> open_feed(const std::string& spec, const FeedOptions& options) {
  const std::string_view s = spec;
  if (s.rfind("udp://", 0) == 0) {
    std::string host;
    int port = -1;
    const std::string problem = detail::parse_loopback(s.substr(6), -1, 0, host, port);
    if (!problem.empty()) return spec_error(spec, problem);
    return detail::open_udp_feed(spec, host, port);
  }
  if (s.rfind("mqtt://", 0) == 0) {
    const std::string_view rest = s.substr(7);
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash + 1 >= rest.size())
      return spec_error(spec, "expected mqtt://HOST[:PORT]/TOPIC (a topic is required)");
    std::string host;
    int port = 1883;
    const std::string problem = detail::parse_loopback(rest.substr(0, slash), 1883, 0, host, port);
    if (!problem.empty()) return spec_error(spec, problem);
    if (port == 0) return spec_error(spec, "an MQTT broker needs a real port (1883 by default), not 0");
    return detail::open_mqtt_feed(spec, host, port, std::string(rest.substr(slash + 1)), options);
  }
  if (s.find("://") != std::string_view::npos)
    return spec_error(spec, "unknown feed scheme (expected a file path, udp://127.0.0.1:PORT or mqtt://127.0.0.1:PORT/TOPIC)");
  if (!(options.speed >= 0.0)) return spec_error(spec, "replay speed must be >= 0 (0 = as fast as possible)");
  return detail::open_file_feed(spec, spec, options);
}

}  // namespace dpt::fusion
