// A fresh traffic state at the begin time: memory for every vehicle the model may insert.
#include "dpt/sim/traffic/traffic_state.h"

#include <limits>

#include "dpt/sim/traffic/traffic_measures.h"
#include "dpt/sim/traffic/traffic_step.h"

namespace dpt::sim::traffic {

TrafficState make_traffic_state(const TrafficModel& model) {
  TrafficState s = make_traffic_state_empty(model);
  insert_due_vehicles(model, s);
  return s;
}

TrafficState make_traffic_state_empty(const TrafficModel& model) {
  TrafficState s;
  s.time_s = model.options.begin_s;
  const std::size_t n = model.vehicles.size();
  for (auto* v : {&s.vehicle, &s.lane, &s.route_pos, &s.depart_lane, &s.approach_conn, &s.lane_rank, &s.slot_scratch,
                  &s.lane_slots, &s.approach_slots})
    v->reserve(n);
  for (auto* v : {&s.pos, &s.speed, &s.depart_s, &s.route_length, &s.waiting, &s.time_loss, &s.depart_speed, &s.depart_pos, &s.v_next,
                  &s.approach_arrive, &s.approach_leave, &s.approach_braking, &s.stop_at})
    v->reserve(n);
  s.waiting_count.reserve(n);
  s.standing_s.reserve(n);
  s.will_pass.reserve(n);
  s.at_checkpoint.reserve(n);
  s.waiting_insert.reserve(n);
  s.arrived.reserve(n);
  s.lane_first.assign(model.net.lanes.size() + 1, 0);
  s.conn_first.assign(model.net.connections.size() + 1, 0);
  s.lane_free_pos.assign(model.net.lanes.size(), 0.0);
  s.signal_phase.assign(model.net.signals.size(), 0);
  // Fixed-time programs follow their cycle; actuated ones start their first phase at the begin time.
  for (std::size_t p = 0; p < model.net.signals.size(); ++p)
    if (model.net.signals[p].type != SignalType::actuated) s.signal_phase[p] = signal_phase_at(model.net.signals[p], model.options.begin_s);
  s.signal_phase_start.assign(model.net.signals.size(), model.options.begin_s);
  s.signal_check_s.resize(model.net.signals.size());
  for (std::size_t p = 0; p < model.net.signals.size(); ++p)
    s.signal_check_s[p] = model.options.begin_s + first_check_after(model.net.signals[p], 0);
  s.lane_detected_s.assign(model.net.lanes.size(), -std::numeric_limits<double>::infinity());
  s.service_left.reserve(n);
  s.served_by.reserve(n);
  // Every vehicle's route as the model gives it; rerouting rewrites them here.
  s.route_pool = model.route_edges;
  s.vroute.resize(n);
  for (std::size_t v = 0; v < n; ++v) {
    s.vroute[v] = model.vehicles[v].route;
    s.route_live += s.vroute[v].count;
  }
  s.vreroutes.assign(n, 0);
  s.reversible_side.assign(model.reversible.size(), 0);
  derive_lane_conditions(model, s);
  s.next_time_update_s = model.options.begin_s;
  s.next_reroute_s = model.options.begin_s;
  // Vehicles that depart before the begin time are not inserted (SUMO skips them too).
  while (s.next_vehicle < n && model.vehicles[s.next_vehicle].depart_s < model.options.begin_s) ++s.next_vehicle;
  return s;
}

bool traffic_done(const TrafficModel& model, const TrafficState& state) {
  return state.vehicle.empty() && state.waiting_insert.empty() && state.next_vehicle >= model.vehicles.size();
}

}  // namespace dpt::sim::traffic
