#pragma once
// Internals of the alert engine (alerts.h), shared by its source files: a uniform grid over boxes
// (the spatial index behind corridors and zones), the level state machine behind density and
// thresholds, and the engine's state. Not installed: only engine/fusion/src includes it.
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "dpt/fusion/alerts.h"

namespace dpt::fusion::detail {

// A static uniform grid: each cell lists the items whose box touches it (CSR arrays). Queries
// return a superset of the items whose box contains the point, without allocating.
class BoxGrid {
 public:
  // `cell_m` is the wanted cell size; it grows when the boxes' extent would need over `max_cells`.
  void build(std::span<const geo::Box> boxes, double cell_m, std::size_t max_cells = 1u << 20);
  std::span<const std::uint32_t> candidates(geo::Local p) const;
  std::size_t cells() const { return static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_); }

 private:
  double x0_ = 0.0, y0_ = 0.0, inv_cell_ = 1.0;
  int nx_ = 0, ny_ = 0;
  std::vector<std::uint32_t> start_, items_;
};

// Squared distance from p to the segment ab.
double distance_sq_to_segment(geo::Local p, geo::Local a, geo::Local b);
// A regular polygon of `sides` vertices on a circle (counter-clockwise): a circular zone.
geo::Polygon circle_polygon(geo::Local centre, double radius_m, int sides = 32);
geo::Box polygon_box(const geo::Polygon& p);

// 0 normal, 1 warning, 2 alarm.
const char* level_name(int level);
// The level after seeing value v at level `current` (alerts.h: Levels). Upward moves happen at once
// (several levels in one step when v jumps); downward moves need v below the clear levels.
inline int next_level(const Levels& l, int current, double v) {
  const int up = v >= l.alarm ? 2 : (v >= l.warning ? 1 : 0);
  if (up > current) return up;
  int level = current;
  if (level == 2 && v < l.alarm_clear) level = v >= l.warning_clear ? 1 : 0;
  if (level == 1 && v < l.warning_clear) level = 0;
  return level;
}

// A track of a geofenced class: where it is in its excursion and which zones it is in.
struct ZoneMembership {
  std::uint32_t zone = 0;           // index into Engine::forbidden_zones
  std::int64_t outside_since = -1;  // first time seen outside since it entered, -1 while inside
};
struct TrackAlertState {
  std::uint64_t generation = 0;  // snapshot in which it was last seen
  ObjectClass cls = ObjectClass::unknown;
  double x = 0.0, y = 0.0;
  std::int64_t off_since = -1;  // first time seen off every corridor in this excursion, -1 on route
  bool route_alerted = false;
  std::vector<ZoneMembership> zones;
};

struct FlatZone {
  std::uint32_t rule = 0;  // index into AlertRules::forbidden
  std::uint32_t zone = 0;  // index into that rule's zones
  ClassMask classes = 0;
};

struct DensityEntry {
  std::uint32_t rule = 0;  // index into AlertRules::density
  std::uint32_t zone = 0;
  std::int32_t people = 0;  // counted in the current snapshot
  int level = 0;            // from tracks
};

struct SensorRuleState {
  std::string property;
  int rule = -1;  // index into AlertRules::thresholds, -1: none applies
  int level = 0;
};

}  // namespace dpt::fusion::detail

namespace dpt::fusion {

struct AlertEngine::Impl {
  AlertRules rules;
  ClassMask geofenced = 0;  // route classes | forbidden classes

  detail::BoxGrid segment_grid, area_grid, forbidden_grid, density_grid;
  std::vector<geo::Box> forbidden_boxes, density_boxes, area_boxes;
  std::vector<detail::FlatZone> forbidden_zones;
  std::vector<detail::DensityEntry> density;
  std::vector<ZoneDensity> densities;

  std::unordered_map<std::uint64_t, detail::TrackAlertState> tracks;
  std::unordered_map<std::int32_t, std::string> sensor_site;  // sensor id → site id ("" for none)
  std::unordered_map<std::int32_t, geo::Local> sensor_pos;
  std::unordered_map<std::int32_t, std::vector<detail::SensorRuleState>> sensor_states;
  std::unordered_map<std::uint64_t, int> counter_levels;  // (density entry << 32 | sensor id) → level

  std::vector<std::uint64_t> ended;  // scratch: ids of tracks that ended in this snapshot
  std::uint64_t generation = 0;
  std::int64_t last_snapshot_us = 0;
  AlertCounters counters;

  Impl(AlertRules r, const world::District& d);
  void emit(Alert&& a, std::vector<Alert>& out);

  // alert_geofence.cpp
  void build_geofences();
  bool on_route(geo::Local p, ClassMask cls) const;
  void geofence(std::int64_t t, const GroundTrack& g, std::vector<Alert>& out);
  void end_track(std::int64_t t, std::uint64_t id, detail::TrackAlertState& s, std::vector<Alert>& out);
  // alert_density.cpp
  void build_density();
  void count_person(const GroundTrack& g);
  void judge_density(std::int64_t t, std::vector<Alert>& out);
  // True when the observation fed at least one zone (a crowd counter at a density site).
  bool counter_density(const Observation& o, std::vector<Alert>& out);
  // alert_threshold.cpp
  // True when a threshold rule applies to the observation's sensor and property.
  bool threshold(const Observation& o, std::vector<Alert>& out);
};

}  // namespace dpt::fusion
