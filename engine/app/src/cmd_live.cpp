// dptwin live: the twin on live input. A feed (a recorded file replayed at any speed, UDP on
// 127.0.0.1, or MQTT through a broker) goes through the fusion flow graph (decode, georeference,
// time order, one tracker per area) while alerts are judged on the tracks and the sensor readings.
// Every accepted message is recorded, so that `dptwin live SCENARIO --feed RUN/recording.ndjson`
// replays the session (docs/fusion.md, docs/feeds.md, docs/run-directory.md).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "district_locate.h"
#include "dpt/core/version.h"
#include "dpt/fusion/alerts.h"
#include "dpt/fusion/feed.h"
#include "dpt/fusion/graph.h"
#include "live_truth.h"
#include "live_view.h"
#include "live_world.h"

namespace dpt::app {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

struct LiveArgs {
  std::string input;
  std::string feed;
  std::string out;
  std::string alerts;
  std::string truth;
  double speed = 1.0;
  double duration_s = 0.0;
  int partitions = 16;
  int threads = 0;
  bool quiet = false;
  bool view = false;  // --view: the tracks and alerts in the operator console (live_view.h)
  LiveViewOptions view_options;
};

// Message time between alert judgements (the graph's ticks): dwell times are whole seconds.
constexpr std::int64_t kAlertTickUs = 100'000;

fs::path default_run_dir() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "runs/live-%Y%m%d-%H%M%S", &tm);
  return buf;
}

// Writes the accepted messages in the order accepted (called from the graph's serial time-order
// node only).
class Recorder {
 public:
  bool open(const fs::path& p) {
    out_.open(p, std::ios::binary | std::ios::trunc);
    return static_cast<bool>(out_);
  }
  void write(std::string_view payload) {
    out_.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    out_.put('\n');
    ++count_;
  }
  bool close() {
    out_.flush();
    const bool ok = static_cast<bool>(out_);
    out_.close();
    return ok;
  }
  std::uint64_t count() const { return count_; }

 private:
  std::ofstream out_;
  std::uint64_t count_ = 0;
};

// Alerts into one engine and one events.ndjson. The engine judges ticks (graph.h, TickListener):
// the readings since the previous tick, then every partition's tracks at the tick, all in message
// time, so that a replay at any speed raises the same alerts at the same times. The console reads
// from another thread, hence the mutex.
class AlertSink {
 public:
  AlertSink(fusion::AlertEngine engine, std::ofstream& events, Instant start, int offset_minutes)
      : engine_(std::move(engine)), events_(events), start_(start), offset_(offset_minutes) {}

  void on_tick(std::int64_t t, std::span<const fusion::GroundTrack> tracks, std::span<const fusion::Observation> observations) {
    std::lock_guard lock(mu_);
    out_.clear();
    for (const auto& o : observations) engine_.on_observation(o, out_);
    engine_.on_tracks(t, tracks, out_);
    write_locked();
  }
  std::uint64_t alerts() const { return written_; }
  fusion::AlertCounters counters() {
    std::lock_guard lock(mu_);
    return engine_.counters();
  }
  std::vector<std::string> recent() {
    std::lock_guard lock(mu_);
    return recent_;
  }
  // For the console: from now on alerts are also kept until take_new() hands them over.
  void keep_for_console() {
    std::lock_guard lock(mu_);
    keep_ = true;
  }
  void take_new(std::vector<fusion::Alert>& out) {
    std::lock_guard lock(mu_);
    out.clear();
    out.swap(kept_);
  }

 private:
  void write_locked() {
    for (const auto& a : out_) {
      ojson j;
      j["t"] = format_instant(Instant{a.time_us}, offset_);
      j["t_s"] = static_cast<double>(a.time_us - start_.us_since_unix) * 1e-6;
      j["kind"] = "alert";
      j["source"] = "fusion";
      auto d = ojson::parse(fusion::alert_event_details(a), nullptr, false);
      j["details"] = d.is_discarded() ? ojson{{"message", a.message}} : d;
      events_ << j.dump() << '\n';
      ++written_;
      recent_.push_back(a.message);
      if (recent_.size() > 5) recent_.erase(recent_.begin());
      if (keep_) kept_.push_back(a);
    }
  }

