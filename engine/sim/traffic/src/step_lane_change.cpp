// Lane changing in the traffic step (traffic_step.h, stage 5): strategic changes towards a lane
// that leads to the route's next edge, and discretionary changes by MOBIL (mobil.h); and the speed
// adjustments that make strategic changes possible in dense traffic (plan_speeds asks for them).
//
// Strategic changes follow SUMO's LC2013 model (J. Erdmann, "SUMO's lane-changing model",
// Modeling Mobility with Open Data, Springer 2015, pp. 105-123; doc page "Definition of Vehicles,
// Vehicle Types, and Routes", lane-changing parameters lcStrategic, lcCooperative and
// lcLookaheadLeft): a change is urgent once the distance left on the lane is shorter than a
// look-ahead of 10 s of driving per lane change still needed (twice that to the left) plus two
// vehicle lengths with gap; an urgent change is made whenever it is safe, whatever the speed
// gain. A change that would put a vehicle on a lane that then needs a strategic change back is
// not made. In dense traffic an urgent change rarely finds a gap by itself; LC2013 makes one:
//  - the changer adapts its speed to get behind the leader on the target lane (when it can do
//    so braking at most its comfortable deceleration);
//  - the follower on the target lane cooperates: it treats a changer just ahead on the
//    neighbouring lane as its leader (braking at most lcCooperative times its comfortable
//    deceleration; lcCooperative 0: never), which opens the gap;
//  - two standing vehicles side by side, each needing the other's lane (a right-turner in the
//    left lane next to a left-turner in the right lane at the lane's end), swap lanes. Without
//    the swap a two-lane grid locks up: the fronts of both lanes of a street wait for each other
//    for ever and the queues spill back across the grid (issue 6; measured in docs/sumo.md, "Two
//    lanes each way"). SUMO 1.15 has no swap - LC2013 keeps such pairs from forming, by letting
//    one of two counter-changers fall back early - so the swap stands in for that.
//
// 1. Decide (parallel over the vehicles, each reading the state as the stage found it and writing
//    only its own slot): for the neighbouring lanes of its edge, the six MOBIL accelerations from
//    the IDM law (idm_acceleration) behind the leaders on the current and the target lane, the
//    safety criterion (the new follower and the vehicle itself brake at most b_safe), and the
//    incentive (or the urgency of a strategic change).
// 2. Commit (serial, in slot order, so the result does not depend on the threads): a decided
//    change is applied while the neighbourhood it was decided on still stands — its own leader
//    and follower have not changed lanes, the target lane's leader and follower are still there,
//    and nobody moved in between them earlier in this pass — so every change applied was found
//    safe against the vehicles actually around it, and two vehicles never take the same gap (nor
//    does a car pull out behind a slow leader that is pulling out too, to let it pass). A swap is
//    applied when both vehicles decided it and neither has moved. The others decide again in the
//    next step. The lane lists are rebuilt once at the end.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "step_internal.h"
#include "step_stages.h"

