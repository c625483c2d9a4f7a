// Crowd density of the alert engine (alerts.h, rule 3): confirmed and coasting person tracks inside
// each zone per snapshot, and crowd counters' people counts, divided by the zone's area and judged
// against warning/alarm levels with hysteresis.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "alert_engine_impl.h"

namespace dpt::fusion {
namespace {

constexpr double kCellM = 200.0;  // beaches are a few hundred metres long

std::string density_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// The alert for a level change of one zone from one source ("tracks" or "sensor:ID").
Alert density_alert(std::int64_t t, const DensityRule& rule, const Zone& zone, const geo::Box& box, const std::string& source,
                    double people, double per_m2, int from, int to) {
  const bool up = to > from;
  const double level = to == 2 ? rule.levels.alarm : rule.levels.warning;
  nlohmann::json d = {{"site", zone.name},      {"source", source},
                      {"people", people},       {"area_m2", zone.area_m2},
                      {"density_per_m2", per_m2}, {"level", detail::level_name(to)},
                      {"previous_level", detail::level_name(from)}};
  std::string msg;
  if (up) {
    d["threshold_per_m2"] = level;
    msg = "crowd density on " + zone.name + " is " + density_text(per_m2) + " people/m² (" + source + "), at or above the " +
          detail::level_name(to) + " level " + density_text(level);
  } else {
    msg = "crowd density on " + zone.name + " fell to " + density_text(per_m2) + " people/m² (" + source + "); now " +
          detail::level_name(to);
  }
  const AlertSeverity sev = !up ? AlertSeverity::info : (to == 2 ? AlertSeverity::alarm : AlertSeverity::warning);
  return {t, AlertKind::crowd_density, sev, !up, rule.id, "site:" + zone.name, 0.5 * (box.min_x + box.max_x),
          0.5 * (box.min_y + box.max_y), std::move(msg), d.dump()};
}

}  // namespace

void AlertEngine::Impl::build_density() {
  for (std::uint32_t r = 0; r < rules.density.size(); ++r)
    for (std::uint32_t z = 0; z < rules.density[r].zones.size(); ++z) {
      const Zone& zone = rules.density[r].zones[z];
      density.push_back({r, z, 0, 0});
      density_boxes.push_back(detail::polygon_box(zone.polygon));
      densities.push_back({rules.density[r].id, zone.name, 0, zone.area_m2, 0.0});
    }
  density_grid.build(density_boxes, kCellM);
}

void AlertEngine::Impl::count_person(const GroundTrack& g) {
  const geo::Local p{g.x, g.y};
  for (std::uint32_t k : density_grid.candidates(p)) {
    if (!density_boxes[k].contains(p)) continue;
    const detail::DensityEntry& e = density[k];
    if (geo::point_in_polygon(rules.density[e.rule].zones[e.zone].polygon, p)) ++density[k].people;
  }
}

void AlertEngine::Impl::judge_density(std::int64_t t, std::vector<Alert>& out) {
  for (std::size_t k = 0; k < density.size(); ++k) {
    detail::DensityEntry& e = density[k];
    const DensityRule& rule = rules.density[e.rule];
    const Zone& zone = rule.zones[e.zone];
    const double per_m2 = e.people / zone.area_m2;
    densities[k].people = e.people;
    densities[k].per_m2 = per_m2;
    const int next = detail::next_level(rule.levels, e.level, per_m2);
    if (next != e.level) emit(density_alert(t, rule, zone, density_boxes[k], "tracks", e.people, per_m2, e.level, next), out);
    e.level = next;
    e.people = 0;
  }
}

bool AlertEngine::Impl::counter_density(const Observation& o, std::vector<Alert>& out) {
  const auto site = sensor_site.find(o.sensor_id);
  if (site == sensor_site.end() || site->second.empty()) return false;
  bool used = false;
  for (std::size_t k = 0; k < density.size(); ++k) {
    const detail::DensityEntry& e = density[k];
    const DensityRule& rule = rules.density[e.rule];
    const Zone& zone = rule.zones[e.zone];
    if (!rule.use_counters || zone.name != site->second) continue;
    used = true;
    // Each counter is taken to count the whole site (docs/alerts.md): its own level state.
    int& level = counter_levels[(static_cast<std::uint64_t>(k) << 32) | static_cast<std::uint32_t>(o.sensor_id)];
    const double per_m2 = o.result / zone.area_m2;
    const int next = detail::next_level(rule.levels, level, per_m2);
    if (next != level)
      emit(density_alert(o.time_us, rule, zone, density_boxes[k], "sensor:" + std::to_string(o.sensor_id), o.result, per_m2,
                         level, next),
           out);
    level = next;
  }
  return used;
}

}  // namespace dpt::fusion
