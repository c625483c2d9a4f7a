// The MQTT feed (MQTT 3.1.1, OASIS standard 2014) through libmosquitto: one subscription at QoS 1
// (at least once: a message may come twice after a reconnect; the graph de-duplicates by
// camera/sensor and seq). The client runs on the thread that calls run(), with its own loop, so
// that stop() and reconnection are in our hands: when the broker goes away (restart, crash) the
// feed keeps trying every reconnect_interval_s and subscribes again on each new connection.
#include <mosquitto.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <string>

#include "dpt/fusion/codec.h"
#include "feed_internal.h"

namespace dpt::fusion::detail {

namespace {

void init_library_once() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });  // process-wide; never cleaned up
}

std::string default_client_id() {
  static std::atomic<int> n{0};
  return "dptwin-" + std::to_string(::getpid()) + "-" + std::to_string(n.fetch_add(1));
}

class MqttFeed final : public Feed {
 public:
  MqttFeed(const std::string& spec, std::string host, int port, std::string topic, double reconnect_s)
      : Feed(spec), host_(std::move(host)), port_(port), topic_(std::move(topic)), reconnect_s_(reconnect_s) {}
  ~MqttFeed() override {
    if (mosq_ != nullptr) {
      mosquitto_disconnect(mosq_);
      mosquitto_destroy(mosq_);
    }
  }

  // Connects and waits (up to 5 s) until the broker acknowledges the subscription, so that a
  // publisher may start as soon as open_feed() returns. Empty string when fine.
  std::string start(const std::string& client_id) {
    mosq_ = mosquitto_new(client_id.c_str(), /*clean_session=*/false, this);
    if (mosq_ == nullptr) return "cannot create an MQTT client";
    mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_connect_callback_set(mosq_, &MqttFeed::on_connect);
    mosquitto_subscribe_callback_set(mosq_, &MqttFeed::on_subscribe);
    mosquitto_message_callback_set(mosq_, &MqttFeed::on_message);
    const int rc = mosquitto_connect(mosq_, host_.c_str(), port_, kKeepAliveS);
    if (rc != MOSQ_ERR_SUCCESS) return std::string("cannot connect to the MQTT broker: ") + mosquitto_strerror(rc);
    const std::int64_t deadline = steady_clock_us() + 5'000'000;
    while (subscriptions_ == 0 && refused_.empty() && steady_clock_us() < deadline) {
      const int lr = mosquitto_loop(mosq_, 50, 1);
      if (lr != MOSQ_ERR_SUCCESS) return std::string("MQTT connection failed: ") + mosquitto_strerror(lr);
    }
    if (!refused_.empty()) return refused_;
    if (subscriptions_ == 0) return "the MQTT broker did not acknowledge the subscription within 5 s";
    return {};
  }

  Result<FeedEnd> run(const FeedSink& sink) override {
    sink_ = &sink;
    for (auto& early : early_) deliver(early);  // arrived while start() waited for the SUBACK
    early_.clear();
    bool connected = true;
    while (!stop_requested()) {
      if (connected) {
        const int rc = mosquitto_loop(mosq_, 50, 1);
        if (rc != MOSQ_ERR_SUCCESS) connected = false;  // lost: the broker went away
        continue;
      }
      if (!sleep_until_or_stopped(*this, steady_clock_us() + static_cast<std::int64_t>(reconnect_s_ * 1e6))) break;
      connected = mosquitto_reconnect(mosq_) == MOSQ_ERR_SUCCESS;  // on_connect subscribes again
    }
    sink_ = nullptr;
    return FeedEnd::stopped;
  }

 private:
  static constexpr int kKeepAliveS = 10;

  static void on_connect(mosquitto* m, void* self, int rc) {
    auto* feed = static_cast<MqttFeed*>(self);
    if (rc != 0) {
      feed->refused_ = std::string("the MQTT broker refused the connection: ") + mosquitto_connack_string(rc);
      return;
    }
    mosquitto_subscribe(m, nullptr, feed->topic_.c_str(), 1);
  }

  static void on_subscribe(mosquitto*, void* self, int, int, const int*) {
    auto* feed = static_cast<MqttFeed*>(self);
    // Counted when the subscription is back, not at the TCP connection: only then can messages flow.
    if (++feed->subscriptions_ > 1) feed->count_reconnect();
  }

  static void on_message(mosquitto*, void* self, const mosquitto_message* msg) {
    auto* feed = static_cast<MqttFeed*>(self);
    const std::string_view payload(static_cast<const char*>(msg->payload), static_cast<std::size_t>(msg->payloadlen));
    if (feed->sink_ == nullptr) {
      feed->early_.emplace_back(payload);
      return;
    }
    feed->deliver(payload);
  }

  void deliver(std::string_view payload) {
    if (payload.size() > kMaxMessageBytes) {
      count_oversized();
      return;
    }
    count_received(payload.size());
    (*sink_)(RawMessage{payload, wall_clock_us(), ++arrivals_});
  }

  std::string host_;
  int port_;
  std::string topic_;
  double reconnect_s_;
  mosquitto* mosq_ = nullptr;
  const FeedSink* sink_ = nullptr;
  std::deque<std::string> early_;
  std::string refused_;
  int subscriptions_ = 0;
  std::uint64_t arrivals_ = 0;
};

}  // namespace

Result<std::unique_ptr<Feed>> open_mqtt_feed(const std::string& spec, const std::string& host, int port,
                                             const std::string& topic, const FeedOptions& options) {
  init_library_once();
  auto feed = std::make_unique<MqttFeed>(spec, host, port, topic, options.reconnect_interval_s);
  const std::string problem =
      feed->start(options.mqtt_client_id.empty() ? default_client_id() : options.mqtt_client_id);
  if (!problem.empty())
    return Result<std::unique_ptr<Feed>>::failure(SourceLoc{spec, 0, 0},
                                                  problem + " (" + host + ":" + std::to_string(port) + ")");
  return std::unique_ptr<Feed>(std::move(feed));
}

}  // namespace dpt::fusion::detail
