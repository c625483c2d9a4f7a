// MOBIL decision (Kesting, Treiber, Helbing 2007; equations in mobil.h).
#include "dpt/sim/traffic/mobil.h"

namespace dpt::sim::traffic {

MobilDecision mobil_decide(const MobilParams& p, const MobilAccelerations& acc, LaneSide side,
                           double extra_bias) {
  MobilDecision d;
  // Safety criterion (paper eq. 2): the new follower must not have to brake harder than b_safe.
  d.safe = acc.new_follower_after >= -p.b_safe;

  const double own_gain = acc.self_after - acc.self_now;
  const double new_follower_loss = acc.new_follower_after - acc.new_follower_now;
  const double old_follower_gain = acc.old_follower_after - acc.old_follower_now;
  if (!p.keep_right) {
    d.incentive = own_gain + p.politeness * (new_follower_loss + old_follower_gain) + extra_bias;
    d.required = p.threshold;
  } else if (side == LaneSide::right) {
    d.incentive = own_gain + p.politeness * old_follower_gain + extra_bias;
    d.required = p.threshold - p.bias_right;
  } else {
    d.incentive = own_gain + p.politeness * new_follower_loss + extra_bias;
    d.required = p.threshold + p.bias_right;
  }
  d.change = d.safe && d.incentive > d.required;
  return d;
}

}  // namespace dpt::sim::traffic
