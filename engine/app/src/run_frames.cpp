#include "run_frames.h"

#include <cmath>
#include <cstdio>

#include "district_locate.h"
#include "dpt/render/renderer.h"
#include "dpt/render/views.h"
#include "dpt/sim/common/wind_field.h"
#include "dpt/world/district_io.h"

namespace dpt::app {
namespace {

// What a frame writer keeps between frames (shared by the copies std::function makes).
struct FrameState {
  std::unique_ptr<world::District> district;
  std::unique_ptr<render::Renderer> renderer;
  render::ViewCamera camera;
  std::filesystem::path dir;
  FrameOptions options;
};

}  // namespace

// The wind's speed at 10 m as a draped field, and an arrow every `stride` cells.
void wind_overlays(const sim::WindField& w, render::Overlays& o) {
  const auto& g = w.grid;
  render::ScalarField f;
  f.name = "wind speed at 10 m";
  f.unit = "m/s";
  f.nx = g.nx;
  f.ny = g.ny;
  f.x0 = g.cx(0);
  f.y0 = g.cy(0);
  f.dx = f.dy = g.cell;
  f.values.resize(g.size());
  float vmax = 0.0f;
  for (std::size_t i = 0; i < g.size(); ++i) {
    f.values[i] = static_cast<float>(std::hypot(w.u[i], w.v[i]));
    vmax = std::max(vmax, f.values[i]);
  }
  f.min_value = 0.0f;
  f.max_value = std::max(5.0f, std::ceil(vmax / 5.0f) * 5.0f);  // a round top for the legend
  o.field = std::move(f);
  render::VectorArrows a;
  const int stride = std::max(1, std::max(g.nx, g.ny) / 24);
  for (int j = stride / 2; j < g.ny; j += stride) {
    for (int i = stride / 2; i < g.nx; i += stride) {
      a.positions.push_back({g.cx(i), g.cy(j)});
      a.vectors.push_back({static_cast<float>(w.u[g.index(i, j)]), static_cast<float>(w.v[g.index(i, j)])});
    }
  }
  a.metres_per_unit = static_cast<float>(0.9 * stride * g.cell / std::max(1.0f, vmax));
  o.arrows = std::move(a);
}

Result<scenario::FrameWriter> make_frame_writer(const scenario::Scenario& s, const std::filesystem::path& out_dir,
                                                const FrameOptions& options) {
  auto st = std::make_shared<FrameState>();
  st->options = options;
  st->dir = out_dir / "frames";
  const std::filesystem::path district_dir = s.district.path ? *s.district.path : default_district_dir();
  auto d = world::load_district(district_dir);
  if (!d) return d.errors();
  st->district = std::make_unique<world::District>(std::move(*d));
  auto views = render::load_district_views(*st->district, district_dir);
  if (!views) return views.errors();
  const render::NamedView* v = render::find_view(*views, options.view);
  if (!v) return Result<scenario::FrameWriter>::failure({(district_dir / "views.toml").string()},
                                                        "--frame-view " + options.view + ": no such view");
  st->camera = render::to_camera(*v);
  render::RendererOptions ro;
  ro.validation = options.validation;
  auto r = render::Renderer::create(ro);
  if (!r) return r.errors();
  st->renderer = std::move(*r);
  if (auto ok = st->renderer->set_district(*st->district); !ok) return ok.errors();
  st->renderer->set_place_labels(render::place_labels(*views));
  std::error_code ec;
  std::filesystem::create_directories(st->dir, ec);
  if (ec) return Result<scenario::FrameWriter>::failure({st->dir.string()}, "cannot create: " + ec.message());

  scenario::FrameWriter writer = [st](const scenario::World& world, Duration since_start) -> Result<std::string> {
    render::Overlays overlays;
    if (world.wind) wind_overlays(*world.wind, overlays);
    render::FrameRequest req;
    req.camera = st->camera;
    req.width = st->options.width;
    req.height = st->options.height;
    req.overlays = &overlays;
    auto img = st->renderer->render(req);
    if (!img) return img.errors();
    char name[32];
    std::snprintf(name, sizeof name, "%06lld.png", static_cast<long long>(since_start.us / 1000000));
    if (auto ok = render::write_png(st->dir / name, *img); !ok) return ok.errors();
    return std::string("frames/") + name;
  };
  return writer;
}

}  // namespace dpt::app
