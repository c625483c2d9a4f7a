#pragma once
// The traffic State: what a step changes. Vehicles in the network are slots in structure-of-arrays
// form (one array per quantity), kept in insertion order; the lanes' occupancy is rebuilt after
// every step as one array of slots grouped by lane, front-most first. Memory is reserved up front
// for every vehicle the model will insert, so that a step does not allocate.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "dpt/sim/traffic/measure.h"
#include "dpt/sim/traffic/routing.h"
#include "dpt/sim/traffic/traffic_model.h"

namespace dpt::sim::traffic {

// A vehicle that reached the end of its route in the last step (for tripinfo and the KPIs).
struct Arrival {
  std::uint32_t vehicle = 0;   // into TrafficModel::vehicles
  double depart_s = 0.0;       // actual insertion time
  double arrival_s = 0.0;
  double route_length_m = 0.0;
  double waiting_s = 0.0;
  double time_loss_s = 0.0;
  double depart_speed = 0.0;
  double depart_pos = 0.0;     // front position on the departure lane, m
  double arrival_speed = 0.0;
  std::uint32_t depart_lane = kNone;
  std::uint32_t arrival_lane = kNone;
  int waiting_count = 0;
  int reroutes = 0;            // times its route was changed (SUMO's rerouteNo)
};

// TrafficState::closures_changed: who re-plans at the next step (traffic_reroute.h).
inline constexpr std::uint8_t kRerouteBlocked = 1;
inline constexpr std::uint8_t kRerouteAll = 2;

struct TrafficState {
  double time_s = 0.0;        // time at the start of the next step
  std::uint64_t step = 0;

  // Vehicles in the network (slots; arrivals are compacted away at the end of a step).
  std::vector<std::uint32_t> vehicle;     // into TrafficModel::vehicles
  std::vector<std::uint32_t> lane;        // current lane (normal or internal)
  std::vector<double> pos;                // front bumper, metres from the lane's start
  std::vector<double> speed;              // m/s
  std::vector<std::uint32_t> route_pos;   // index in the route of the last normal edge entered
  std::vector<double> depart_s;           // actual insertion time
  std::vector<double> route_length;       // metres driven since insertion (+ departPos)
  std::vector<double> waiting;            // seconds below the waiting speed
  std::vector<double> time_loss;          // seconds lost against driving at the desired speed
  std::vector<double> depart_speed;
  std::vector<double> depart_pos;
  std::vector<std::uint32_t> depart_lane;
  std::vector<std::int32_t> waiting_count;
  std::vector<double> standing_s;         // seconds below the waiting speed since it last moved (SUMO's getWaitingTime)
  // Planned in the last step to drive through its next junction link (not stopping before it, and
  // with a planned speed above 0):
  // only such vehicles are announced at the link, so that one waiting at a red light or behind a
  // full exit does not hold up the vehicles that would yield to it.
  std::vector<std::uint8_t> will_pass;
  // Checkpoints (traffic_measures.h): seconds of service still to go (< 0: not being served), and
  // the id of the last checkpoint measure that served the vehicle (kNone: none).
  std::vector<double> service_left;
  std::vector<std::uint32_t> served_by;

  // Per-step scratch, per slot (sized with the slots).
  std::vector<double> v_next;
  std::vector<std::uint32_t> approach_conn;  // the first junction link ahead, or kNone
  std::vector<double> approach_arrive;       // when the vehicle would reach its stop line (s)
  std::vector<double> approach_leave;        // when it would have cleared the junction (s)
  std::vector<double> approach_braking;      // when it would reach the line braking at its decel (SUMO's arrivalTimeBraking)
  std::vector<double> stop_at;               // closed link ahead: distance to its stop line, else -1
  std::vector<std::uint8_t> at_checkpoint;   // stopping first in line at a checkpoint's booth
  std::vector<std::uint32_t> lane_rank;      // position in its lane's list (0: front-most)
  std::vector<std::uint32_t> arrived_on;     // the lane a vehicle arrived on in this step
  // The connection a vehicle takes from the lane it is on at the step's start (next_on_route on
  // its lane and route position), and the lane it leads into: looked up once per step by
  // find_approaches for the stages that follow (kNone: none).
  std::vector<std::uint32_t> here_conn;
  std::vector<std::uint32_t> here_next;
  std::vector<std::uint32_t> slot_scratch;
  std::vector<std::uint32_t> used_lanes;  // rebuild_lanes: the lanes with vehicles, in first-seen order
  std::vector<std::uint32_t> signal_phase;   // per program: its phase in this step
  std::vector<double> signal_phase_start;    // per program: when that phase began (actuated programs)
  std::vector<double> signal_check_s;        // per program: when it next decides to switch or extend
  std::vector<double> lane_detected_s;       // per lane: its loop's stamp, as SUMO's MSInductLoop: when the
                                             // last rear left it (the next step's time while occupied)