namespace dpt::sim::traffic::detail {

namespace {

constexpr std::size_t kGrain = 256;
constexpr std::size_t kMaxLanes = 16;  // edges with more lanes: the lanes beyond are not considered
constexpr double kInf = std::numeric_limits<double>::infinity();
// LC2013's strategic look-ahead: seconds of driving per lane change still needed (Erdmann 2015),
// times lcStrategic (default 1), times lcLookaheadLeft (default 2) for changes to the left, plus
// two vehicle lengths with gap.
constexpr double kLookForwardS = 10.0;
// The minimum look-ahead distance per lane change, so that a slow or standing vehicle still
// plans its change some way before the lane's end (about four car lengths).
constexpr double kMinLookaheadM = 20.0;
// No discretionary change in the last metres before a lane's end (where lane lines are solid in
// practice and the junction's approach has been announced); strategic changes still happen.
constexpr double kNoDiscretionaryM = 20.0;
// Marks a decided target lane as one half of a swap (see the file comment).
constexpr std::uint32_t kSwapBit = 0x80000000U;

const VehicleType& type_of(const TrafficModel& m, const TrafficState& s, std::uint32_t slot) {
  return m.types[m.vehicles[s.vehicle[slot]].type];
}

// The vehicles just ahead of and just behind position `p` on `lane` (front bumpers; a vehicle at
// exactly p counts as behind). kNone where there is none.
struct Neighbours {
  std::uint32_t leader = kNone;
  std::uint32_t follower = kNone;
};

// Index in the lane's list (front-most first) of the first vehicle at or behind p.
std::uint32_t first_at_or_behind(const TrafficState& s, std::uint32_t lane, double p) {
  std::uint32_t lo = s.lane_first[lane], hi = s.lane_first[lane + 1];
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (s.pos[s.lane_slots[mid]] > p)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

Neighbours neighbours_at(const TrafficState& s, std::uint32_t lane, double p) {
  const std::uint32_t b = s.lane_first[lane], e = s.lane_first[lane + 1];
  const std::uint32_t k = first_at_or_behind(s, lane, p);
  Neighbours nb;
  if (k > b) nb.leader = s.lane_slots[k - 1];
  if (k < e) nb.follower = s.lane_slots[k];
  return nb;
}

// Whether `lane` has an obstruction (an accident) at or beyond position p.
bool obstructed_ahead(const TrafficState& s, std::uint32_t lane, double p) {
  return std::isfinite(s.lane_block[lane]) && s.lane_block[lane] >= p;
}

// Whether `lane` takes a vehicle on to its route's next edge (any lane does on its last edge).
bool leads_on(const TrafficModel& m, const TrafficState& s, std::uint32_t i, std::uint32_t lane, std::uint32_t rp) {
  if (at_route_end(s, i, rp)) return true;
  std::uint32_t next = kNone;
  return next_on_route(m, s, i, lane, rp, next) != kNone;
}

// IDM acceleration (idm_acceleration) of vehicle `i` if its front were at `p` on `lane` with
// `leader` ahead (kNone: none on the lane). Without a leader it looks at the last vehicle on the
// lane its route continues on. The end of a lane that does not lead on is not an obstacle here:
// that need is the strategic bias's (decide), so that the look-ahead alone sets when it acts. An
// obstruction ahead on the lane (an accident) is a standing leader.
double accel_on(const TrafficModel& m, const TrafficState& s, std::uint32_t i, std::uint32_t lane, double p,
                std::uint32_t leader) {
  const Network& n = m.net;
  const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
  const VehicleType& vt = m.types[mv.type];
  const IdmParams idm = idm_params(vt, s.lane_speed[lane], mv.speed_factor);
  const double v = s.speed[i];
  const double block = s.lane_block[lane];
  const bool block_ahead = obstructed_ahead(s, lane, p);
  if (leader != kNone) {
    const double gap = s.pos[leader] - type_of(m, s, leader).length - p;
    if (block_ahead && block - p < gap) return idm_acceleration(idm, v, block - p, 0.0);
    return idm_acceleration(idm, v, gap, s.speed[leader]);
  }
  if (block_ahead) return idm_acceleration(idm, v, block - p, 0.0);
  const double rest = n.lanes[lane].length_m - p;
  std::uint32_t next = kNone;
  if (at_route_end(s, i, s.route_pos[i]) || next_on_route(m, s, i, lane, s.route_pos[i], next) == kNone)
    return idm_free_acceleration(idm, v);
  const std::uint32_t b = s.lane_first[next], e = s.lane_first[next + 1];
  if (e == b) return idm_free_acceleration(idm, v);
  const std::uint32_t j = s.lane_slots[e - 1];  // the last vehicle on the next lane
  return idm_acceleration(idm, v, rest + s.pos[j] - type_of(m, s, j).length, s.speed[j]);
}

// Lanes (of the vehicle's edge) that lead on, and for each lane the number of changes to the
// nearest one that does. All zero when no lane leads on (nothing a change could mend).
struct LaneNeeds {
  std::array<std::uint8_t, kMaxLanes> changes{};
};

// A lane obstructed ahead of the vehicle (at or beyond p) does not lead on.
LaneNeeds lane_needs(const TrafficModel& m, const TrafficState& s, std::uint32_t i, const Edge& e, double p) {
  const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
  const std::uint32_t rp = s.route_pos[i];
  LaneNeeds ln;
  const std::uint32_t count = std::min<std::uint32_t>(e.lanes.count, kMaxLanes);
  bool blocked = false;
  for (std::uint32_t k = 0; k < count; ++k) blocked = blocked || obstructed_ahead(s, e.lanes.first + k, p);
  if (at_route_end(s, i, rp) && !blocked) return ln;
  const ClassMask cls = mask_of(m.types[mv.type].cls);
  std::array<bool, kMaxLanes> good{};
  bool any = false;
  for (std::uint32_t k = 0; k < count; ++k) {
    const std::uint32_t l = e.lanes.first + k;
    good[k] = (m.net.lanes[l].allowed & cls) != 0 && !obstructed_ahead(s, l, p) && leads_on(m, s, i, l, rp);
    any = any || good[k];
  }
  if (!any) return ln;
  for (std::uint32_t k = 0; k < count; ++k) {
    int best = static_cast<int>(kMaxLanes);
    for (std::uint32_t j = 0; j < count; ++j)
      if (good[j]) best = std::min(best, std::abs(static_cast<int>(k) - static_cast<int>(j)));
    ln.changes[k] = static_cast<std::uint8_t>(best);
  }
  return ln;
}

// The strategic look-ahead of a vehicle of type vt for `changes` lane changes towards `side` at
// look-ahead speed v.
double strategic_lookahead(const VehicleType& vt, int changes, LaneSide side, double v) {
  const double per_change = std::max(kMinLookaheadM, kLookForwardS * v) * vt.lc_strategic;
  return changes * per_change * (side == LaneSide::left ? vt.lc_lookahead_left : 1.0) + 2.0 * (vt.length + vt.min_gap);
}

// The neighbouring lane vehicle i must change to now: a lane with fewer changes still needed to
// one that leads on, when the distance left on its lane is inside the strategic look-ahead
// (an urgent change, LC2013). kNone when there is none (or i is inside a junction or held).
std::uint32_t urgent_target(const TrafficModel& m, const TrafficState& s, std::uint32_t i) {
  const Network& n = m.net;
  const std::uint32_t lane = s.lane[i];
  if (is_internal_lane(n, lane) || s.service_left[i] >= 0.0) return kNone;
  const Lane& here_lane = n.lanes[lane];
  const Edge& e = n.edges[here_lane.edge];
  if (e.lanes.count < 2 || here_lane.index >= kMaxLanes) return kNone;
  const double p = s.pos[i];
  const LaneNeeds needs = lane_needs(m, s, i, e, p);
  const int here = static_cast<int>(here_lane.index);
  const int need_here = needs.changes[static_cast<std::size_t>(here)];
  if (need_here == 0) return kNone;
  const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
  const VehicleType& vt = m.types[mv.type];
  const double rest = std::min(here_lane.length_m, obstructed_ahead(s, lane, p) ? s.lane_block[lane] : kInf) - p;
  const double look_v = std::max(s.speed[i], desired_speed(s, vt, mv, lane));
  const int count = static_cast<int>(std::min<std::uint32_t>(e.lanes.count, kMaxLanes));
  for (const int dir : {-1, 1}) {
    const int k = here + dir;
    if (k < 0 || k >= count || needs.changes[static_cast<std::size_t>(k)] >= need_here) continue;
    const std::uint32_t target = e.lanes.first + static_cast<std::uint32_t>(k);
    if ((n.lanes[target].allowed & mask_of(vt.cls)) == 0 || s.lane_closed[target]) continue;
    const LaneSide side = dir > 0 ? LaneSide::left : LaneSide::right;
    if (rest < strategic_lookahead(vt, need_here, side, look_v)) return target;
  }
  return kNone;
}

// Whether vehicle i may be at `p` on `lane` given the leader and follower there: no overlap, and
// neither it behind the leader nor the follower behind it must brake harder than b_safe.
// `self_after` and `follower_after` receive those accelerations (0 when there is no such vehicle).
// For an urgent change a standing vehicle needs no braking room: SUMO's secure gap at standstill is
// 0 (MSCFModel::getSecureGap), so a standing follower, or the standing changer itself, only needs
// the vehicles not to overlap. Without this a changer standing at its lane's end beside a standing
// follower that cooperates (waits for it) would wait for ever (seen on the district's roads).
bool safe_between(const TrafficModel& m, const TrafficState& s, std::uint32_t i, std::uint32_t lane, double p,
                  Neighbours nb, double b_safe, double& self_after, double& follower_after, bool urgent = false) {
  const double len = type_of(m, s, i).length;
  follower_after = 0.0;
  if (nb.leader != kNone && s.pos[nb.leader] - type_of(m, s, nb.leader).length - p < 0.0) return false;
  if (nb.follower != kNone && p - len - s.pos[nb.follower] < 0.0) return false;
  self_after = accel_on(m, s, i, lane, p, nb.leader);
  if (nb.follower != kNone) {
    const ModelVehicle& fv = m.vehicles[s.vehicle[nb.follower]];
    const IdmParams idm = idm_params(m.types[fv.type], s.lane_speed[lane], fv.speed_factor);
    follower_after = idm_acceleration(idm, s.speed[nb.follower], p - len - s.pos[nb.follower], s.speed[i]);
  }
  constexpr double kStanding = 0.1;  // m/s
  const bool self_ok = self_after >= -b_safe || (urgent && s.speed[i] < kStanding);
  const bool follower_ok = follower_after >= -b_safe || (urgent && nb.follower != kNone && s.speed[nb.follower] < kStanding);
  return self_ok && follower_ok;
}

// Whether vehicle i (front at p, length len) fits on its lane's list between the vehicles just
// ahead of and just behind slot `other`, whose place it would take in a swap.
bool fits_in_place_of(const TrafficModel& m, const TrafficState& s, std::uint32_t other, double p, double len) {
  const std::uint32_t lane = s.lane[other];
  const std::uint32_t base = s.lane_first[lane], rank = s.lane_rank[other];
  if (rank > 0) {
    const std::uint32_t a = s.lane_slots[base + rank - 1];
    if (s.pos[a] - type_of(m, s, a).length < p) return false;
  }
  if (base + rank + 1 < s.lane_first[lane + 1] && s.pos[s.lane_slots[base + rank + 1]] > p - len) return false;
  return true;
}

// The vehicle that standing vehicle i, blocked in its urgent change to `target`, swaps lanes with:
// one standing on `target` beside it (their lengths overlap) whose own urgent change is to i's
// lane, when each fits in the other's place. kNone when there is none.
std::uint32_t swap_partner(const TrafficModel& m, const TrafficState& s, std::uint32_t i, std::uint32_t target) {
  const double wait_v = m.options.waiting_speed_mps;
  if (s.speed[i] >= wait_v) return kNone;
  const double p = s.pos[i], len = type_of(m, s, i).length;
  const Neighbours nb = neighbours_at(s, target, std::min(p, m.net.lanes[target].length_m));
  for (const std::uint32_t j : {nb.leader, nb.follower}) {
    if (j == kNone || s.speed[j] >= wait_v) continue;
    const double pj = s.pos[j], len_j = type_of(m, s, j).length;
    if (pj - len_j >= p || pj <= p - len) continue;  // not beside it
    if (urgent_target(m, s, j) != s.lane[i]) continue;
    if (pj > m.net.lanes[s.lane[i]].length_m || p > m.net.lanes[target].length_m) continue;
    if (fits_in_place_of(m, s, j, p, len) && fits_in_place_of(m, s, i, pj, len_j)) return j;
  }
  return kNone;
}

// The lane vehicle i wants to change to (kNone: stay). Reads the stage's starting state only.
std::uint32_t decide(const TrafficModel& m, const TrafficState& s, std::uint32_t i) {
  const Network& n = m.net;
  const std::uint32_t lane = s.lane[i];
  if (is_internal_lane(n, lane) || s.service_left[i] >= 0.0) return kNone;  // not while served at a checkpoint
  const Lane& here_lane = n.lanes[lane];
  const Edge& e = n.edges[here_lane.edge];
  if (e.lanes.count < 2 || here_lane.index >= kMaxLanes) return kNone;
  const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
  const VehicleType& vt = m.types[mv.type];
  const ClassMask cls = mask_of(vt.cls);
  const double p = s.pos[i], v = s.speed[i];
  // The distance left on this lane: to its end, or to an obstruction ahead.
  const double rest = std::min(here_lane.length_m, obstructed_ahead(s, lane, p) ? s.lane_block[lane] : kInf) - p;
  const LaneNeeds needs = lane_needs(m, s, i, e, p);
  const int here = static_cast<int>(here_lane.index);
  const double look_v = std::max(v, desired_speed(s, vt, mv, lane));

  // The present situation: own leader and follower on this lane.
  const std::uint32_t base = s.lane_first[lane], rank = s.lane_rank[i];
  const std::uint32_t leader = rank > 0 ? s.lane_slots[base + rank - 1] : kNone;
  const std::uint32_t old_follower = base + rank + 1 < s.lane_first[lane + 1] ? s.lane_slots[base + rank + 1] : kNone;
  MobilAccelerations acc;
  acc.self_now = accel_on(m, s, i, lane, p, leader);
  if (old_follower != kNone) {
    acc.old_follower_now = accel_on(m, s, old_follower, lane, s.pos[old_follower], i);
    acc.old_follower_after = accel_on(m, s, old_follower, lane, s.pos[old_follower], leader);
  }

  const std::uint32_t urgent = urgent_target(m, s, i);
  std::uint32_t best = kNone;
  double best_margin = -kInf;
  for (const int dir : {-1, 1}) {
    const int k = here + dir;
    if (k < 0 || k >= static_cast<int>(std::min<std::uint32_t>(e.lanes.count, kMaxLanes))) continue;
    const std::uint32_t target = e.lanes.first + static_cast<std::uint32_t>(k);
    if ((n.lanes[target].allowed & cls) == 0 || s.lane_closed[target]) continue;
    if (urgent != kNone && target != urgent) continue;  // an urgent change first
    const LaneSide side = dir > 0 ? LaneSide::left : LaneSide::right;
    const int need_there = needs.changes[static_cast<std::size_t>(k)];
    if (urgent == kNone) {
      // Discretionary: not in the last metres, and only while the lane's end is beyond the
      // look-ahead for coming back when the target lane would need a change back.
      if (rest < kNoDiscretionaryM) continue;
      const int need_here = needs.changes[static_cast<std::size_t>(here)];
      const LaneSide back = side == LaneSide::left ? LaneSide::right : LaneSide::left;
      if (need_there > need_here && rest < strategic_lookahead(vt, need_there, back, look_v)) continue;
    }
    const double p_there = std::min(p, n.lanes[target].length_m);
    const Neighbours nb = neighbours_at(s, target, p_there);
    MobilAccelerations a = acc;
    double self_after = 0.0, follower_after = 0.0;
    const bool safe = safe_between(m, s, i, target, p_there, nb, vt.lc.b_safe, self_after, follower_after, urgent != kNone);
    if (!safe) continue;
    if (urgent != kNone) return target;  // LC2013: an urgent change is made whenever it is safe
    a.self_after = self_after;
    if (nb.follower != kNone) {
      a.new_follower_now = accel_on(m, s, nb.follower, target, s.pos[nb.follower], nb.leader);
      a.new_follower_after = follower_after;
    }
    const MobilDecision d = mobil_decide(vt.lc, a, side);
    if (!d.change) continue;
    const double margin = d.incentive - d.required;
    if (margin > best_margin) {
      best_margin = margin;
      best = target;
    }
  }
  if (best == kNone && urgent != kNone && swap_partner(m, s, i, urgent) != kNone) return urgent | kSwapBit;
  return best;
}

// Whether the decision of vehicle i (on `from`, moving to `to` at p) still stands during the
// commit: the vehicles it was decided against — its leader and follower on its lane, the leader
// and follower at p on the target lane — are where they were, and no vehicle that moved earlier
// in this pass (`moved_in`, slots) came onto the target lane between those two. Then the
// neighbourhood is the one the decision found safe; otherwise the vehicle decides again in the
// next step. The lane lists are those of the stage's start (not rebuilt during the pass).
bool decision_stands(const TrafficState& s, std::uint32_t i, std::uint32_t from, std::uint32_t to, double p,
                     const std::uint32_t* moved_in, std::size_t moved_count) {
  const std::uint32_t base = s.lane_first[from], rank = s.lane_rank[i];
  if (rank > 0 && s.lane[s.lane_slots[base + rank - 1]] != from) return false;
  if (base + rank + 1 < s.lane_first[from + 1] && s.lane[s.lane_slots[base + rank + 1]] != from) return false;
  const Neighbours nb = neighbours_at(s, to, p);
  if (nb.leader != kNone && s.lane[nb.leader] != to) return false;
  if (nb.follower != kNone && s.lane[nb.follower] != to) return false;
  const double ahead = nb.leader != kNone ? s.pos[nb.leader] : kInf;
  const double behind = nb.follower != kNone ? s.pos[nb.follower] : -kInf;
  for (std::size_t c = 0; c < moved_count; ++c) {
    const std::uint32_t j = moved_in[c];
    if (s.lane[j] == to && s.pos[j] <= ahead && s.pos[j] >= behind) return false;
  }
  return true;
}

}  // namespace

double lane_change_speed(const TrafficModel& m, const TrafficState& s, std::uint32_t i, double dt) {
  const Network& n = m.net;
  const std::uint32_t lane = s.lane[i];
  if (is_internal_lane(n, lane)) return kInf;
  const Lane& here_lane = n.lanes[lane];
  const Edge& e = n.edges[here_lane.edge];
  if (e.lanes.count < 2 || here_lane.index >= kMaxLanes) return kInf;
  const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
  const VehicleType& vt = m.types[mv.type];
  const IdmParams idm = idm_params(vt, s.lane_speed[lane], mv.speed_factor);
  const int iters = sumo_idm_iterations(dt, vt.stepping);
  const double p = s.pos[i], v = s.speed[i];
  // The lowest speed it brakes to for this: its comfortable deceleration, for cooperation times
  // lcCooperative (0: it does not cooperate).
  const double own_need = v - vt.decel * dt;
  const double cooperative = v - vt.lc_cooperative * vt.decel * dt;
  double cap = kInf;
  // Following `j` (on another lane) as if it were the leader: only from behind its rear, and
  // only when that needs no more than comfortable braking.
  auto follow = [&](std::uint32_t j, double lowest) {
    const double gap = s.pos[j] - type_of(m, s, j).length - p;
    if (gap < 0.0) return;
    const double vf = sumo_idm_follow_speed(idm, v, gap, s.speed[j], dt, iters);
    if (vf >= lowest) cap = std::min(cap, vf);
  };
  // Its own urgent change: get behind the leader on the target lane.
  if (const std::uint32_t t = urgent_target(m, s, i); t != kNone) {
    const Neighbours nb = neighbours_at(s, t, std::min(p, n.lanes[t].length_m));
    if (nb.leader != kNone) follow(nb.leader, own_need);
  }
  // Cooperation: the vehicle just ahead on a neighbouring lane that must change onto this one.
  if (s.lane_closed[lane] || vt.lc_cooperative <= 0.0) return cap;
  const std::uint32_t count = std::min<std::uint32_t>(e.lanes.count, kMaxLanes);
  for (const int dir : {-1, 1}) {
    const int k = static_cast<int>(here_lane.index) + dir;
    if (k < 0 || k >= static_cast<int>(count)) continue;
    const std::uint32_t nl = e.lanes.first + static_cast<std::uint32_t>(k);
    const std::uint32_t j = neighbours_at(s, nl, std::min(p, n.lanes[nl].length_m)).leader;
    if (j != kNone && urgent_target(m, s, j) == lane) follow(j, cooperative);
  }
  return cap;
}

bool strategic_lane_changes(const TrafficModel& m, TrafficState& s) {
  const std::size_t count = s.vehicle.size();
  if (count == 0) return false;
  // Per-slot scratch: the decided target lane of each slot, then (compacted in place as the
  // commit walks the slots) the slots that changed. slot_scratch is free here: every stage that
  // uses it assigns it first. Its capacity is reserved for all vehicles, so no allocation.
  std::vector<std::uint32_t>& target = s.slot_scratch;
  target.resize(count);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, kGrain), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) target[i] = decide(m, s, static_cast<std::uint32_t>(i));
  });

  std::size_t moved = 0;  // target[0 .. moved) are the slots that changed, in slot order
  bool swapped = false;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t to = target[i];
    if (to == kNone) continue;
    const auto slot = static_cast<std::uint32_t>(i);
    if ((to & kSwapBit) != 0) {
      // A swap, applied by the lower slot of the pair when both decided it and neither has moved
      // (the partner is found again from the lane lists of the stage's start).
      const std::uint32_t lane_to = to & ~kSwapBit, from = s.lane[i];
      const std::uint32_t j = swap_partner(m, s, slot, lane_to);
      if (j == kNone || j <= slot || s.lane[j] != lane_to || target[j] != (from | kSwapBit)) continue;
      bool crowded = false;  // a vehicle that changed earlier in this pass came in beside them
      for (std::size_t c = 0; c < moved && !crowded; ++c) {
        const std::uint32_t k = target[c];
        crowded = (s.lane[k] == from || s.lane[k] == lane_to) && std::abs(s.pos[k] - s.pos[i]) < kMinLookaheadM;
      }
      if (crowded) continue;
      s.lane[i] = lane_to;
      s.lane[j] = from;
      target[j] = kNone;  // done (j > i: not yet read)
      swapped = true;
      continue;
    }
    const double p = std::min(s.pos[i], m.net.lanes[to].length_m);
    if (!decision_stands(s, slot, s.lane[i], to, p, target.data(), moved)) continue;
    s.lane[i] = to;
    s.pos[i] = p;
    target[moved++] = slot;  // moved <= i: overwrites only entries already read
  }
  if (moved == 0 && !swapped) return false;
  rebuild_lanes(m, s);
  return true;
}

}  // namespace dpt::sim::traffic::detail
