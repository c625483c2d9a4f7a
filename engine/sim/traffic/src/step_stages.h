#pragma once
// The stages of the traffic step (traffic_step.h), one file each: step.cpp runs them in order.
#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"

namespace dpt::sim::traffic::detail {

// step_lanes.cpp
void rebuild_lanes(const TrafficModel& m, TrafficState& s);
void remove_arrived(TrafficState& s);  // slots whose lane is kNone
void resize_slots(TrafficState& s, std::size_t n);

// step_lane_change.cpp: strategic and MOBIL lane changes (decided in parallel, committed in slot
// order while still safe), lane lists rebuilt when any vehicle changed; true when one did.
bool strategic_lane_changes(const TrafficModel& m, TrafficState& s);
// The highest speed (m/s) vehicle i may take this step for lane changing, +infinity when there is
// no limit: behind the leader on the lane it must change to, and behind a vehicle just ahead on a
// neighbouring lane that must change onto its lane (LC2013's speed adjustments; step_lane_change.cpp).
double lane_change_speed(const TrafficModel& m, const TrafficState& s, std::uint32_t i, double dt);

// step_move.cpp
void find_approaches(const TrafficModel& m, TrafficState& s, double t);
void plan_speeds(const TrafficModel& m, TrafficState& s, double t, double dt);
void move_vehicles(const TrafficModel& m, TrafficState& s, double t, double dt);

}  // namespace dpt::sim::traffic::detail
