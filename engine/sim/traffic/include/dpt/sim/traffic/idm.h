#pragma once
// The Intelligent Driver Model (IDM), the car-following law of the traffic model.
//
// Source: M. Treiber, A. Hennecke, D. Helbing, "Congested traffic states in empirical observations
// and microscopic simulations", Phys. Rev. E 62, 1805 (2000), eq. (1)-(3); and M. Treiber,
// A. Kesting, "Traffic Flow Dynamics" (Springer 2013), ch. 11.3:
//
//   dv/dt = a [ 1 - (v/v0)^delta - (s*(v, dv) / s)^2 ]
//   s*(v, dv) = s0 + max(0, v T + v dv / (2 sqrt(a b)))      dv = v - v_lead (approach rate)
//
// s is the bumper-to-bumper gap to the leader (its rear minus our front), in metres.
//
// The acceleration is inline: it is the inner loop of every step. The second half of this file
// reproduces how SUMO integrates the same law (MSCFModel_IDM, SUMO 1.15), so that a run can follow
// SUMO step for step when it is compared with SUMO.
#include <algorithm>
#include <cmath>

namespace dpt::sim::traffic {

struct IdmParams {
  double v0;           // desired speed, m/s
  double T;            // safe time headway, s
  double a;            // maximum acceleration, m/s^2
  double b;            // comfortable deceleration, m/s^2 (positive)
  double s0;           // minimum jam gap, m
  double delta = 4.0;  // acceleration exponent
};

// Smallest gap the law is evaluated at: the interaction term (s*/s)^2 is singular at s = 0. SUMO
// clamps the gap to its NUMERICAL_EPS (0.001 m) the same way (MSCFModel_IDM::_v).
inline constexpr double kIdmMinGap = 1e-3;

namespace detail {
// x^delta, with the common delta = 4 (and 2, 1) done by multiplication: pow() is slow.
inline double idm_pow(double x, double delta) {
  if (delta == 4.0) {
    const double x2 = x * x;
    return x2 * x2;
  }
  if (delta == 2.0) return x * x;
  if (delta == 1.0) return x;
  return std::pow(x, delta);
}
}  // namespace detail

// Free-road term a [1 - (v/v0)^delta]. Guards:
//  - v0 <= 0 (a closed or zero-speed lane): brake at the comfortable rate b until stopped.
//  - v > v0 (the speed limit dropped under the vehicle): the plain IDM term brakes with up to
//    a (v/v0)^4, unrealistically hard for a small drop. Treiber & Kesting (2013) sec. 11.3.4 (IIDM)
//    use -b [1 - (v0/v)^(a delta / b)] instead: zero at v = v0 and never harder than b.
inline double idm_free_acceleration(const IdmParams& p, double v) {
  if (p.v0 <= 0.0) return v > 0.0 ? -p.b : 0.0;
  if (v <= p.v0) return p.a * (1.0 - detail::idm_pow(v / p.v0, p.delta));
  return -p.b * (1.0 - std::pow(p.v0 / v, p.a * p.delta / p.b));
}

// Desired dynamic gap s*(v, dv) (Treiber et al. 2000, eq. 2).
inline double idm_desired_gap(const IdmParams& p, double v, double v_lead) {
  const double dv = v - v_lead;
  return p.s0 + std::max(0.0, v * p.T + v * dv / (2.0 * std::sqrt(p.a * p.b)));
}

// dv/dt for speed v, bumper-to-bumper gap `gap` (m) to a leader at speed v_lead. A gap <= 0
// (overlap, e.g. after a forced insertion) is evaluated at kIdmMinGap: a very strong deceleration
// that the caller bounds by the vehicle's emergency deceleration.
inline double idm_acceleration(const IdmParams& p, double v, double gap, double v_lead) {
  const double s = std::max(gap, kIdmMinGap);
  const double ratio = idm_desired_gap(p, v, v_lead) / s;
  return idm_free_acceleration(p, v) - p.a * ratio * ratio;
}

// Equilibrium gap s_e(v) = s*(v, 0) / sqrt(1 - (v/v0)^delta): the gap at which a vehicle following
// a leader at the same speed v neither accelerates nor brakes (Treiber & Kesting 2013, eq. 11.20).
// Infinite for v >= v0, s0 at v = 0.
double idm_equilibrium_gap(const IdmParams& p, double v);
// Flow of a homogeneous lane in equilibrium at speed v: Q(v) = v / (s_e(v) + l), vehicles/s.
double idm_equilibrium_flow(const IdmParams& p, double v, double vehicle_length);
// Lane capacity: the maximum of Q(v) over 0 <= v < v0 (Q is unimodal), vehicles/s per lane.
double idm_capacity(const IdmParams& p, double vehicle_length);
// The speed at which Q(v) is largest (the top of the fundamental diagram), m/s.
double idm_capacity_speed(const IdmParams& p, double vehicle_length);

// ---------------------------------------------------------------------------------------------
// SUMO's way of running IDM (SUMO 1.15, src/microsim/cfmodels/MSCFModel_IDM.cpp and MSCFModel.cpp;
// doc page "Car-Following-Models", section IDM, parameter `stepping`).
//
// 1. Safe speed (MSCFModel_IDM::_v): the step length dt is cut into n = max(1, round(dt / stepping))
//    sub-steps (vType attribute `stepping`, default 0.25 s, so n = 4 at dt = 1 s). In each one the
//    IDM acceleration at the current sub-step speed is applied for dt/n (explicit Euler), speed
//    floored at 0, and the gap shrinks by max(0, (v_new - v_lead) dt/n): the leader is assumed to
//    keep its speed. The desired speed v0 is the lane's speed limit for this vehicle
//    (min(speed limit * speedFactor, vType maxSpeed)); s0 is the vType's minGap; T is tau.
//    Without a leader SUMO calls the same function with a gap of 1e6 m, the leader at v0 and no
//    minGap in s* (MSCFModel_IDM::freeSpeed) - this function does the same.
// 2. Final speed (MSCFModel::finalizeSpeed, no stops, no lane-change patch, no dawdling: IDM has
//    no sigma): v_next = max(v_min, min(v_safe, v + accel dt, vType maxSpeed, lane limit)),
//    where v_min = min(max(v - b' dt, 0), max(v_safe, v - emergencyDecel dt, 0)) and
//    b' = max(decel, min(emergencyDecel, 1.5)) (MSCFModel_IDM::minNextSpeed): the vehicle may
//    brake harder than `decel` only when its safe speed demands it, and never harder than
//    emergencyDecel.
// 3. Position (SUMO's default semi-implicit Euler, --step-method.ballistic false): x += v_next dt,
//    after a speed under 1e-4 m/s (at dt = 1 s) is set to 0. With the ballistic method instead:
//    x += (v + v_next)/2 dt (an approximation: SUMO's ballistic mode also lets v_next go negative
//    to mean "stops within the step").
// Checked against SUMO 1.15 itself (test_idm.cpp, "matches sumo"): positions and speeds agree to
// the 6 digits of its FCD output, accelerating, following and stopping behind a standing leader.
// ---------------------------------------------------------------------------------------------

// What SUMO needs beyond the IDM law to advance one vehicle.
struct SumoIdmVehicle {
  IdmParams idm;                 // v0 = lane speed limit for the vehicle, s0 = minGap, T = tau
  double max_speed = 55.55;      // vType maxSpeed, m/s
  double emergency_decel = 9.0;  // vType emergencyDecel, m/s^2
  double stepping = 0.25;        // vType `stepping` (IDM sub-step), s
};

// Number of IDM sub-steps SUMO uses for a step of dt seconds.
int sumo_idm_iterations(double dt, double stepping = 0.25);

// SUMO's safe speed after dt behind a leader (MSCFModel_IDM::_v with the minGap in s*).
// gap: bumper-to-bumper, metres.
double sumo_idm_follow_speed(const IdmParams& p, double v, double gap, double v_lead, double dt,
                             int iterations);
// SUMO's safe speed after dt on a free road (MSCFModel_IDM::freeSpeed while v <= v0).
double sumo_idm_free_speed(const IdmParams& p, double v, double dt, int iterations);
// SUMO's safe speed with respect to a lane `seen` metres ahead whose speed limit for this vehicle
// is `max_speed_ahead` (MSCFModel_IDM::freeSpeed for the lanes of the look-ahead): while the
// vehicle is not faster than that limit it is the free speed with the ahead limit as a far
// "leader"; when faster, it brakes towards a standing obstacle at max(seen, s_sec), s_sec =
// max(0, u T + u^2 / (2 sqrt(a b))) for u = max_speed_ahead, and it is capped at the ahead limit
// once seen < s_sec. p.v0 stays the current lane's limit.
double sumo_idm_free_speed_ahead(const IdmParams& p, double v, double seen, double max_speed_ahead, double dt,
                                 int iterations);
// SUMO's safe speed for stopping `gap` metres ahead (a stop line, a red light, a scheduled stop:
// MSCFModel_IDM::stopSpeed): the sub-stepped IDM towards a standing obstacle with no minGap in
// s*; 0 when the gap is under 1 cm. (SUMO's fallback for a standing vehicle whose IDM speed
// stays ~0 is not reproduced: with no minGap in s* IDM always starts a standing vehicle.)
double sumo_idm_stop_speed(const IdmParams& p, double v, double gap, double dt, int iterations);
// SUMO's final speed from the smallest safe speed over all constraints (step 2 above), for the
// default Euler update: a result under 1e-4 m/s (at dt = 1 s) is 0 (see step 3).
double sumo_idm_finalize_speed(const SumoIdmVehicle& veh, double v, double v_safe, double dt);

struct SumoStepResult {
  double speed;    // speed at the end of the step, m/s
  double advance;  // distance driven in the step, m
};
// One whole SUMO step for one vehicle: safe speed (behind a leader, or free when has_leader is
// false), finalized, then the position update (Euler by default, ballistic on request).
SumoStepResult sumo_idm_step(const SumoIdmVehicle& veh, double v, bool has_leader, double gap,
                             double v_lead, double dt, bool ballistic = false);

}  // namespace dpt::sim::traffic
