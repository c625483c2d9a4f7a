// Geofences of the alert engine (alerts.h): permitted routes (rule 1) and forbidden zones (rule 2)
// for confirmed tracks of the listed classes, with per-track state in a hash map.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "alert_engine_impl.h"

namespace dpt::fusion {
namespace {

// Grid cells of about 100 m: a few road segments each, and a corridor's width inside one or two.
constexpr double kCellM = 100.0;

std::string track_subject(std::uint64_t id) { return "track:" + std::to_string(id); }

std::string seconds_text(std::int64_t us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(us) * 1e-6);
  return buf;
}

}  // namespace

void AlertEngine::Impl::build_geofences() {
  const RouteRules& r = rules.routes;
  std::vector<geo::Box> boxes;
  boxes.reserve(r.segments.size());
  for (const CorridorSegment& s : r.segments) {
    // The segment's box grown by its half-width: a point within the half-width lies inside it.
    boxes.push_back({std::min(s.a.x, s.b.x) - s.half_width_m, std::min(s.a.y, s.b.y) - s.half_width_m,
                     std::max(s.a.x, s.b.x) + s.half_width_m, std::max(s.a.y, s.b.y) + s.half_width_m});
  }
  segment_grid.build(boxes, kCellM);
  for (const PermittedArea& a : r.areas) area_boxes.push_back(detail::polygon_box(a.polygon));
  area_grid.build(area_boxes, kCellM);
  geofenced = r.classes;
  for (std::uint32_t k = 0; k < rules.forbidden.size(); ++k) {
    const ForbiddenZoneRule& f = rules.forbidden[k];
    geofenced |= f.classes;
    for (std::uint32_t z = 0; z < f.zones.size(); ++z) {
      forbidden_zones.push_back({k, z, f.classes});
      forbidden_boxes.push_back(detail::polygon_box(f.zones[z].polygon));
    }
  }
  forbidden_grid.build(forbidden_boxes, kCellM);
}

bool AlertEngine::Impl::on_route(geo::Local p, ClassMask cls) const {
  const RouteRules& r = rules.routes;
  for (std::uint32_t k : segment_grid.candidates(p)) {
    const CorridorSegment& s = r.segments[k];
    if ((s.classes & cls) && detail::distance_sq_to_segment(p, s.a, s.b) <= s.half_width_m * s.half_width_m) return true;
  }
  for (std::uint32_t k : area_grid.candidates(p)) {
    const PermittedArea& a = r.areas[k];
    if ((a.classes & cls) && area_boxes[k].contains(p) && geo::point_in_polygon(a.polygon, p)) return true;
  }
  return false;
}

