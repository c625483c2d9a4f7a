#pragma once
// The scenario-driven wind: a time-varying wind field over the district, until the typhoon domain
// supplies a physical one. Model / State / step, after MuJoCo: the Model is read-only, the State
// is flat arrays allocated once, step() allocates nothing.
//
// Mean wind: either keyframes (a uniform wind, linear in time between keyframes, interpolated on
// the components) or weather stations (each station's 10-minute observations interpolated in
// time, then inverse-distance weighted in space; Shepard 1968). Turbulence: per grid cell, an
// Ornstein-Uhlenbeck process on each component with standard deviation I * |U| and Lagrangian
// time scale T_L (Langevin model of turbulent velocity, Pope, "Turbulent Flows", 2000, ch. 12),
// drawn from the counter-based RNG so that it does not depend on the thread count.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dpt/core/config_reader.h"
#include "dpt/core/digest.h"
#include "dpt/core/bytes.h"
#include "dpt/sim/common/build_context.h"
#include "dpt/sim/common/step_context.h"
#include "dpt/sim/common/wind_field.h"

namespace dpt::sim {

struct WindKeyframe {
  Duration at;  // from the scenario start
  double u = 0.0, v = 0.0;
};

struct WindStation {
  std::string name;
  double x = 0.0, y = 0.0;        // district frame
  std::vector<std::int64_t> t_us;  // from the scenario start
  std::vector<double> u, v;
};

struct WindModel {
  enum class Source { keyframes, stations };
  Source source = Source::keyframes;
  Grid2D grid;
  TerrainCategory terrain;
  std::vector<WindKeyframe> keyframes;  // sorted by time
  std::vector<WindStation> stations;
  double idw_power = 2.0;
  Duration max_gap = Duration::minutes(30);  // a station further than this from an observation is left out
  double turbulence_intensity = 0.0;          // sigma_u / |U|
  Duration turbulence_time_scale = Duration::seconds(60);
};

struct WindState {
  WindField field;              // published: mean + turbulence, at the time after the last step
  std::vector<double> mean_u, mean_v;
  std::vector<double> turb_u, turb_v;
  bool override_active = false;  // set by the wind.set command
  double override_u = 0.0, override_v = 0.0;
};

// Reads [modules.wind]; errors go to the reader's list. Returns nothing if any error was found.
std::optional<WindModel> parse_wind_model(TableReader& r, const BuildContext& ctx);

void init(const WindModel& m, WindState& s);
// Advances the field from ctx.clock.now() to ctx.clock.now() + ctx.dt.
void step(const WindModel& m, WindState& s, const StepContext& ctx);

// The mean (non-turbulent) wind of the model at a point and time offset, without overrides.
WindField::Sample mean_wind(const WindModel& m, double x, double y, Duration t);

// Commands (injects, the console): "wind.set" {speed, from_deg} holds a uniform wind until
// "wind.clear" returns to the model's source.
struct WindCommand {
  enum class Kind { set, clear } kind = Kind::set;
  double u = 0.0, v = 0.0;
};
std::optional<WindCommand> parse_wind_command(std::string_view name, TableReader& args);
void apply(WindState& s, const WindCommand& c);

// Digest, snapshot and restore of the state (recording and replay).
void digest(const WindState& s, Hasher& h);
void save(const WindState& s, ByteWriter& w);
bool load(WindState& s, ByteReader& r);

struct WindKpis {
  double mean_speed = 0.0, max_speed = 0.0, mean_from_deg = 0.0;
};
WindKpis kpis(const WindState& s);

}  // namespace dpt::sim
