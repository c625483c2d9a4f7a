// Sensor thresholds of the alert engine (alerts.h, rule 4): each (sensor, property) is judged by the
// most specific rule (its own id listed, then its site, then the property for all sensors), with a
// warning/alarm level state and hysteresis.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "alert_engine_impl.h"

namespace dpt::fusion {
namespace {

std::string value_text(double v, const std::string& unit) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return std::string(buf) + " " + unit;
}

int resolve_rule(const AlertRules& rules, std::int32_t sensor, const std::string& property, const std::string& site) {
  int best = -1, best_rank = 0;
  for (std::size_t k = 0; k < rules.thresholds.size(); ++k) {
    const ThresholdRule& r = rules.thresholds[k];
    if (r.property != property) continue;
    int rank = 0;
    if (!r.sensors.empty()) rank = std::find(r.sensors.begin(), r.sensors.end(), sensor) != r.sensors.end() ? 3 : 0;
    else if (!r.site.empty()) rank = r.site == site ? 2 : 0;
    else rank = 1;
    if (rank > best_rank) {  // the first rule of the highest rank wins
      best = static_cast<int>(k);
      best_rank = rank;
    }
  }
  return best;
}

}  // namespace

bool AlertEngine::Impl::threshold(const Observation& o, std::vector<Alert>& out) {
  std::vector<detail::SensorRuleState>& states = sensor_states[o.sensor_id];
  auto it = std::find_if(states.begin(), states.end(), [&](const detail::SensorRuleState& s) { return s.property == o.observed_property; });
  if (it == states.end()) {
    const auto site = sensor_site.find(o.sensor_id);
    states.push_back({o.observed_property, resolve_rule(rules, o.sensor_id, o.observed_property,
                                                        site == sensor_site.end() ? std::string() : site->second),
                      0});
    it = states.end() - 1;
  }
  if (it->rule < 0) return false;
  const ThresholdRule& rule = rules.thresholds[static_cast<std::size_t>(it->rule)];
  if (o.unit != rule.unit) {
    ++counters.unit_mismatch;
    return true;
  }
  const int next = detail::next_level(rule.levels, it->level, o.result);
  if (next != it->level) {
    const bool up = next > it->level;
    const double level = next == 2 ? rule.levels.alarm : rule.levels.warning;
    nlohmann::json d = {{"sensor", o.sensor_id},        {"property", o.observed_property}, {"value", o.result},
                        {"unit", o.unit},               {"level", detail::level_name(next)},
                        {"previous_level", detail::level_name(it->level)}};
    std::string msg = o.observed_property + " at sensor " + std::to_string(o.sensor_id) + " is " + value_text(o.result, o.unit);
    if (up) {
      d["threshold"] = level;
      msg += ", at or above the " + std::string(detail::level_name(next)) + " level " + value_text(level, rule.unit);
    } else {
      d["hysteresis"] = rule.hysteresis;
      msg += std::string("; back to ") + detail::level_name(next);
    }
    // Position: the sensor's, when the district knows it.
    double x = 0.0, y = 0.0;
    if (const auto p = sensor_pos.find(o.sensor_id); p != sensor_pos.end()) {
      x = p->second.x;
      y = p->second.y;
    }
    const AlertSeverity sev = !up ? AlertSeverity::info : (next == 2 ? AlertSeverity::alarm : AlertSeverity::warning);
    emit({o.time_us, AlertKind::sensor_threshold, sev, !up, rule.id, "sensor:" + std::to_string(o.sensor_id), x, y, std::move(msg),
          d.dump()},
         out);
  }
  it->level = next;
  return true;
}

}  // namespace dpt::fusion
