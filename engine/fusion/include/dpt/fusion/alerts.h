#pragma once
// Alerts of the live data path (docs/alerts.md): a hazmat or muck truck off its permitted routes
// or inside a forbidden zone, crowd density on a beach over a level, a sensor reading over a
// level. The rules come from a strict TOML file (assets/dapeng/alerts.toml for the default
// district); the engine is fed track snapshots and sensor observations from serial nodes of the
// flow graph and appends Alerts, which the live command writes to events.ndjson and the console
// shows. Every raised alert is later matched by a `cleared` alert with the same kind, rule and
// subject (the condition ended, or its track disappeared), so a consumer can keep the set of
// active alerts.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/fusion/ground_tracker.h"
#include "dpt/fusion/messages.h"
#include "dpt/geo/geometry.h"

namespace dpt::world {
struct District;
}

namespace dpt::fusion {

enum class AlertKind : std::uint8_t { route_deviation, forbidden_zone, crowd_density, sensor_threshold };
const char* to_string(AlertKind k);

enum class AlertSeverity : std::uint8_t { info, warning, alarm };
const char* to_string(AlertSeverity s);
bool alert_severity_from_string(std::string_view s, AlertSeverity& out);

struct Alert {
  std::int64_t time_us = 0;  // the snapshot's or the observation's time, UTC µs
  AlertKind kind = AlertKind::route_deviation;
  AlertSeverity severity = AlertSeverity::warning;  // a cleared alert is `info`
  bool cleared = false;    // the condition that raised the matching alert has ended
  std::string rule;        // id of the rule that fired
  std::string subject;     // "track:17", "sensor:13", "site:xichong-beach"
  double x = 0.0, y = 0.0; // where, district frame (m)
  std::string message;     // one readable line for the console
  std::string details;     // a JSON object with the rule kind's own fields (docs/alerts.md)
};

// The `details` object of the alert's events.ndjson line ({"t":…,"kind":"alert","source":"fusion",
// "details":…}): kind, severity, cleared, rule, subject, x, y, message and the alert's own fields.
std::string alert_event_details(const Alert& a);

// A set of object classes, one bit per ObjectClass.
using ClassMask = std::uint16_t;
constexpr ClassMask class_bit(ObjectClass c) { return static_cast<ClassMask>(1u << static_cast<unsigned>(c)); }

// A level pair with hysteresis, shared by crowd density and sensor thresholds: a value at or above
// a level raises it; it clears when the value falls below its clear level. A level that is not
// used is +infinity.
struct Levels {
  static constexpr double none = std::numeric_limits<double>::infinity();
  double warning = none, alarm = none;
  double warning_clear = none, alarm_clear = none;
};

// One straight piece of a permitted corridor: a track within half_width_m of it is on the route.
struct CorridorSegment {
  geo::Local a, b;
  double half_width_m = 0.0;
  ClassMask classes = 0;
  std::uint32_t corridor = 0;  // index into RouteRules::corridors
};

// A polygon that counts as on-route (a depot's yard) for some classes.
struct PermittedArea {
  geo::Polygon polygon;
  ClassMask classes = 0;
  std::uint32_t corridor = 0;
};

struct Corridor {
  std::string id;
  ClassMask classes = 0;
  double length_m = 0.0;  // of its centre lines
};

// Rule 1: classes that must keep to permitted corridors.
struct RouteRules {
  ClassMask classes = 0;                 // classes checked; each must have a corridor
  std::int64_t dwell_us = 10'000'000;    // off every corridor this long → one alert
  AlertSeverity severity = AlertSeverity::alarm;
  std::vector<Corridor> corridors;
  std::vector<CorridorSegment> segments;
  std::vector<PermittedArea> areas;
};

// A named polygon: a site's area, a circle around a site drawn as a polygon, or one written out.
struct Zone {
  std::string name;  // site id, or "<rule id>" for a written polygon
  geo::Polygon polygon;
  double area_m2 = 0.0;
};

// Rule 2: listed classes must not enter the zones.
struct ForbiddenZoneRule {
  std::string id;
  ClassMask classes = 0;
  AlertSeverity severity = AlertSeverity::alarm;
  std::int64_t rearm_us = 5'000'000;  // outside this long before a new entry counts (no flapping)
  std::vector<Zone> zones;
};

// Rule 3: people per m² on the zones (beaches), from person tracks and from crowd counters.
struct DensityRule {
  std::string id;
  std::vector<Zone> zones;  // sites with an area
  Levels levels{};          // people per m²
  double clear_fraction = 0.8;
  bool use_counters = true;  // also people_count observations of sensors at these sites
};

// Rule 4: a sensor property's value against warning/alarm levels.
struct ThresholdRule {
  std::string id;
  std::string property;  // SensorThings observedProperty: "wind_speed", "gas_concentration", ...
  std::string unit;      // observations in another unit are counted, not judged
  std::vector<std::int32_t> sensors;  // these sensors only, or
  std::string site;                   // the property's sensors at this site, or (both empty) all of them
  Levels levels{};
  double hysteresis = 0.0;
};

struct AlertRules {
  std::string file;
  RouteRules routes;
  std::vector<ForbiddenZoneRule> forbidden;
  std::vector<DensityRule> density;
  std::vector<ThresholdRule> thresholds;
};

// Reads an alert rules file (docs/alerts.md), resolving site ids, road link ids and road names
// against `district`. Strict: unknown keys, bad values, unknown sites or links, broken link chains
// come back as errors naming file:line.
Result<AlertRules> load_alert_rules(const std::filesystem::path& file, const world::District& district);
Result<AlertRules> parse_alert_rules(std::string_view text, const std::string& file_name, const world::District& district);

struct AlertCounters {
  std::uint64_t snapshots = 0, tracks = 0, observations = 0;
  std::uint64_t raised = 0, cleared = 0;
  std::uint64_t unit_mismatch = 0;   // observation in a unit other than its rule's
  std::uint64_t bad_value = 0;       // NaN or infinite result
  std::uint64_t no_rule = 0;         // observation no rule applies to
  std::uint64_t stale_snapshot = 0;  // snapshot older than the previous one (ignored)
};

// Density of one (rule, zone) from the last snapshot, for the console.
struct ZoneDensity {
  std::string rule, zone;
  std::int32_t people = 0;
  double area_m2 = 0.0;
  double per_m2 = 0.0;
};

// Not thread-safe: the flow graph calls it from one serial node. Alerts come out in a fixed order
// (snapshot order, then zones, then ended tracks by id), so a replay writes the same events.
class AlertEngine {
 public:
  // `district` gives each sensor's site (crowd counters, per-site thresholds); it is not kept.
  AlertEngine(AlertRules rules, const world::District& district);
  ~AlertEngine();
  AlertEngine(AlertEngine&&) noexcept;
  AlertEngine& operator=(AlertEngine&&) noexcept;

  // One complete snapshot of the live tracks at `time_us`: a track id absent from it has ended
  // (its raised alerts are cleared). Geofences judge confirmed tracks; coasting tracks keep their
  // state; density counts confirmed and coasting person tracks. Appends to `out`.
  void on_tracks(std::int64_t time_us, std::span<const GroundTrack> tracks, std::vector<Alert>& out);
  // One sensor reading: thresholds, and crowd counters' density. Appends to `out`.
  void on_observation(const Observation& obs, std::vector<Alert>& out);

  const AlertRules& rules() const;
  const AlertCounters& counters() const;
  std::span<const ZoneDensity> densities() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dpt::fusion
