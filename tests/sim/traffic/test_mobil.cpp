// MOBIL: the cases of Kesting, Treiber & Helbing (2007), worked by hand with plain numbers.
#include <catch2/catch.hpp>

#include "dpt/sim/traffic/idm.h"
#include "dpt/sim/traffic/mobil.h"

using namespace dpt::sim::traffic;

namespace {
MobilParams symmetric(double politeness) {
  MobilParams p;
  p.politeness = politeness;
  p.threshold = 0.1;
  p.b_safe = 4.0;
  p.keep_right = false;
  return p;
}
}  // namespace

TEST_CASE("MOBIL: an incentive below the threshold does not change lanes", "[traffic][mobil]") {
  MobilAccelerations acc;  // no followers anywhere: only the own gain counts
  acc.self_now = 0.2;
  acc.self_after = 0.25;  // gain 0.05 < 0.1
  auto d = mobil_decide(symmetric(0.5), acc, LaneSide::left);
  CHECK(d.safe);
  CHECK_FALSE(d.change);
  CHECK(d.incentive == Approx(0.05));
  acc.self_after = 0.35;  // gain 0.15 > 0.1
  d = mobil_decide(symmetric(0.5), acc, LaneSide::left);
  CHECK(d.change);
  CHECK(d.incentive == Approx(0.15));
  CHECK(d.required == Approx(0.1));
}

TEST_CASE("MOBIL: a change that makes the new follower brake harder than b_safe is unsafe",
          "[traffic][mobil]") {
  MobilAccelerations acc;
  acc.self_now = -2.0;
  acc.self_after = 1.0;  // a gain of 3 m/s^2: a strong incentive
  acc.new_follower_now = 0.0;
  acc.new_follower_after = -4.5;  // beyond b_safe = 4
  auto d = mobil_decide(symmetric(0.0), acc, LaneSide::left);
  CHECK_FALSE(d.safe);
  CHECK_FALSE(d.change);
  acc.new_follower_after = -3.9;  // within b_safe: safe, and selfish p = 0 ignores the follower
  d = mobil_decide(symmetric(0.0), acc, LaneSide::left);
  CHECK(d.safe);
  CHECK(d.change);
}

TEST_CASE("MOBIL: politeness 0 and 1 decide differently", "[traffic][mobil]") {
  MobilAccelerations acc;
  acc.self_now = 0.0;
  acc.self_after = 0.5;           // own gain 0.5
  acc.new_follower_now = 0.2;
  acc.new_follower_after = -1.0;  // the new follower loses 1.2
  acc.old_follower_now = -0.3;
  acc.old_follower_after = -0.1;  // the old follower gains 0.2
  // p = 0: 0.5 > 0.1 -> change. p = 1: 0.5 - 1.2 + 0.2 = -0.5 -> stay. p = 0.5: 0.5 - 0.5 = 0.0.
  const auto selfish = mobil_decide(symmetric(0.0), acc, LaneSide::left);
  const auto polite = mobil_decide(symmetric(1.0), acc, LaneSide::left);
  const auto half = mobil_decide(symmetric(0.5), acc, LaneSide::left);
  CHECK(selfish.change);
  CHECK(selfish.incentive == Approx(0.5));
  CHECK_FALSE(polite.change);
  CHECK(polite.incentive == Approx(-0.5));
  CHECK_FALSE(half.change);
  CHECK(half.incentive == Approx(0.0).margin(1e-12));
}

TEST_CASE("MOBIL: keep-right rules (asymmetric)", "[traffic][mobil]") {
  MobilParams p = symmetric(0.5);
  p.keep_right = true;
  p.bias_right = 0.3;
  MobilAccelerations same;  // the other lane is exactly as good
  same.self_now = 0.4;
  same.self_after = 0.4;
  // Symmetric rules: no gain, no change. Keep right: 0 > 0.1 - 0.3 -> move right, not left.
  CHECK_FALSE(mobil_decide(symmetric(0.5), same, LaneSide::right).change);
  CHECK(mobil_decide(p, same, LaneSide::right).change);
  CHECK(mobil_decide(p, same, LaneSide::right).required == Approx(-0.2));
  CHECK_FALSE(mobil_decide(p, same, LaneSide::left).change);
  // To the left a gain of 0.3 passes the symmetric threshold 0.1 but not 0.1 + 0.3.
  MobilAccelerations gain = same;
  gain.self_after = 0.7;
  CHECK(mobil_decide(symmetric(0.5), gain, LaneSide::left).change);
  CHECK_FALSE(mobil_decide(p, gain, LaneSide::left).change);
  gain.self_after = 0.85;  // 0.45 > 0.4
  CHECK(mobil_decide(p, gain, LaneSide::left).change);
  // Going left, the follower left behind in the right lane is not counted (eq. 6): a large loss
  // there does not stop the change; under symmetric rules the same loss would (0.45 - 0.5 < 0.1).
  gain.old_follower_now = 0.0;
  gain.old_follower_after = -1.0;
  CHECK(mobil_decide(p, gain, LaneSide::left).change);
  CHECK_FALSE(mobil_decide(symmetric(0.5), gain, LaneSide::left).change);
}

TEST_CASE("MOBIL with IDM: overtaking a slow truck on an empty left lane", "[traffic][mobil]") {
  const IdmParams car{120.0 / 3.6, 1.5, 1.0, 1.5, 2.0, 4.0};
  MobilAccelerations acc;
  // A car at 25 m/s 30 m behind a truck at 22 m/s; the left lane is empty around it.
  acc.self_now = idm_acceleration(car, 25.0, 30.0, 22.0);
  acc.self_after = idm_free_acceleration(car, 25.0);
  // Hand check of the free term: 1 - (25/33.333)^4 = 1 - 0.31640625 = 0.68359375.
  CHECK(acc.self_after == Approx(0.68359375));
  CHECK(acc.self_now < -1.0);  // s* = 2 + 37.5 + 75/2.449 = 70.1 m > 30 m: braking
  const auto d = mobil_decide(symmetric(0.2), acc, LaneSide::left);
  CHECK(d.safe);
  CHECK(d.change);
}
