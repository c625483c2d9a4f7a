// Feeds (docs/feeds.md): recorded-file replay (order, line numbers, pacing, oversized lines,
// stop), UDP on 127.0.0.1, and MQTT through a real mosquitto broker started here, including a
// broker restart in the middle of the stream.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dpt/fusion/codec.h"
#include "dpt/fusion/feed.h"

using namespace dpt::fusion;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t k0800 = 1'790'841'600LL * 1'000'000;  // 2026-10-01T08:00:00Z (see test_codec.cpp)

std::string observation_text(std::uint64_t seq, std::int64_t time_us) {
  Message m;
  m.kind = MessageKind::observation;
  m.observation = Observation{3, time_us, seq, "wind_speed", 12.5, "m/s"};
  std::string s;
  encode(m, s);
  return s;
}

fs::path temp_file(const std::string& name, const std::string& content) {
  const fs::path p = fs::temp_directory_path() / ("dpt_test_feeds_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Runs a feed on its own thread and keeps what it delivers.
struct Collector {
  std::mutex mutex;
  std::vector<std::string> payloads;
  std::vector<std::uint64_t> origins;
  std::thread thread;
  dpt::Result<FeedEnd> end = FeedEnd::stopped;

  void start(Feed& feed) {
    thread = std::thread([this, &feed] {
      end = feed.run([this](const RawMessage& m) {
        std::lock_guard lock(mutex);
        payloads.emplace_back(m.bytes);
        origins.push_back(m.origin);
      });
    });
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return payloads.size();
  }
  // Waits until `n` payloads arrived or `timeout_s` passed.
  bool wait_for(std::size_t n, double timeout_s) {
    const auto t0 = std::chrono::steady_clock::now();
    while (count() < n) {
      if (seconds_since(t0) > timeout_s) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }
  void stop(Feed& feed) {
    feed.stop();
    if (thread.joinable()) thread.join();
  }
};

int free_port(int type) {
  const int fd = ::socket(AF_INET, type, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

}  // namespace

TEST_CASE("file feed replays lines in order with their line numbers", "[fusion][feeds]") {
  std::string content;
  std::vector<std::string> expected;
  for (int i = 0; i < 40; ++i) {
    const std::string line = observation_text(static_cast<std::uint64_t>(i), k0800 + i * 1'000'000LL);
    expected.push_back(line);
    content += line + (i == 5 ? "\r\n" : "\n");  // a CRLF line: the CR is not part of the message
    if (i == 10) content += "\n   \n";           // blank lines are skipped but counted as lines
  }
  content += "not json at all";  // the last line without a newline is still a line
  expected.push_back("not json at all");
  const auto path = temp_file("order.ndjson", content);
  auto feed = open_feed(path.string(), FeedOptions{0.0, {}, 0.2});
  REQUIRE(feed.ok());
  std::vector<std::string> got;
  std::vector<std::uint64_t> lines;
  const auto t0 = std::chrono::steady_clock::now();
  const auto end = (*feed)->run([&](const RawMessage& m) {
    got.emplace_back(m.bytes);
    lines.push_back(m.origin);
  });
  CHECK(seconds_since(t0) < 0.5);  // speed 0: no pacing although the messages span 39 s
  REQUIRE(end.ok());
  CHECK(*end == FeedEnd::exhausted);
  CHECK(got == expected);
  REQUIRE(lines.size() == 41);
  CHECK(lines[0] == 1);
  CHECK(lines[10] == 11);
  CHECK(lines[11] == 14);  // after the two blank lines 12 and 13
  CHECK(lines[40] == 43);
  const auto s = (*feed)->stats();
  CHECK(s.received == 41);
  std::uint64_t bytes = 0;
  for (const auto& e : expected) bytes += e.size();
  CHECK(s.bytes == bytes);
  CHECK(s.oversized == 0);
  fs::remove(path);
}

TEST_CASE("file feed paces replay by the messages' own times", "[fusion][feeds]") {
  // Eleven messages 0.1 s apart span 1 s of message time: at speed 10 that is 0.1 s of replay.
  std::string content;
  for (int i = 0; i <= 10; ++i) content += observation_text(static_cast<std::uint64_t>(i), k0800 + i * 100'000LL) + "\n";
  const auto path = temp_file("speed.ndjson", content);
  auto feed = open_feed(path.string(), FeedOptions{10.0, {}, 0.2});
  REQUIRE(feed.ok());
  std::vector<double> at;
  const auto t0 = std::chrono::steady_clock::now();
  (*feed)->run([&](const RawMessage&) { at.push_back(seconds_since(t0)); });
  const double total = seconds_since(t0);
  REQUIRE(at.size() == 11);
  CHECK(total >= 0.099);
  CHECK(total < 0.5);     // slack for a loaded 2-core test machine; at speed 1 it would be 1 s
  CHECK(at[5] >= 0.049);  // the sixth message is due 0.5 s / 10 after the first
  CHECK(at[5] < 0.45);
  fs::remove(path);
}

TEST_CASE("file feed counts and skips oversized lines", "[fusion][feeds]") {
  const std::string ok = observation_text(1, k0800);
  // One line just over the message limit, one longer than the 1 MiB read buffer.
  const std::string content = ok + "\n" + std::string(kMaxMessageBytes + 1, 'x') + "\n" + ok + "\n" +
                              std::string(3 << 20, 'y') + "\n" + ok + "\n";
  const auto path = temp_file("oversized.ndjson", content);
  auto feed = open_feed(path.string(), FeedOptions{0.0, {}, 0.2});
  REQUIRE(feed.ok());
  std::vector<std::uint64_t> lines;
  (*feed)->run([&](const RawMessage& m) {
    CHECK(m.bytes == ok);
    lines.push_back(m.origin);
  });
  CHECK(lines == std::vector<std::uint64_t>{1, 3, 5});
  CHECK((*feed)->stats().oversized == 2);
  CHECK((*feed)->stats().received == 3);
  fs::remove(path);
}

TEST_CASE("file feed stops on request while waiting", "[fusion][feeds]") {
  // Real time over a 100 s span: only stop() ends this quickly.
  const auto path = temp_file("stop.ndjson", observation_text(1, k0800) + "\n" +
                                                 observation_text(2, k0800 + 100'000'000) + "\n");
  auto feed = open_feed(path.string(), FeedOptions{1.0, {}, 0.2});
  REQUIRE(feed.ok());
  Collector c;
  const auto t0 = std::chrono::steady_clock::now();
  c.start(**feed);
  REQUIRE(c.wait_for(1, 2.0));
  c.stop(**feed);
  CHECK(seconds_since(t0) < 1.0);
  REQUIRE(c.end.ok());
  CHECK(*c.end == FeedEnd::stopped);
  CHECK(c.count() == 1);
  fs::remove(path);
}

TEST_CASE("open_feed refuses bad specs with a reason", "[fusion][feeds]") {
  auto r = open_feed("/nonexistent/dir/feed.ndjson");
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors().to_string().find("/nonexistent/dir/feed.ndjson") != std::string::npos);
  CHECK(r.errors().to_string().find("cannot open") != std::string::npos);
  for (const char* spec : {"udp://10.1.2.3:5000", "udp://0.0.0.0:5000", "mqtt://192.168.1.2:1883/x"}) {
    INFO(spec);
    r = open_feed(spec);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors().to_string().find("non-loopback") != std::string::npos);
  }
  for (const char* spec : {"udp://127.0.0.1", "udp://127.0.0.1:70000", "udp://127.0.0.1:x", "mqtt://127.0.0.1:1883",
                           "mqtt://127.0.0.1:1883/", "http://127.0.0.1/feed"}) {
    INFO(spec);
    CHECK_FALSE(open_feed(spec).ok());
  }
  CHECK_FALSE(open_feed("feed.ndjson", FeedOptions{-1.0, {}, 0.2}).ok());
}

TEST_CASE("udp feed receives every datagram sent to 127.0.0.1", "[fusion][feeds]") {
  auto feed = open_feed("udp://127.0.0.1:0");
  REQUIRE(feed.ok());
  const int port = (*feed)->local_port();
  REQUIRE(port > 0);
  Collector c;
  c.start(**feed);
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::set<std::string> sent;
  for (int i = 0; i < 300; ++i) {
    const std::string m = observation_text(static_cast<std::uint64_t>(i), k0800 + i);
    sent.insert(m);
    REQUIRE(::sendto(fd, m.data(), m.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) ==
            static_cast<ssize_t>(m.size()));
  }
  // The largest datagram (65,507 bytes of IPv4 UDP payload) is below kMaxMessageBytes, so UDP
  // itself can carry no oversized message; the largest possible one arrives whole.
  const std::string big(65507, 'z');
  REQUIRE(::sendto(fd, big.data(), big.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) == 65507);
  sent.insert(big);
  ::close(fd);
  REQUIRE(c.wait_for(301, 5.0));
  c.stop(**feed);
  CHECK(std::set<std::string>(c.payloads.begin(), c.payloads.end()) == sent);
  CHECK((*feed)->stats().received == 301);
  CHECK((*feed)->stats().oversized == 0);
  CHECK(c.origins.back() == 301);
  // The port is taken while the feed lives: a second feed on it is refused.
  CHECK_FALSE(open_feed("udp://127.0.0.1:" + std::to_string(port)).ok());
}

namespace {

// A mosquitto broker on 127.0.0.1:port, as a child process.
class Broker {
 public:
  explicit Broker(int port) : port_(port) {
    conf_ = temp_file("mosquitto_" + std::to_string(port) + ".conf",
                      "listener " + std::to_string(port) + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
  }
  ~Broker() {
    kill();
    fs::remove(conf_);
  }
  bool start() {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
      ::execl(kBinary, "mosquitto", "-c", conf_.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Ready when it accepts a TCP connection.
    const auto t0 = std::chrono::steady_clock::now();
    while (seconds_since(t0) < 5.0) {
      const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<std::uint16_t>(port_));
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      ::close(fd);
      if (up) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  void kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);  // a crash, not a clean shutdown
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  static bool available() { return ::access(kBinary, X_OK) == 0; }

 private:
  static constexpr const char* kBinary = "/usr/sbin/mosquitto";
  int port_;
  fs::path conf_;
  pid_t pid_ = -1;
};

// A QoS 1 publisher with its own network thread; publish_all waits for every PUBACK.
class Publisher {
 public:
  explicit Publisher(int port) {
    mosquitto_lib_init();
    m_ = mosquitto_new(nullptr, true, this);
    mosquitto_publish_callback_set(m_, [](mosquitto*, void* self, int) { ++static_cast<Publisher*>(self)->acked_; });
    ok_ = mosquitto_connect(m_, "127.0.0.1", port, 10) == MOSQ_ERR_SUCCESS && mosquitto_loop_start(m_) == MOSQ_ERR_SUCCESS;
  }
  ~Publisher() {
    mosquitto_disconnect(m_);
    mosquitto_loop_stop(m_, false);
    mosquitto_destroy(m_);
  }
  bool publish_all(const std::string& topic, const std::vector<std::string>& payloads) {
    if (!ok_) return false;
    const int before = acked_;
    for (const auto& p : payloads)
      if (mosquitto_publish(m_, nullptr, topic.c_str(), static_cast<int>(p.size()), p.data(), 1, false) !=
          MOSQ_ERR_SUCCESS)
        return false;
    const auto t0 = std::chrono::steady_clock::now();
    while (acked_ - before < static_cast<int>(payloads.size())) {
      if (seconds_since(t0) > 5.0) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

 private:
  mosquitto* m_ = nullptr;
  std::atomic<int> acked_{0};
  bool ok_ = false;
};

}  // namespace

TEST_CASE("mqtt feed receives QoS 1 messages and survives a broker restart", "[fusion][feeds][mqtt]") {
  if (!Broker::available()) {
    WARN("skipped: /usr/sbin/mosquitto is not installed (Debian package mosquitto; tools/setup installs it)");
    return;
  }
  const int port = free_port(SOCK_STREAM);
  Broker broker(port);
  REQUIRE(broker.start());
  const std::string topic = "dptwin/test/feeds";
  auto feed = open_feed("mqtt://127.0.0.1:" + std::to_string(port) + "/" + topic, FeedOptions{1.0, {}, 0.05});
  REQUIRE(feed.ok());
  Collector c;
  c.start(**feed);

  std::vector<std::string> first, second;
  for (int i = 0; i < 100; ++i) first.push_back(observation_text(static_cast<std::uint64_t>(i), k0800 + i));
  for (int i = 100; i < 150; ++i) second.push_back(observation_text(static_cast<std::uint64_t>(i), k0800 + i));
  {
    Publisher pub(port);
    REQUIRE(pub.publish_all(topic, first));
  }
  REQUIRE(c.wait_for(100, 5.0));

  // The broker crashes and comes back on the same port; the feed reconnects by itself.
  broker.kill();
  REQUIRE(broker.start());
  const auto t0 = std::chrono::steady_clock::now();
  while ((*feed)->stats().reconnects == 0 && seconds_since(t0) < 5.0)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE((*feed)->stats().reconnects == 1);
  {
    Publisher pub(port);
    REQUIRE(pub.publish_all(topic, second));
  }
  REQUIRE(c.wait_for(150, 5.0));
  c.stop(**feed);
  REQUIRE(c.end.ok());
  // At least once: every message arrived (a duplicate would be allowed by QoS 1, none expected here).
  std::set<std::string> got(c.payloads.begin(), c.payloads.end());
  for (const auto& p : first) CHECK(got.count(p) == 1);
  for (const auto& p : second) CHECK(got.count(p) == 1);
  CHECK((*feed)->stats().received == c.payloads.size());
}

TEST_CASE("mqtt feed says clearly when no broker answers", "[fusion][feeds][mqtt]") {
  const int port = free_port(SOCK_STREAM);
  auto r = open_feed("mqtt://127.0.0.1:" + std::to_string(port) + "/x");
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors().to_string().find("cannot connect to the MQTT broker") != std::string::npos);
}
