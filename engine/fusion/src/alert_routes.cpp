// [route_deviation] of an alert rules file (docs/alerts.md): the classes that must keep to
// permitted corridors, and the corridors — ordered road link paths, roads by name or class, written
// polylines, and site areas (depot yards) — turned into buffered segments.
#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "alert_rules_read.h"
#include "dpt/world/district.h"

namespace dpt::fusion::detail {
namespace {

struct CorridorContext {
  RouteRules& out;
  double lane_width_m;
  double margin_m;
};

void read_corridor(RuleReader& rr, CorridorContext& ctx, std::uint32_t index) {
  TableReader& r = rr.r;
  const std::vector<world::RoadLink>& links = rr.district.roads.links();
  Corridor c;
  c.id = r.string("id", Need::required).value_or("");
  const ConfigValue* cls = r.node().find("classes");
  c.classes = cls ? rr.classes("classes", Need::optional) : ctx.out.classes;
  if (cls && (c.classes & ~ctx.out.classes))
    r.error(cls->loc, "'classes' in " + r.path() + " names a class that [route_deviation] 'classes' does not check");
  const std::optional<double> half_width = r.number("half_width_m", Need::optional, 0.5, 1000.0);
  const ConfigValue* link_ids = r.raw("links");
  const ConfigValue* names = r.raw("road_names");
  const ConfigValue* road_classes = r.raw("road_classes");
  const ConfigValue* line = r.raw("line");
  const ConfigValue* sites = r.raw("sites");
  r.finish();
  if (!link_ids && !names && !road_classes && !line && !sites)
    r.error(r.loc(), r.path() + " needs at least one of 'links', 'road_names', 'road_classes', 'line', 'sites'");

  const auto add_points = [&](const std::vector<geo::Local>& pts, double hw) {
    for (std::size_t k = 0; k + 1 < pts.size(); ++k) {
      ctx.out.segments.push_back({pts[k], pts[k + 1], hw, c.classes, index});
      c.length_m += std::hypot(pts[k + 1].x - pts[k].x, pts[k + 1].y - pts[k].y);
    }
  };
  // A two-way road is two links over one centre line: add each piece of road once.
  std::set<std::tuple<std::uint32_t, std::uint32_t, std::int64_t>> seen;
  const auto add_link = [&](std::size_t li) {
    const world::RoadLink& l = links[li];
    if (!seen.insert({std::min(l.from, l.to), std::max(l.from, l.to), l.source_id}).second) return;
    // The link's lanes (one direction) either side of the centre line, plus a margin for the
    // tracker's position error; a one-way road gets the same (generous) width.
    add_points(l.geometry, half_width ? *half_width : l.lanes * ctx.lane_width_m + ctx.margin_m);
  };

  if (link_ids) {
    std::int64_t prev = -1;
    for (const auto& [id, loc] : rr.integers(*link_ids, "links")) {
      if (id < 0 || static_cast<std::size_t>(id) >= links.size()) {
        r.error(loc, "road link " + std::to_string(id) + " is not in the district's road graph (links 0.." +
                         std::to_string(links.size() - 1) + ") (" + r.path() + ")");
        prev = -1;
        continue;
      }
      const auto li = static_cast<std::size_t>(id);
      if (prev >= 0 && links[static_cast<std::size_t>(prev)].to != links[li].from)
        r.error(loc, "road link " + std::to_string(id) + " does not start where link " + std::to_string(prev) +
                         " ends: 'links' in " + r.path() + " must be an ordered path through the road graph");
      add_link(li);
      prev = id;
    }
  }
  if (names)
    for (const auto& [name, loc] : rr.strings(*names, "road_names")) {
      std::size_t n = 0;
      for (std::size_t li = 0; li < links.size(); ++li)
        if (links[li].name == name) {
          add_link(li);
          ++n;
        }
      if (n == 0) r.error(loc, "no road named '" + name + "' in the district (" + r.path() + ")");
    }
  if (road_classes)
    for (const auto& [name, loc] : rr.strings(*road_classes, "road_classes")) {
      world::RoadClass rc;
      if (!world::road_class_from_string(name, rc)) {
        r.error(loc, "unknown road class '" + name + "' in " + r.path() + " (motorway, trunk, primary, secondary, tertiary, "
                     "unclassified, residential, service, track, other)");
        continue;
      }
      for (std::size_t li = 0; li < links.size(); ++li)
        if (links[li].cls == rc) add_link(li);
    }
  if (line) {
    if (!half_width) r.error(line->loc, "'line' in " + r.path() + " needs 'half_width_m'");
    if (auto pts = rr.points(*line, "line", 2); pts && half_width) add_points(*pts, *half_width);
  }
  if (sites)
    for (const auto& [id, loc] : rr.strings(*sites, "sites")) {
      const world::Site* s = rr.district.site(id);
      if (!s) r.error(loc, "unknown site '" + id + "' in " + r.path() + rr.site_hint(id));
      else if (s->area.outer.size() < 3) r.error(loc, "site '" + id + "' has no area to permit (" + r.path() + ")");
      else ctx.out.areas.push_back({s->area, c.classes, index});
    }
  ctx.out.corridors.push_back(std::move(c));
}

}  // namespace

void read_routes(RuleReader& rr, RouteRules& out) {
  TableReader& r = rr.r;
  out.classes = rr.classes("classes", Need::required);
  const std::optional<Duration> dwell = r.duration("dwell");
  out.dwell_us = dwell.value_or(Duration::seconds(10)).us;
  if (out.dwell_us < 0) r.error(r.node().find("dwell")->loc, "'dwell' in " + r.path() + " must not be negative");
  out.severity = rr.severity(AlertSeverity::alarm);
  // 3.5 m: the lane width of Chinese roads designed for 60 km/h (JTG B01-2014; faster roads have
  // 3.75 m, slower ones less); the margin absorbs the position error of a truck seen from a pole
  // camera.
  CorridorContext ctx{out, r.number("lane_width_m", Need::optional, 2.0, 6.0).value_or(3.5),
                      r.number("margin_m", Need::optional, 0.0, 500.0).value_or(10.0)};
  const auto corridors = r.tables("corridor");
  r.finish();
  for (std::size_t k = 0; k < corridors.size(); ++k) {
    TableReader cr(*corridors[k], "[[route_deviation.corridor]] #" + std::to_string(k + 1), r.errors());
    RuleReader crr{cr, rr.district};
    read_corridor(crr, ctx, static_cast<std::uint32_t>(k));
  }
  for (std::size_t i = 0; i < out.corridors.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (!out.corridors[i].id.empty() && out.corridors[i].id == out.corridors[j].id)
        r.error(corridors[i]->loc, "duplicate corridor id '" + out.corridors[i].id + "' in [route_deviation]");
  // A checked class without any corridor would be off route everywhere.
  for (int k = 0; k < kObjectClassCount; ++k) {
    const ClassMask bit = class_bit(static_cast<ObjectClass>(k));
    if (!(out.classes & bit)) continue;
    const bool has = std::any_of(out.corridors.begin(), out.corridors.end(), [&](const Corridor& c) { return c.classes & bit; });
    if (!has)
      r.error(r.loc(), "[route_deviation] checks class '" + std::string(to_string(static_cast<ObjectClass>(k))) +
                           "' but no [[route_deviation.corridor]] permits it");
  }
}

}  // namespace dpt::fusion::detail
