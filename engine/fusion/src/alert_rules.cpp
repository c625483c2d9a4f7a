// Alert rules files → AlertRules (docs/alerts.md documents every key), read strictly in one pass:
// every unknown key, bad value, unknown site or sensor is reported with file:line.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "alert_rules_read.h"
#include "dpt/core/config_reader.h"
#include "dpt/world/district.h"

namespace dpt::fusion {
namespace {

using detail::RuleReader;

void read_forbidden(RuleReader& rr, std::vector<ForbiddenZoneRule>& out) {
  TableReader& r = rr.r;
  ForbiddenZoneRule f;
  f.id = r.string("id", Need::required).value_or("");
  f.classes = rr.classes("classes", Need::required);
  f.severity = rr.severity(AlertSeverity::alarm);
  f.rearm_us = r.duration("rearm").value_or(Duration::seconds(5)).us;
  const std::optional<double> radius = r.number("radius_m", Need::optional, 1.0, 100000.0);
  const ConfigValue* sites = r.raw("sites");
  const ConfigValue* polygon = r.raw("polygon");
  if (!sites && !polygon) r.error(r.loc(), r.path() + " needs 'sites' (site ids) or 'polygon' (a list of [x, y])");
  if (sites) rr.site_zones(*sites, "sites", radius, f.zones);
  else if (radius) r.error(r.node().find("radius_m")->loc, "'radius_m' in " + r.path() + " goes with 'sites'");
  if (polygon) rr.polygon_zone(*polygon, "polygon", f.id, f.zones);
  if (f.rearm_us < 0) r.error(r.node().find("rearm")->loc, "'rearm' in " + r.path() + " must not be negative");
  r.finish();
  out.push_back(std::move(f));
}

void read_density(RuleReader& rr, std::vector<DensityRule>& out) {
  TableReader& r = rr.r;
  DensityRule d;
  d.id = r.string("id", Need::required).value_or("");
  const ConfigValue* sites = r.raw("sites");
  if (!sites) r.error(r.loc(), "missing key 'sites' in " + r.path() + " (expected site ids with an area, e.g. beaches)");
  else rr.site_zones(*sites, "sites", std::nullopt, d.zones);
  const auto warning = r.number("warning_per_m2", Need::optional, 1e-6, 100.0);
  const auto alarm = r.number("alarm_per_m2", Need::optional, 1e-6, 100.0);
  d.clear_fraction = r.number("clear_fraction", Need::optional, 0.01, 1.0).value_or(0.8);
  d.use_counters = r.boolean("counters").value_or(true);
  r.finish();
  rr.levels(warning, alarm, "warning_per_m2", "alarm_per_m2", d.levels);
  // Hysteresis as a fraction of each level: it clears below clear_fraction × level.
  d.levels.warning_clear = warning ? *warning * d.clear_fraction : Levels::none;
  d.levels.alarm_clear = alarm ? *alarm * d.clear_fraction : Levels::none;
  out.push_back(std::move(d));
}

void read_threshold(RuleReader& rr, const world::District& district, std::vector<ThresholdRule>& out) {
  TableReader& r = rr.r;
  ThresholdRule t;
  t.id = r.string("id", Need::required).value_or("");
  t.property = r.string("property", Need::required).value_or("");
  t.unit = r.string("unit", Need::required).value_or("");
  const auto warning = r.number("warning", Need::optional, -1e12, 1e12);
  const auto alarm = r.number("alarm", Need::optional, -1e12, 1e12);
  t.hysteresis = r.number("hysteresis", Need::optional, 0.0, 1e12).value_or(0.0);
  const ConfigValue* sensors = r.raw("sensors");
  const auto site = r.string("site");
  r.finish();
  rr.levels(warning, alarm, "warning", "alarm", t.levels);
  t.levels.warning_clear = warning ? *warning - t.hysteresis : Levels::none;
  t.levels.alarm_clear = alarm ? *alarm - t.hysteresis : Levels::none;
  if (sensors && site) r.error(sensors->loc, r.path() + ": give 'sensors' or 'site', not both");
  // Every sensor named (or at the site) must exist, observe the property and report in the unit.
  const auto check_sensor = [&](const world::Sensor& s, const SourceLoc& loc) {
    if (s.observed_property != t.property)
      r.error(loc, "sensor " + std::to_string(s.id) + " observes '" + s.observed_property + "', not '" + t.property + "' (" + r.path() + ")");
    else if (s.unit != t.unit)
      r.error(loc, "sensor " + std::to_string(s.id) + " reports " + t.property + " in '" + s.unit + "', not '" + t.unit + "' (" + r.path() + ")");
  };
  if (sensors) {
    for (const auto& [id, loc] : rr.integers(*sensors, "sensors")) {
      const auto it = std::find_if(district.sensors.begin(), district.sensors.end(), [&](const world::Sensor& s) { return s.id == id; });
      if (it == district.sensors.end()) r.error(loc, "sensor " + std::to_string(id) + " is not in the district (" + r.path() + ")");
      else check_sensor(*it, loc);
      t.sensors.push_back(static_cast<std::int32_t>(id));
    }
  }
  if (site) {
    const SourceLoc& loc = r.node().find("site")->loc;
    t.site = *site;
    if (!district.site(*site)) r.error(loc, "unknown site '" + *site + "' in " + r.path() + rr.site_hint(*site));
    else {
      int n = 0;
      for (const world::Sensor& s : district.sensors)
        if (s.site_id == *site && s.observed_property == t.property) {
          check_sensor(s, loc);
          ++n;
        }
      if (n == 0) r.error(loc, "site '" + *site + "' has no '" + t.property + "' sensor (" + r.path() + ")");
    }
  }
  out.push_back(std::move(t));
}

template <class T>
void check_unique_ids(const std::vector<T>& rules, const std::vector<const ConfigValue*>& tables, const std::string& kind,
                      ErrorList& errors) {
  for (std::size_t i = 0; i < rules.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (!rules[i].id.empty() && rules[i].id == rules[j].id) {
        const ConfigValue* v = tables[i]->find("id");
        errors.add(v ? v->loc : tables[i]->loc, "duplicate id '" + rules[i].id + "' in [[" + kind + "]] (ids name alerts; keep them unique)");
      }
}

}  // namespace

Result<AlertRules> parse_alert_rules(std::string_view text, const std::string& file_name, const world::District& district) {
  auto doc = parse_toml(text, file_name);
  if (!doc) return doc.errors();
  ErrorList errors;
  AlertRules rules;
  rules.file = file_name;
  TableReader root(*doc, "the alert rules file", errors);
  if (const ConfigValue* t = root.table("route_deviation")) {
    TableReader r(*t, "[route_deviation]", errors);
    RuleReader rr{r, district};
    detail::read_routes(rr, rules.routes);
  }
  const auto forbidden = root.tables("forbidden_zone");
  for (std::size_t k = 0; k < forbidden.size(); ++k) {
    TableReader r(*forbidden[k], "[[forbidden_zone]] #" + std::to_string(k + 1), errors);
    RuleReader rr{r, district};
    read_forbidden(rr, rules.forbidden);
  }
  const auto density = root.tables("crowd_density");
  for (std::size_t k = 0; k < density.size(); ++k) {
    TableReader r(*density[k], "[[crowd_density]] #" + std::to_string(k + 1), errors);
    RuleReader rr{r, district};
    read_density(rr, rules.density);
  }
  const auto thresholds = root.tables("sensor_threshold");
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    TableReader r(*thresholds[k], "[[sensor_threshold]] #" + std::to_string(k + 1), errors);
    RuleReader rr{r, district};
    read_threshold(rr, district, rules.thresholds);
  }
  root.finish();
  check_unique_ids(rules.forbidden, forbidden, "forbidden_zone", errors);
  check_unique_ids(rules.density, density, "crowd_density", errors);
  check_unique_ids(rules.thresholds, thresholds, "sensor_threshold", errors);
  if (!errors.empty()) {
    errors.sort_by_location();
    return errors;
  }
  return rules;
}

Result<AlertRules> load_alert_rules(const std::filesystem::path& file, const world::District& district) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Result<AlertRules>::failure({file.string()}, "cannot read the alert rules file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_alert_rules(ss.str(), file.string(), district);
}

}  // namespace dpt::fusion
