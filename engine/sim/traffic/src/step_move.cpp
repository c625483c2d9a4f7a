// The moving stages of the traffic step (traffic_step.h): junction approaches, safe speeds, and
// the move itself. Each runs in parallel over the vehicles, each vehicle writing its own slot.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "dpt/sim/traffic/traffic_step.h"
#include "step_internal.h"
#include "step_stages.h"

namespace dpt::sim::traffic::detail {

namespace {

constexpr std::size_t kGrain = 256;
constexpr double kStopMargin = 1e-3;  // m short of a stop line
constexpr double kInf = std::numeric_limits<double>::infinity();
// How far ahead a vehicle announces itself at its next junction (SUMO looks further for fast
// vehicles: here 10 s of driving, at least 100 m).
double approach_horizon(double v) { return std::max(100.0, 10.0 * v); }

char link_signal(const TrafficModel& m, const TrafficState& s, const Connection& c) {
  if (c.tl == kNone) return static_cast<char>(c.state);
  const SignalProgram& p = m.net.signals[c.tl];
  if (p.phases.empty()) return 'O';
  const std::string& st = p.phases[s.signal_phase[c.tl]].state;
  return c.tl_link < st.size() ? st[c.tl_link] : 'O';
}

// A link whose light is red (or yellow for one that can stop) will not be entered: its
// approachers need not be yielded to.
bool closed_by_light(char st) { return st == 'r' || st == 'u' || st == 's'; }

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
      // Yellow: stop when it is still possible at the comfortable deceleration (SUMO's rule).
      const double v = s.speed[i];
      return v * v / (2.0 * vt.decel) > seen;
    }
    case 'G':
    case 'M':
    case 'O':
      return true;  // the prioritised stream: goes
    default:
      break;  // g, m, =, o, s, w, Z: yield to the links over it
  }
  if (c.junction == kNone || c.link_index == kNone) return true;
  const double gap_t = m.options.junction_time_gap_s;
  const double a = s.approach_arrive[i], l = s.approach_leave[i];
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
      if (closed_by_light(link_signal(m, s, n.connections[fc]))) continue;
      for (std::uint32_t q = s.conn_first[fc]; q < s.conn_first[fc + 1]; ++q) {
        const std::uint32_t o = s.approach_slots[q];
        if (s.approach_arrive[o] < l + gap_t && a < s.approach_leave[o] + gap_t) return false;
      }
    }
  }
  return true;
}

}  // namespace

