#pragma once
// `dptwin live --view`: the fused tracks and the alerts in the operator console while the feed runs.
// Confirmed and coasting tracks are drawn as agents (person / vehicle kinds by class, heading from
// the velocity) with a short trail of recent positions; the console's Tracks table lists every live
// track, its Alerts panel the alerts raised and cleared, its status bar the graph's counters.
// The window is the one `dptwin view` uses (console_window.h).
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "console_window.h"
#include "dpt/core/time.h"
#include "dpt/fusion/alerts.h"
#include "dpt/fusion/graph.h"
#include "dpt/fusion/ground_tracker.h"

namespace dpt::app {

struct LiveViewOptions {
  std::string view_name = "xichong-beach";  // named view to start from (docs/views.md)
  std::string size = "1280x720";
  int exit_after = 0;      // frames; 0: until the window is closed
  std::string screenshot;  // with exit_after: the last frame as a PNG
  bool validation = false; // exit 1 on any validation error (debug builds: always)
  std::string gpu;
};

class LiveView {
 public:
  // Checks the options and opens the window; "" or why not. `bad_input` tells which exit status
  // the reason deserves (a bad option: kExitBadInput; no display or no device: kExitFailure).
  std::string open(const LiveViewOptions& o, const world::District& d, const std::filesystem::path& district_dir,
                   const std::string& title, const ZonedInstant& start, bool& bad_input);

  // Waits until ~33 ms after the previous frame, then draws `tracks` (a snapshot without deleted
  // tracks), the counters and the alerts raised or cleared since the last call. False once the
  // window is closed, --exit-after frames are drawn, or a frame failed (finish() says why).
  bool frame(std::span<const fusion::GroundTrack> tracks, const fusion::FusionStats& stats,
             std::span<const fusion::Alert> new_alerts, std::uint64_t alerts_total);

  // Prints the viewer's closing lines; the exit status the view asks for (kExitOk or kExitFailure).
  int finish();

 private:
  struct TrailState {
    std::vector<glm::dvec3> points;  // oldest first
    std::int64_t last_us = 0;        // track time of the newest point
    float heading_rad = 0.f;         // kept while the track stands still
    std::uint64_t seen_frame = 0;
  };
  void update_tracks(std::span<const fusion::GroundTrack> tracks, const render::ViewCamera& cam, int fb_h);
  void add_alerts(std::span<const fusion::Alert> alerts);

  LiveViewOptions opt_;
  const world::District* district_ = nullptr;
  std::vector<render::NamedView> views_;
  ZonedInstant start_;
  ConsoleWindow window_;
  ui::ConsoleModel model_;
  ui::ConsoleState state_;
  ui::ConsoleLayout layout_;
  render::FrameStats stats_;
  render::Image shot_;
  std::vector<render::AgentInstance> agents_;
  render::Overlays overlays_;
  std::unordered_map<std::uint64_t, TrailState> trails_;
  std::unordered_set<std::string> alerting_;  // subjects ("track:17") with a raised, uncleared alert
  std::int64_t latest_us_ = 0;
  std::int64_t last_frame_ns_ = 0;  // steady clock
  std::uint64_t frames_ = 0;
  bool done_ = false;  // the last frame has been drawn
  std::string error_;
};

}  // namespace dpt::app
