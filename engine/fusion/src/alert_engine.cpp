// The alert engine (alerts.h): dispatches track snapshots and observations to the rule kinds
// (alert_geofence.cpp, alert_density.cpp, alert_threshold.cpp) and cleans the state of tracks
// that disappeared.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "alert_engine_impl.h"
#include "dpt/world/district.h"

namespace dpt::fusion {

const char* to_string(AlertKind k) {
  switch (k) {
    case AlertKind::route_deviation: return "route_deviation";
    case AlertKind::forbidden_zone: return "forbidden_zone";
    case AlertKind::crowd_density: return "crowd_density";
    case AlertKind::sensor_threshold: return "sensor_threshold";
  }
  return "unknown";
}

const char* to_string(AlertSeverity s) {
  switch (s) {
    case AlertSeverity::info: return "info";
    case AlertSeverity::warning: return "warning";
    case AlertSeverity::alarm: return "alarm";
  }
  return "unknown";
}

bool alert_severity_from_string(std::string_view s, AlertSeverity& out) {
  for (AlertSeverity v : {AlertSeverity::info, AlertSeverity::warning, AlertSeverity::alarm})
    if (s == to_string(v)) {
      out = v;
      return true;
    }
  return false;
}

std::string alert_event_details(const Alert& a) {
  nlohmann::json j = {{"alert", to_string(a.kind)}, {"severity", to_string(a.severity)}, {"cleared", a.cleared},
                      {"rule", a.rule},            {"subject", a.subject},              {"x", a.x},
                      {"y", a.y},                  {"message", a.message}};
  // The kind's own fields, unless malformed (they are made here, so that would be a bug).
  const nlohmann::json own = nlohmann::json::parse(a.details, nullptr, false);
  if (own.is_object())
    for (auto it = own.begin(); it != own.end(); ++it)
      if (!j.contains(it.key())) j[it.key()] = it.value();
  return j.dump();
}

AlertEngine::Impl::Impl(AlertRules r, const world::District& d) : rules(std::move(r)) {
  for (const world::Sensor& s : d.sensors) {
    sensor_site[s.id] = s.site_id;
    sensor_pos[s.id] = {s.x, s.y};
  }
  build_geofences();
  build_density();
}

void AlertEngine::Impl::emit(Alert&& a, std::vector<Alert>& out) {
  ++(a.cleared ? counters.cleared : counters.raised);
  out.push_back(std::move(a));
}

AlertEngine::AlertEngine(AlertRules rules, const world::District& district)
    : impl_(std::make_unique<Impl>(std::move(rules), district)) {}
AlertEngine::~AlertEngine() = default;
AlertEngine::AlertEngine(AlertEngine&&) noexcept = default;
AlertEngine& AlertEngine::operator=(AlertEngine&&) noexcept = default;

const AlertRules& AlertEngine::rules() const { return impl_->rules; }
const AlertCounters& AlertEngine::counters() const { return impl_->counters; }
std::span<const ZoneDensity> AlertEngine::densities() const { return impl_->densities; }

void AlertEngine::on_tracks(std::int64_t time_us, std::span<const GroundTrack> tracks, std::vector<Alert>& out) {
  Impl& m = *impl_;
  // A snapshot older than the last one would run the dwell and rearm clocks backwards.
  if (m.counters.snapshots > 0 && time_us < m.last_snapshot_us) {
    ++m.counters.stale_snapshot;
    return;
  }
  ++m.counters.snapshots;
  m.counters.tracks += tracks.size();
  m.last_snapshot_us = time_us;
  ++m.generation;
  const bool count_people = !m.density.empty();
  for (const GroundTrack& g : tracks) {
    if (g.state == TrackState::tentative || g.state == TrackState::deleted) continue;
    if (!std::isfinite(g.x) || !std::isfinite(g.y)) continue;
    const ClassMask bit = class_bit(g.cls);
    if (m.geofenced & bit) m.geofence(time_us, g, out);
    if (count_people && g.cls == ObjectClass::person) m.count_person(g);
  }
  m.judge_density(time_us, out);
  // Tracks not in this snapshot have ended: clear what they raised and forget them, in id order
  // (hash map order is no order: events.ndjson must be the same on every run).
  m.ended.clear();
  for (const auto& [id, state] : m.tracks)
    if (state.generation != m.generation) m.ended.push_back(id);
  std::sort(m.ended.begin(), m.ended.end());
  for (std::uint64_t id : m.ended) {
    const auto it = m.tracks.find(id);
    m.end_track(time_us, id, it->second, out);
    m.tracks.erase(it);
  }
}

void AlertEngine::on_observation(const Observation& obs, std::vector<Alert>& out) {
  Impl& m = *impl_;
  ++m.counters.observations;
  if (!std::isfinite(obs.result)) {
    ++m.counters.bad_value;
    return;
  }
  bool used = false;
  if (obs.observed_property == "people_count") used = m.counter_density(obs, out);
  used = m.threshold(obs, out) || used;
  if (!used) ++m.counters.no_rule;
}

}  // namespace dpt::fusion
