// The moving stages of the traffic step (traffic_step.h): junction approaches, safe speeds, and
// the move itself. Each runs in parallel over the vehicles, each vehicle writing its own slot.
//
// The junction model follows SUMO's (sumo.dlr.de/docs/Simulation/Intersections.html and J. Erdmann,
// D. Krajzewicz, "SUMO's Road Intersection Model", SUMO 2013 proceedings):
//  - every vehicle announces at its next junction link the window [arrival, leave] in which it
//    will occupy the junction; a vehicle on a link that must yield enters only when no announced
//    foe window comes closer than the junction time gap (jmTimegapMinor, 1 s);
//  - a vehicle on a link without right of way ('g', 'm', '=', ...) approaches it ready to stop
//    until it is within the link's foe visibility distance (4.5 m), and only then decides to
//    cross: on minor roads and for left turns this costs time even when no foe comes;
//  - a `cont` link (a left turn with an internal junction) is entered whatever the foes; its
//    vehicles yield at the internal junction inside;
//  - it waits 1 m before the stop line at a red or yellow light, right at the line (0.1 m) on a
//    minor link.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "dpt/sim/traffic/traffic_measures.h"
#include "dpt/sim/traffic/traffic_step.h"
#include "step_internal.h"
#include "step_stages.h"

namespace dpt::sim::traffic::detail {

namespace {

constexpr std::size_t kGrain = 256;
constexpr double kStopMargin = 1e-3;  // m short of a stop line
constexpr double kInf = std::numeric_limits<double>::infinity();
// SUMO's stopping offsets (Simulation/Intersections.html "Waiting before the Intersection"): 1 m
// before the line at a light or on a link that will get right of way, at the line (its
// POSITION_EPS, 0.1 m) on a minor link, to keep the crossing time short.
constexpr double kStopOffsetPriority = 1.0;
constexpr double kStopOffsetMinor = 0.1;
// SUMO's default foe visibility distance of a connection (attribute visibility, 4.5 m): a vehicle
// on a minor link sees the foes only from this close (Simulation/Intersections.html "Speed when
// approaching the intersection").
constexpr double kFoeVisibility = 4.5;
// A checkpoint counts for a vehicle whose front is at most this far past its position (it stops
// 1 mm short of it; a little more for rounding).
constexpr double kCheckpointReach = 0.5;
// A vehicle that has come to a stop, first in its lane's queue, with its front within this distance
// short of a checkpoint is at the booth (the IDM's approach to a stop may end a little short of it).
constexpr double kCheckpointZone = 3.0;
// service_left of a vehicle whose service ended in this step (< 0: not being served).
constexpr double kJustServed = -2.0;
// How far ahead a vehicle announces itself at its next junction (SUMO looks further for fast
// vehicles: here 10 s of driving, at least 100 m).
double approach_horizon(double v) { return std::max(100.0, 10.0 * v); }
// SUMO's --tls.yellow.min-decel (default 3 m/s^2): at a yellow light a vehicle brakes at
// max(decel, min(this, emergencyDecel)) when it can still stop before the line that way
// (MSVehicle::planMoveInternal); with Treiber's b = 1.5 m/s^2 that is twice the comfortable braking.
constexpr double kYellowMinDecel = 3.0;

// The distance to stop from v braking at b, as SUMO's MSCFModel::brakeGap counts it: under Euler
// the speed falls by b dt per whole step (floor(v / (b dt)) steps), under the ballistic update
// v^2 / (2 b).
double sumo_brake_gap(double v, double b, double dt, bool ballistic) {
  if (v <= 0.0 || b <= 0.0) return 0.0;
  if (ballistic) return v * v / (2.0 * b);
  const double reduction = b * dt;
  const double steps = std::floor(v / reduction);
  return dt * (steps * v - reduction * steps * (steps + 1.0) / 2.0);
}

char link_signal(const TrafficModel& m, const TrafficState& s, const Connection& c) {
  // A signal put at the junction by a measure (traffic police) overrides its lights and right of way.
  if (c.junction != kNone && c.link_index != kNone) {
    if (const std::uint32_t k = s.junction_signal[c.junction]; k != kNone) {
      return measure_signal_state(m, s.measures[k], c.junction, c.link_index, s.time_s);
    }
  }
  if (c.tl == kNone) return static_cast<char>(c.state);
  const SignalProgram& p = m.net.signals[c.tl];
  if (p.phases.empty()) return 'O';
  const std::string& st = p.phases[s.signal_phase[c.tl]].state;
  return c.tl_link < st.size() ? st[c.tl_link] : 'O';
}

// A link whose light is red (or yellow for one that can stop) will not be entered: its
// approachers need not be yielded to.
bool closed_by_light(char st) { return st == 'r' || st == 'u' || st == 's'; }

// SUMO's havePriority(): upper-case link states (G, M, O, Y, ...) have right of way.
bool has_priority(char st) { return st >= 'A' && st <= 'Z'; }
bool is_yellow_or_red(char st) { return st == 'y' || st == 'Y' || st == 'r' || st == 'u'; }

// Whether a link is under a light: its junction's program, or a signal a measure put there.
bool signalised(const TrafficState& s, const Connection& c) {
  return c.tl != kNone || (c.junction != kNone && c.link_index != kNone && s.junction_signal[c.junction] != kNone);
}

// Whether some signalised link at the end of `lane` shows yellow or red now.
bool any_light_stops(const TrafficModel& m, const TrafficState& s, std::uint32_t lane) {
  for (const Connection& c : m.net.outgoing(lane))
    if (signalised(s, c) && is_yellow_or_red(link_signal(m, s, c))) return true;
  return false;
}

// The highest speed from which a vehicle can still stop within `gap` metres braking at b with
// SUMO's Euler update (one step of reaction at that speed, then braking: v dt + v^2 / (2 b) = gap).
double max_safe_stop_speed(double gap, double b, double dt) {
  if (gap <= 0.0 || b <= 0.0) return 0.0;
  const double h = 0.5 * b * dt;
  return -h + std::sqrt(h * h + 2.0 * b * gap);
}

// Speed after accelerating at `a` over `dist` metres from v (SUMO's estimateSpeedAfterDistance).
double speed_after(double dist, double v, double a) { return std::sqrt(std::max(0.0, v * v + 2.0 * a * dist)); }

// Time to reach a point `dist` ahead, arriving at `v_arr`: accelerating at a when v_arr >= v
// (time_to_cover), else at v until braking at b as late as possible (SUMO's
// MSCFModel::getMinimalArrivalTime).
double arrival_time(double dist, double v, double v_arr, double a, double b) {
  if (v_arr >= v || b <= 0.0) return time_to_cover(dist, v, a, v_arr);
  const double d_brake = (v * v - v_arr * v_arr) / (2.0 * b);
  if (d_brake >= dist) return dist / std::max(0.5 * (v + v_arr), 0.1);
  return (dist - d_brake) / std::max(v, 0.1) + (v - v_arr) / b;
}

// A vehicle on a link without right of way that is still farther than the visibility distance
// prepares to stop at it (SUMO's minor-link approach). Not on a `cont` link (one with an
// internal junction: its vehicles may enter and wait inside), nor on the second half of such a
// link when the first half had right of way (SUMO's lastWasContMajor).
bool approaches_slowly(char st, bool cont, bool after_major_cont) { return !has_priority(st) && !cont && !after_major_cont; }

// Whether there is room for vehicle i on the lane the link leads to, behind the last vehicle
// there: a vehicle does not drive into a junction it could not leave (SUMO's junction-blocking
// rule), which would block the crossing streams and can lock a grid.
bool exit_has_room(const TrafficModel& m, const TrafficState& s, std::size_t i, const Connection& c) {
  const std::uint32_t to = c.to_lane;
  if (to == kNone) return true;
  const std::uint32_t b = s.lane_first[to], e = s.lane_first[to + 1];
  if (e == b) return true;
  const std::uint32_t j = s.lane_slots[e - 1];
  const VehicleType& vt = m.types[m.vehicles[s.vehicle[i]].type];
  const double rear = s.pos[j] - m.types[m.vehicles[s.vehicle[j]].type].length;
  // Room for our length and gap, or the last vehicle there is moving away.
  return rear >= vt.length + vt.min_gap || s.speed[j] > 1.0;
}

bool foes_clear(const TrafficModel& m, const TrafficState& s, const Connection& c, double a, double l, double impatient);

// Whether a vehicle is inside junction link `c`'s junction on a link that crosses it (on the first
// internal lane of a foe link that does not merge with it; a cont link's vehicles wait at its
// internal junction, short of the crossing).
bool foe_inside(const TrafficModel& m, const TrafficState& s, const Connection& c) {
  const Network& n = m.net;
  const std::uint32_t links = n.junctions[c.junction].link_count;
  const std::uint32_t base = m.junction_link_first[c.junction];
  for (std::uint32_t k = 0; k < links; ++k) {
    if (k == c.link_index || !n.is_foe(c.junction, c.link_index, k)) continue;
    const std::uint32_t fc = m.link_conn[base + k];
    if (fc == kNone) continue;
    const Connection& foe = n.connections[fc];
    if (foe.via_lane == kNone || foe.to_lane == c.to_lane || n.cont(c.junction, k)) continue;
    if (s.lane_first[foe.via_lane + 1] > s.lane_first[foe.via_lane]) return true;
  }
  return false;
}

// SUMO's impatience of a waiting vehicle: its standing time over time-to-impatience, at most 1
// (MSVehicle::getImpatience with the vType's impatience 0).
double impatience(const TrafficModel& m, const TrafficState& s, std::size_t i) {
  const double tti = m.options.time_to_impatience_s;
  return tti > 0.0 ? std::min(1.0, s.standing_s[i] / tti) : 0.0;
}

// Whether vehicle i may enter junction link `ci` (its first link ahead, `seen` metres away).
bool link_open(const TrafficModel& m, const TrafficState& s, std::size_t i, std::uint32_t ci, double seen) {
  const Network& n = m.net;
  const Connection& c = n.connections[ci];
  const char st = link_signal(m, s, c);
  const VehicleType& vt = m.types[m.vehicles[s.vehicle[i]].type];
  if (st != 'y' && st != 'Y' && !exit_has_room(m, s, i, c)) return false;
  switch (st) {
    case 'r':
    case 'u':
      return false;
    case 'y':
    case 'Y': {
      // Yellow: stop when it is still possible at SUMO's yellow deceleration (its
      // canBrakeBeforeStopLine); go when it is too close.
      const double b = std::max(vt.decel, std::min(kYellowMinDecel, vt.emergency_decel));
      return sumo_brake_gap(s.speed[i], b, m.options.step_length_s, m.options.ballistic) > seen;
    }
    case 'G':
    case 'M':
    case 'O':
      return true;  // the prioritised stream: goes
    default:
      break;  // g, m, =, o, s, w, Z: yield to the links over it
  }
  if (c.junction == kNone || c.link_index == kNone) return true;
  // A cont link (one with an internal junction) is entered whatever the foes: its vehicles wait
  // for them at the internal junction inside (SUMO's MSLink::opened; internal_junction_clear).
  if (n.cont(c.junction, c.link_index)) return true;
  return foes_clear(m, s, c, s.approach_arrive[i], s.approach_leave[i], impatience(m, s, i));
}

// Whether a vehicle that occupies junction link `c` from `a` to `l` (s) keeps clear of every
// announced vehicle on the links that `c` must yield to (its row of the junction's response table).
// An impatient vehicle (`impatient`, 0..1) counts a foe's arrival that much towards the time
// the foe would arrive braking for it (SUMO's MSLink::blockedByFoe).
bool foes_clear(const TrafficModel& m, const TrafficState& s, const Connection& c, double a, double l, double impatient) {
  const Network& n = m.net;
  const double gap_t = m.options.junction_time_gap_s;
  const auto row = n.response(c.junction, c.link_index);
  const std::uint32_t links = n.junctions[c.junction].link_count;
  const std::uint32_t base = m.junction_link_first[c.junction];
  for (std::uint32_t w = 0; w < row.size(); ++w) {
    std::uint64_t bits = row[w];
    while (bits != 0) {
      const int b = __builtin_ctzll(bits);
      bits &= bits - 1;
      const std::uint32_t k = w * 64 + static_cast<std::uint32_t>(b);
      if (k >= links) break;
      const std::uint32_t fc = m.link_conn[base + k];
      if (fc == kNone) continue;
      const Connection& foe = n.connections[fc];
      if (closed_by_light(link_signal(m, s, foe))) continue;
      const bool same_target = foe.to_lane == c.to_lane;
      for (std::uint32_t q = s.conn_first[fc]; q < s.conn_first[fc + 1]; ++q) {
        const std::uint32_t o = s.approach_slots[q];
        // SUMO's MSLink::blockedByFoe: no conflict when the foe has left before we arrive
        // (merging onto the same lane: by at least the time gap), or when it arrives more than
        // the time gap after we have left.
        if (s.approach_leave[o] < a) {
          if (same_target && a - s.approach_leave[o] < gap_t) return false;
        } else if ((1.0 - impatient) * s.approach_arrive[o] + impatient * s.approach_braking[o] <= l + gap_t) {
          return false;
        }
      }
    }
  }
  return true;
}

// How a vehicle passes a junction whose entry link (connection `ci`, `seen` metres ahead) it
// takes: the length inside, the speed allowed on the first internal lane, and where it must be
// ready to stop when it approaches without right of way (see approaches_slowly).
struct JunctionPass {
  double inside = 0.0;   // metres of internal lanes up to the lane after the junction
  double v_link = 0.0;   // the vehicle's desired speed on the first internal lane (>= 1 m/s)
  double v_exit = 0.0;   // its desired speed on the lane after the junction
  bool slow = false;     // approaches ready to stop (a minor link, or an internal junction)
  double slow_at = 0.0;  // where: metres past the entry stop line (an internal junction's stop)
};

JunctionPass junction_pass(const TrafficModel& m, const TrafficState& s, std::size_t i, const ModelVehicle& mv, const VehicleType& vt,
                           std::uint32_t ci, std::uint32_t next, std::uint32_t rp) {
  const Network& n = m.net;
  const Connection& c = n.connections[ci];
  JunctionPass p;
  p.v_link = std::max(desired_speed(s, vt, mv, next), 1.0);
  const char st = link_signal(m, s, c);
  const bool cont = c.junction != kNone && c.link_index != kNone && n.cont(c.junction, c.link_index);
  if (approaches_slowly(st, cont, false)) p.slow = true;
  std::uint32_t last = next;
  for (std::uint32_t l2 = next, guard = 0; l2 != kNone && is_internal_lane(n, l2) && guard < 8; ++guard) {
    std::uint32_t nn = kNone;
    const std::uint32_t c2 = next_on_route_here(m, s, i, l2, rp, nn);
    // The second half of a cont link: an internal junction at the end of this internal lane.
    if (!p.slow && c2 != kNone && n.connections[c2].via_lane != kNone &&
        approaches_slowly(static_cast<char>(n.connections[c2].state), false, has_priority(st) || st == 'y' || st == 'Y')) {
      p.slow = true;
      p.slow_at = p.inside + n.lanes[l2].length_m;
    }
    p.inside += n.lanes[l2].length_m;
    last = nn;
    if (c2 == kNone) break;
    l2 = nn;
  }
  p.v_exit = last != kNone ? std::max(desired_speed(s, vt, mv, last), 1.0) : p.v_link;
  return p;
}

// Whether vehicle i may pass the internal junction at the end of internal lane `lane`, `seen`
// metres ahead, into the second half `next` of its junction link: its window there (as for an
// entry link: arriving at the second half's speed, or slowed for the visibility distance) clear
// of the foes of the junction link it entered by.
bool internal_junction_clear(const TrafficModel& m, const TrafficState& s, std::size_t i, std::uint32_t lane,
                             std::uint32_t next, double seen, double t, double dt) {
  const Network& n = m.net;
  const std::uint32_t entry = m.internal_lane_link[lane];
  if (entry == kNone) return true;
  const Connection& ce = n.connections[entry];
  // Right of way at the entry, or the light has turned red behind it: it clears the junction
  // (SUMO's MSLink::lastWasContMajorGreen).
  const char st = link_signal(m, s, ce);
  if (ce.junction == kNone || ce.link_index == kNone || has_priority(st) || st == 'r') return true;
  const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
  const VehicleType& vt = m.types[mv.type];
  const double v = s.speed[i];
  const double v_link = std::max(desired_speed(s, vt, mv, next), 1.0);
  double inside = 0.0;
  std::uint32_t last = next;
  for (std::uint32_t l2 = next, guard = 0; l2 != kNone && is_internal_lane(n, l2) && guard < 8; ++guard) {
    inside += n.lanes[l2].length_m;
    std::uint32_t nn = kNone;
    if (next_on_route_here(m, s, i, l2, s.route_pos[i], nn) == kNone) break;
    last = nn;
    l2 = nn;
  }
  const double v_exit = std::max(desired_speed(s, vt, mv, last), 1.0);
  double v_arr = std::min(v_link, speed_after(seen, v, vt.accel));
  if (seen > kFoeVisibility) v_arr = std::min(v_arr, speed_after(kFoeVisibility, max_safe_stop_speed(kFoeVisibility, vt.decel, dt), vt.accel));
  const double v_leave = std::min(v_exit, speed_after(inside, v_arr, vt.accel));
  const double arrive = t + arrival_time(seen, v, v_arr, vt.accel, vt.decel);
  const double leave = arrive + (inside + vt.length) / std::max(0.5 * (v_arr + v_leave), 0.1);
  return foes_clear(m, s, ce, arrive, leave, impatience(m, s, i));
}

// Where on `lane` a vehicle in slot i must stop, at or beyond position `from`: an obstruction (an
// accident), or a checkpoint that has not served it yet. +infinity when nothing stops it there.
double stop_on_lane(const TrafficState& s, std::size_t i, std::uint32_t lane, double from) {
  double stop = s.lane_block[lane] >= from ? s.lane_block[lane] : kInf;
  if (const std::uint32_t cp = s.lane_checkpoint[lane]; cp != kNone) {
    const Measure& ms = s.measures[cp];
    if (s.served_by[i] != ms.id && ms.pos_m >= from - kCheckpointReach) stop = std::min(stop, ms.pos_m);
  }
  return stop;
}

}  // namespace

void find_approaches(const TrafficModel& m, TrafficState& s, double t) {
  const Network& n = m.net;
  const std::size_t count = s.vehicle.size();
  const double dt = m.options.step_length_s;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, kGrain), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      s.approach_conn[i] = kNone;
      s.approach_arrive[i] = kInf;  // no junction ahead within reach (yet)
      s.approach_leave[i] = kInf;
      s.approach_braking[i] = kInf;
      s.here_next[i] = kNone;
      s.here_conn[i] = next_on_route(m, s, i, s.lane[i], s.route_pos[i], s.here_next[i]);
      const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
      const VehicleType& vt = m.types[mv.type];
      const double v = s.speed[i];
      std::uint32_t lane = s.lane[i];
      // Inside a junction: the vehicle occupies its link until it has left the junction.
      if (const std::uint32_t own = m.internal_lane_link[lane]; own != kNone) {
        double rest = n.lanes[lane].length_m - s.pos[i] + vt.length;
        std::uint32_t l2 = lane, nl = kNone;
        for (int guard = 0; guard < 8; ++guard) {  // the rest of the junction's internal lanes
          if (next_on_route_here(m, s, i, l2, s.route_pos[i], nl) == kNone || !is_internal_lane(n, nl)) break;
          rest += n.lanes[nl].length_m;
          l2 = nl;
        }
        s.approach_conn[i] = own;
        s.approach_arrive[i] = t;
        s.approach_braking[i] = t;
        s.approach_leave[i] = t + rest / std::max(v, 1.0);
        continue;
      }
      double seen = n.lanes[lane].length_m - s.pos[i];
      std::uint32_t rp = s.route_pos[i];
      // As far as plan_speeds looks for links: its own window must be known wherever it checks one.
      const double horizon = std::max(approach_horizon(v), v * v / (2.0 * vt.decel) + v * dt + 2.0 * vt.length);
      while (seen < horizon) {
        std::uint32_t next = kNone;
        const std::uint32_t ci = next_on_route_here(m, s, i, lane, rp, next);
        if (ci == kNone) break;
        const Connection& c = n.connections[ci];
        if (c.link_index != kNone && c.junction != kNone) {
          // SUMO's request at a link (MSVehicle::planMoveInternal, MSLink::getLeaveTime): it arrives
          // at the link's speed, or, approaching without right of way from beyond the visibility
          // distance, at the speed it can reach after slowing so it could stop there; it leaves
          // after driving the junction and its own length at the mean of its arrival speed and the
          // speed it can reach inside.
          const JunctionPass p = junction_pass(m, s, i, mv, vt, ci, next, rp);
          // Not faster than it can get by the link (SUMO's vLinkPass bound).
          double v_arr = std::min(p.v_link, speed_after(seen, v, vt.accel));
          if (p.slow && seen + p.slow_at > kFoeVisibility) {
            const double v_vis = max_safe_stop_speed(kFoeVisibility, vt.decel, dt);
            v_arr = std::min(v_arr, speed_after(kFoeVisibility, v_vis, vt.accel));
          }
          const double v_leave = std::min(p.v_exit, speed_after(p.inside, v_arr, vt.accel));
          const double arrive = t + arrival_time(seen, v, v_arr, vt.accel, vt.decel);
          s.approach_arrive[i] = arrive;
          // Braking at its decel from now: it reaches the line at sqrt(v^2 - 2 b d) (0 when it
          // could stop before), at the mean of the two speeds (SUMO's arrivalTimeBraking).
          const double v_brake = std::sqrt(std::max(0.0, v * v - 2.0 * vt.decel * seen));
          s.approach_braking[i] = std::max(arrive, t + seen / std::max(0.5 * (v + v_brake), 1e-3));
          s.approach_leave[i] = arrive + (p.inside + vt.length) / std::max(0.5 * (v_arr + v_leave), 0.1);
          // Only a vehicle that planned to pass is announced: one stopping at a red light or
          // behind a full exit does not hold up the vehicles that would yield to it.
          if (s.will_pass[i]) s.approach_conn[i] = ci;
          break;
        }
        seen += n.lanes[next].length_m;
        if (!is_internal_lane(n, next)) ++rp;
        lane = next;
      }
    }
  });
  // Group the approaching vehicles by link (counting sort; slot order within a link).
  std::fill(s.conn_first.begin(), s.conn_first.end(), 0U);
  for (std::size_t i = 0; i < count; ++i)
    if (s.approach_conn[i] != kNone) ++s.conn_first[s.approach_conn[i] + 1];
  for (std::size_t c = 0; c + 1 < s.conn_first.size(); ++c) s.conn_first[c + 1] += s.conn_first[c];
  s.approach_slots.resize(s.conn_first.back());
  s.slot_scratch.assign(s.conn_first.begin(), s.conn_first.end() - 1);
  for (std::size_t i = 0; i < count; ++i)
    if (s.approach_conn[i] != kNone) s.approach_slots[s.slot_scratch[s.approach_conn[i]]++] = static_cast<std::uint32_t>(i);
}