  // Lane occupancy: the slots on lane l are lane_slots[lane_first[l] .. lane_first[l + 1]),
  // front-most first.
  std::vector<std::uint32_t> lane_first;
  std::vector<std::uint32_t> lane_slots;
  // Approaches per connection (junction links): approach_slots[conn_first[c] .. conn_first[c+1]).
  std::vector<std::uint32_t> conn_first;
  std::vector<std::uint32_t> approach_slots;

  // Routes: each model vehicle's current route, route_pool[vroute[v].first ..], the model's at the
  // start; rerouting (traffic_reroute.h) rewrites the part ahead of the vehicle.
  std::vector<IndexRange> vroute;
  std::vector<std::uint32_t> vreroutes;  // per model vehicle: times its route changed
  std::vector<std::uint32_t> route_pool;
  std::uint64_t route_live = 0;  // edges of route_pool in use (the sum of vroute's counts; derived)
  std::span<const std::uint32_t> route_of(std::uint32_t v) const {
    return {route_pool.data() + vroute[v].first, vroute[v].count};
  }

  // Incidents and measures in force (traffic_measures.h), and what they make of each lane (derived
  // from `measures` and `reversible_side` by derive_lane_conditions; not saved).
  std::vector<Measure> measures;
  std::uint32_t next_measure_id = 0;
  std::vector<std::uint8_t> reversible_side;  // per TrafficModel::reversible pair: 0 first lane open, 1 second
  std::vector<std::uint8_t> lane_closed;      // nobody enters: links into it, insertion, lane changes
  std::vector<double> lane_speed;             // the speed limit in force, m/s
  std::vector<double> lane_block;             // an obstruction's position on the lane, +inf: none
  std::vector<std::uint32_t> lane_checkpoint; // index into `measures` of the lane's checkpoint, kNone: none
  std::vector<std::uint32_t> junction_signal; // index into `measures` of the junction's signal, kNone: none
  // Rerouting due at the next step (traffic_reroute.h): kRerouteBlocked when an edge closed (the
  // vehicles whose routes use it re-plan), kRerouteAll when one reopened (every vehicle re-plans:
  // drivers told that the road is open again take it back rather than keep their detours).
  std::uint8_t closures_changed = 0;

  // Travel times per edge (s) for rerouting: smoothed from the speeds measured on the edge.
  std::vector<double> edge_time;
  double next_time_update_s = 0.0;
  double next_reroute_s = 0.0;
  // After a closure ended: every vehicle re-plans again at replan_again_s (+inf: none due), and
  // replans_left more times a travel-time window apart (traffic_reroute.h).
  double replan_again_s = std::numeric_limits<double>::infinity();
  std::uint32_t replans_left = 0;
  std::uint64_t reroutes = 0;  // routes changed so far
  std::uint64_t served = 0;    // vehicles served at checkpoints so far
  std::uint64_t teleports = 0;  // jams broken by moving a vehicle across its junction (step.cpp)
  // Scratch of the travel-time update and of routing before departure.
  std::vector<double> edge_speed_sum;
  std::vector<std::uint32_t> edge_count;
  std::vector<double> edge_cost;
  std::vector<std::uint32_t> route_scratch;
  RouterWorkspace router_ws;

  // Insertion: model vehicles not yet departed, in order; `next_vehicle` is the first one whose
  // time has not come, `waiting_insert` those whose time came but found no room yet.
  std::uint32_t next_vehicle = 0;
  std::vector<std::uint32_t> waiting_insert;
  std::vector<double> lane_free_pos;  // per lane, this step: rear of its last vehicle (insertion)

  // Results of the last step.
  std::vector<Arrival> arrived;
  // Totals since the start.
  std::uint64_t inserted = 0;
  std::uint64_t arrivals = 0;
  std::uint64_t vehicle_updates = 0;  // vehicle-steps: SUMO's "vehicle updates"

  std::size_t running() const { return vehicle.size(); }
};

// A state at options.begin_s, memory reserved, with the vehicles due at the begin time inserted.
TrafficState make_traffic_state(const TrafficModel& model);
// The same with nothing inserted yet (for loading a snapshot into).
TrafficState make_traffic_state_empty(const TrafficModel& model);

// Everything has departed and arrived (and nothing waits to be inserted).
bool traffic_done(const TrafficModel& model, const TrafficState& state);

}  // namespace dpt::sim::traffic
