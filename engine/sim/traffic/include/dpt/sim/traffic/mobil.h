#pragma once
// MOBIL lane changing ("Minimizing Overall Braking Induced by Lane changes").
//
// Source: A. Kesting, M. Treiber, D. Helbing, "General lane-changing model MOBIL for car-following
// models", Transportation Research Record 1999 (2007) 86-94; and Treiber & Kesting, "Traffic Flow
// Dynamics" (2013) sec. 14.4. The decision is a pure function of six accelerations computed with
// the car-following model (IDM here), for the vehicle c that considers the change, the follower n
// it would get in the target lane, and the follower o it leaves behind; a tilde means "after the
// change":
//
//   safety:    a~_n >= -b_safe
//   symmetric: a~_c - a_c + p [(a~_n - a_n) + (a~_o - a_o)] > da_th                        (eq. 3)
//   asymmetric (keep right, European rules; eq. 5 and 6):
//     to the right:  a~_c - a_c + p (a~_o - a_o) > da_th - da_bias
//     to the left:   a~_c - a_c + p (a~_n - a_n) > da_th + da_bias
//   Under keep-right rules the paper leaves out the follower in the right lane: traffic there
//   may not pass on the right, so its braking is not the lane changer's doing. The caller computes
//   a_c under the same rule (no overtaking on the right: a_c in the right lane is the smaller of the
//   accelerations behind its own leader and behind the leader in the left lane).
//
// A follower that does not exist contributes nothing: pass 0 for its "now" and "after" values.
#include <cstdint>

namespace dpt::sim::traffic {

struct MobilParams {
  double politeness = 0.2;  // p: 0 selfish ... 1 altruistic (paper: realistic 0..0.5)
  double threshold = 0.1;   // da_th, m/s^2 (paper table 2: 0.1); keeps vehicles from lane hopping
  double bias_right = 0.3;  // da_bias, m/s^2 (paper table 2: 0.3); used only with keep_right
  double b_safe = 4.0;      // maximum safe deceleration imposed on the new follower, m/s^2 (table 2)
  bool keep_right = false;  // asymmetric (European) rules instead of symmetric ones
};

// The six accelerations (m/s^2) of one candidate lane change.
struct MobilAccelerations {
  double self_now = 0.0;            // a_c: in the current lane
  double self_after = 0.0;          // a~_c: in the target lane, behind its leader there
  double new_follower_now = 0.0;    // a_n: the target lane's follower, behind its present leader
  double new_follower_after = 0.0;  // a~_n: the same vehicle, behind us
  double old_follower_now = 0.0;    // a_o: our present follower, behind us
  double old_follower_after = 0.0;  // a~_o: the same vehicle, behind our present leader
};

enum class LaneSide : std::uint8_t { left, right };

struct MobilDecision {
  bool change = false;    // safe and the incentive beats the threshold
  bool safe = false;      // the safety criterion holds
  double incentive = 0.0; // left-hand side of the incentive criterion, m/s^2
  double required = 0.0;  // the right-hand side it had to exceed, m/s^2
};

// Decides one candidate change towards `side`. `extra_bias` (m/s^2, >= 0) is added to the
// incentive, e.g. for a strategic change towards the lane a route needs (the paper's treatment of
// mandatory changes, sec. "Lane-changing in the presence of an on-ramp", uses such a bias).
MobilDecision mobil_decide(const MobilParams& p, const MobilAccelerations& acc, LaneSide side,
                           double extra_bias = 0.0);

}  // namespace dpt::sim::traffic
