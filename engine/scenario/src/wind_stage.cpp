// The wind stage: publishes the scenario-driven wind field (sim/common/wind_model).
#include "stages.h"

#include "dpt/scenario/field_output.h"
#include "dpt/sim/common/wind_model.h"

#include <cmath>

namespace dpt::scenario {
namespace {

class WindStage final : public Stage {
 public:
  explicit WindStage(sim::WindModel m) : model_(std::move(m)) {}
  std::string_view name() const override { return "wind"; }

  void init(World& world) override {
    sim::init(model_, state_);
    world.wind = &state_.field;
  }
  void step(World&, const sim::StepContext& ctx) override { sim::step(model_, state_, ctx); }

  bool check_command(std::string_view verb, TableReader& args) const override {
    return sim::parse_wind_command(verb, args).has_value();
  }
  void apply_command(World& world, std::string_view verb, const ConfigValue& args, const sim::StepContext& ctx) override {
    ErrorList errors;
    TableReader r(args, "wind." + std::string(verb), errors);
    if (auto c = sim::parse_wind_command(verb, r)) {
      sim::apply(state_, *c);
    } else {
      world.events.add(static_cast<std::int64_t>(ctx.clock.now_us), "warning", "wind", "{\"rejected\":\"wind." + std::string(verb) + "\"}");
    }
  }

  void define_kpis(sim::KpiTable& k) override {
    col_mean_ = k.define("wind.mean_speed", "m/s", "10 m wind speed averaged over the district grid");
    col_max_ = k.define("wind.max_speed", "m/s", "highest 10 m wind speed on the district grid");
    col_dir_ = k.define("wind.mean_from_deg", "deg", "direction the district-mean wind blows from");
  }
  void sample_kpis(sim::KpiTable& k) const override {
    const sim::WindKpis w = sim::kpis(state_);
    k.set(col_mean_, w.mean_speed);
    k.set(col_max_, w.max_speed);
    k.set(col_dir_, w.mean_from_deg);
  }

  void digest(Hasher& h) const override { sim::digest(state_, h); }
  void save(ByteWriter& w) const override { sim::save(state_, w); }
  bool load(World& world, ByteReader& r) override {
    const bool ok = sim::load(state_, r);
    world.wind = &state_.field;
    return ok;
  }

  void write_outputs(const OutputContext& out, std::vector<std::string>& written, ErrorList& errors) const override {
    if (!out.fields) return;
    const sim::WindField& f = state_.field;
    std::vector<FieldBand> bands{{"speed_mps", {}}, {"u_mps", {}}, {"v_mps", {}}};
    for (std::size_t c = 0; c < f.grid.size(); ++c) {
      bands[0].values.push_back(static_cast<float>(std::hypot(f.u[c], f.v[c])));
      bands[1].values.push_back(static_cast<float>(f.u[c]));
      bands[2].values.push_back(static_cast<float>(f.v[c]));
    }
    std::filesystem::create_directories(out.run_dir / "fields");
    auto files = write_field(out.run_dir / "fields" / "wind_final", f.grid, bands, *out.build->frame);
    if (!files) return errors.append(files.errors());
    for (const auto& p : *files) written.push_back(std::filesystem::relative(p, out.run_dir).string());
  }

 private:
  sim::WindModel model_;
  sim::WindState state_;
  int col_mean_ = -1, col_max_ = -1, col_dir_ = -1;
};

}  // namespace

std::unique_ptr<Stage> make_wind_stage(TableReader& params, const sim::BuildContext& ctx) {
  auto m = sim::parse_wind_model(params, ctx);
  if (!m) return nullptr;
  return std::make_unique<WindStage>(std::move(*m));
}

}  // namespace dpt::scenario
