// The UDP feed: one datagram = one message, on a loopback address only. A datagram longer than
// kMaxMessageBytes is counted and dropped (MSG_TRUNC gives its real length).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "dpt/fusion/codec.h"
#include "feed_internal.h"

namespace dpt::fusion::detail {

namespace {

class UdpFeed final : public Feed {
 public:
  UdpFeed(const std::string& spec, int fd, int port) : Feed(spec), fd_(fd), port_(port) {}
  ~UdpFeed() override { ::close(fd_); }

  int local_port() const override { return port_; }

  Result<FeedEnd> run(const FeedSink& sink) override {
    std::vector<char> buf(kMaxMessageBytes + 1);
    std::uint64_t arrivals = 0;
    while (!stop_requested()) {
      pollfd p{fd_, POLLIN, 0};
      const int r = ::poll(&p, 1, 50);  // wake every 50 ms to see stop()
      if (r < 0 && errno != EINTR) return failure("poll");
      if (r <= 0) continue;
      // Drain what is queued, still watching for stop() under a steady flood.
      while (!stop_requested()) {
        const ssize_t n = ::recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT | MSG_TRUNC);
        if (n < 0) {
          if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
          return failure("recv");
        }
        const auto size = static_cast<std::size_t>(n);
        if (size > kMaxMessageBytes) {
          count_oversized();
          continue;
        }
        count_received(size);
        sink(RawMessage{std::string_view(buf.data(), size), wall_clock_us(), ++arrivals});
      }
    }
    return FeedEnd::stopped;
  }

 private:
  Result<FeedEnd> failure(const char* call) {
    return Result<FeedEnd>::failure(SourceLoc{spec(), 0, 0}, std::string(call) + " failed: " + std::strerror(errno));
  }

  int fd_;
  int port_;
};

}  // namespace

Result<std::unique_ptr<Feed>> open_udp_feed(const std::string& spec, const std::string& host, int port) {
  auto fail = [&](const std::string& what) {
    return Result<std::unique_ptr<Feed>>::failure(SourceLoc{spec, 0, 0}, what + ": " + std::strerror(errno));
  };
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail("cannot create a UDP socket");
  // A deep receive queue absorbs bursts (7,000 cameras at 10 Hz); the kernel caps it at rmem_max.
  const int rcvbuf = 16 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    auto r = fail("cannot listen on " + host + ":" + std::to_string(port));
    ::close(fd);
    return r;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return std::unique_ptr<Feed>(new UdpFeed(spec, fd, ntohs(addr.sin_port)));
}

}  // namespace dpt::fusion::detail