void plan_speeds(const TrafficModel& m, TrafficState& s, double t, double dt) {
  const Network& n = m.net;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, s.vehicle.size(), kGrain), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
      const VehicleType& vt = m.types[mv.type];
      const double v = s.speed[i];
      std::uint32_t lane = s.lane[i];
      const IdmParams idm = idm_params(vt, s.lane_speed[lane], mv.speed_factor);
      const int iters = sumo_idm_iterations(dt, vt.stepping);
      double v_safe = sumo_idm_free_speed(idm, v, dt, iters);
      s.stop_at[i] = -1.0;
      s.at_checkpoint[i] = 0;
      // The leader on this lane.
      bool leader = false;
      const std::uint32_t rank = s.lane_rank[i];
      if (rank > 0) {
        const std::uint32_t j = s.lane_slots[s.lane_first[lane] + rank - 1];
        const double gap = s.pos[j] - m.types[m.vehicles[s.vehicle[j]].type].length - s.pos[i];
        v_safe = std::min(v_safe, sumo_idm_follow_speed(idm, v, gap, s.speed[j], dt, iters));
        leader = true;
      }
      // Along the route: links, speed limits and the leader on the lanes ahead, as far as the
      // vehicle could need to brake for.
      double seen = n.lanes[lane].length_m - s.pos[i];
      std::uint32_t rp = s.route_pos[i];
      const double brake = v * v / (2.0 * vt.decel) + v * dt + 2.0 * vt.length;
      const bool in_junction = is_internal_lane(n, lane);
      bool link_checked = in_junction;
      bool blocked = false;  // stops before its next link (closed, or the wrong lane)
      bool ij_checked = false;
      // Held at a checkpoint while being served; stopping for an obstruction or a checkpoint ahead
      // on this lane (traffic_measures.h).
      if (s.service_left[i] >= 0.0) {
        v_safe = 0.0;
        s.stop_at[i] = 0.0;
        blocked = true;
      } else if (const double stop = stop_on_lane(s, i, lane, s.pos[i]); stop < kInf) {
        const double d = std::max(0.0, stop - s.pos[i]);
        v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, d, dt, iters));
        s.stop_at[i] = d;
        blocked = true;
        // At the booth: the stop is the checkpoint (not an obstruction before it), close, and no
        // vehicle between (the one ahead has gone past it). The move starts the service once it stands.
        if (const std::uint32_t cp = s.lane_checkpoint[lane]; cp != kNone && d <= kCheckpointZone) {
          const double cp_pos = s.measures[cp].pos_m;
          const bool is_cp = cp_pos == stop;
          const bool first = rank == 0 || s.pos[s.lane_slots[s.lane_first[lane] + rank - 1]] > cp_pos + kCheckpointReach;
          s.at_checkpoint[i] = is_cp && first ? 1 : 0;
        }
      }
      while (!blocked && (seen < std::max(brake, 1.0) || !leader)) {
        if (seen > std::max(brake, approach_horizon(v))) break;
        std::uint32_t next = kNone;
        const std::uint32_t ci = next_on_route_here(m, s, i, lane, rp, next);
        if (ci == kNone) {
          if (!is_internal_lane(n, lane) && at_route_end(s, i, rp)) break;  // arrives at the lane's end
          // The wrong lane (a lane change is due): stop at its end.
          v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, seen, dt, iters));
          s.stop_at[i] = seen;
          blocked = true;
          break;
        }
        const Connection& c = n.connections[ci];
        if (!link_checked && c.link_index != kNone && c.junction != kNone) {
          link_checked = true;
          const char st = link_signal(m, s, c);
          if (!link_open(m, s, i, ci, seen)) {
            const double offset = is_yellow_or_red(st) || has_priority(st) ? kStopOffsetPriority : kStopOffsetMinor;
            const double stop = std::max(0.0, seen - offset);
            v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, stop, dt, iters));
            s.stop_at[i] = stop;
            blocked = true;
            break;
          }
          // A vehicle crossing its path inside the junction (one that took a gap, or an impatient
          // one): stop at the line for it while that is still comfortable, as SUMO's vehicles
          // brake for the leaders on foe links (MSLink::getLeaderInfo).
          // (Comfortable: its braking distance at decel fits, counted as SUMO's brakeGap - 0 below
          // decel * dt, so a vehicle creeping the last millimetres to its stop keeps it.)
          if (foe_inside(m, s, c)) {
            const double stop = std::max(0.0, seen - kStopOffsetPriority);
            if (sumo_brake_gap(v, vt.decel, dt, m.options.ballistic) <= stop) {
              v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, stop, dt, iters));
              s.stop_at[i] = stop;
              blocked = true;
              break;
            }
          }
          // Open, but without right of way: until the foes are in sight (visibility distance),
          // approach ready to stop at the line, or at the internal junction (SUMO's minor-link
          // approach, MSVehicle "slowedDownForMinor"); from there on, cross.
          const JunctionPass p = junction_pass(m, s, i, mv, vt, ci, next, rp);
          const double ready = seen + p.slow_at;
          if (p.slow && ready > kFoeVisibility && v * v / (2.0 * vt.decel) <= ready) {
            const double stop = ready - kStopOffsetMinor;
            v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, stop, dt, iters));
            if (s.stop_at[i] < 0.0 || stop < s.stop_at[i]) s.stop_at[i] = stop;
          }
        }
        // The internal junction of a cont link (a left turn waiting inside for the oncoming
        // stream): yield there to the links the junction link must yield to, unless that link had
        // right of way (SUMO's lastWasContMajor).
        if (!ij_checked && c.via_lane != kNone && is_internal_lane(n, lane)) {
          ij_checked = true;
          if (!internal_junction_clear(m, s, i, lane, next, seen, t, dt)) {
            const double stop = std::max(0.0, seen - kStopOffsetMinor);
            v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, stop, dt, iters));
            s.stop_at[i] = stop;
            blocked = true;
            break;
          }
        }
        // An obstruction or a checkpoint on the next lane: stop there.
        if (const double stop = stop_on_lane(s, i, next, 0.0); stop < kInf) {
          v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, seen + stop, dt, iters));
          if (s.stop_at[i] < 0.0 || seen + stop < s.stop_at[i]) s.stop_at[i] = seen + stop;
          blocked = true;
          break;
        }
        // The speed limit of the next lane: be down to it when reaching it (SUMO's look-ahead).
        const double v_next_lane = desired_speed(s, vt, mv, next);
        if (v_next_lane < idm.v0) v_safe = std::min(v_safe, sumo_idm_free_speed_ahead(idm, v, seen, v_next_lane, dt, iters));
        if (!leader) {
          const std::uint32_t b = s.lane_first[next], e = s.lane_first[next + 1];
          if (e > b) {
            const std::uint32_t j = s.lane_slots[e - 1];  // the last vehicle on the next lane
            const double gap = seen + s.pos[j] - m.types[m.vehicles[s.vehicle[j]].type].length;
            v_safe = std::min(v_safe, sumo_idm_follow_speed(idm, v, gap, s.speed[j], dt, iters));
            leader = true;
          }
        }
        seen += n.lanes[next].length_m;
        if (!is_internal_lane(n, next)) ++rp;
        lane = next;
      }
      // The light at the end of the vehicle's lane counts however far away it is: SUMO's
      // planMoveInternal always processes the link at the end of the current lane before its
      // look-ahead ends, so a red light (or a yellow one it can stop for) slows an approaching
      // vehicle through the IDM's interaction term from beyond this loop's horizon (at 10 m/s the
      // desired gap s0 + vT + v^2 / (2 sqrt(ab)) is about 58 m, so a red light 150 m ahead already
      // takes 15 % of its acceleration).
      // (The route's link is looked up only where some light at the lane's end shows yellow or
      // red: most vehicles are not at such lanes, and the look-up is the costly part.)
      if (!blocked && !link_checked && !is_internal_lane(n, s.lane[i]) && any_light_stops(m, s, s.lane[i])) {
        std::uint32_t rp_end = s.route_pos[i], after = kNone;
        const std::uint32_t ci = next_on_route_here(m, s, i, s.lane[i], rp_end, after);
        if (ci != kNone && signalised(s, n.connections[ci]) && n.connections[ci].link_index != kNone) {
          const double seen_end = n.lanes[s.lane[i]].length_m - s.pos[i];
          const char st = link_signal(m, s, n.connections[ci]);
          if (is_yellow_or_red(st) && !link_open(m, s, i, ci, seen_end)) {
            const double stop = std::max(0.0, seen_end - kStopOffsetPriority);
            v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, stop, dt, iters));
            s.stop_at[i] = stop;
            blocked = true;
          }
        }
      }
      // Lane changing: getting behind the leader on the lane it must change to, or letting a
      // vehicle that must change onto this lane in ahead of it (step_lane_change.cpp).
      v_safe = std::min(v_safe, lane_change_speed(m, s, static_cast<std::uint32_t>(i), dt));
      SumoIdmVehicle veh{idm, vt.max_speed, vt.emergency_decel, vt.stepping};
      s.v_next[i] = sumo_idm_finalize_speed(veh, v, std::max(0.0, v_safe), dt);
      // Announced at its next link only when it means to drive on (SUMO's setRequest: a planned
      // speed above 0): a car standing in a queue behind a vehicle that waits for a gap must not
      // hold up the vehicles that the waiting one yields to - that would lock the junction.
      s.will_pass[i] = !blocked && s.v_next[i] > 0.0 ? 1 : 0;
    }
  });
}

