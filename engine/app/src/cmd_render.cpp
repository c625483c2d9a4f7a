// dptwin render: one frame of a scenario's district, headless, into a PNG.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "commands.h"
#include "district_locate.h"
#include "dpt/core/time.h"
#include "dpt/render/renderer.h"
#include "dpt/render/views.h"
#include "dpt/scenario/scenario.h"
#include "dpt/scenario/simulation.h"
#include "run_frames.h"
#include "dpt/world/district_io.h"

namespace dpt::app {
namespace {

struct RenderArgs {
  std::string input;  // scenario file or district directory
  std::string at;  // "" = the district alone
  std::string view = "overview";
  int camera = -1;
  std::string size = "1920x1080";
  std::string out = "render.png";
  double water_level = 0.0;
  bool validation = false;
  std::string gpu;
  int msaa = 4;
  bool no_labels = false;
};

bool parse_size(const std::string& s, int& w, int& h) {
  const auto x = s.find('x');
  if (x == std::string::npos) return false;
  try {
    std::size_t a = 0, b = 0;
    w = std::stoi(s.substr(0, x), &a);
    h = std::stoi(s.substr(x + 1), &b);
    return a == x && b == s.size() - x - 1 && w >= 16 && h >= 16 && w <= 16384 && h <= 16384;
  } catch (...) {
    return false;
  }
}

int render_verb(const RenderArgs& a) {
  namespace fs = std::filesystem;
  int w = 0, h = 0;
  if (!parse_size(a.size, w, h)) {
    std::fprintf(stderr, "dptwin render: --size %s: expected WIDTHxHEIGHT, each 16..16384 (e.g. 1920x1080)\n", a.size.c_str());
    return kExitBadInput;
  }
  // The district: a directory given directly, or the scenario's [district] path (the default
  // district when the scenario names none: every shipped scenario is in Dapeng).
  fs::path district_dir;
  std::unique_ptr<scenario::Scenario> scen;
  std::int64_t at_us = 0;
  if (fs::is_directory(a.input)) {
    district_dir = a.input;
  } else {
    auto s = scenario::load_scenario(a.input, {});
    if (!s) {
      std::fputs(s.errors().to_string().c_str(), stderr);
      return kExitBadInput;
    }
    auto t = parse_time(a.at.empty() ? "0s" : a.at, (*s)->start.instant);
    if (!t) {
      std::fprintf(stderr, "dptwin render: --at %s: %s\n", a.at.c_str(), t.errors().items().front().message.c_str());
      return kExitBadInput;
    }
    const std::int64_t off = (*t - (*s)->start.instant).us;
    if (off < 0 || off > (*s)->duration.us) {
      std::fprintf(stderr, "dptwin render: --at %s is outside the scenario (0s .. %s)\n", a.at.c_str(),
                   format_duration((*s)->duration).c_str());
      return kExitBadInput;
    }
    district_dir = (*s)->district.path ? *(*s)->district.path : default_district_dir();
    at_us = off;
    scen = std::move(*s);
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
  render::ViewCamera cam;
  std::string what;
  if (a.camera >= 0) {
    if (static_cast<std::size_t>(a.camera) >= d->cameras.size()) {
      std::fprintf(stderr, "dptwin render: --camera %d: the district has cameras 0..%zu\n", a.camera, d->cameras.size() - 1);
      return kExitBadInput;
    }
    cam = render::look_through(d->cameras[static_cast<std::size_t>(a.camera)]);
    what = "camera " + std::to_string(a.camera);
  } else {
    const render::NamedView* v = render::find_view(*views, a.view);
    if (!v) {
      std::string names;
      for (const auto& nv : *views) names += (names.empty() ? "" : ", ") + nv.name;
      std::fprintf(stderr, "dptwin render: --view %s: no such view; the district has: %s\n", a.view.c_str(), names.c_str());
      return kExitBadInput;
    }
    cam = render::to_camera(*v);
    what = "view " + v->name;
  }
  render::RendererOptions ro;
  ro.validation = a.validation || kDebugBuild;  // debug builds always run the validation layer
  ro.gpu = a.gpu;
  ro.msaa = a.msaa;
  auto r = render::Renderer::create(ro);
  if (!r) {
    std::fputs(r.errors().to_string().c_str(), stderr);
    return kExitFailure;
  }
  const auto t0 = std::chrono::steady_clock::now();
  if (auto ok = (*r)->set_district(*d); !ok) {
    std::fputs(ok.errors().to_string().c_str(), stderr);
    return kExitFailure;
  }
  (*r)->set_place_labels(render::place_labels(*views));
  const double upload_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  render::FrameRequest req;
  req.camera = cam;
  req.width = w;
  req.height = h;
  req.water_level_m = a.water_level;
  req.labels = !a.no_labels;
  // The scenario's state at --at: the simulation run up to it, its wind drawn over the district.
  render::Overlays overlays;
  if (scen && !a.at.empty()) {
    scenario::Simulation sim(*scen);
    sim.init();
    std::size_t next_inject = 0;
    while (sim.now_us() < at_us) {
      while (next_inject < scen->injects.size() && scen->injects[next_inject].t_us <= sim.now_us())
        sim.apply(scen->injects[next_inject++]);
      sim.step();
    }
    if (sim.world().wind) wind_overlays(*sim.world().wind, overlays);
    req.overlays = &overlays;
  }
  render::FrameStats st;
  auto img = (*r)->render(req, &st);
  if (!img) {
    std::fputs(img.errors().to_string().c_str(), stderr);
    return kExitFailure;
  }
  if (auto ok = render::write_png(a.out, *img); !ok) {
    std::fputs(ok.errors().to_string().c_str(), stderr);
    return kExitFailure;
  }
  std::printf("rendered   %s of %s at %dx%d on %s: %llu triangles, %u terrain chunks, %u building tiles, %u labels\n",
              what.c_str(), district_dir.c_str(), w, h, st.device.c_str(), static_cast<unsigned long long>(st.triangles),
              st.terrain_chunks, st.building_tiles, st.labels);
  std::printf("time       upload %.2f s, frame %.1f ms (GPU %.1f ms)\n", upload_s, st.cpu_ms, st.gpu_ms);
  const auto msgs = (*r)->messages();
  if (a.validation) std::printf("validation %u error(s), %u warning(s)\n", msgs.errors, msgs.warnings);
  for (const auto& m : msgs.messages) std::fprintf(stderr, "  %s\n", m.c_str());
  std::printf("wrote      %s\n", a.out.c_str());
  return a.validation && msgs.errors > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void add_render_command(CLI::App& app, AppState& state) {
  auto* cmd = app.add_subcommand(
      "render",
      "Draw one frame of a scenario's district (or of a district directory) headless into a PNG: terrain, sea, buildings,\n"
      "roads and site labels, seen from a named view of the district (views.toml) or through one of its cameras.");
  auto a = std::make_shared<RenderArgs>();
  cmd->add_option("SCENARIO", a->input, "Scenario file, or a district directory")->required();
  cmd->add_option("--at", a->at, "Scenario time to draw: an offset (\"90min\") or an ISO 8601 instant; the scenario is "
                                  "simulated up to it and its wind field drawn over the district (without --at: the "
                                  "district alone)");
  cmd->add_option("--view", a->view, "Named view of the district (see docs/views.md)")->capture_default_str();
  cmd->add_option("--camera", a->camera, "Look through the district's camera N instead of a named view");
  cmd->add_option("--size", a->size, "Image size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--out", a->out, "PNG to write")->capture_default_str();
  cmd->add_option("--water-level", a->water_level, "Sea surface height, m above mean sea level")->capture_default_str();
  cmd->add_option("--msaa", a->msaa, "Samples per pixel (1, 2, 4, 8)")->capture_default_str()->check(CLI::IsMember({1, 2, 4, 8}));
  cmd->add_option("--gpu", a->gpu, "Use the device whose name contains this (\"llvmpipe\")");
  cmd->add_flag("--validation", a->validation, "Run with the Khronos validation layer; exit 1 on any validation error");
  cmd->add_flag("--no-labels", a->no_labels, "Leave out the site labels");
  cmd->callback([&state, a] { state.exit_code = render_verb(*a); });
}

}  // namespace dpt::app
