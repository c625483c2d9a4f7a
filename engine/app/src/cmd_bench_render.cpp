// dptwin bench render: frame time of the district with M moving agents — the renderer's workload in
// the operator console. The agents drive (or walk) along random road links of the district and
// advance every frame, so the instance buffer is really rewritten each frame.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "district_locate.h"
#include "dpt/core/rng.h"
#include "dpt/render/renderer.h"
#include "dpt/render/views.h"
#include "dpt/world/district_io.h"

namespace dpt::app {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct BenchRenderOptions {
  std::string dir;
  std::string size = "1920x1080";
  long long buildings = -1;  // -1: all
  long long agents = 100000;
  int frames = 30;
  std::string view = "kuichong";
  std::string gpu;
  int msaa = 4;
  std::string out;  // the last frame as PNG, "" = none
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

// A road link's polyline with its cumulative length and ground height at each vertex.
struct LinkPath {
  std::vector<double> x, y, z, s;
};

// The moving agents: which link, which segment, how far along the link, how fast (structure of
// arrays; the instances are written from it every frame).
struct Traffic {
  std::vector<LinkPath> paths;
  std::vector<std::uint32_t> link, seg;
  std::vector<double> s, speed;
  std::vector<float> lateral;  // metres right of the centreline: vehicles in their lane, pedestrians on the kerb
  std::vector<render::AgentInstance> instances;
};

// The mix of kinds (cumulative shares) and each kind's size: Shenzhen street traffic, roughly.
struct KindSpec {
  double cumulative_share;
  render::AgentKind kind;
  float length, width, height, speed_factor, lateral;
};
constexpr KindSpec kKinds[] = {
    {0.70, render::AgentKind::car, 4.6f, 1.8f, 1.5f, 0.8f, 1.8f},
    {0.74, render::AgentKind::bus, 12.0f, 2.5f, 3.2f, 0.6f, 1.8f},
    {0.84, render::AgentKind::truck, 9.0f, 2.5f, 3.5f, 0.6f, 1.8f},
    {0.85, render::AgentKind::hazmat_truck, 10.0f, 2.5f, 3.4f, 0.5f, 1.8f},
    {1.00, render::AgentKind::pedestrian, 0.5f, 0.5f, 1.7f, 0.0f, 5.0f},
};
constexpr double kWalkMps = 1.4;

Traffic make_traffic(const world::District& d, std::size_t n) {
  Traffic t;
  const auto& links = d.roads.links();
  t.paths.resize(links.size());
  for (std::size_t i = 0; i < links.size(); ++i) {
    LinkPath& p = t.paths[i];
    double s = 0.0;
    for (std::size_t k = 0; k < links[i].geometry.size(); ++k) {
      const geo::Local q = links[i].geometry[k];
      if (k > 0) s += std::hypot(q.x - p.x.back(), q.y - p.y.back());
      p.x.push_back(q.x);
      p.y.push_back(q.y);
      p.z.push_back(d.ground_z(q));
      p.s.push_back(s);
    }
  }
  t.link.resize(n);
  t.seg.resize(n);
  t.s.resize(n);
  t.speed.resize(n);
  t.lateral.resize(n);
  t.instances.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    CounterRng rng(20261201, rng_stream("bench.render.agents"), static_cast<std::uint32_t>(i), 0);
    std::uint32_t l = 0;
    for (int tries = 0; tries < 16; ++tries) {  // a link with some length
      l = static_cast<std::uint32_t>(rng.uniform() * static_cast<double>(links.size())) % static_cast<std::uint32_t>(links.size());
      if (t.paths[l].s.size() >= 2 && t.paths[l].s.back() > 1.0) break;
    }
    const double u = rng.uniform();
    const KindSpec* k = &kKinds[0];
    while (u >= k->cumulative_share && k + 1 != std::end(kKinds)) ++k;
    t.link[i] = l;
    t.seg[i] = 0;
    t.s[i] = rng.uniform() * (t.paths[l].s.empty() ? 0.0 : t.paths[l].s.back());
    t.speed[i] = k->kind == render::AgentKind::pedestrian ? kWalkMps * (0.7 + 0.6 * rng.uniform())
                                                          : links[l].speed_mps * k->speed_factor * (0.8 + 0.4 * rng.uniform());
    t.lateral[i] = k->lateral;
    render::AgentInstance& a = t.instances[i];
    a.kind = k->kind;
    a.length_m = k->length;
    a.width_m = k->width;
    a.height_m = k->height;
  }
  return t;
}

// Moves every agent dt seconds along its link (wrapping to the link's start at its end) and
// writes its instance: position, ground height and heading from the segment it is on.
void advance(Traffic& t, double dt) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, t.instances.size(), 8192), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const LinkPath& p = t.paths[t.link[i]];
      render::AgentInstance& a = t.instances[i];
      if (p.s.size() < 2) {  // a degenerate link: stand still
        if (!p.x.empty()) {
          a.x = static_cast<float>(p.x[0]);
          a.y = static_cast<float>(p.y[0]);
          a.z = static_cast<float>(p.z[0]);
        }
        continue;
      }
      const double len = p.s.back();
      double s = t.s[i] + t.speed[i] * dt;
      std::uint32_t k = t.seg[i];
      if (s >= len) {
        s = std::fmod(s, len);
        k = 0;
      }
      while (k + 2 < p.s.size() && s > p.s[k + 1]) ++k;  // segments only move forward: O(1) amortised
      const double seg = p.s[k + 1] - p.s[k];
      const double f = seg > 0.0 ? (s - p.s[k]) / seg : 0.0;
      const double dx = p.x[k + 1] - p.x[k], dy = p.y[k + 1] - p.y[k];
      const double inv = seg > 0.0 ? 1.0 / seg : 0.0;
      const double lat = t.lateral[i];  // to the right of the direction of travel: (dy, -dx)
      a.x = static_cast<float>(p.x[k] + f * dx + lat * dy * inv);
      a.y = static_cast<float>(p.y[k] + f * dy - lat * dx * inv);
      a.z = static_cast<float>(p.z[k] + f * (p.z[k + 1] - p.z[k]));
      a.heading_rad = static_cast<float>(std::atan2(dx, dy));  // clockwise from north
      t.s[i] = s;
      t.seg[i] = k;
    }
  });
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

