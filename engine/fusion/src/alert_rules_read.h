#pragma once
// Readers shared by the alert rules loader (alert_rules.cpp, alert_routes.cpp): class lists, site
// lists resolved to zones, point lists, warning/alarm levels — each reporting bad values with
// file:line through the table's TableReader. Not installed.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dpt/core/config_reader.h"
#include "dpt/fusion/alerts.h"

namespace dpt::fusion::detail {

struct RuleReader {
  TableReader& r;
  const world::District& district;

  // An array of class names ("hazmat_truck", ...) as a mask; 0 when absent or bad.
  ClassMask classes(std::string_view key, Need need);
  // 'severity': "warning" or "alarm".
  AlertSeverity severity(AlertSeverity fallback);
  // An array of strings / integers, each with where it was written.
  std::vector<std::pair<std::string, SourceLoc>> strings(const ConfigValue& v, std::string_view key);
  std::vector<std::pair<std::int64_t, SourceLoc>> integers(const ConfigValue& v, std::string_view key);
  // An array of [x, y] pairs (district frame, m) with at least `min_points`.
  std::optional<std::vector<geo::Local>> points(const ConfigValue& v, std::string_view key, std::size_t min_points);
  // Site ids → zones: each site's area, or with `radius_m` a circle around its point.
  void site_zones(const ConfigValue& v, std::string_view key, std::optional<double> radius_m, std::vector<Zone>& out);
  // A written polygon → one zone named `name`.
  void polygon_zone(const ConfigValue& v, std::string_view key, const std::string& name, std::vector<Zone>& out);
  // Warning/alarm levels: at least one, alarm above warning. Clear levels are left to the caller.
  void levels(std::optional<double> warning, std::optional<double> alarm, std::string_view warning_key,
              std::string_view alarm_key, Levels& out);
  // "; did you mean 'x'?" for a misspelt site id, else "".
  std::string site_hint(const std::string& id) const;
};

// [route_deviation] and its [[route_deviation.corridor]] tables (alert_routes.cpp).
void read_routes(RuleReader& rr, RouteRules& out);

}  // namespace dpt::fusion::detail
