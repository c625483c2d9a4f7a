// dptwin feed simulate: a recorded feed made by the sensor simulator — virtual cameras of the
// district watching seeded movers (people and vehicles), with pixel noise, misses, false alarms and
// occlusion by buildings — and its ground truth, so that `dptwin live --truth` can score the tracker
// on the district itself (docs/feeds.md, docs/fusion.md).
// dptwin feed play: sends a recorded feed, line by line and verbatim, to a live session over UDP or
// MQTT, paced by the messages' own times (docs/live.md); a test and fault-injection tool.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "dpt/fusion/codec.h"
#include "dpt/fusion/feed_publish.h"
#include "dpt/fusion/sensor_sim.h"
#include "dpt/geo/geometry.h"
#include "live_world.h"

namespace dpt::app {
namespace {

struct SimulateArgs {
  std::string input;
  std::string out;
  std::string truth;
  std::string site = "xichong-beach";
  double seconds = 60.0;
  double hz = 5.0;
  int people = 60;
  int vehicles = 0;
  std::uint64_t seed = 1;
  std::string start;
};

int run_simulate(const SimulateArgs& a) {
  auto lw = load_live_world(a.input);
  if (!lw) {
    std::fputs(lw.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  const world::District& d = *lw->district;
  const world::Site* site = d.site(a.site);
  if (!site) {
    std::fprintf(stderr, "dptwin feed simulate: --site %s: no such site in %s\n", a.site.c_str(),
                 lw->district_dir.string().c_str());
    return kExitBadInput;
  }
  std::vector<world::Camera> cams;
  for (const auto& c : d.cameras)
    if (c.site_id == site->id) cams.push_back(c);
  if (cams.empty()) {
    std::fprintf(stderr, "dptwin feed simulate: no camera watches site %s\n", site->id.c_str());
    return kExitBadInput;
  }
  Instant t0 = lw->start.instant;
  if (!a.start.empty()) {
    auto s = parse_instant(a.start);
    if (!s) {
      std::fprintf(stderr, "dptwin feed simulate: --start %s: %s\n", a.start.c_str(),
                   s.errors().items().front().message.c_str());
      return kExitBadInput;
    }
    t0 = s->instant;
  }

  // Movers inside the site's area (its bounding box), or 150 m around a point site.
  fusion::MoverGenParams mp;
  if (!site->area.outer.empty()) {
    mp.area = {1e300, 1e300, -1e300, -1e300};
    for (const auto& p : site->area.outer) {
      mp.area.min_x = std::min(mp.area.min_x, p.x);
      mp.area.min_y = std::min(mp.area.min_y, p.y);
      mp.area.max_x = std::max(mp.area.max_x, p.x);
      mp.area.max_y = std::max(mp.area.max_y, p.y);
    }
  } else {
    mp.area = {site->pos.x - 150, site->pos.y - 150, site->pos.x + 150, site->pos.y + 150};
  }
  mp.people = a.people;
  mp.vehicles = a.vehicles;
  mp.start_us = t0.us_since_unix;
  const auto movers = fusion::generate_movers(mp, a.seed);
  fusion::SensorSim sim(cams, *lw->collision, d.terrain, movers, fusion::SensorSimParams{}, a.seed);

  std::ofstream out(a.out, std::ios::binary);
  if (!out) {
    std::fprintf(stderr, "dptwin feed simulate: cannot write %s\n", a.out.c_str());
    return kExitFailure;
  }
  std::ofstream truth;
  if (!a.truth.empty()) {
    truth.open(a.truth, std::ios::binary);
    if (!truth) {
      std::fprintf(stderr, "dptwin feed simulate: cannot write %s\n", a.truth.c_str());
      return kExitFailure;
    }
    truth << "frame,time_us,id,class,x,y,visible\n";
  }

  const auto frames = static_cast<std::uint64_t>(a.seconds * a.hz);
  const auto period_us = static_cast<std::int64_t>(1e6 / a.hz);
  fusion::SimFrame sf;
  fusion::Message msg;
  msg.kind = fusion::MessageKind::detections;
  std::vector<fusion::MoverState> states;
  std::string line;
  std::uint64_t boxes = 0, messages = 0, false_alarms = 0, observations = 0, obs_seq = 0;
  std::vector<const world::Sensor*> counters;
  for (const auto& sensor : d.sensors)
    if (sensor.site_id == site->id && sensor.kind == world::SensorKind::crowd_counter) counters.push_back(&sensor);
  for (std::uint64_t k = 0; k < frames; ++k) {
    const std::int64_t t = t0.us_since_unix + static_cast<std::int64_t>(k) * period_us;
    for (std::size_t c = 0; c < cams.size(); ++c) {
      sim.frame(c, k + 1, t, sf);
      msg.detections = sf.frame;
      line.clear();
      fusion::encode(msg, line);
      line += '\n';
      out.write(line.data(), static_cast<std::streamsize>(line.size()));
      ++messages;
      boxes += sf.frame.boxes.size();
      false_alarms += static_cast<std::uint64_t>(std::count(sf.truth.begin(), sf.truth.end(), -1));
    }
    // The site's crowd counters report the true number of people in the site's area once a second
    // (a counter is an exact sensor here; the detections carry the noise).
    if (!counters.empty() && k % static_cast<std::uint64_t>(std::max(1.0, a.hz)) == 0) {
      sim.truth(t, states);
      int people = 0;
      for (const auto& st : states)
        if (st.cls == fusion::ObjectClass::person && (site->area.outer.empty() || geo::point_in_ring(site->area.outer, {st.x, st.y})))
          ++people;
      for (const world::Sensor* sensor : counters) {
        fusion::Message obs;
        obs.kind = fusion::MessageKind::observation;
        obs.observation.sensor_id = sensor->id;
        obs.observation.time_us = t;
        obs.observation.seq = ++obs_seq;
        obs.observation.observed_property = sensor->observed_property;
        obs.observation.result = people;
        obs.observation.unit = sensor->unit;
        line.clear();
        fusion::encode(obs, line);
        line += '\n';
        out.write(line.data(), static_cast<std::streamsize>(line.size()));
        ++observations;
      }
    }
    if (truth.is_open()) {
      sim.truth(t, states);
      for (const auto& s : states) {
        bool seen = false;
        for (std::size_t c = 0; c < cams.size() && !seen; ++c) seen = sim.visible(c, s);
        char buf[160];
        std::snprintf(buf, sizeof buf, "%llu,%lld,%d,%s,%.3f,%.3f,%d\n", static_cast<unsigned long long>(k + 1),
                      static_cast<long long>(t), s.id, fusion::to_string(s.cls), s.x, s.y, seen ? 1 : 0);
        truth << buf;
      }
    }
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "dptwin feed simulate: writing %s failed\n", a.out.c_str());
    return kExitFailure;
  }
  std::printf("feed simulate: site %s, %zu cameras, %zu movers, %.0f s at %.1f Hz\n", site->id.c_str(), cams.size(),
              movers.size(), a.seconds, a.hz);
  std::printf("wrote %s: %llu detection frames, %llu boxes (%llu false alarms), %llu crowd-counter readings%s%s\n",
              a.out.c_str(), static_cast<unsigned long long>(messages), static_cast<unsigned long long>(boxes),
              static_cast<unsigned long long>(false_alarms), static_cast<unsigned long long>(observations), a.truth.empty() ? "" : "; truth: ", a.truth.c_str());
  return kExitOk;
}

struct PlayArgs {
  std::string file;
  std::string to;
  double speed = 1.0;
  double ack_timeout_s = 60.0;
};

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Paces lines the way the file feed does (docs/feeds.md, "Sources"): the first message goes at
// once; one whose time is t after the first goes t / speed after it. A line that does not decode
// keeps the pace of the line before it (it goes right after it), and a message older than one
// already sent goes at once, so that a fault-injection file reaches the receiver in file order.
class LinePacer {
 public:
  explicit LinePacer(double speed) : speed_(speed) {}
  // Steady-clock µs at which `line` is due (0: at once).
  std::int64_t due_us(std::string_view line, std::int64_t now_us) {
    if (speed_ <= 0.0) return 0;
    if (!fusion::decode(line, scratch_).ok()) return last_due_us_;
    const std::int64_t t = scratch_.time_us();
    if (!started_) {
      started_ = true;
      first_time_us_ = t;
      first_wall_us_ = now_us;
      return last_due_us_ = now_us;
    }
    const double offset = static_cast<double>(t - first_time_us_) / speed_;
    last_due_us_ = std::max(last_due_us_, first_wall_us_ + static_cast<std::int64_t>(std::max(0.0, offset)));
    return last_due_us_;
  }

 private:
  double speed_;
  fusion::Message scratch_;  // decoded only for its time
  bool started_ = false;
  std::int64_t first_time_us_ = 0, first_wall_us_ = 0, last_due_us_ = 0;
};

std::int64_t steady_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int run_play(const PlayArgs& a, const std::atomic<bool>* stop) {
  const auto wall0 = std::chrono::steady_clock::now();
  std::ifstream in(a.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: error: cannot open the feed file: %s\n", a.file.c_str(), std::strerror(errno));
    return kExitBadInput;
  }
  if (auto address = fusion::parse_feed_address(a.to); !address) {
    std::fputs(address.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  fusion::PublisherOptions po;
  po.stop = stop;
  auto opened = fusion::open_publisher(a.to, po);
  if (!opened) {
    std::fputs(opened.errors().to_string().c_str(), stderr);
    return kExitFailure;
  }
  fusion::FeedPublisher& pub = **opened;
  LinePacer pacer(a.speed);
  std::string line;
  std::uint64_t lines = 0, blank = 0;
  bool stopped = false;
  while (std::getline(in, line)) {
    if (is_blank(line)) {
      ++blank;
      continue;
    }
    if (line.back() == '\r') line.pop_back();  // CRLF files, as the file feed reads them
    ++lines;
    const std::int64_t due = pacer.due_us(line, steady_now_us());
    for (std::int64_t now = steady_now_us(); now < due && !stop->load(); now = steady_now_us())
      pub.service(std::min<std::int64_t>(due - now, 50'000));
    if (stop->load()) {
      stopped = true;
      break;
    }
    if (!pub.send(line) && stop->load()) {
      stopped = true;
      break;
    }
  }
  const bool read_ok = !in.bad();
  const std::uint64_t unacked = pub.flush(a.ack_timeout_s);
  const auto st = pub.stats();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  std::printf("feed play: %s -> %s: %llu lines, %llu sent (%llu bytes), %llu acknowledged, %llu unsendable, "
              "%llu reconnects, %.2f s\n",
              a.file.c_str(), a.to.c_str(), static_cast<unsigned long long>(lines),
              static_cast<unsigned long long>(st.sent), static_cast<unsigned long long>(st.bytes),
              static_cast<unsigned long long>(st.acked), static_cast<unsigned long long>(st.unsendable),
              static_cast<unsigned long long>(st.reconnects), wall_s);
  nlohmann::ordered_json j;
  j["lines"] = lines;
  j["blank"] = blank;
  j["sent"] = st.sent;
  j["acked"] = st.acked;
  j["unacked"] = unacked;
  j["unsendable"] = st.unsendable;
  j["reconnects"] = st.reconnects;
  j["stopped"] = stopped;
  j["wall_s"] = wall_s;
  std::printf("%s\n", j.dump().c_str());
  if (!read_ok) {
    std::fprintf(stderr, "%s: error: read error\n", a.file.c_str());
    return kExitFailure;
  }
  if (unacked > 0) {
    std::fprintf(stderr, "dptwin feed play: %llu messages not acknowledged by the broker within %.0f s\n",
                 static_cast<unsigned long long>(unacked), a.ack_timeout_s);
    return kExitFailure;
  }
  return stopped ? kExitFailure : kExitOk;
}

}  // namespace

void add_feed_command(CLI::App& app, AppState& state) {
  auto* feed = app.add_subcommand("feed", "Make and play live feeds (docs/feeds.md)");
  feed->require_subcommand(1);
  auto a = std::make_shared<SimulateArgs>();
  auto* sim = feed->add_subcommand(
      "simulate",
      "Write a recorded feed (NDJSON, one detection frame per line) from the sensor simulator: the district's\n"
      "cameras that watch --site see seeded people and vehicles moving in the site's area, with pixel noise,\n"
      "misses, false alarms and occlusion by buildings and terrain; the site's crowd counters report the people in\n"
      "its area once a second. --truth writes the movers' true positions\n"
      "per frame (frame,time_us,id,class,x,y,visible) for `dptwin live --truth`.");
  sim->add_option("SCENARIO_OR_DIR", a->input, "A scenario (its district and start time) or a district directory (default: the default district)");
  sim->add_option("--out", a->out, "Feed file to write")->required();
  sim->add_option("--truth", a->truth, "Ground-truth CSV to write");
  sim->add_option("--site", a->site, "Site whose cameras and area are used")->capture_default_str();
  sim->add_option("--seconds", a->seconds, "Span of the feed")->capture_default_str()->check(CLI::Range(0.1, 86400.0));
  sim->add_option("--hz", a->hz, "Frames per second per camera")->capture_default_str()->check(CLI::Range(0.1, 60.0));
  sim->add_option("--people", a->people, "People in the area")->capture_default_str()->check(CLI::Range(0, 100000));
  sim->add_option("--vehicles", a->vehicles, "Vehicles in the area")->capture_default_str()->check(CLI::Range(0, 100000));
  sim->add_option("--seed", a->seed, "Seed of the movers and of the detector noise")->capture_default_str();
  sim->add_option("--start", a->start, "First frame time, ISO 8601 (default: the scenario's start)");
  sim->callback([&state, a] { state.exit_code = run_simulate(*a); });

  auto p = std::make_shared<PlayArgs>();
  auto* play = feed->add_subcommand(
      "play",
      "Send a recorded feed (NDJSON, one message per line) to a live session: each non-blank line, verbatim\n"
      "(malformed ones too: a fault-injection tool), as one UDP datagram or one MQTT publish at QoS 1, paced by\n"
      "the messages' own times divided by --speed (a line that does not decode goes right after the line before\n"
      "it). MQTT: waits for every PUBACK before exiting; when the broker goes away it keeps retrying every 0.2 s\n"
      "and carries on once the broker is back. Loopback only. Last line: one JSON object\n"
      "{lines, blank, sent, acked, unacked, unsendable, reconnects, stopped, wall_s}. Exit 1 when messages stay\n"
      "unacknowledged past --ack-timeout or on Ctrl-C.");
  play->add_option("FILE", p->file, "Feed file to send (e.g. from `feed simulate`, or a live run's recording.ndjson)")
      ->required();
  play->add_option("--to", p->to, "udp://127.0.0.1:PORT or mqtt://127.0.0.1[:PORT]/TOPIC")->required();
  play->add_option("--speed", p->speed, "1 real time, 10 ten times faster, 0 as fast as possible")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  play->add_option("--ack-timeout", p->ack_timeout_s, "MQTT: seconds to wait for the last acknowledgements")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0));
  play->callback([&state, p] { state.exit_code = run_play(*p, install_stop_handler()); });
}

}  // namespace dpt::app