  std::mutex mu_;
  fusion::AlertEngine engine_;
  std::ofstream& events_;
  Instant start_;
  int offset_;
  std::vector<fusion::Alert> out_;
  std::vector<std::string> recent_;
  bool keep_ = false;
  std::vector<fusion::Alert> kept_;
  std::uint64_t written_ = 0;
};

void write_tracks_csv(const fs::path& p, std::vector<fusion::GroundTrack> tracks) {
  std::sort(tracks.begin(), tracks.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << "id,class,state,time_us,x,y,vx,vy,hits\n";
  char buf[256];
  for (const auto& t : tracks) {
    std::snprintf(buf, sizeof buf, "%llu,%s,%s,%lld,%.3f,%.3f,%.3f,%.3f,%d\n", static_cast<unsigned long long>(t.id),
                  fusion::to_string(t.cls), fusion::to_string(t.state), static_cast<long long>(t.time_us), t.x, t.y,
                  t.vx, t.vy, t.hits);
    out << buf;
  }
}

// A tracker may still list a track it has marked deleted until its next ageing pass.
void drop_deleted(std::vector<fusion::GroundTrack>& tracks) {
  std::erase_if(tracks, [](const fusion::GroundTrack& t) { return t.state == fusion::TrackState::deleted; });
}

ojson stats_json(const fusion::FusionStats& s) {
  ojson j;
  j["received"] = s.received;
  j["accepted"] = s.accepted;
  ojson rej;
  for (int r = 1; r < fusion::kRejectCount; ++r)
    rej[fusion::to_string(static_cast<fusion::Reject>(r))] = s.rejected[static_cast<std::size_t>(r)];
  j["rejected"] = rej;
  j["rejected_total"] = s.rejected_total;
  j["duplicate"] = s.duplicate;
  j["late"] = s.late;
  j["clock_jump"] = s.clock_jump;
  j["clock_resync"] = s.clock_resync;
  j["dropped"] = s.dropped;
  j["detection_frames"] = s.detection_frames;
  j["detections"] = s.detections;
  j["ground_fixes"] = s.ground_fixes;
  j["observations"] = s.observations;
  j["track_updates"] = s.track_updates;
  j["tracks"] = s.tracks;
  j["latency_p50_ms"] = s.latency.p50_ms;
  j["latency_p99_ms"] = s.latency.p99_ms;
  j["processing_p50_ms"] = s.processing.p50_ms;
  j["processing_p99_ms"] = s.processing.p99_ms;
  return j;
}

int run_live(const LiveArgs& a, const std::atomic<bool>* stop_signal) {
  const auto wall0 = Clock::now();
  auto lw = load_live_world(a.input);
  if (!lw) {
    std::fputs(lw.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  const world::District& district = *lw->district;

  // The feed: the given one, or the district's sample feed (a recorded file).
  std::string feed_spec = a.feed;
  if (feed_spec.empty()) feed_spec = (lw->district_dir / "feeds" / "xichong_sample.ndjson").string();
  const bool live_source = feed_spec.rfind("udp://", 0) == 0 || feed_spec.rfind("mqtt://", 0) == 0;
  fusion::FeedOptions fo;
  fo.speed = a.speed;
  auto feed = fusion::open_feed(feed_spec, fo);
  if (!feed) {
    std::fputs(feed.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }

  // Alert rules: --alerts, else the district's alerts.toml when it has one.
  fs::path alerts_file = a.alerts;
  if (alerts_file.empty() && fs::exists(lw->district_dir / "alerts.toml")) alerts_file = lw->district_dir / "alerts.toml";
  fusion::AlertRules rules;
  if (!alerts_file.empty()) {
    auto r = fusion::load_alert_rules(alerts_file, district);
    if (!r) {
      std::fputs(r.errors().to_string().c_str(), stderr);
      return kExitBadInput;
    }
    rules = std::move(*r);
  }

  std::optional<TruthFile> truth;
  if (!a.truth.empty()) {
    auto t = read_truth_file(a.truth);
    if (!t) {
      std::fputs(t.errors().to_string().c_str(), stderr);
      return kExitBadInput;
    }
    truth = std::move(*t);
  }

  // The window opens before anything is written: without a display the run stops here.
  std::unique_ptr<LiveView> view;
  if (a.view) {
    view = std::make_unique<LiveView>();
    bool bad_input = false;
    LiveViewOptions vo = a.view_options;
    vo.validation = vo.validation || kDebugBuild;  // debug builds always run the validation layer
    const std::string title = lw->scenario_name.empty() ? lw->district_dir.filename().string() : lw->scenario_name;
    if (const std::string why = view->open(vo, district, lw->district_dir, title, lw->start, bad_input); !why.empty()) {
      std::fputs(why.c_str(), stderr);
      return bad_input ? kExitBadInput : kExitFailure;
    }
  }

  const fs::path dir = a.out.empty() ? default_run_dir() : fs::path(a.out);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "dptwin live: cannot create %s: %s\n", dir.string().c_str(), ec.message().c_str());
    return kExitFailure;
  }
  Recorder recorder;
  std::ofstream events(dir / "events.ndjson", std::ios::binary | std::ios::trunc);
  if (!recorder.open(dir / "recording.ndjson") || !events) {
    std::fprintf(stderr, "dptwin live: cannot write in %s\n", dir.string().c_str());
    return kExitFailure;
  }
  AlertSink alerts(fusion::AlertEngine(rules, district), events, lw->start.instant, lw->start.offset_minutes);
  if (view) alerts.keep_for_console();
  std::vector<fusion::Alert> new_alerts;  // for the console

  fusion::FusionGraphOptions go;
  go.partitions = a.partitions;
  go.threads = a.threads;
  go.overflow = live_source ? fusion::Overflow::drop : fusion::Overflow::block;
  go.tick_interval_us = kAlertTickUs;
  auto graph = fusion::FusionGraph::create(district, *lw->collision, go);
  if (!graph) {
    std::fputs(graph.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  fusion::FusionGraph& g = **graph;
  std::unique_ptr<TrackSampler> sampler;
  if (truth) sampler = std::make_unique<TrackSampler>(truth->frame_times, g.partitions());
  g.set_accepted_listener([&recorder](std::string_view payload, const fusion::Message&) { recorder.write(payload); });
  g.set_tick_listener([&alerts](std::int64_t t, std::span<const fusion::GroundTrack> tracks,
                                std::span<const fusion::Observation> observations) { alerts.on_tick(t, tracks, observations); });
  if (sampler)
    g.set_track_listener([&sampler](int p, std::int64_t t, std::span<const fusion::GroundTrack> tr) {
      sampler->on_tracks(p, t, tr);
    });

  std::printf("live: %s, feed %s -> %s\n", lw->district_dir.string().c_str(), feed_spec.c_str(), dir.string().c_str());
  std::fflush(stdout);

  // The feed runs on its own thread; the graph judges alerts on its ticks; the main thread shows
  // progress (and with --view draws the window, ~30 times a second: LiveView::frame paces it).
  std::atomic<bool> feed_done{false};
  std::string feed_error;
  fusion::Feed& f = **feed;
  std::thread reader([&] {
    auto end = f.run([&g](const fusion::RawMessage& m) { g.push(m.bytes, m.receive_us); });
    if (!end) feed_error = end.errors().to_string();
    feed_done = true;
  });
  std::vector<fusion::GroundTrack> snap;
  // --duration counts from here, once the feed is open: loading the district takes a while.
  const auto feed0 = Clock::now();
  auto last_progress = feed0;
  while (!feed_done) {
    if (!view) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const double elapsed = std::chrono::duration<double>(Clock::now() - feed0).count();
    if ((stop_signal && stop_signal->load()) || (a.duration_s > 0 && elapsed >= a.duration_s)) f.stop();
    if (view) {
      g.snapshot(snap);
      drop_deleted(snap);
      alerts.take_new(new_alerts);
      if (!view->frame(snap, g.stats(), new_alerts, alerts.alerts())) f.stop();  // the window closed
    }
    if (!a.quiet && Clock::now() - last_progress > std::chrono::seconds(1)) {
      last_progress = Clock::now();
      const auto s = g.stats();
      std::fprintf(stderr, "\r%6.1f s  received %llu  accepted %llu  rejected %llu  tracks %llu  alerts %llu   ", elapsed,
                   static_cast<unsigned long long>(s.received), static_cast<unsigned long long>(s.accepted),
                   static_cast<unsigned long long>(s.rejected_total), static_cast<unsigned long long>(s.tracks),
                   static_cast<unsigned long long>(alerts.alerts()));
    }
  }
  reader.join();
  g.drain();  // releases what the time order holds; its last tick judges the final tracks
  g.snapshot(snap);
  drop_deleted(snap);
  if (!a.quiet) std::fputs("\n", stderr);
  const auto s = g.stats();
  // The feed has ended: the window shows the final tracks until it is closed (or --exit-after).
  int view_status = kExitOk;
  if (view) {
    do alerts.take_new(new_alerts);
    while (!(stop_signal && stop_signal->load()) && view->frame(snap, s, new_alerts, alerts.alerts()));
    view_status = view->finish();
  }
  const bool rec_ok = recorder.close();
  events.flush();
  write_tracks_csv(dir / "tracks.csv", snap);

  ojson run;
  run["command"] = "live";
  run["engine_version"] = kEngineVersion;
  run["scenario"] = lw->scenario_file.string();
  run["district"] = lw->district_dir.string();
  run["feed"] = feed_spec;
  run["alerts_rules"] = alerts_file.string();
  run["wall_s"] = std::chrono::duration<double>(Clock::now() - wall0).count();
  run["recorded"] = recorder.count();
  run["counters"] = stats_json(s);
  const auto fc = f.stats();
  run["feed_counters"] = {{"received", fc.received}, {"bytes", fc.bytes}, {"oversized", fc.oversized},
                          {"reconnects", fc.reconnects}};
  run["alerts"] = alerts.alerts();

  ojson summary;
  summary["accepted"] = s.accepted;
  summary["rejected"] = s.rejected_total;
  summary["duplicate"] = s.duplicate;
  summary["late"] = s.late;
  summary["dropped"] = s.dropped;
  summary["tracks"] = snap.size();
  summary["alerts"] = alerts.alerts();
  summary["recorded"] = recorder.count();
  if (truth) {
    sampler->finish(snap);
    const int frames = static_cast<int>(truth->frame_times.size());
    const auto m = fusion::evaluate_points(truth->visible, sampler->points(), frames, 2.0);
    run["metrics"] = {{"mota", m.clear.mota}, {"motp", m.clear.motp}, {"idf1", m.id.idf1}, {"hota", m.hota.hota},
                      {"idsw", m.clear.idsw}, {"fp", m.clear.fp}, {"fn", m.clear.fn}, {"gt", m.clear.gt}};
    std::printf("against the truth (%d frames, match within 2 m): MOTA %.1f  IDF1 %.1f  HOTA %.1f  IDSW %lld\n", frames,
                m.clear.mota, m.id.idf1, m.hota.hota, static_cast<long long>(m.clear.idsw));
    summary["mota"] = m.clear.mota;
    summary["idf1"] = m.id.idf1;
    summary["hota"] = m.hota.hota;
  }
  {
    std::ofstream rj(dir / "run.json", std::ios::binary | std::ios::trunc);
    rj << run.dump(2) << '\n';
  }
  std::fputs(fusion::format_stats(s).c_str(), stdout);
  std::printf("recorded %llu accepted messages in %s; %llu alerts in events.ndjson; %zu tracks in tracks.csv\n",
              static_cast<unsigned long long>(recorder.count()), (dir / "recording.ndjson").string().c_str(),
              static_cast<unsigned long long>(alerts.alerts()), snap.size());
  std::printf("%s\n", summary.dump().c_str());
  if (!feed_error.empty()) {
    std::fprintf(stderr, "dptwin live: the feed failed: %s", feed_error.c_str());
    return kExitFailure;
  }
  if (!rec_ok) {
    std::fprintf(stderr, "dptwin live: writing the recording failed\n");
    return kExitFailure;
  }
  return view_status;
}

}  // namespace

void add_live_command(CLI::App& app, AppState& state) {
  auto a = std::make_shared<LiveArgs>();
  auto* cmd = app.add_subcommand(
      "live",
      "Run the twin on live input: detections and sensor readings from --feed go through the fusion graph\n"
      "(decode, georeference onto terrain and buildings, time order, one tracker per area) and alerts are judged\n"
      "on the tracks and readings. Writes RUN_DIR/recording.ndjson (every accepted message: replay it with\n"
      "--feed RUN_DIR/recording.ndjson), events.ndjson (alerts), tracks.csv (the final tracks) and run.json\n"
      "(counters). Ends on the end of a file feed, after --duration, or on Ctrl-C. Last line: one JSON object.");
  cmd->add_option("SCENARIO_OR_DIR", a->input, "A scenario (its district and start time) or a district directory (default: the default district)");
  cmd->add_option("--feed", a->feed,
                  "FILE (NDJSON, docs/feeds.md), udp://127.0.0.1:PORT or mqtt://127.0.0.1:PORT/TOPIC "
                  "(default: the district's feeds/xichong_sample.ndjson)");
  cmd->add_option("--speed", a->speed, "Replay speed of a file feed: 1 real time, 10 ten times faster, 0 as fast as possible")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--duration", a->duration_s, "Stop after this many wall-clock seconds of feed, counted once the feed is open (0: at the end of a file\n"
                  "feed or on Ctrl-C)")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--out", a->out, "Run directory (default: runs/live-<UTC time>)");
  cmd->add_option("--alerts", a->alerts, "Alert rules (docs/alerts.md; default: the district's alerts.toml)");
  cmd->add_option("--truth", a->truth, "Ground truth from `dptwin feed simulate --truth`: prints MOTA, IDF1 and HOTA");
  cmd->add_option("--partitions", a->partitions, "Area partitions, each with its own tracker")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--threads", a->threads, "Worker threads (0: one per core)")->check(CLI::Range(0, 1024));
  cmd->add_flag("--quiet", a->quiet, "No progress line");
  cmd->add_flag("--view", a->view,
                "Show the run in the operator console (as `dptwin view`): confirmed tracks drawn as agents with trails,\n"
                "the Tracks table, alerts raised and cleared, the graph's counters in the status bar. The window stays\n"
                "open after a file feed ends until it is closed (Esc) or --exit-after frames");
  cmd->add_option("--view-name", a->view_options.view_name, "With --view: the named view to start from (docs/views.md)")
      ->capture_default_str();
  cmd->add_option("--size", a->view_options.size, "With --view: window size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--exit-after", a->view_options.exit_after, "With --view: close after N frames (tests, CI under xvfb-run)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--screenshot", a->view_options.screenshot,
                  "With --view and --exit-after: save the last frame (scene + console) as this PNG");
  cmd->add_option("--gpu", a->view_options.gpu, "With --view: use the device whose name contains this");
  cmd->add_flag("--validation", a->view_options.validation,
                "With --view: run with the Khronos validation layer; exit 1 on any validation error");
  cmd->callback([&state, a] { state.exit_code = run_live(*a, install_stop_handler()); });
}

}  // namespace dpt::app