void AlertEngine::Impl::geofence(std::int64_t t, const GroundTrack& g, std::vector<Alert>& out) {
  detail::TrackAlertState& s = tracks[g.id];
  s.generation = generation;
  s.cls = g.cls;
  // Coasting positions are predictions: they neither start nor end an excursion or a zone visit.
  if (g.state != TrackState::confirmed) return;
  s.x = g.x;
  s.y = g.y;
  const geo::Local p{g.x, g.y};
  const ClassMask bit = class_bit(g.cls);
  const char* cls = to_string(g.cls);

  if (rules.routes.classes & bit) {
    const RouteRules& r = rules.routes;
    if (on_route(p, bit)) {
      if (s.route_alerted) {
        nlohmann::json d = {{"track", g.id}, {"class", cls}, {"off_s", static_cast<double>(t - s.off_since) * 1e-6}};
        emit({t, AlertKind::route_deviation, AlertSeverity::info, true, "route_deviation", track_subject(g.id), g.x, g.y,
              std::string(cls) + " track " + std::to_string(g.id) + " is back on a permitted route", d.dump()},
             out);
      }
      s.off_since = -1;
      s.route_alerted = false;
    } else {
      if (s.off_since < 0) s.off_since = t;
      if (!s.route_alerted && t - s.off_since >= r.dwell_us) {
        s.route_alerted = true;
        nlohmann::json d = {{"track", g.id}, {"class", cls}, {"off_since_us", s.off_since},
                            {"off_s", static_cast<double>(t - s.off_since) * 1e-6},
                            {"dwell_s", static_cast<double>(r.dwell_us) * 1e-6}};
        emit({t, AlertKind::route_deviation, r.severity, false, "route_deviation", track_subject(g.id), g.x, g.y,
              std::string(cls) + " track " + std::to_string(g.id) + " has been off every permitted route for " +
                  seconds_text(t - s.off_since),
              d.dump()},
             out);
      }
    }
  }

  // Zones it has left: an exit counts once the track has stayed outside for the rule's rearm time.
  for (std::size_t m = 0; m < s.zones.size();) {
    detail::ZoneMembership& zm = s.zones[m];
    const detail::FlatZone& fz = forbidden_zones[zm.zone];
    const ForbiddenZoneRule& rule = rules.forbidden[fz.rule];
    const bool inside = forbidden_boxes[zm.zone].contains(p) && geo::point_in_polygon(rule.zones[fz.zone].polygon, p);
    if (inside) {
      zm.outside_since = -1;
    } else {
      if (zm.outside_since < 0) zm.outside_since = t;
      if (t - zm.outside_since >= rule.rearm_us) {
        nlohmann::json d = {{"track", g.id}, {"class", cls}, {"zone", rule.zones[fz.zone].name}};
        emit({t, AlertKind::forbidden_zone, AlertSeverity::info, true, rule.id, track_subject(g.id), g.x, g.y,
              std::string(cls) + " track " + std::to_string(g.id) + " has left " + rule.zones[fz.zone].name, d.dump()},
             out);
        s.zones.erase(s.zones.begin() + static_cast<std::ptrdiff_t>(m));
        continue;
      }
    }
    ++m;
  }
  // Zones it has entered.
  for (std::uint32_t k : forbidden_grid.candidates(p)) {
    const detail::FlatZone& fz = forbidden_zones[k];
    if (!(fz.classes & bit) || !forbidden_boxes[k].contains(p)) continue;
    if (std::any_of(s.zones.begin(), s.zones.end(), [&](const detail::ZoneMembership& zm) { return zm.zone == k; })) continue;
    const ForbiddenZoneRule& rule = rules.forbidden[fz.rule];
    const Zone& zone = rule.zones[fz.zone];
    if (!geo::point_in_polygon(zone.polygon, p)) continue;
    s.zones.push_back({k, -1});
    nlohmann::json d = {{"track", g.id}, {"class", cls}, {"zone", zone.name}};
    emit({t, AlertKind::forbidden_zone, rule.severity, false, rule.id, track_subject(g.id), g.x, g.y,
          std::string(cls) + " track " + std::to_string(g.id) + " entered forbidden zone " + zone.name, d.dump()},
         out);
  }
}

void AlertEngine::Impl::end_track(std::int64_t t, std::uint64_t id, detail::TrackAlertState& s, std::vector<Alert>& out) {
  const char* cls = to_string(s.cls);
  if (s.route_alerted) {
    nlohmann::json d = {{"track", id}, {"class", cls}, {"ended", true}};
    emit({t, AlertKind::route_deviation, AlertSeverity::info, true, "route_deviation", track_subject(id), s.x, s.y,
          std::string(cls) + " track " + std::to_string(id) + " ended off route (lost by the tracker)", d.dump()},
         out);
  }
  for (const detail::ZoneMembership& zm : s.zones) {
    const detail::FlatZone& fz = forbidden_zones[zm.zone];
    const ForbiddenZoneRule& rule = rules.forbidden[fz.rule];
    nlohmann::json d = {{"track", id}, {"class", cls}, {"zone", rule.zones[fz.zone].name}, {"ended", true}};
    emit({t, AlertKind::forbidden_zone, AlertSeverity::info, true, rule.id, track_subject(id), s.x, s.y,
          std::string(cls) + " track " + std::to_string(id) + " ended inside " + rule.zones[fz.zone].name +
              " (lost by the tracker)",
          d.dump()},
         out);
  }
}

}  // namespace dpt::fusion
