// The tracer stage: particles carried by the published wind field (sim/tracer).
#include "stages.h"

#include "dpt/scenario/field_output.h"
#include "dpt/sim/tracer/tracer.h"

#include <algorithm>
#include <cmath>

namespace dpt::scenario {
namespace {

class TracerStage final : public Stage {
 public:
  TracerStage(sim::tracer::Model m, const sim::BuildContext& ctx) : model_(std::move(m)), build_(ctx) {}
  std::string_view name() const override { return "tracers"; }

  void init(World&) override { sim::tracer::init(model_, state_); }
  void step(World& world, const sim::StepContext& ctx) override {
    DPT_ASSERT(world.wind != nullptr, "the tracer stage needs the wind stage before it");
    const std::uint32_t before = state_.dropped;
    sim::tracer::step(model_, state_, *world.wind, ctx);
    warn_dropped(world, before, ctx);
  }

  bool check_command(std::string_view verb, TableReader& args) const override {
    return sim::tracer::parse_release_command(verb, args, build_).has_value();
  }
  void apply_command(World& world, std::string_view verb, const ConfigValue& args, const sim::StepContext& ctx) override {
    ErrorList errors;
    TableReader r(args, "tracers." + std::string(verb), errors);
    if (auto p = sim::tracer::parse_release_command(verb, r, build_)) {
      const std::uint32_t before = state_.dropped;
      sim::tracer::release(model_, state_, *p, ctx.seed, ctx.step);
      warn_dropped(world, before, ctx);
    }
  }

  void define_kpis(sim::KpiTable& k) override {
    col_active_ = k.define("tracers.active", "1", "particles released so far");
    col_cx_ = k.define("tracers.centroid_x", "m", "centroid of the particles, east of the district origin");
    col_cy_ = k.define("tracers.centroid_y", "m", "centroid of the particles, north of the district origin");
    col_sx_ = k.define("tracers.sigma_x", "m", "east-west spread (standard deviation) of the particles");
    col_sy_ = k.define("tracers.sigma_y", "m", "north-south spread (standard deviation) of the particles");
    col_out_ = k.define("tracers.outside_fraction", "1", "share of particles that left the district extent");
  }
  void sample_kpis(sim::KpiTable& k) const override {
    const sim::tracer::Kpis t = sim::tracer::kpis(model_, state_);
    k.set(col_active_, t.active);
    k.set(col_cx_, t.centroid_x);
    k.set(col_cy_, t.centroid_y);
    k.set(col_sx_, t.sigma_x);
    k.set(col_sy_, t.sigma_y);
    k.set(col_out_, t.outside_fraction);
  }

  void digest(Hasher& h) const override { sim::tracer::digest(state_, h); }
  void save(ByteWriter& w) const override { sim::tracer::save(state_, w); }
  bool load(World&, ByteReader& r) override { return sim::tracer::load(model_, state_, r); }

  // Particle density on a grid over the district, in particles per km^2.
  void write_outputs(const OutputContext& out, std::vector<std::string>& written, ErrorList& errors) const override {
    if (!out.fields) return;
    const sim::DistrictExtent& e = out.build->extent;
    sim::Grid2D g;
    g.x0 = e.x0;
    g.y0 = e.y0;
    // 250 m cells, coarser for a very large extent so that the raster stays under ~4 million cells.
    const double w = e.x1 - e.x0, h = e.y1 - e.y0;
    g.cell = std::max(250.0, std::sqrt(w * h / 4e6));
    g.nx = static_cast<int>(std::clamp(std::ceil(w / g.cell), 1.0, 8192.0));
    g.ny = static_cast<int>(std::clamp(std::ceil(h / g.cell), 1.0, 8192.0));
    std::vector<FieldBand> bands{{"particles_per_km2", std::vector<float>(g.size(), 0.0f)}};
    const float per_km2 = static_cast<float>(1e6 / (g.cell * g.cell));
    for (std::uint32_t i = 0; i < state_.active; ++i) {
      if (!g.contains(state_.x[i], state_.y[i])) continue;
      const int ci = std::min(g.nx - 1, static_cast<int>((state_.x[i] - g.x0) / g.cell));
      const int cj = std::min(g.ny - 1, static_cast<int>((state_.y[i] - g.y0) / g.cell));
      bands[0].values[g.index(ci, cj)] += per_km2;
    }
    std::filesystem::create_directories(out.run_dir / "fields");
    auto files = write_field(out.run_dir / "fields" / "tracer_density", g, bands, *out.build->frame);
    if (!files) return errors.append(files.errors());
    for (const auto& p : *files) written.push_back(std::filesystem::relative(p, out.run_dir).string());
  }

 private:
  void warn_dropped(World& world, std::uint32_t before, const sim::StepContext& ctx) {
    if (state_.dropped != before)
      world.events.add(static_cast<std::int64_t>(ctx.clock.now_us), "warning", "tracers",
                       "{\"message\":\"capacity reached; particles not released\",\"count\":" +
                           std::to_string(state_.dropped - before) + "}");
  }

  sim::tracer::Model model_;
  sim::tracer::State state_;
  sim::BuildContext build_;
  int col_active_ = -1, col_cx_ = -1, col_cy_ = -1, col_sx_ = -1, col_sy_ = -1, col_out_ = -1;
};

}  // namespace

std::unique_ptr<Stage> make_tracer_stage(TableReader& params, const sim::BuildContext& ctx) {
  auto m = sim::tracer::parse_model(params, ctx);
  if (!m) return nullptr;
  return std::make_unique<TracerStage>(std::move(*m), ctx);
}

}  // namespace dpt::scenario
