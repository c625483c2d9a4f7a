// Save, load and digest of the traffic State (traffic_io.h).
#include "dpt/sim/traffic/traffic_io.h"

#include <span>

#include "dpt/sim/traffic/traffic_measures.h"
#include "step_stages.h"

namespace dpt::sim::traffic {

namespace {
template <class T>
void put(ByteWriter& w, const std::vector<T>& v) {
  w.put_array<T>(std::span<const T>(v.data(), v.size()));
}
template <class T>
void hash(Hasher& h, const std::vector<T>& v) {
  h.value(static_cast<std::uint64_t>(v.size()));
  if (!v.empty()) h.bytes(v.data(), v.size() * sizeof(T));
}
}  // namespace

void digest(const TrafficState& s, Hasher& h) {
  h.value(s.time_s);
  h.value(s.step);
  h.value(s.next_vehicle);
  hash(h, s.vehicle);
  hash(h, s.lane);
  hash(h, s.pos);
  hash(h, s.speed);
  hash(h, s.route_pos);
  hash(h, s.waiting_insert);
  hash(h, s.service_left);
  hash(h, s.served_by);
  hash(h, s.measures);
  hash(h, s.reversible_side);
  hash(h, s.vroute);
  hash(h, s.vreroutes);
  h.value(s.served);
  h.value(s.replan_again_s);
  h.value(s.replans_left);
  hash(h, s.signal_phase);
  hash(h, s.signal_phase_start);
  hash(h, s.signal_check_s);
  hash(h, s.lane_detected_s);
  hash(h, s.route_pool);
}

void save(const TrafficState& s, ByteWriter& w) {
  w.put(s.time_s);
  w.put(s.step);
  w.put(s.next_vehicle);
  w.put(s.inserted);
  w.put(s.arrivals);
  w.put(s.vehicle_updates);
  put(w, s.vehicle);
  put(w, s.lane);
  put(w, s.pos);
  put(w, s.speed);
  put(w, s.route_pos);
  put(w, s.depart_s);
  put(w, s.route_length);
  put(w, s.waiting);
  put(w, s.time_loss);
  put(w, s.depart_speed);
  put(w, s.depart_pos);
  put(w, s.depart_lane);
  put(w, s.waiting_count);
  put(w, s.standing_s);
  put(w, s.will_pass);
  put(w, s.waiting_insert);
  put(w, s.service_left);
  put(w, s.served_by);
  // Measures, reversible lanes, routes and travel times (traffic_measures.h, traffic_reroute.h).
  put(w, s.measures);
  w.put(s.next_measure_id);
  put(w, s.reversible_side);
  put(w, s.vroute);
  put(w, s.vreroutes);
  put(w, s.route_pool);
  put(w, s.edge_time);
  w.put(s.next_time_update_s);
  w.put(s.next_reroute_s);
  w.put(s.replan_again_s);
  w.put(s.replans_left);
  w.put(s.reroutes);
  w.put(s.served);
  w.put(s.teleports);
  put(w, s.signal_phase);  // actuated programs' phases, when they began, and the detectors
  put(w, s.signal_phase_start);
  put(w, s.signal_check_s);
  put(w, s.lane_detected_s);
  w.put(s.closures_changed);
}

bool load(const TrafficModel& m, TrafficState& s, ByteReader& r) {
  s = make_traffic_state_empty(m);
  const std::uint64_t cap = m.vehicles.size();
  bool ok = r.get(s.time_s) && r.get(s.step) && r.get(s.next_vehicle) && r.get(s.inserted) && r.get(s.arrivals) &&
            r.get(s.vehicle_updates);
  ok = ok && r.get_array(s.vehicle, cap) && r.get_array(s.lane, cap) && r.get_array(s.pos, cap) &&
       r.get_array(s.speed, cap) && r.get_array(s.route_pos, cap) && r.get_array(s.depart_s, cap) &&
       r.get_array(s.route_length, cap) && r.get_array(s.waiting, cap) && r.get_array(s.time_loss, cap) &&
       r.get_array(s.depart_speed, cap) && r.get_array(s.depart_pos, cap) && r.get_array(s.depart_lane, cap) && r.get_array(s.waiting_count, cap) &&
       r.get_array(s.standing_s, cap) && r.get_array(s.will_pass, cap) && r.get_array(s.waiting_insert, cap);
  ok = ok && r.get_array(s.service_left, cap) && r.get_array(s.served_by, cap);
  std::uint8_t closures_changed = 0;
  const std::uint64_t pool_cap = std::uint64_t{1} << 32;
  ok = ok && r.get_array(s.measures, pool_cap) && r.get(s.next_measure_id) &&
       r.get_array(s.reversible_side, m.reversible.size()) && r.get_array(s.vroute, cap) && r.get_array(s.vreroutes, cap) &&
       r.get_array(s.route_pool, pool_cap) && r.get_array(s.edge_time, m.net.edges.size()) &&
       r.get(s.next_time_update_s) && r.get(s.next_reroute_s) && r.get(s.replan_again_s) && r.get(s.replans_left) && r.get(s.reroutes) && r.get(s.served) && r.get(s.teleports) &&
       r.get_array(s.signal_phase, m.net.signals.size()) && r.get_array(s.signal_phase_start, m.net.signals.size()) &&
       r.get_array(s.signal_check_s, m.net.signals.size()) &&
       r.get_array(s.lane_detected_s, m.net.lanes.size()) && r.get(closures_changed);
  if (!ok || s.next_vehicle > cap) return false;
  s.closures_changed = closures_changed;
  if (s.signal_phase.size() != m.net.signals.size() || s.signal_phase_start.size() != m.net.signals.size() ||
      s.signal_check_s.size() != m.net.signals.size() ||
      s.lane_detected_s.size() != m.net.lanes.size())
    return false;
  for (std::size_t p = 0; p < s.signal_phase.size(); ++p)
    if (!m.net.signals[p].phases.empty() && s.signal_phase[p] >= m.net.signals[p].phases.size()) return false;
  if (s.vroute.size() != cap || s.vreroutes.size() != cap || s.reversible_side.size() != m.reversible.size()) return false;
  s.route_live = 0;
  for (const IndexRange& rr : s.vroute) {
    if (rr.count == 0 || std::uint64_t{rr.first} + rr.count > s.route_pool.size()) return false;
    s.route_live += rr.count;
  }
  for (std::uint32_t e : s.route_pool)
    if (e >= m.net.edges.size()) return false;
  for (const Measure& ms : s.measures) {
    const bool on_junction = ms.kind == MeasureKind::signal;
    if (on_junction ? ms.junction >= m.net.junctions.size() : ms.edge >= m.net.edges.size()) return false;
    if (ms.id >= s.next_measure_id || ms.kind > MeasureKind::signal) return false;
  }
  for (std::uint8_t side : s.reversible_side)
    if (side > 1) return false;
  if (!s.edge_time.empty() && s.edge_time.size() != m.net.edges.size()) return false;
  derive_lane_conditions(m, s);
  const std::size_t n = s.vehicle.size();
  for (const auto* v : {&s.lane, &s.route_pos, &s.depart_lane})
    if (v->size() != n) return false;
  for (const auto* v : {&s.pos, &s.speed, &s.depart_s, &s.route_length, &s.waiting, &s.time_loss, &s.depart_speed,
                        &s.depart_pos})
    if (v->size() != n) return false;
  if (s.waiting_count.size() != n || s.standing_s.size() != n || s.will_pass.size() != n ||
      s.service_left.size() != n || s.served_by.size() != n)
    return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (s.vehicle[i] >= cap || s.lane[i] >= m.net.lanes.size()) return false;
    if (s.route_pos[i] >= s.vroute[s.vehicle[i]].count) return false;
    if (s.service_left[i] >= 0.0 && s.lane_checkpoint[s.lane[i]] == kNone) return false;
  }
  for (std::uint32_t v : s.waiting_insert)
    if (v >= cap) return false;
  detail::resize_slots(s, n);
  detail::rebuild_lanes(m, s);
  return true;
}

}  // namespace dpt::sim::traffic
