#pragma once
// Passive tracer particles carried by the wind field with turbulent diffusion: a Lagrangian random
// walk, dx = U(x) dt + sqrt(2 K dt) N(0,1) per horizontal axis (Taylor 1921; the discrete form of
// Fickian diffusion with eddy diffusivity K, so that a puff's variance grows as 2 K t). The first
// domain the runner couples to the shared wind field; the hazmat puff model will build on it.
//
// Particles are released in puffs (from the scenario or by the tracers.release command); ids are
// dense and assigned in release order; each particle's randomness comes from the counter-based RNG
// keyed by (seed, stream, particle id, step), so results do not depend on the thread count.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "dpt/core/bytes.h"
#include "dpt/core/config_reader.h"
#include "dpt/core/digest.h"
#include "dpt/sim/common/build_context.h"
#include "dpt/sim/common/step_context.h"
#include "dpt/sim/common/wind_field.h"

namespace dpt::sim::tracer {

struct Puff {
  Duration at;  // release time from the scenario start
  double x = 0.0, y = 0.0;
  double radius = 0.0;  // standard deviation of the initial Gaussian cloud, m
  std::uint32_t count = 0;
};

struct Model {
  std::uint32_t capacity = 0;     // particles reserved up front
  double diffusivity = 0.0;       // K, m^2/s
  double height = 10.0;           // height at which the wind is sampled, m
  DistrictExtent extent;          // for the "outside the district" KPI
  std::vector<Puff> puffs;        // sorted by time
};

struct State {
  std::vector<double> x, y;            // capacity-sized; [0, active) are live
  std::uint32_t active = 0;
  std::uint32_t next_puff = 0;         // first scenario puff not yet released
  std::uint32_t dropped = 0;           // particles a release could not place (capacity)
};

std::optional<Model> parse_model(TableReader& r, const BuildContext& ctx);
void init(const Model& m, State& s);

// Releases the puffs that are due at the start of this step, then moves every particle.
void step(const Model& m, State& s, const WindField& wind, const StepContext& ctx);

// Command "tracers.release" {x, y | lon, lat, count, radius}: a puff now.
std::optional<Puff> parse_release_command(std::string_view name, TableReader& args, const BuildContext& ctx);
// Returns the number of particles released (fewer than asked when capacity runs out).
std::uint32_t release(const Model& m, State& s, const Puff& p, std::uint64_t seed, std::uint32_t step);

void digest(const State& s, Hasher& h);
void save(const State& s, ByteWriter& w);
bool load(const Model& m, State& s, ByteReader& r);

struct Kpis {
  std::uint32_t active = 0;
  double centroid_x = 0.0, centroid_y = 0.0;
  double sigma_x = 0.0, sigma_y = 0.0;  // standard deviations about the centroid, m
  double outside_fraction = 0.0;        // share of particles outside the district extent
};
// Deterministic parallel reduction (fixed blocks, summed in order).
Kpis kpis(const Model& m, const State& s);

}  // namespace dpt::sim::tracer
