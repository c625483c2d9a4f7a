// The sending side of the network feeds: the address rule shared with open_feed() (loopback
// only), the UDP publisher, and open_publisher(). The MQTT publisher is in feed_publish_mqtt.cpp.
#include "dpt/fusion/feed_publish.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "feed_address.h"
#include "feed_publish_internal.h"

namespace dpt::fusion {

namespace {

// The largest UDP payload over IPv4: 65,535 − 8 (UDP header) − 20 (IP header) (RFC 768, RFC 791).
constexpr std::size_t kMaxDatagramBytes = 65'507;

Result<FeedAddress> address_error(const std::string& spec, const std::string& message) {
  return Result<FeedAddress>::failure(SourceLoc{spec, 0, 0}, message);
}


class UdpPublisher final : public FeedPublisher {
 public:
  explicit UdpPublisher(int fd) : fd_(fd) {}
  ~UdpPublisher() override { ::close(fd_); }

  bool send(std::string_view payload) override {
    if (payload.size() > kMaxDatagramBytes) {
      ++stats_.unsendable;
      return false;
    }
    // A connected UDP socket: a refused earlier datagram (no listener yet, ICMP port unreachable)
    // surfaces as ECONNREFUSED on a later send; the datagram is sent anyway, so try once more.
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (::send(fd_, payload.data(), payload.size(), 0) >= 0) {
        ++stats_.sent;
        ++stats_.acked;
        stats_.bytes += payload.size();
        return true;
      }
      if (errno != ECONNREFUSED && errno != EINTR) break;
    }
    ++stats_.unsendable;
    return false;
  }

  void service(std::int64_t wait_us) override {
    if (wait_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait_us));
  }

  std::uint64_t flush(double) override { return 0; }

 private:
  int fd_;
};

Result<std::unique_ptr<FeedPublisher>> open_udp_publisher(const std::string& spec, const FeedAddress& a) {
  auto fail = [&](const std::string& what) {
    return Result<std::unique_ptr<FeedPublisher>>::failure(SourceLoc{spec, 0, 0}, what + ": " + std::strerror(errno));
  };
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail("cannot create a UDP socket");
  // A deep send queue: the player may burst (speed 0); the kernel caps it at wmem_max.
  const int sndbuf = 4 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(a.port));
  ::inet_pton(AF_INET, a.host.c_str(), &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    auto r = fail("cannot address " + a.host + ":" + std::to_string(a.port));
    ::close(fd);
    return r;
  }
  return std::unique_ptr<FeedPublisher>(new UdpPublisher(fd));
}

}  // namespace

Result<FeedAddress> parse_feed_address(const std::string& spec) {
  const std::string_view s = spec;
  FeedAddress a;
  if (s.rfind("udp://", 0) == 0) {
    a.scheme = FeedAddress::Scheme::udp;
    const std::string problem = detail::parse_loopback(s.substr(6), -1, 1, a.host, a.port);
    if (!problem.empty()) return address_error(spec, problem);
    return a;
  }
  if (s.rfind("mqtt://", 0) == 0) {
    a.scheme = FeedAddress::Scheme::mqtt;
    const std::string_view rest = s.substr(7);
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash + 1 >= rest.size())
      return address_error(spec, "expected mqtt://HOST[:PORT]/TOPIC (a topic is required)");
    const std::string problem = detail::parse_loopback(rest.substr(0, slash), 1883, 1, a.host, a.port);
    if (!problem.empty()) return address_error(spec, problem);
    a.topic = std::string(rest.substr(slash + 1));
    if (a.topic.find_first_of("+#") != std::string::npos)
      return address_error(spec, "a topic to publish to cannot hold the wildcards + or #");
    return a;
  }
  return address_error(spec, "expected udp://127.0.0.1:PORT or mqtt://127.0.0.1:PORT/TOPIC");
}

Result<std::unique_ptr<FeedPublisher>> open_publisher(const std::string& spec, const PublisherOptions& options) {
  auto a = parse_feed_address(spec);
  if (!a) return a.errors();
  if (a->scheme == FeedAddress::Scheme::udp) return open_udp_publisher(spec, *a);
  return detail::open_mqtt_publisher(spec, *a, options);
}

}  // namespace dpt::fusion
