#pragma once
// What the stages of make_dapeng share: the district frame, the analysis grid (the terrain's 30 m
// lattice) with its per-cell layers, and small helpers. Every stage is deterministic: random
// numbers come from dpt::CounterRng keyed by (seed, named stream, entity, 0).
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dpt/core/rng.h"
#include "dpt/geo/geometry.h"
#include "dpt/geo/local_frame.h"
#include "dpt/geo/raster_read.h"
#include "places.h"

namespace dapeng {

using dpt::geo::Local;
using dpt::geo::LonLat;

constexpr std::uint64_t kSeed = 20170325;  // the day of the first GPX ride; any constant would do

// Per-cell layers on the terrain lattice (HeightGrid geometry: sample (i, j) at x0 + i*dx, y0 - j*dy).
struct Cells {
  dpt::geo::HeightGrid spec;          // geometry only (z unused until the terrain is made)
  std::vector<std::uint8_t> land;     // 1 land, 0 sea (GSHHG)
  std::vector<float> coast_dist;      // distance to the nearest cell of the other kind, m (>= 0)
  std::vector<std::uint8_t> district; // 1 inside Dapeng New District's boundary buffered 300 m

  int nx() const { return spec.nx; }
  int ny() const { return spec.ny; }
  std::size_t idx(int i, int j) const { return static_cast<std::size_t>(j) * spec.nx + i; }
  Local pos(int i, int j) const { return {spec.x0 + i * spec.dx, spec.y0 - j * spec.dy}; }
  // Nearest cell to p, clamped to the grid.
  void cell_of(Local p, int& i, int& j) const;
  bool inside(Local p) const;
  bool is_land(Local p) const;
  bool in_district(Local p) const;
  // Signed distance to the coast: > 0 on land, < 0 at sea (nearest cell).
  double signed_coast(Local p) const;
};

class ValueNoise;

// A settlement of the places table, snapped to land.
struct Settlement {
  const SettlementDef* def = nullptr;
  Local centre;
};

// Nearest lattice position to p that is land with at least `min_coast_m` to the sea (searching up to
// `max_search_m`); p itself when none qualifies.
Local snap_to_land(const Cells& cells, Local p, double min_coast_m, double max_search_m);

struct Context {
  dpt::geo::LocalFrame frame;
  Cells cells;
  dpt::geo::HeightGrid terrain;  // filled by the terrain stage (same lattice as cells.spec)
  std::vector<dpt::geo::Polygon> boundary;  // Dapeng New District (coarse), district frame
  std::string data_dir;          // ../shared/data/geo
  std::vector<Settlement> settlements;  // snapped, in the order of the places table
  // Ground the terrain flattens to a coastal plain: settlements and key sites (centre, radius).
  struct Flat {
    Local centre;
    double radius_m;
  };
  std::vector<Flat> flats;
  // Makes built-up areas irregular instead of round: radii vary by +-30% with position.
  std::shared_ptr<const ValueNoise> outline_noise;
  // Distance from `centre` to p relative to the (irregular) radius R: <= 1 inside.
  double reach(Local p, Local centre, double radius_m) const;
  const Settlement* settlement(const std::string& id) const;

  double height(Local p) const { return terrain.sample(p); }
  // Steepest slope (rise over run) at p from central differences of the terrain.
  double slope(Local p) const;
  Local to_local(LonLat ll) const;  // DPT_ASSERTs success (the frame covers the whole area)
};

// Deterministic draws for entity `id` of a named stream.
inline dpt::CounterRng rng_for(std::string_view stream, std::uint32_t id) {
  return dpt::CounterRng(kSeed, dpt::rng_stream(stream), id, 0);
}
inline double uniform(dpt::CounterRng& r, double lo, double hi) { return lo + (hi - lo) * r.uniform(); }

inline double dist(Local a, Local b) { return std::hypot(a.x - b.x, a.y - b.y); }
// Distance from p to segment ab, and the parameter t of the nearest point.
double point_segment_distance(Local p, Local a, Local b, double* t = nullptr);
// Douglas–Peucker simplification (Douglas & Peucker 1973), keeps both ends.
dpt::geo::LineString simplify_dp(const dpt::geo::LineString& line, double tolerance);

}  // namespace dapeng
