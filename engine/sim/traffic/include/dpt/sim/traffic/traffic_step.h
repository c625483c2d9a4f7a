#pragma once
// One step of the traffic model: step(model, state) advances state.time_s by the step length.
//
// The order inside a step follows SUMO's simulation step (sumo.dlr.de/docs/Simulation/Basic_Definition.html),
// so that a SUMO user sees the same timing in tripinfo: vehicles move from t to t + dt, then
// vehicles due by t + dt are inserted and stand at their departure position at t + dt.
//
//  1. signals: each program's phase at t + dt (SUMO switches the lights before the vehicles move);
//  2. approach (parallel over vehicles): each vehicle's first junction link ahead, with when it
//     would reach the stop line and when it would have cleared the junction;
//  3. plan (parallel): the safe speed — IDM behind the leader on the lane or on the lanes ahead
//     along the route, the speed limits ahead, a stop at a link that is not open to it (a red or
//     yellow light, or a prioritised vehicle whose occupation time comes within the junction's
//     time gap of its own: the junction's request table says who yields to whom);
//  4. move (parallel): SUMO's IDM step (idm.h), position, lane changes along the route through
//     the junction's internal lanes, arrival at the end of the route, waiting time, time loss;
//  5. arrivals removed; strategic lane changes onto a lane that leads on; lanes re-sorted;
//  6. insertion of the vehicles due, where there is room (those that find none wait, in order).
// Every vehicle writes only its own slot in the parallel stages, so results do not depend on the
// number of threads. No allocation once the state's arrays have grown.
#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"

namespace dpt::sim::traffic {

void step(const TrafficModel& model, TrafficState& state);

// Inserts the vehicles due by state.time_s (make_traffic_state calls it at the begin time).
void insert_due_vehicles(const TrafficModel& model, TrafficState& state);

// The signal state character of link `tl_link` of program `p` at time t (SUMO's tlLogic phase
// states: G g y Y r u o O s); 'O' (off) for a program without phases.
char signal_state_at(const SignalProgram& p, std::uint32_t tl_link, double t_s);
// The index of fixed-time program p's phase at time t.
std::uint32_t signal_phase_at(const SignalProgram& p, double t_s);

// Every program's phase at time t_s (the end of the step about to be made): fixed-time programs by
// their cycle, actuated ones by their own state (TrafficOptions: a green phase ends after minDur
// once no vehicle passed a detector on a lane green in it within the max gap, at maxDur at the
// latest; the other phases last their duration).
void advance_signals(const TrafficModel& model, TrafficState& state, double t_s);
// Seconds after the start of phase k of an actuated program when it first decides (its minDur).
double first_check_after(const SignalProgram& p, std::uint32_t k);

// After the vehicles moved to time t_s, each actuated loop's stamp (lane_detected_s): t_s + dt
// while a vehicle is over it (a gap of 0 at the next decision), or, when a vehicle's rear left it
// in this step, t_s plus the part of the step before the rear passed (SUMO's MSInductLoop).
void record_detections(const TrafficModel& model, TrafficState& state, double t_s);

}  // namespace dpt::sim::traffic
