// `dptwin live --view` (live_view.h): the fused tracks, their trails and the alerts in the console.
#include "live_view.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <thread>

#include "commands.h"

namespace dpt::app {
namespace {

constexpr std::int64_t kFrameNs = 33'000'000;     // ~30 frames a second
constexpr std::size_t kTrailPoints = 40;          // a trail's length in points ...
constexpr std::int64_t kTrailEveryUs = 500'000;   // ... one per half second of track time: 20 s
constexpr double kMinMarkerPx = 7.0;              // agents are drawn at least this many pixels long

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct KindShape {
  render::AgentKind kind;
  float length, width, height;  // m
};

// The renderer's agent kinds and typical sizes (m) for the tracker's object classes.
KindShape shape_of(fusion::ObjectClass c) {
  using fusion::ObjectClass;
  using render::AgentKind;
  switch (c) {
    case ObjectClass::person: return {AgentKind::pedestrian, 0.5f, 0.5f, 1.7f};
    case ObjectClass::bicycle: return {AgentKind::car, 1.8f, 0.6f, 1.5f};
    case ObjectClass::car: return {AgentKind::car, 4.5f, 1.8f, 1.5f};
    case ObjectClass::bus: return {AgentKind::bus, 12.0f, 2.5f, 3.2f};
    case ObjectClass::truck:
    case ObjectClass::muck_truck: return {AgentKind::truck, 8.0f, 2.5f, 3.0f};
    case ObjectClass::hazmat_truck: return {AgentKind::hazmat_truck, 10.0f, 2.5f, 3.2f};
    case ObjectClass::unknown: break;
  }
  return {AgentKind::track, 2.0f, 2.0f, 2.0f};
}

glm::vec4 trail_colour(fusion::ObjectClass c) {
  return c == fusion::ObjectClass::person ? glm::vec4(1.0f, 0.35f, 0.75f, 1.0f) : glm::vec4(0.3f, 0.8f, 1.0f, 1.0f);
}

// The console colours "alert" red, "warning" amber and anything else plainly.
const char* console_severity(const fusion::Alert& a) {
  if (a.cleared) return "info";
  return a.severity == fusion::AlertSeverity::alarm ? "alert" : to_string(a.severity);
}

std::string subject_of(const fusion::GroundTrack& t) { return "track:" + std::to_string(t.id); }

}  // namespace

std::string LiveView::open(const LiveViewOptions& o, const world::District& d, const std::filesystem::path& district_dir,
                           const std::string& title, const ZonedInstant& start, bool& bad_input) {
  opt_ = o;
  district_ = &d;
  start_ = start;
  bad_input = true;
  int w = 0, h = 0;
  if (!parse_window_size(o.size, w, h)) return "dptwin live: --size " + o.size + ": expected WIDTHxHEIGHT, at least 320x240\n";
  auto views = render::load_district_views(d, district_dir);
  if (!views) return views.errors().to_string();
  views_ = std::move(*views);
  const render::NamedView* v = render::find_view(views_, o.view_name);
  if (!v) return "dptwin live: --view-name " + o.view_name + ": no such view in " + district_dir.string() + "\n";
  model_.current_view = static_cast<int>(v - views_.data());
  bad_input = false;

  render::RendererOptions ro;
  ro.validation = o.validation;
  ro.gpu = o.gpu;
  if (std::string why = window_.open("dptwin live", w, h, "dptwin live — " + title, ro, d, views_); !why.empty()) return why;

  model_.title = "live: " + title;
  model_.playing = true;  // the feed sets the pace; play, speed and seek do nothing here
  for (const auto& nv : views_) model_.views.push_back(nv.name);
  for (std::size_t i = 0; i < d.cameras.size(); ++i)
    model_.sensors.push_back({static_cast<std::uint32_t>(i),
                              d.cameras[i].name.empty() ? "camera " + std::to_string(d.cameras[i].id) : d.cameras[i].name,
                              "camera", ""});
  model_.layers.frusta = false;
  last_frame_ns_ = steady_ns();
  return "";
}

void LiveView::add_alerts(std::span<const fusion::Alert> alerts) {
  for (const fusion::Alert& a : alerts) {
    const double t_s = static_cast<double>(a.time_us - start_.instant.us_since_unix) * 1e-6;
    model_.alerts.push_back({t_s, console_severity(a), a.subject, a.message});
    if (a.cleared)
      alerting_.erase(a.subject);
    else
      alerting_.insert(a.subject);
  }
}

void LiveView::update_tracks(std::span<const fusion::GroundTrack> tracks, const render::ViewCamera& cam, int fb_h) {
  ++frames_;
  model_.tracks.clear();
  agents_.clear();
  overlays_.trails.clear();
  // Metres per pixel at distance 1 m from the eye: a far view would draw a person below a pixel, so
  // markers grow to kMinMarkerPx (the table and the trails keep the true positions).
  const double m_per_px_per_m = 2.0 * std::tan(0.5 * cam.fov_y_deg * std::numbers::pi / 180.0) / std::max(fb_h, 1);
  for (const fusion::GroundTrack& t : tracks) {
    latest_us_ = std::max(latest_us_, t.time_us);
    const double speed = std::hypot(t.vx, t.vy);
    model_.tracks.push_back({static_cast<std::uint32_t>(t.id), fusion::to_string(t.cls), t.x, t.y, speed,
                             fusion::to_string(t.state)});
    if (t.state != fusion::TrackState::confirmed && t.state != fusion::TrackState::coasting) continue;
    TrailState& tr = trails_[t.id];
    tr.seen_frame = frames_;
    // Heading clockwise from north; a track standing still keeps its last one.
    if (speed > 0.3) tr.heading_rad = static_cast<float>(std::atan2(t.vx, t.vy));
    if (tr.points.empty() || t.time_us - tr.last_us >= kTrailEveryUs) {
      if (tr.points.size() == kTrailPoints) tr.points.erase(tr.points.begin());
      tr.points.push_back({t.x, t.y, 0.0});
      tr.last_us = t.time_us;
    }
    if (model_.layers.trails && tr.points.size() >= 2) {
      overlays_.trails.push_back({tr.points, trail_colour(t.cls)});
      overlays_.trails.back().points.push_back({t.x, t.y, 0.0});  // up to the current position
    }
    if (!model_.layers.agents) continue;
    const KindShape k = shape_of(t.cls);
    const double ground = district_->terrain.empty() ? 0.0 : std::max(0.0, district_->terrain.height({t.x, t.y}));
    const glm::dvec3 p(t.x, t.y, ground);
    const double min_m = kMinMarkerPx * m_per_px_per_m * glm::length(p - cam.eye);
    const float grow = static_cast<float>(std::max(1.0, min_m / k.length));
    render::AgentInstance a;
    a.x = static_cast<float>(t.x);
    a.y = static_cast<float>(t.y);
    a.z = static_cast<float>(ground);
    a.heading_rad = tr.heading_rad;
    a.length_m = k.length * grow;
    a.width_m = k.width * grow;
    // Grown markers are no taller than long: a far person is a block, not a tower.
    a.height_m = std::max(k.height, std::min(k.height * grow, a.length_m));
    a.kind = k.kind;
    a.flags = alerting_.contains(subject_of(t)) ? 1 : 0;  // highlighted while an alert on it is raised
    agents_.push_back(a);
  }
  std::erase_if(trails_, [this](const auto& kv) { return kv.second.seen_frame != frames_; });
}

bool LiveView::frame(std::span<const fusion::GroundTrack> tracks, const fusion::FusionStats& s,
                     std::span<const fusion::Alert> new_alerts, std::uint64_t alerts_total) {
  if (done_ || !error_.empty() || window_.should_close()) return false;
  const std::int64_t wait = last_frame_ns_ + kFrameNs - steady_ns();
  if (wait > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
  const std::int64_t now = steady_ns();
  const double dt = static_cast<double>(now - last_frame_ns_) * 1e-9;
  last_frame_ns_ = now;

  add_alerts(new_alerts);
  const render::NamedView& nv = views_[static_cast<std::size_t>(model_.current_view)];
  const int frame_no = static_cast<int>(frames_) + 1;
  window_.begin_frame();
  const render::ViewCamera steered = window_.steer(nv, model_.current_view, dt);
  render::FrameRequest req;
  if (model_.looking_through >= 0 && model_.looking_through < static_cast<int>(district_->cameras.size()))
    req.camera = render::look_through(district_->cameras[static_cast<std::size_t>(model_.looking_through)]);
  else
    req.camera = steered;
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(window_.glfw(), &fb_w, &fb_h);
  update_tracks(tracks, req.camera, fb_h);

  model_.t_s = latest_us_ > 0 ? static_cast<double>(latest_us_ - start_.instant.us_since_unix) * 1e-6 : 0.0;
  model_.duration_s = std::max(model_.duration_s, model_.t_s);
  if (latest_us_ > 0) model_.clock = format_instant(Instant{latest_us_}, start_.offset_minutes);
  char status[256];
  std::snprintf(status, sizeof status,
                "received %llu · accepted %llu · rejected %llu · late %llu · duplicate %llu · dropped %llu · tracks %llu · "
                "alerts %llu · processing p99 %.0f ms · ",
                static_cast<unsigned long long>(s.received), static_cast<unsigned long long>(s.accepted),
                static_cast<unsigned long long>(s.rejected_total), static_cast<unsigned long long>(s.late),
                static_cast<unsigned long long>(s.duplicate), static_cast<unsigned long long>(s.dropped),
                static_cast<unsigned long long>(s.tracks), static_cast<unsigned long long>(alerts_total), s.processing.p99_ms);
  model_.status = status + frame_status(stats_);

  const ui::ConsoleActions act = ui::draw_console(model_, state_, &layout_);
  ImGui::Render();
  if (act.quit) window_.request_close();
  if (act.select_view >= 0 && act.select_view < static_cast<int>(views_.size())) {
    model_.current_view = act.select_view;
    model_.looking_through = -1;
  }
  if (act.look_through >= -1) model_.looking_through = act.look_through;

  const bool last = opt_.exit_after > 0 && frame_no >= opt_.exit_after;
  const bool want_shot = act.screenshot || (!opt_.screenshot.empty() && last);
  req.hud_inset = window_.hud_inset(layout_);
  apply_scene_layers(model_.layers, req);
  req.agents_origin = glm::dvec3(0.0);  // the district's origin: float keeps centimetres within 100 km
  req.agents = agents_;
  req.overlays = &overlays_;
  auto ok = window_.renderer().present(req, &stats_, want_shot ? &shot_ : nullptr);
  if (!ok) {
    error_ = ok.errors().to_string();
    return false;
  }
  if (want_shot && !opt_.screenshot.empty() && shot_.valid())
    if (auto w_ok = render::write_png(opt_.screenshot, shot_); !w_ok) {
      error_ = w_ok.errors().to_string();
      return false;
    }
  done_ = last || window_.should_close();
  return !done_;
}

int LiveView::finish() {
  if (!error_.empty()) {
    std::fputs(error_.c_str(), stderr);
    return kExitFailure;
  }
  return report_window_end(window_.renderer(), static_cast<int>(frames_), stats_, opt_.validation, opt_.screenshot);
}

}  // namespace dpt::app
