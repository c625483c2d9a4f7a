// IDM equilibrium properties (Treiber & Kesting, "Traffic Flow Dynamics", 2013, sec. 11.3.5) and
// SUMO's way of integrating the IDM (SUMO 1.15 MSCFModel_IDM / MSCFModel::finalizeSpeed; see idm.h).
#include "dpt/sim/traffic/idm.h"

#include <limits>

namespace dpt::sim::traffic {

double idm_equilibrium_gap(const IdmParams& p, double v) {
  if (v <= 0.0) return p.s0;
  if (p.v0 <= 0.0 || v >= p.v0) return std::numeric_limits<double>::infinity();
  // s_e = (s0 + v T) / sqrt(1 - (v/v0)^delta): from dv/dt = 0 with dv = 0 in eq. (1)-(2).
  const double free = 1.0 - detail::idm_pow(v / p.v0, p.delta);
  return (p.s0 + v * p.T) / std::sqrt(free);
}

double idm_equilibrium_flow(const IdmParams& p, double v, double vehicle_length) {
  if (v <= 0.0) return 0.0;
  const double s = idm_equilibrium_gap(p, v);
  if (!std::isfinite(s)) return 0.0;
  return v / (s + vehicle_length);
}

double idm_capacity_speed(const IdmParams& p, double vehicle_length) {
  if (p.v0 <= 0.0) return 0.0;
  // Q(v) rises from 0 at v = 0 and falls to 0 at v0 with a single maximum: golden-section search.
  constexpr double kInvPhi = 0.6180339887498949;
  double lo = 0.0;
  double hi = p.v0;
  double x1 = hi - kInvPhi * (hi - lo);
  double x2 = lo + kInvPhi * (hi - lo);
  double f1 = idm_equilibrium_flow(p, x1, vehicle_length);
  double f2 = idm_equilibrium_flow(p, x2, vehicle_length);
  for (int i = 0; i < 200 && hi - lo > 1e-9 * p.v0; ++i) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + kInvPhi * (hi - lo);
      f2 = idm_equilibrium_flow(p, x2, vehicle_length);
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - kInvPhi * (hi - lo);
      f1 = idm_equilibrium_flow(p, x1, vehicle_length);
    }
  }
  return 0.5 * (lo + hi);
}

double idm_capacity(const IdmParams& p, double vehicle_length) {
  return idm_equilibrium_flow(p, idm_capacity_speed(p, vehicle_length), vehicle_length);
}

// ---- SUMO-style integration ------------------------------------------------------------------

int sumo_idm_iterations(double dt, double stepping) {
  if (stepping <= 0.0) return 1;
  // MSCFModel_IDM constructor: MAX2(1, int(TS / stepping + .5)).
  return std::max(1, static_cast<int>(dt / stepping + 0.5));
}

namespace {
// The sub-stepped IDM of MSCFModel_IDM::_v. `min_gap` is added to s* (0 for the free-road call).
double sumo_idm_substeps(const IdmParams& p, double v, double gap, double v_lead, double dt,
                         int iterations, double min_gap) {
  const int n = std::max(1, iterations);
  const double h = dt / n;
  const double two_sqrt_ab = 2.0 * std::sqrt(p.a * p.b);
  const double v0 = std::max(p.v0, 1e-3);  // SUMO: MAX2(NUMERICAL_EPS, desSpeed)
  double speed = v;
  for (int i = 0; i < n; ++i) {
    const double dv = speed - v_lead;
    const double s_star = std::max(0.0, speed * p.T + speed * dv / two_sqrt_ab) + min_gap;
    gap = std::max(kIdmMinGap, gap);
    const double acc = p.a * (1.0 - detail::idm_pow(speed / v0, p.delta) - (s_star * s_star) / (gap * gap));
    speed = std::max(0.0, speed + acc * h);
    // The leader is assumed to keep its speed; the gap only shrinks (SUMO keeps it when growing).
    gap -= std::max(0.0, (speed - v_lead) * h);
  }
  return speed;
}
}  // namespace

double sumo_idm_follow_speed(const IdmParams& p, double v, double gap, double v_lead, double dt,
                             int iterations) {
  return sumo_idm_substeps(p, v, gap, v_lead, dt, iterations, p.s0);
}

double sumo_idm_free_speed(const IdmParams& p, double v, double dt, int iterations) {
  // MSCFModel_IDM::freeSpeed: gap 1e6 m, "leader" at the desired speed, no minGap in s*.
  return sumo_idm_substeps(p, v, 1e6, p.v0, dt, iterations, 0.0);
}

double sumo_idm_free_speed_ahead(const IdmParams& p, double v, double seen, double max_speed_ahead, double dt,
                                 int iterations) {
  if (max_speed_ahead < 0.0) return max_speed_ahead;
  const double u = max_speed_ahead;
  const double secure_gap = std::max(0.0, u * p.T + u * u / (2.0 * std::sqrt(p.a * p.b)));
  double v_safe = v <= u ? sumo_idm_substeps(p, v, 1e6, u, dt, iterations, 0.0)
                         : sumo_idm_substeps(p, v, std::max(seen, secure_gap), 0.0, dt, iterations, 0.0);
  if (seen < secure_gap) v_safe = std::min(v_safe, u);
  return v_safe;
}

double sumo_idm_stop_speed(const IdmParams& p, double v, double gap, double dt, int iterations) {
  if (gap < 0.01) return 0.0;  // MSCFModel_IDM::stopSpeed
  return sumo_idm_substeps(p, v, gap, 0.0, dt, iterations, 0.0);
}

double sumo_idm_finalize_speed(const SumoIdmVehicle& veh, double v, double v_safe, double dt) {
  const IdmParams& p = veh.idm;
  // MSCFModel_IDM::minNextSpeed: braking beyond decel allowed up to min(emergencyDecel, 1.5).
  const double b_min = std::max(p.b, std::min(veh.emergency_decel, 1.5));
  const double v_min_normal = std::max(v - b_min * dt, 0.0);
  const double v_min_emergency = std::max(v - veh.emergency_decel * dt, 0.0);
  const double v_min = std::min(v_min_normal, std::max(v_safe, v_min_emergency));
  // aMax keeps the speed under the lane limit for the vehicle (p.v0); maxNextSpeed adds accel and
  // the vType's maxSpeed.
  double v_max = std::min({p.v0, v + p.a * dt, veh.max_speed, v_safe});
  v_max = std::max(v_min, v_max);
  // SUMO sets a speed below 0.1 * NUMERICAL_EPS * dt (1e-4 m/s at dt = 1 s; MSVehicle.cpp's
  // NUMERICAL_EPS_SPEED) to 0 with the Euler update: a vehicle creeping up to a standing leader
  // stops instead of crawling forever (seen in SUMO 1.15 traces, checked in test_idm.cpp).
  if (v_max < 1e-4 * dt) return 0.0;
  return v_max;
}

SumoStepResult sumo_idm_step(const SumoIdmVehicle& veh, double v, bool has_leader, double gap,
                             double v_lead, double dt, bool ballistic) {
  const int n = sumo_idm_iterations(dt, veh.stepping);
  double v_safe = sumo_idm_free_speed(veh.idm, v, dt, n);
  if (has_leader) v_safe = std::min(v_safe, sumo_idm_follow_speed(veh.idm, v, gap, v_lead, dt, n));
  const double v_next = sumo_idm_finalize_speed(veh, v, v_safe, dt);
  const double advance = ballistic ? 0.5 * (v + v_next) * dt : v_next * dt;
  return {v_next, advance};
}

}  // namespace dpt::sim::traffic
