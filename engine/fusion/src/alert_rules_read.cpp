// Value readers of the alert rules loader (alert_rules_read.h).
#include "alert_rules_read.h"

#include <cmath>

#include "alert_engine_impl.h"
#include "dpt/world/district.h"

namespace dpt::fusion::detail {
namespace {

std::string class_list() {
  std::string s;
  for (int k = 0; k < kObjectClassCount; ++k) s += (k ? ", " : "") + std::string(to_string(static_cast<ObjectClass>(k)));
  return s;
}

}  // namespace

ClassMask RuleReader::classes(std::string_view key, Need need) {
  const ConfigValue* v = r.raw(key);
  if (!v) {
    if (need == Need::required)
      r.error(r.loc(), "missing key '" + std::string(key) + "' in " + r.path() + " (expected an array of classes: " + class_list() + ")");
    return 0;
  }
  ClassMask mask = 0;
  for (const auto& [name, loc] : strings(*v, key)) {
    ObjectClass c;
    if (!object_class_from_string(name, c)) r.error(loc, "unknown class '" + name + "' in '" + std::string(key) + "' of " + r.path() + " (classes: " + class_list() + ")");
    else mask |= class_bit(c);
  }
  if (v->kind == ConfigValue::Kind::array && v->items.empty()) r.error(v->loc, "'" + std::string(key) + "' in " + r.path() + " is empty");
  return mask;
}

AlertSeverity RuleReader::severity(AlertSeverity fallback) {
  const auto s = r.choice("severity", {"warning", "alarm"});
  AlertSeverity out = fallback;
  if (s) alert_severity_from_string(*s, out);
  return out;
}

std::vector<std::pair<std::string, SourceLoc>> RuleReader::strings(const ConfigValue& v, std::string_view key) {
  std::vector<std::pair<std::string, SourceLoc>> out;
  if (v.kind != ConfigValue::Kind::array) {
    r.error(v.loc, "'" + std::string(key) + "' in " + r.path() + " must be an array of strings, not " + a_kind(v.kind));
    return out;
  }
  for (const ConfigValue& item : v.items) {
    if (item.kind != ConfigValue::Kind::string) r.error(item.loc, "'" + std::string(key) + "' in " + r.path() + " must hold strings, not " + a_kind(item.kind));
    else out.emplace_back(item.text, item.loc);
  }
  return out;
}

std::vector<std::pair<std::int64_t, SourceLoc>> RuleReader::integers(const ConfigValue& v, std::string_view key) {
  std::vector<std::pair<std::int64_t, SourceLoc>> out;
  if (v.kind != ConfigValue::Kind::array) {
    r.error(v.loc, "'" + std::string(key) + "' in " + r.path() + " must be an array of integers, not " + a_kind(v.kind));
    return out;
  }
  for (const ConfigValue& item : v.items) {
    if (item.kind != ConfigValue::Kind::integer) r.error(item.loc, "'" + std::string(key) + "' in " + r.path() + " must hold integers, not " + a_kind(item.kind));
    else out.emplace_back(item.integer, item.loc);
  }
  if (v.items.empty()) r.error(v.loc, "'" + std::string(key) + "' in " + r.path() + " is empty");
  return out;
}

std::optional<std::vector<geo::Local>> RuleReader::points(const ConfigValue& v, std::string_view key, std::size_t min_points) {
  const std::string expected = "an array of at least " + std::to_string(min_points) + " [x, y] points (district frame, m)";
  if (v.kind != ConfigValue::Kind::array || v.items.size() < min_points) {
    r.error(v.loc, "'" + std::string(key) + "' in " + r.path() + " must be " + expected);
    return std::nullopt;
  }
  std::vector<geo::Local> out;
  for (const ConfigValue& item : v.items) {
    double xy[2] = {NAN, NAN};
    if (item.kind == ConfigValue::Kind::array && item.items.size() == 2)
      for (int k = 0; k < 2; ++k) {
        const ConfigValue& c = item.items[static_cast<std::size_t>(k)];
        if (c.kind == ConfigValue::Kind::integer) xy[k] = static_cast<double>(c.integer);
        else if (c.kind == ConfigValue::Kind::floating) xy[k] = c.floating;
      }
    if (!std::isfinite(xy[0]) || !std::isfinite(xy[1])) {
      r.error(item.loc, "'" + std::string(key) + "' in " + r.path() + ": each point must be [x, y], two finite numbers");
      return std::nullopt;
    }
    out.push_back({xy[0], xy[1]});
  }
  return out;
}

void RuleReader::site_zones(const ConfigValue& v, std::string_view key, std::optional<double> radius_m, std::vector<Zone>& out) {
  const auto ids = strings(v, key);
  if (v.kind == ConfigValue::Kind::array && v.items.empty()) r.error(v.loc, "'" + std::string(key) + "' in " + r.path() + " is empty");
  for (const auto& [id, loc] : ids) {
    const world::Site* s = district.site(id);
    if (!s) {
      r.error(loc, "unknown site '" + id + "' in " + r.path() + site_hint(id));
      continue;
    }
    Zone z;
    z.name = id;
    if (radius_m) z.polygon = circle_polygon(s->pos, *radius_m);
    else if (s->area.outer.size() >= 3) z.polygon = s->area;
    else {
      r.error(loc, "site '" + id + "' has no area in the district; give 'radius_m' for a circle around its point (" + r.path() + ")");
      continue;
    }
    geo::normalise_orientation(z.polygon);
    z.area_m2 = geo::area(z.polygon);
    if (!(z.area_m2 > 0.0)) {
      r.error(loc, "site '" + id + "' has an area of 0 m² (" + r.path() + ")");
      continue;
    }
    out.push_back(std::move(z));
  }
}

void RuleReader::polygon_zone(const ConfigValue& v, std::string_view key, const std::string& name, std::vector<Zone>& out) {
  auto pts = points(v, key, 3);
  if (!pts) return;
  Zone z;
  z.name = name;
  z.polygon.outer = std::move(*pts);
  geo::normalise_orientation(z.polygon);
  z.area_m2 = geo::area(z.polygon);
  if (!(z.area_m2 > 0.0)) {
    r.error(v.loc, "'" + std::string(key) + "' in " + r.path() + " encloses no area");
    return;
  }
  out.push_back(std::move(z));
}

void RuleReader::levels(std::optional<double> warning, std::optional<double> alarm, std::string_view warning_key,
                        std::string_view alarm_key, Levels& out) {
  if (!warning && !alarm && !r.node().find(warning_key) && !r.node().find(alarm_key))
    r.error(r.loc(), r.path() + " needs '" + std::string(warning_key) + "' or '" + std::string(alarm_key) + "' (or both)");
  if (warning && alarm && !(*alarm > *warning))
    r.error(r.node().find(alarm_key)->loc, "'" + std::string(alarm_key) + "' in " + r.path() + " must be above '" + std::string(warning_key) + "'");
  out.warning = warning.value_or(Levels::none);
  out.alarm = alarm.value_or(Levels::none);
}

std::string RuleReader::site_hint(const std::string& id) const {
  std::string best;
  std::size_t best_d = 4;
  for (const world::Site& s : district.sites) {
    const std::size_t d = edit_distance(id, s.id);
    if (d < best_d) {
      best_d = d;
      best = s.id;
    }
  }
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

}  // namespace dpt::fusion::detail
