// The MQTT publisher (MQTT 3.1.1, OASIS standard 2014) through libmosquitto: one publish per
// payload at QoS 1. The client runs on the caller's thread (mosquitto_loop, no library thread),
// so that pacing, reconnection and stopping stay in one place.
//
// A broker restart: while the broker is away send() waits and retries every
// reconnect_interval_s. Publishes that were in flight when the connection broke stay in
// libmosquitto's queue and are sent again (DUP) once the connection is back (the library resets
// its outgoing queue on reconnect and retries unacknowledged QoS 1 messages after the CONNACK);
// flush() waits for their PUBACKs. What the broker had acknowledged but not yet delivered when it
// died is the broker's to keep (its persistence), not ours.
#include <mosquitto.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "feed_publish_internal.h"

namespace dpt::fusion::detail {

namespace {

std::int64_t steady_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void init_library_once() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });  // process-wide; never cleaned up
}

class MqttPublisher final : public FeedPublisher {
 public:
  MqttPublisher(FeedAddress address, PublisherOptions options)
      : address_(std::move(address)), options_(options) {}
  ~MqttPublisher() override {
    if (mosq_ != nullptr) {
      if (state_ != State::down) mosquitto_disconnect(mosq_);
      mosquitto_destroy(mosq_);
    }
  }

  // Connects and waits for the CONNACK (up to connect_timeout_s). Empty string when fine.
  std::string start() {
    const std::string id = "dptwin-play-" + std::to_string(::getpid());
    mosq_ = mosquitto_new(id.c_str(), /*clean_session=*/true, this);
    if (mosq_ == nullptr) return "cannot create an MQTT client";
    mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    // More than the default 20 publishes in flight, so that a fast replay is not bound by the
    // round trip; the rest wait in the library's queue.
    mosquitto_max_inflight_messages_set(mosq_, kMaxInflight);
    mosquitto_connect_callback_set(mosq_, &MqttPublisher::on_connect);
    mosquitto_disconnect_callback_set(mosq_, &MqttPublisher::on_disconnect);
    mosquitto_publish_callback_set(mosq_, &MqttPublisher::on_publish);
    const int rc = mosquitto_connect(mosq_, address_.host.c_str(), address_.port, kKeepAliveS);
    if (rc != MOSQ_ERR_SUCCESS) return std::string("cannot connect to the MQTT broker: ") + mosquitto_strerror(rc);
    state_ = State::connecting;
    const std::int64_t deadline = steady_us() + static_cast<std::int64_t>(options_.connect_timeout_s * 1e6);
    while (state_ == State::connecting && refused_.empty() && steady_us() < deadline && !stopped()) {
      const int lr = mosquitto_loop(mosq_, 50, 1);
      if (lr != MOSQ_ERR_SUCCESS) return std::string("MQTT connection failed: ") + mosquitto_strerror(lr);
    }
    if (!refused_.empty()) return refused_;
    if (state_ != State::up) return "the MQTT broker did not answer the connection within the timeout";
    return {};
  }

  bool send(std::string_view payload) override {
    while (state_ != State::up) {
      if (stopped()) return false;
      service(50'000);
    }
    const int rc = mosquitto_publish(mosq_, nullptr, address_.topic.c_str(), static_cast<int>(payload.size()),
                                     payload.data(), /*qos=*/1, /*retain=*/false);
    // NO_CONN / CONN_LOST: the connection broke under us, but a QoS 1 message is queued before it
    // is written, so the library sends it again after reconnecting.
    if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN && rc != MOSQ_ERR_CONN_LOST) {
      ++stats_.unsendable;
      return false;
    }
    ++stats_.sent;
    stats_.bytes += payload.size();
    service(0);  // read the PUBACKs that are already there
    return true;
  }

  void service(std::int64_t wait_us) override {
    if (state_ != State::down) {
      const int ms = static_cast<int>(std::clamp<std::int64_t>(wait_us / 1000, 0, 1000));
      if (mosquitto_loop(mosq_, ms, 1) != MOSQ_ERR_SUCCESS) {
        state_ = State::down;  // the broker went away
        last_attempt_us_ = steady_us();
      }
      return;
    }
    const std::int64_t due = last_attempt_us_ + static_cast<std::int64_t>(options_.reconnect_interval_s * 1e6);
    const std::int64_t now = steady_us();
    if (now < due) {
      std::this_thread::sleep_for(std::chrono::microseconds(std::min(due - now, std::max<std::int64_t>(wait_us, 1000))));
      return;
    }
    last_attempt_us_ = now;
    // on_connect, called from a later mosquitto_loop, makes the state `up`.
    if (mosquitto_reconnect(mosq_) == MOSQ_ERR_SUCCESS) state_ = State::connecting;
  }

  std::uint64_t flush(double timeout_s) override {
    const std::int64_t deadline = steady_us() + static_cast<std::int64_t>(timeout_s * 1e6);
    while (stats_.acked < stats_.sent && steady_us() < deadline && !stopped()) service(50'000);
    return stats_.sent - std::min(stats_.acked, stats_.sent);
  }

 private:
  enum class State : std::uint8_t { down, connecting, up };
  static constexpr int kKeepAliveS = 10;
  static constexpr unsigned kMaxInflight = 1000;

  bool stopped() const { return options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed); }

  static void on_connect(mosquitto*, void* self, int rc) {
    auto* p = static_cast<MqttPublisher*>(self);
    if (rc != 0) {
      p->refused_ = std::string("the MQTT broker refused the connection: ") + mosquitto_connack_string(rc);
      return;
    }
    if (p->ever_up_) ++p->stats_.reconnects;
    p->ever_up_ = true;
    p->state_ = State::up;
  }
  static void on_disconnect(mosquitto*, void* self, int) {
    auto* p = static_cast<MqttPublisher*>(self);
    p->state_ = State::down;
    p->last_attempt_us_ = steady_us();
  }
  // QoS 1: called once per message, when its PUBACK arrives.
  static void on_publish(mosquitto*, void* self, int) { ++static_cast<MqttPublisher*>(self)->stats_.acked; }

  FeedAddress address_;
  PublisherOptions options_;
  mosquitto* mosq_ = nullptr;
  State state_ = State::down;
  bool ever_up_ = false;
  std::int64_t last_attempt_us_ = 0;
  std::string refused_;
};

}  // namespace

Result<std::unique_ptr<FeedPublisher>> open_mqtt_publisher(const std::string& spec, const FeedAddress& address,
                                                           const PublisherOptions& options) {
  init_library_once();
  auto p = std::make_unique<MqttPublisher>(address, options);
  const std::string problem = p->start();
  if (!problem.empty())
    return Result<std::unique_ptr<FeedPublisher>>::failure(
        SourceLoc{spec, 0, 0}, problem + " (" + address.host + ":" + std::to_string(address.port) + ")");
  return std::unique_ptr<FeedPublisher>(std::move(p));
}

}  // namespace dpt::fusion::detail
