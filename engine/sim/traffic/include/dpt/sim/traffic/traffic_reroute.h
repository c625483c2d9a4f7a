#pragma once
// Time-dependent routing while driving (SUMO's rerouting device, sumo.dlr.de/docs/Demand/
// Automatic_Routing.html): each edge's travel time is smoothed from the speeds measured on it, and
// vehicles re-plan the rest of their route on those times — all of them every
// TrafficOptions::reroute_period_s (and at departure) when that is set, and, whatever it says, those
// whose route ahead uses an edge that a closure or an obstruction has made impassable, as soon as
// that happens (SUMO's rerouter with closingReroute). A vehicle keeps its route when no other
// route reaches its destination; it then waits at the closure until it reopens. When a closure or
// an obstruction ends, every vehicle re-plans once (drivers told that the road is open again take
// it back: without this, vehicles that planned a detour an hour upstream in a queue still turn off
// into it long after the road reopened).
#include <cstddef>
#include <cstdint>

#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"

namespace dpt::sim::traffic {

// Every travel_time_interval_s: each edge's travel time moves towards length / (mean speed of the
// vehicles on it) — the free-flow time under the limits in force when the edge is empty — by an
// exponential smoothing with time constant travel_time_window_s.
void update_travel_times(const TrafficModel& m, TrafficState& s);

// The routing cost of each edge now: the smoothed travel time, +infinity where impassable.
void routing_costs(const TrafficModel& m, const TrafficState& s, std::vector<double>& costs);

// Re-plans the routes of the vehicles in the network (all of them, or only those whose route
// ahead is impassable), in parallel, committed in slot order; returns how many changed.
std::size_t reroute_vehicles(const TrafficModel& m, TrafficState& s, bool only_blocked);

// Re-plans a model vehicle's whole route before it departs (from its first edge to its last) on
// the costs last computed into s.edge_cost (routing_costs); true when the route changed.
bool reroute_before_departure(const TrafficModel& m, TrafficState& s, const Router& router, std::uint32_t vehicle);

// Whether a model vehicle's route uses an impassable edge.
bool route_blocked(const TrafficModel& m, const TrafficState& s, std::uint32_t vehicle);

// Whether the route of a vehicle in slot i uses an impassable edge ahead of it.
bool route_ahead_blocked(const TrafficModel& m, const TrafficState& s, std::size_t i);

}  // namespace dpt::sim::traffic