void find_approaches(const TrafficModel& m, TrafficState& s, double t) {
  const Network& n = m.net;
  const std::size_t count = s.vehicle.size();
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, kGrain), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      s.approach_conn[i] = kNone;
      const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
      const VehicleType& vt = m.types[mv.type];
      const double v = s.speed[i];
      std::uint32_t lane = s.lane[i];
      // Inside a junction: the vehicle occupies its link until it has left the junction.
      if (const std::uint32_t own = m.internal_lane_link[lane]; own != kNone) {
        double rest = n.lanes[lane].length_m - s.pos[i] + vt.length;
        std::uint32_t l2 = lane, nl = kNone;
        for (int guard = 0; guard < 8; ++guard) {  // the rest of the junction's internal lanes
          if (next_on_route(m, mv, l2, s.route_pos[i], nl) == kNone || !is_internal_lane(n, nl)) break;
          rest += n.lanes[nl].length_m;
          l2 = nl;
        }
        s.approach_conn[i] = own;
        s.approach_arrive[i] = t;
        s.approach_leave[i] = t + rest / std::max(v, 1.0);
        continue;
      }
      double seen = n.lanes[lane].length_m - s.pos[i];
      std::uint32_t rp = s.route_pos[i];
      const double horizon = approach_horizon(v);
      while (seen < horizon) {
        std::uint32_t next = kNone;
        const std::uint32_t ci = next_on_route(m, mv, lane, rp, next);
        if (ci == kNone) break;
        const Connection& c = n.connections[ci];
        if (c.link_index != kNone && c.junction != kNone) {
          if (!s.will_pass[i]) break;  // it stops before this link: not announced there
          // Through the junction at the internal lane's speed.
          const double v_link = std::max(desired_speed(n, vt, mv, next), 1.0);
          double inside = 0.0;
          for (std::uint32_t l2 = next, guard = 0; l2 != kNone && is_internal_lane(n, l2) && guard < 8; ++guard) {
            inside += n.lanes[l2].length_m;
            std::uint32_t nn = kNone;
            if (next_on_route(m, mv, l2, rp, nn) == kNone) break;
            l2 = nn;
          }
          const double arrive = t + time_to_cover(seen, v, vt.accel, v_link);
          s.approach_conn[i] = ci;
          s.approach_arrive[i] = arrive;
          s.approach_leave[i] = arrive + (inside + vt.length) / v_link;
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

void plan_speeds(const TrafficModel& m, TrafficState& s, double /*t*/, double dt) {
  const Network& n = m.net;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, s.vehicle.size(), kGrain), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
      const VehicleType& vt = m.types[mv.type];
      const double v = s.speed[i];
      std::uint32_t lane = s.lane[i];
      const IdmParams idm = idm_params(vt, n.lanes[lane].speed_mps, mv.speed_factor);
      const int iters = sumo_idm_iterations(dt, vt.stepping);
      double v_safe = sumo_idm_free_speed(idm, v, dt, iters);
      s.stop_at[i] = -1.0;
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
      while (seen < std::max(brake, 1.0) || !leader) {
        if (seen > std::max(brake, approach_horizon(v))) break;
        std::uint32_t next = kNone;
        const std::uint32_t ci = next_on_route(m, mv, lane, rp, next);
        if (ci == kNone) {
          if (!is_internal_lane(n, lane) && at_route_end(mv, rp)) break;  // arrives at the lane's end
          // The wrong lane (a lane change is due): stop at its end.
          v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, seen, dt, iters));
          s.stop_at[i] = seen;
          break;
        }
        const Connection& c = n.connections[ci];
        if (!link_checked && c.link_index != kNone && c.junction != kNone) {
          link_checked = true;
          if (!link_open(m, s, i, ci, seen)) {
            v_safe = std::min(v_safe, sumo_idm_stop_speed(idm, v, seen, dt, iters));
            s.stop_at[i] = seen;
            break;
          }
        }
        // The speed limit of the next lane: be down to it when reaching it (SUMO's look-ahead).
        const double v_next_lane = desired_speed(n, vt, mv, next);
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
      s.will_pass[i] = s.stop_at[i] < 0.0 ? 1 : 0;
      SumoIdmVehicle veh{idm, vt.max_speed, vt.emergency_decel, vt.stepping};
      s.v_next[i] = sumo_idm_finalize_speed(veh, v, std::max(0.0, v_safe), dt);
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
      const double v_max = desired_speed(n, vt, mv, lane);
      if (v_max > 0.0) s.time_loss[i] += dt * std::max(0.0, v_max - v1) / v_max;
      if (v1 < wait_v) {
        s.waiting[i] += dt;
        if (!s.was_waiting[i]) ++s.waiting_count[i];
        s.was_waiting[i] = 1;
      } else {
        s.was_waiting[i] = 0;
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
        if (!is_internal_lane(n, lane) && at_route_end(mv, rp)) {
          // Arrived (arrivalPos "max": the front reached the end of the last edge).
          s.route_length[i] -= pos - n.lanes[lane].length_m;
          s.arrived_on[i] = lane;
          lane = kNone;
          break;
        }
        std::uint32_t next = kNone;
        if (next_on_route(m, mv, lane, rp, next) == kNone) {  // wrong lane: wait at its end
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
    }
  });
}

}  // namespace dpt::sim::traffic::detail
