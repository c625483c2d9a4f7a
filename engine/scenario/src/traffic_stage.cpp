// The traffic stage: road vehicles (sim/traffic) inside the scenario's fixed-step loop. The
// scenario's step is cut into traffic steps (1 s by default); arrivals are kept for the run's
// tripinfo.xml (SUMO's format, docs/run-directory.md), and the KPIs are sampled from the state.
#include <algorithm>
#include <cmath>

#include "dpt/sim/traffic/traffic_config.h"
#include "dpt/sim/traffic/traffic_io.h"
#include "dpt/sim/traffic/traffic_measures.h"
#include "dpt/sim/traffic/traffic_step.h"
#include "dpt/sim/traffic/trip_record.h"
#include "stages.h"

namespace dpt::scenario {
namespace {

namespace tr = sim::traffic;

class TrafficStage final : public Stage {
 public:
  explicit TrafficStage(tr::TrafficModel m) : model_(std::move(m)) {}
  std::string_view name() const override { return "traffic"; }

  void init(World&) override {
    state_ = tr::make_traffic_state(model_);
    arrivals_.clear();
  }

  void step(World&, const sim::StepContext& ctx) override {
    // The scenario's time from its start, in seconds, at the end of this step.
    const double end_s = static_cast<double>(ctx.step + 1) * ctx.dt.to_seconds();
    while (state_.time_s + 1e-9 < end_s) {
      tr::step(model_, state_);
      arrivals_.insert(arrivals_.end(), state_.arrived.begin(), state_.arrived.end());
    }
  }

  // Incidents and measures (traffic_measures.h): traffic.close, open, accident, speed_limit,
  // checkpoint, reversible, signal, clear. Applied at the step boundary, before the next traffic step.
  bool check_command(std::string_view verb, TableReader& args) const override {
    return tr::parse_traffic_commands(verb, args, model_).has_value();
  }
  void apply_command(World&, std::string_view verb, const ConfigValue& args, const sim::StepContext&) override {
    ErrorList errors;
    TableReader r(args, "traffic." + std::string(verb), errors);
    if (auto cs = tr::parse_traffic_commands(verb, r, model_))
      for (const tr::TrafficCommand& c : *cs) tr::apply_traffic_command(model_, state_, c);
  }

  void define_kpis(sim::KpiTable& k) override {
    col_running_ = k.define("traffic.running", "veh", "vehicles in the network");
    col_waiting_ = k.define("traffic.waiting_to_depart", "veh", "vehicles due that found no room to enter");
    col_halting_ = k.define("traffic.halting", "veh", "vehicles slower than 0.1 m/s");
    col_arrived_ = k.define("traffic.arrived", "veh", "vehicles arrived so far");
    col_travel_ = k.define("traffic.mean_travel_time", "s", "mean trip duration of the arrivals so far");
    col_delay_ = k.define("traffic.mean_delay", "s", "mean time loss of the arrivals so far");
    col_speed_ = k.define("traffic.mean_speed", "m/s", "mean speed of the vehicles in the network");
    col_rerouted_ = k.define("traffic.rerouted", "1", "routes changed while driving or before departure, so far");
    col_teleported_ = k.define("traffic.teleported", "1", "vehicles moved across a junction after standing at it for time-to-teleport, so far");
    col_served_ = k.define("traffic.checkpoint_served", "veh", "vehicles served at checkpoints so far");
    col_cp_queue_ = k.define("traffic.checkpoint_queue", "veh",
                             "vehicles standing on checkpoint lanes (in service or queued on the checkpoint's edge)");
  }
  void sample_kpis(sim::KpiTable& k) const override {
    std::size_t halting = 0;
    double speed_sum = 0.0;
    for (double v : state_.speed) {
      halting += v < 0.1 ? 1 : 0;
      speed_sum += v;
    }
    double travel = 0.0, delay = 0.0;
    for (const tr::Arrival& a : arrivals_) {
      travel += a.arrival_s - a.depart_s;
      delay += a.time_loss_s;
    }
    const double n = static_cast<double>(arrivals_.size());
    k.set(col_running_, static_cast<double>(state_.running()));
    k.set(col_waiting_, static_cast<double>(state_.waiting_insert.size()));
    k.set(col_halting_, static_cast<double>(halting));
    k.set(col_arrived_, n);
    if (n > 0) {
      k.set(col_travel_, travel / n);
      k.set(col_delay_, delay / n);
    }
    k.set(col_rerouted_, static_cast<double>(state_.reroutes));
    k.set(col_teleported_, static_cast<double>(state_.teleports));
    k.set(col_served_, static_cast<double>(state_.served));
    std::size_t at_checkpoints = 0;
    if (!state_.measures.empty())
      for (std::size_t i = 0; i < state_.vehicle.size(); ++i)
        at_checkpoints += state_.lane_checkpoint[state_.lane[i]] != tr::kNone && state_.speed[i] < 0.1 ? 1 : 0;
    k.set(col_cp_queue_, static_cast<double>(at_checkpoints));
    if (state_.running() > 0) k.set(col_speed_, speed_sum / static_cast<double>(state_.running()));
  }

  void digest(Hasher& h) const override { tr::digest(state_, h); }
  void save(ByteWriter& w) const override {
    tr::save(state_, w);
    w.put_array<tr::Arrival>(std::span<const tr::Arrival>(arrivals_.data(), arrivals_.size()));
  }
  bool load(World&, ByteReader& r) override {
    return tr::load(model_, state_, r) && r.get_array(arrivals_, model_.vehicles.size());
  }

  // tripinfo.xml: one record per arrived vehicle, in arrival order (SUMO's tripinfo-output).
  void write_outputs(const OutputContext& out, std::vector<std::string>& written, ErrorList& errors) const override {
    tr::TripInfoWriter w;
    const auto path = out.run_dir / "tripinfo.xml";
    if (auto r = w.open(path.string()); !r) return errors.append(r.errors());
    for (const tr::Arrival& a : arrivals_) w.write(tr::trip_info_of(model_, a));
    if (auto r = w.close(); !r) return errors.append(r.errors());
    written.push_back("tripinfo.xml");
  }

 private:
  tr::TrafficModel model_;
  tr::TrafficState state_;
  std::vector<tr::Arrival> arrivals_;
  int col_running_ = -1, col_waiting_ = -1, col_halting_ = -1, col_arrived_ = -1, col_travel_ = -1, col_delay_ = -1,
      col_speed_ = -1, col_rerouted_ = -1, col_teleported_ = -1, col_served_ = -1, col_cp_queue_ = -1;
};

}  // namespace

std::unique_ptr<Stage> make_traffic_stage(TableReader& params, const sim::BuildContext& ctx) {
  auto m = tr::parse_traffic_model(params, ctx);
  if (!m) return nullptr;
  return std::make_unique<TrafficStage>(std::move(*m));
}

}  // namespace dpt::scenario
