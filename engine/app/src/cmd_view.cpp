// dptwin view: the twin in a window — the 3-D district with the simulation running live under the
// operator console (Dear ImGui on GLFW + Vulkan). --exit-after and --screenshot make it testable
// under Xvfb.
#include <imgui.h>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "commands.h"
#include "console_window.h"
#include "dpt/core/time.h"
#include "district_locate.h"
#include "dpt/render/renderer.h"
#include "dpt/render/views.h"
#include "dpt/scenario/playback.h"
#include "dpt/scenario/runner.h"
#include "dpt/scenario/scenario.h"
#include "dpt/scenario/simulation.h"
#include "dpt/sim/common/kpi.h"
#include "dpt/ui/console.h"
#include "dpt/world/district_io.h"
#include "run_frames.h"

namespace dpt::app {
namespace {

struct ViewArgs {
  std::string input;
  std::string view = "overview";
  std::string size = "1280x720";
  int exit_after = 0;       // frames; 0 = run until closed
  std::string screenshot;   // PNG of the last frame (scene + console)
  double speed = 60.0;
  bool play = false;
  bool validation = false;
  std::string gpu;
  std::string at;  // start at this scenario time
};

// `dptwin run SCENARIO --set key=value ... --out runs/branch-<UTC time>` in the background, its
// output in <out>.log; the operator opens the result with `dptwin view <out>` when it is
// done. Returns "" on success, else why not.
std::string start_branch_run(const scenario::Scenario& s, const std::vector<ui::ParamRow>& params, std::string& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "cannot find the dptwin executable: " + ec.message();
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&now));
  out = (fs::path("runs") / (std::string("branch-") + stamp)).string();
  fs::create_directories("runs", ec);
  if (ec) return "cannot create runs/: " + ec.message();
  std::vector<std::string> args = {self.string(), "run", s.file.string(), "--out", out, "--progress", "lines"};
  for (const auto& p : params) {
    args.push_back("--set");
    args.push_back(p.key + "=" + p.value);
  }
  const pid_t pid = fork();
  if (pid < 0) return "fork failed";
  if (pid == 0) {  // the child: detach its output into the log, then become dptwin run
    const std::string log = out + ".log";
    if (std::freopen(log.c_str(), "w", stdout) == nullptr || std::freopen(log.c_str(), "a", stderr) == nullptr) _exit(127);
    std::vector<char*> argv;
    for (auto& x : args) argv.push_back(x.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return "";
}

std::string clock_text(const scenario::Scenario& s, std::int64_t t_us) {
  return format_instant(s.start.instant + Duration{t_us}, s.start.offset_minutes);
}

int view_verb(const ViewArgs& a) {
  namespace fs = std::filesystem;
  int w = 0, h = 0;
  if (!parse_window_size(a.size, w, h)) {
    std::fprintf(stderr, "dptwin view: --size %s: expected WIDTHxHEIGHT, at least 320x240\n", a.size.c_str());
    return kExitBadInput;
  }
  std::unique_ptr<scenario::Scenario> owned;
  std::unique_ptr<scenario::Playback> playback;  // a recorded run, scrubbed
  const scenario::Scenario* scen = nullptr;
  fs::path district_dir;
  if (fs::is_directory(a.input) && fs::exists(fs::path(a.input) / scenario::kRecording)) {
    auto p = scenario::Playback::open(a.input);
    if (!p) {
      std::fputs(p.errors().to_string().c_str(), stderr);
      return kExitBadInput;
    }
    playback = std::move(*p);
    scen = &playback->scenario();
    district_dir = scen->district.path ? *scen->district.path : default_district_dir();
  } else if (fs::is_directory(a.input)) {
    district_dir = a.input;
  } else {
    auto s = scenario::load_scenario(a.input, {});
    if (!s) {
      std::fputs(s.errors().to_string().c_str(), stderr);
      return kExitBadInput;
    }
    owned = std::move(*s);
    scen = owned.get();
    district_dir = scen->district.path ? *scen->district.path : default_district_dir();
  }
  auto d = world::load_district(district_dir);
  if (!d) {
    std::fputs(d.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  auto views = render::load_district_views(*d, district_dir);
  if (!views) {
    std::fputs(views.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  int current_view = -1;
  for (std::size_t i = 0; i < views->size(); ++i)
    if ((*views)[i].name == a.view) current_view = static_cast<int>(i);
  if (current_view < 0) {
    std::fprintf(stderr, "dptwin view: --view %s: no such view\n", a.view.c_str());
    return kExitBadInput;
  }

  ConsoleWindow ws;
  render::RendererOptions ro;
  ro.validation = a.validation || kDebugBuild;  // debug builds always run the validation layer
  ro.gpu = a.gpu;
  const std::string title = "dptwin — " + (scen ? scen->name : district_dir.string());
  if (const std::string why = ws.open("dptwin view", w, h, title, ro, *d, *views); !why.empty()) {
    std::fputs(why.c_str(), stderr);
    return kExitFailure;
  }
  render::Renderer& renderer = ws.renderer();

  // The live simulation, when a scenario was given.
  // The simulation: live from a scenario, or the playback's (which a seek may replace).
  std::unique_ptr<scenario::Simulation> live;
  if (owned) {
    live = std::make_unique<scenario::Simulation>(*scen);
    live->init();
  }
  const auto simulation = [&]() -> scenario::Simulation* { return playback ? &playback->simulation() : live.get(); };
  sim::KpiTable kpis;
  const auto restart_kpis = [&] {
    kpis = sim::KpiTable{};
    if (scenario::Simulation* s = simulation()) {
      s->define_kpis(kpis);
      s->sample_kpis(kpis);
    }
  };
  const std::int64_t end_us = playback ? static_cast<std::int64_t>(playback->steps()) * scen->step.us : (scen ? scen->duration.us : 0);
  ui::ConsoleModel model;
  ui::ConsoleState state;
  model.title = scen ? scen->name : district_dir.filename().string();
  model.duration_s = static_cast<double>(end_us) * 1e-6;
  model.recording = playback != nullptr;
  if (!a.at.empty()) {
    if (!scen) {
      std::fprintf(stderr, "dptwin view: --at needs a scenario or a run directory\n");
      return kExitBadInput;
    }
    auto t = parse_time(a.at, scen->start.instant);
    const std::int64_t off = t ? (*t - scen->start.instant).us : -1;
    if (!t || off < 0 || off > end_us) {
      std::fprintf(stderr, "dptwin view: --at %s: expected a time within the %s (0s .. %s)\n", a.at.c_str(),
                   playback ? "recording" : "scenario", format_duration(Duration{end_us}).c_str());
      return kExitBadInput;
    }
    if (playback) {
      if (!playback->seek(static_cast<std::uint32_t>(off / scen->step.us))) {
        std::fprintf(stderr, "dptwin view: %s: the recording does not reproduce up to --at %s\n", a.input.c_str(), a.at.c_str());
        return kExitFailure;
      }
    } else {
      while (live->now_us() < off) live->step();
    }
  }
  restart_kpis();
  model.playing = a.play;
  model.speed = a.speed;
  for (const auto& v : *views) model.views.push_back(v.name);
  model.current_view = current_view;
  for (std::size_t i = 0; i < d->cameras.size(); ++i)
    model.sensors.push_back({static_cast<std::uint32_t>(i),
                             d->cameras[i].name.empty() ? "camera " + std::to_string(d->cameras[i].id) : d->cameras[i].name,
                             "camera", ""});
  if (scen) {
    model.params.push_back({"scenario.seed", std::to_string(scen->seed)});
    model.params.push_back({"scenario.duration", format_duration(scen->duration)});
  }

  auto last = std::chrono::steady_clock::now();
  double sim_debt_s = 0.0;  // simulated time owed to the clock
  int frames = 0;
  render::FrameStats st;
  render::Image shot;
  bool want_shot = false;
  std::string frame_error;
  ui::ConsoleLayout layout;
  // The camera: ConsoleWindow::steer (orbit the named view, or fly).
  while (!ws.should_close()) {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {  // branch runs that have finished
    }
    const auto now = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(now - last).count();
    last = now;
    // Step the simulation as far as the speed asks (at most 50 steps a frame: a slow machine
    // slows the clock rather than freezing the window).
    scenario::Simulation* sim = simulation();
    if (sim && model.playing && sim->now_us() < end_us) {
      sim_debt_s += dt * model.speed;
      for (int k = 0; k < 50 && sim_debt_s >= scen->step.to_seconds() && sim->now_us() < end_us; ++k) {
        if (playback) {
          if (!playback->step_forward()) break;
          sim = simulation();
        } else {
          sim->step();
        }
        sim_debt_s -= scen->step.to_seconds();
        if (sim->now_us() % scen->outputs.kpi_every.us == 0) sim->sample_kpis(kpis);
        for (const sim::Event& e : sim->world().events.take())
          model.alerts.push_back({static_cast<double>(e.t_us) * 1e-6, e.kind, e.source, e.details_json});
      }
    }
    if (sim) {
      model.t_s = static_cast<double>(sim->now_us()) * 1e-6;
      model.clock = clock_text(*scen, sim->now_us());
      model.kpis.clear();
      for (std::size_t c = 0; c < kpis.columns().size(); ++c) {
        ui::KpiSeries series{kpis.columns()[c].name, kpis.columns()[c].unit, {}, {}};
        for (std::size_t row = 0; row < kpis.rows(); ++row) {
          series.t_s.push_back(static_cast<float>(static_cast<double>(kpis.times()[row]) * 1e-6));
          series.values.push_back(static_cast<float>(kpis.at(row, c)));
        }
        model.kpis.push_back(std::move(series));
      }
    }
    model.status = frame_status(st);

    ws.begin_frame();
    const ui::ConsoleActions act = ui::draw_console(model, state, &layout);
    ImGui::Render();
    if (act.quit) ws.request_close();
    if (act.branch && scen) {
      std::string out;
      const std::string started = start_branch_run(*scen, act.params, out);
      model.alerts.push_back({model.t_s, started.empty() ? "info" : "warning", "console",
                              started.empty() ? "branch run started: " + out : "branch run failed to start: " + started});
    }
    if (act.toggle_play) model.playing = !model.playing;
    if (act.set_speed > 0.0) model.speed = act.set_speed;
    if (act.select_view >= 0 && act.select_view < static_cast<int>(views->size())) {
      model.current_view = act.select_view;
      model.looking_through = -1;
    }
    if (act.look_through >= -1) model.looking_through = act.look_through;
    if (act.seek_to_s >= 0.0 && playback) {  // a recording: anywhere, from the nearest snapshot
      playback->seek(static_cast<std::uint32_t>(std::llround(act.seek_to_s * 1e6 / static_cast<double>(scen->step.us))));
      restart_kpis();
      model.alerts.clear();
    } else if (act.seek_to_s >= 0.0 && sim && act.seek_to_s * 1e6 > static_cast<double>(sim->now_us())) {
      // Forward only while live.
      while (static_cast<double>(sim->now_us()) < act.seek_to_s * 1e6 && sim->now_us() < end_us) sim->step();
    }
    sim = simulation();
    want_shot = act.screenshot || (!a.screenshot.empty() && a.exit_after > 0 && frames + 1 >= a.exit_after);

    render::FrameRequest req;
    const render::NamedView& nv = (*views)[static_cast<std::size_t>(model.current_view)];
    const render::ViewCamera steered = ws.steer(nv, model.current_view, dt);
    if (model.looking_through >= 0 && model.looking_through < static_cast<int>(d->cameras.size()))
      req.camera = render::look_through(d->cameras[static_cast<std::size_t>(model.looking_through)]);
    else
      req.camera = steered;
    req.hud_inset = ws.hud_inset(layout);
    apply_scene_layers(model.layers, req);
    render::Overlays overlays;
    if (sim && sim->world().wind && (model.layers.field || model.layers.arrows)) {
      wind_overlays(*sim->world().wind, overlays);
      if (!model.layers.field) overlays.field.reset();
      if (!model.layers.arrows) overlays.arrows.reset();
    }
    req.overlays = &overlays;
    auto ok = renderer.present(req, &st, want_shot ? &shot : nullptr);
    if (!ok) {
      frame_error = ok.errors().to_string();
      break;
    }
    if (want_shot && !a.screenshot.empty() && shot.valid()) {
      if (auto w_ok = render::write_png(a.screenshot, shot); !w_ok) frame_error = w_ok.errors().to_string();
    }
    ++frames;
    if (a.exit_after > 0 && frames >= a.exit_after) break;
  }
  if (!frame_error.empty()) {
    std::fputs(frame_error.c_str(), stderr);
    return kExitFailure;
  }
  return report_window_end(renderer, frames, st, a.validation, a.screenshot);
}

}  // namespace

void add_view_command(CLI::App& app, AppState& state) {
  auto* cmd = app.add_subcommand(
      "view",
      "Open the twin in a window: the 3-D district with the scenario running live (or a recorded run played back)\n"
      "under the operator console (timeline, layers, KPIs, alerts, sensors, parameters). Left drag orbits, the wheel\n"
      "zooms; the arrow keys (PageUp/PageDown) fly and the right mouse button looks around. Space plays/pauses,\n"
      "S saves a screenshot, Esc quits.");
  auto a = std::make_shared<ViewArgs>();
  cmd->add_option("SCENARIO", a->input, "Scenario file, a run directory (its recording is played back and can be scrubbed), "
                                        "or a district directory")
      ->required();
  cmd->add_option("--view", a->view, "Named view to start from (docs/views.md)")->capture_default_str();
  cmd->add_option("--at", a->at, "Start at this scenario time: an offset (\"30min\") or an ISO 8601 instant");
  cmd->add_option("--size", a->size, "Window size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--speed", a->speed, "Simulated seconds per real second")->capture_default_str()->check(CLI::Range(0.01, 1e6));
  cmd->add_flag("--play", a->play, "Start playing at once");
  cmd->add_option("--exit-after", a->exit_after, "Close after N frames (tests, CI under xvfb-run)")->check(CLI::Range(0, 1000000));
  cmd->add_option("--screenshot", a->screenshot, "With --exit-after: save the last frame (scene + console) as this PNG");
  cmd->add_option("--gpu", a->gpu, "Use the device whose name contains this");
  cmd->add_flag("--validation", a->validation, "Run with the Khronos validation layer; exit 1 on any validation error");
  cmd->callback([&state, a] { state.exit_code = view_verb(*a); });
}

}  // namespace dpt::app