void move_vehicles(const TrafficModel& m, TrafficState& s, double /*t*/, double dt) {
  const Network& n = m.net;
  const double wait_v = m.options.waiting_speed_mps;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, s.vehicle.size(), kGrain), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
      const VehicleType& vt = m.types[mv.type];
      const double v0 = s.speed[i];
      double v1 = s.v_next[i];
      std::uint32_t lane = s.lane[i];
      // Time loss against the desired speed on the lane at the step's start (SUMO's tripinfo device).
      const double v_max = desired_speed(s, vt, mv, lane);
      if (v_max > 0.0) s.time_loss[i] += dt * std::max(0.0, v_max - v1) / v_max;
      if (v1 < wait_v) {
        s.waiting[i] += dt;
        if (s.standing_s[i] == 0.0) ++s.waiting_count[i];
        s.standing_s[i] += dt;
      } else {
        s.standing_s[i] = 0.0;
      }
      double advance = m.options.ballistic ? 0.5 * (v0 + v1) * dt : v1 * dt;
      // Never through a stop line it was told to stop at: it halts just short of it (SUMO keeps
      // its numerical epsilon, 1 mm, to the line), so that the line is not crossed by rounding.
      if (s.stop_at[i] >= 0.0 && advance > s.stop_at[i] - kStopMargin) {
        advance = std::max(0.0, s.stop_at[i] - kStopMargin);
        v1 = std::min(v1, advance / dt);
      }
      double pos = s.pos[i] + advance;
      s.route_length[i] += advance;
      std::uint32_t rp = s.route_pos[i];
      while (pos >= n.lanes[lane].length_m) {
        if (!is_internal_lane(n, lane) && at_route_end(s, i, rp)) {
          // Arrived (arrivalPos "max": the front reached the end of the last edge).
          s.route_length[i] -= pos - n.lanes[lane].length_m;
          s.arrived_on[i] = lane;
          lane = kNone;
          break;
        }
        std::uint32_t next = kNone;
        if (next_on_route_here(m, s, i, lane, rp, next) == kNone) {  // wrong lane: wait at its end
          s.route_length[i] -= pos - n.lanes[lane].length_m;
          pos = n.lanes[lane].length_m;
          v1 = 0.0;
          break;
        }
        pos -= n.lanes[lane].length_m;
        lane = next;
        if (!is_internal_lane(n, lane)) ++rp;
      }
      s.speed[i] = v1;
      s.pos[i] = pos;
      s.lane[i] = lane;
      s.route_pos[i] = rp;
      // Checkpoints: the service of a vehicle held there runs down; one that has come to a stop at
      // a checkpoint that has not served it starts its service (its time drawn per vehicle).
      if (s.service_left[i] >= 0.0) {
        s.service_left[i] -= dt;
        if (s.service_left[i] <= 0.0) {
          s.served_by[i] = s.measures[s.lane_checkpoint[lane]].id;
          s.service_left[i] = kJustServed;  // counted (and reset to -1) by the step, serially
        }
      } else if (s.at_checkpoint[i] && lane != kNone && s.lane_checkpoint[lane] != kNone && v1 < wait_v) {
        const Measure& cp = s.measures[s.lane_checkpoint[lane]];
        if (s.served_by[i] != cp.id) {
          const double service = draw_service_time(cp, m.options.seed, s.vehicle[i]);
          if (service > 0.0)
            s.service_left[i] = service;
          else
            s.served_by[i] = cp.id;
        }
      }
    }
  });
}

}  // namespace dpt::sim::traffic::detail