int bench_render(BenchRenderOptions o) {
  int w = 0, h = 0;
  if (!parse_size(o.size, w, h)) {
    std::fprintf(stderr, "dptwin bench render: --size %s: expected WIDTHxHEIGHT, each 16..16384 (e.g. 1920x1080)\n", o.size.c_str());
    return kExitBadInput;
  }
  if (o.dir.empty()) o.dir = default_district_dir().string();
  auto t0 = Clock::now();
  auto d = world::load_district(o.dir);
  if (!d) {
    std::fputs(d.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  const double load_ms = ms_since(t0);
  const std::size_t all_buildings = d->buildings.size();
  if (o.buildings >= 0 && static_cast<std::size_t>(o.buildings) < all_buildings) {
    d->buildings.resize(static_cast<std::size_t>(o.buildings));
    d->index();
  }
  if (o.agents > 0 && d->roads.links().empty()) {
    std::fprintf(stderr, "%s: the district has no road links to put agents on\n", o.dir.c_str());
    return kExitBadInput;
  }
  auto views = render::load_district_views(*d, o.dir);
  if (!views) {
    std::fputs(views.errors().to_string().c_str(), stderr);
    return kExitBadInput;
  }
  const render::NamedView* view = render::find_view(*views, o.view);
  if (!view) {
    std::string names;
    for (const auto& nv : *views) names += (names.empty() ? "" : ", ") + nv.name;
    std::fprintf(stderr, "dptwin bench render: --view %s: no such view; the district has: %s\n", o.view.c_str(), names.c_str());
    return kExitBadInput;
  }
  std::printf("district   %s: %zu of %zu buildings, %zu road links, loaded in %.0f ms\n", o.dir.c_str(), d->buildings.size(),
              all_buildings, d->roads.links().size(), load_ms);

  render::RendererOptions ro;
  ro.gpu = o.gpu;
  ro.msaa = o.msaa;
  auto r = render::Renderer::create(ro);
  if (!r) {
    std::fputs(r.errors().to_string().c_str(), stderr);
    return kExitFailure;
  }
  std::printf("device     %s\n", (*r)->device().name.c_str());
  t0 = Clock::now();
  if (auto ok = (*r)->set_district(*d); !ok) {
    std::fputs(ok.errors().to_string().c_str(), stderr);
    return kExitFailure;
  }
  (*r)->set_place_labels(render::place_labels(*views));
  const double upload_ms = ms_since(t0);
  std::printf("upload     district geometry built and uploaded in %.0f ms\n", upload_ms);

  t0 = Clock::now();
  Traffic traffic = make_traffic(*d, static_cast<std::size_t>(std::max(0LL, o.agents)));
  advance(traffic, 0.0);
  std::printf("agents     %lld on the road links, placed in %.0f ms\n", o.agents, ms_since(t0));

  render::FrameRequest req;
  req.camera = render::to_camera(*view);
  req.width = w;
  req.height = h;
  req.agents = traffic.instances;
  constexpr double kDt = 0.1;  // simulated seconds per frame
  std::vector<double> frame_ms, gpu_ms, move_ms;
  render::FrameStats st;
  for (int i = -1; i < o.frames; ++i) {  // frame -1 warms up: targets, pipelines, instance buffer
    const auto tm = Clock::now();
    advance(traffic, kDt);
    const double moved = ms_since(tm);
    const auto tf = Clock::now();
    auto img = (*r)->render(req, &st);
    const double ms = ms_since(tf);
    if (!img) {
      std::fputs(img.errors().to_string().c_str(), stderr);
      return kExitFailure;
    }
    if (i + 1 == o.frames && !o.out.empty()) {
      if (auto ok = render::write_png(o.out, *img); !ok) std::fputs(ok.errors().to_string().c_str(), stderr);
    }
    if (i < 0) continue;
    frame_ms.push_back(ms);
    gpu_ms.push_back(st.gpu_ms);
    move_ms.push_back(moved);
  }
  const double median = percentile(frame_ms, 0.5), p95 = percentile(frame_ms, 0.95), gpu_median = percentile(gpu_ms, 0.5);
  std::printf("frames     %d at %dx%d of view %s, msaa %d: median %.2f ms, p95 %.2f ms (GPU median %.2f ms)\n", o.frames, w,
              h, view->name.c_str(), o.msaa, median, p95, gpu_median);
  std::printf("per frame  %llu triangles, %llu instances; moving the agents took %.2f ms (median, not in the frame time)\n",
              static_cast<unsigned long long>(st.triangles), static_cast<unsigned long long>(st.instances),
              percentile(move_ms, 0.5));
  for (const auto& [pass, pass_ms] : st.passes) std::printf("  pass %-10s %.2f ms (GPU, last frame)\n", pass.c_str(), pass_ms);
  nlohmann::ordered_json j{{"device", st.device},      {"width", w},          {"height", h},
                           {"frames", o.frames},       {"median_ms", median}, {"p95_ms", p95},
                           {"gpu_median_ms", gpu_median}, {"triangles", st.triangles}, {"instances", st.instances},
                           {"buildings", d->buildings.size()}, {"agents", o.agents}, {"upload_ms", upload_ms},
                           {"view", view->name},       {"msaa", o.msaa}};
  std::printf("%s\n", j.dump().c_str());
  return kExitOk;
}

}  // namespace

void add_bench_render_command(CLI::App& bench, AppState& state) {
  auto* cmd = bench.add_subcommand(
      "render",
      "Load the district, build and upload its render geometry (timed), put --agents moving agents on its roads,\n"
      "then render --frames frames of a named view, moving the agents every frame. Prints median and p95 frame\n"
      "time (Renderer::render, which waits for the GPU), GPU time, triangles and instances per frame, and the\n"
      "device. Last line: {\"device\":..., \"median_ms\":..., \"p95_ms\":..., \"instances\":...}");
  auto o = std::make_shared<BenchRenderOptions>();
  cmd->add_option("DIR", o->dir, "District directory (default: the default district, assets/dapeng)");
  cmd->add_option("--size", o->size, "Frame size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--buildings", o->buildings, "Keep only the first N buildings (default: all)")->check(CLI::Range(0LL, 1LL << 40));
  cmd->add_option("--agents", o->agents, "Moving agents")->capture_default_str()->check(CLI::Range(0LL, 100'000'000LL));
  cmd->add_option("--frames", o->frames, "Frames to time (after one warm-up frame)")->capture_default_str()->check(CLI::Range(1, 100000));
  cmd->add_option("--view", o->view, "Named view of the district (see docs/views.md)")->capture_default_str();
  cmd->add_option("--gpu", o->gpu, "Use the device whose name contains this (\"llvmpipe\")");
  cmd->add_option("--msaa", o->msaa, "Samples per pixel (1, 2, 4, 8)")->capture_default_str()->check(CLI::IsMember({1, 2, 4, 8}));
  cmd->add_option("--out", o->out, "Write the last frame to this PNG (to look at the agents)");
  cmd->callback([&state, o] { state.exit_code = bench_render(*o); });
}

}  // namespace dpt::app
