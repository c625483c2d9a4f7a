// The traffic step (traffic_step.h): the stages in order, the arrivals' records, and insertion.
#include "dpt/sim/traffic/traffic_step.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "dpt/sim/traffic/traffic_measures.h"
#include "dpt/sim/traffic/traffic_reroute.h"

#include "step_internal.h"
#include "step_stages.h"

namespace dpt::sim::traffic {

namespace {

// The lane a vehicle departs on (SUMO's departLane): a given index, "first" (the right-most lane
// its class may use), or else the allowed lane leading to the route's next edge with the most room.
// Closed lanes take nobody.
std::uint32_t depart_lane(const TrafficModel& m, const TrafficState& s, std::uint32_t vi) {
  const Network& n = m.net;
  const ModelVehicle& mv = m.vehicles[vi];
  const auto route = s.route_of(vi);
  const Edge& e = n.edges[route[0]];
  const ClassMask cls = mask_of(m.types[mv.type].cls);
  auto allowed = [&](std::uint32_t l) { return (n.lanes[l].allowed & cls) != 0 && !s.lane_closed[l]; };
  switch (mv.attrs.lane.kind) {
    case DepartLane::Kind::given: {
      if (mv.attrs.lane.index < 0 || static_cast<std::uint32_t>(mv.attrs.lane.index) >= e.lanes.count) return kNone;
      const std::uint32_t l = e.lanes.first + static_cast<std::uint32_t>(mv.attrs.lane.index);
      return allowed(l) ? l : kNone;
    }
    case DepartLane::Kind::first:
      for (std::uint32_t l = e.lanes.first; l < e.lanes.end(); ++l)
        if (allowed(l)) return l;
      return kNone;
    default: {
      std::uint32_t best = kNone;
      bool best_leads = false;
      for (std::uint32_t l = e.lanes.first; l < e.lanes.end(); ++l) {
        if (!allowed(l)) continue;
        std::uint32_t next = kNone;
        const bool leads = route.size() == 1 || detail::next_on_route(m, s, route, l, 0, next) != kNone;
        if (best == kNone || (leads && !best_leads) || (leads == best_leads && s.lane_free_pos[l] > s.lane_free_pos[best])) {
          best = l;
          best_leads = leads;
        }
      }
      return best;
    }
  }
}

bool try_insert(const TrafficModel& m, TrafficState& s, std::uint32_t vi) {
  const Network& n = m.net;
  const ModelVehicle& mv = m.vehicles[vi];
  const VehicleType& vt = m.types[mv.type];
  const std::uint32_t lane = depart_lane(m, s, vi);
  if (lane == kNone) return false;
  const double len = n.lanes[lane].length_m;
  double pos = std::min(vt.length, len);  // "base": the rear at the lane's start
  if (mv.attrs.pos.kind == DepartPos::Kind::given) {
    pos = mv.attrs.pos.value < 0.0 ? len + mv.attrs.pos.value : mv.attrs.pos.value;
    pos = std::clamp(pos, 0.0, len);  // SUMO keeps a position shorter than the vehicle
  }
  double v = 0.0;
  switch (mv.attrs.speed.kind) {
    case DepartSpeed::Kind::given: v = mv.attrs.speed.value; break;
    case DepartSpeed::Kind::max:
    case DepartSpeed::Kind::desired:
    case DepartSpeed::Kind::speed_limit: v = detail::desired_speed(s, vt, mv, lane); break;
    default: v = 0.0; break;
  }
  // Room: the rear of the vehicle ahead far enough for the minimum gap at this speed. At the
  // lane's start ("base") that is the lane's last vehicle; at a given position, the nearest one
  // ahead, and the one behind must have its own gap to our rear.
  double free = s.lane_free_pos[lane];
  if (mv.attrs.pos.kind == DepartPos::Kind::given) {
    free = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < s.vehicle.size(); ++j) {
      if (s.lane[j] != lane) continue;
      const VehicleType& tj = m.types[m.vehicles[s.vehicle[j]].type];
      if (s.pos[j] >= pos) {
        free = std::min(free, s.pos[j] - tj.length);
      } else if (pos - vt.length - s.pos[j] < tj.min_gap + std::max(0.0, s.speed[j] - v) * tj.tau) {
        return false;  // too close in front of the vehicle behind
      }
    }
  }
  if (free - pos < vt.min_gap + v * vt.tau) {
    if (v <= 0.0 || free - pos < vt.min_gap) return false;
    v = std::max(0.0, (free - pos - vt.min_gap) / vt.tau);  // enter slower rather than not at all
  }
  const std::size_t i = s.vehicle.size();
  detail::resize_slots(s, i + 1);
  s.vehicle[i] = vi;
  s.lane[i] = lane;
  s.pos[i] = pos;
  s.speed[i] = v;
  s.route_pos[i] = 0;
  s.depart_s[i] = s.time_s;
  s.route_length[i] = 0.0;
  s.waiting[i] = 0.0;
  s.time_loss[i] = 0.0;
  s.depart_speed[i] = v;
  s.depart_pos[i] = pos;
  s.depart_lane[i] = lane;
  s.waiting_count[i] = 0;
  s.standing_s[i] = 0.0;
  s.will_pass[i] = 1;
  s.service_left[i] = -1.0;
  s.served_by[i] = kNone;
  s.lane_free_pos[lane] = std::min(s.lane_free_pos[lane], pos - vt.length);
  ++s.inserted;
  return true;
}


// How close to its lane's end a vehicle must stand to count as waiting at its junction link.
constexpr double kTeleportReach = 3.0;

// SUMO's jam teleport (TrafficOptions::time_to_teleport_s): a vehicle that has stood that long at
// the front of its lane, at a junction link it may not enter, is moved across the junction onto
// the lane the link leads to, at rest with its rear at that lane's start, when there is room
// there. Not for a vehicle on the wrong lane, before a closure or at its route's end (no link to
// cross), nor one held mid-lane (an obstruction, a checkpoint). In slot order, at most one per
// target lane a step (the lanes' order is rebuilt afterwards). True when one moved.
bool teleport_jammed(const TrafficModel& m, TrafficState& s) {
  const double limit = m.options.time_to_teleport_s;
  if (limit <= 0.0) return false;
  const Network& n = m.net;
  std::vector<std::uint32_t> filled;  // target lanes used this step (teleports are rare)
  for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
    if (s.standing_s[i] < limit || s.lane_rank[i] != 0) continue;
    const std::uint32_t lane = s.lane[i];
    const double rest = n.lanes[lane].length_m - s.pos[i];
    if (detail::is_internal_lane(n, lane) || rest > kTeleportReach) continue;
    std::uint32_t next = kNone;
    const std::uint32_t ci = detail::next_on_route(m, s, i, lane, s.route_pos[i], next);
    if (ci == kNone) continue;
    const std::uint32_t to = n.connections[ci].to_lane;
    if (to == kNone || std::find(filled.begin(), filled.end(), to) != filled.end()) continue;
    const VehicleType& vt = m.types[m.vehicles[s.vehicle[i]].type];
    if (const std::uint32_t b = s.lane_first[to], e = s.lane_first[to + 1]; e > b) {
      const std::uint32_t j = s.lane_slots[e - 1];  // the last vehicle there
      if (s.pos[j] - m.types[m.vehicles[s.vehicle[j]].type].length < vt.length + vt.min_gap) continue;
    }
    // The distance skipped: the rest of its lane and the junction's internal lanes.
    double skipped = rest;
    for (std::uint32_t l = next; l != kNone && detail::is_internal_lane(n, l);) {
      skipped += n.lanes[l].length_m;
      const auto out = n.outgoing(l);
      l = out.empty() ? kNone : (out.front().via_lane != kNone ? out.front().via_lane : out.front().to_lane);
    }
    s.lane[i] = to;
    s.pos[i] = vt.length;
    s.speed[i] = 0.0;
    s.route_pos[i] += 1;
    s.route_length[i] += skipped + vt.length;
    s.standing_s[i] = 0.0;
    ++s.teleports;
    filled.push_back(to);
  }
  return !filled.empty();
}

}  // namespace

void insert_due_vehicles(const TrafficModel& m, TrafficState& s) {
  // Each lane's free space: the rear of its last vehicle (+infinity when empty).
  std::fill(s.lane_free_pos.begin(), s.lane_free_pos.end(), std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
    const double rear = s.pos[i] - m.types[m.vehicles[s.vehicle[i]].type].length;
    s.lane_free_pos[s.lane[i]] = std::min(s.lane_free_pos[s.lane[i]], rear);
  }
  // Those that waited first, in order, then the newly due; a vehicle that finds no room waits.
  const double now = s.time_s + 1e-9;
  // A vehicle that becomes due plans its route on the current travel times when rerouting is on,
  // or around a closure that blocks its route (traffic_reroute.h).
  std::optional<Router> router;
  const bool closures = !s.measures.empty() || !m.reversible.empty();
  while (s.next_vehicle < m.vehicles.size() && m.vehicles[s.next_vehicle].depart_s <= now) {
    const std::uint32_t vi = s.next_vehicle++;
    if (m.options.reroute_period_s > 0.0 || (closures && route_blocked(m, s, vi))) {
      if (!router) {
        router.emplace(m.net);
        routing_costs(m, s, s.edge_cost);
      }
      reroute_before_departure(m, s, *router, vi);
    }
    s.waiting_insert.push_back(vi);
  }
  std::size_t w = 0;
  for (std::size_t k = 0; k < s.waiting_insert.size(); ++k) {
    const std::uint32_t vi = s.waiting_insert[k];
    if (!try_insert(m, s, vi)) s.waiting_insert[w++] = vi;
  }
  s.waiting_insert.resize(w);
  detail::rebuild_lanes(m, s);
}

// Re-plans after a road reopened, one travel-time window apart (see step).
constexpr std::uint32_t kReplanWindows = 3;

void step(const TrafficModel& m, TrafficState& s) {
  const double dt = m.options.step_length_s;
  const double t = s.time_s;
  // Measures that end now; travel times; rerouting (around new closures at once, everyone
  // periodically when rerouting is on).
  end_expired_measures(m, s);
  if (t + 1e-9 >= s.next_time_update_s) {
    update_travel_times(m, s);
    s.next_time_update_s = t + m.options.travel_time_interval_s;
  }
  if (s.closures_changed != 0) {
    // A road reopened: drivers told so re-plan now, and again each travel-time window for the next
    // kReplanWindows windows. The times right after the reopening still hold the queue that stood
    // before the closure (smoothed over the window), and a detour chosen on them alone would be
    // kept for good; after three windows less than 5 % of that memory is left (e^-3).
    if (s.closures_changed == kRerouteAll) {
      s.replan_again_s = t + m.options.travel_time_window_s;
      s.replans_left = kReplanWindows - 1;
    }
    reroute_vehicles(m, s, s.closures_changed == kRerouteBlocked);
    s.closures_changed = 0;
  } else if (t + 1e-9 >= s.replan_again_s) {
    reroute_vehicles(m, s, false);
    s.replan_again_s = s.replans_left > 0 ? t + m.options.travel_time_window_s : std::numeric_limits<double>::infinity();
    s.replans_left = s.replans_left > 0 ? s.replans_left - 1 : 0;
  }
  if (m.options.reroute_period_s > 0.0 && t + 1e-9 >= s.next_reroute_s) {
    if (t > m.options.begin_s) reroute_vehicles(m, s, false);
    s.next_reroute_s = t + m.options.reroute_period_s;
  }
  // The lights as they are at the end of the step, as SUMO switches them before moving vehicles.
  advance_signals(m, s, t + dt);
  detail::resize_slots(s, s.vehicle.size());
  detail::find_approaches(m, s, t);
  detail::plan_speeds(m, s, t, dt);
  detail::move_vehicles(m, s, t, dt);
  if (!s.measures.empty())  // services that ended in this step (marked by move_vehicles)
    for (double& left : s.service_left)
      if (left < -1.5) {
        left = -1.0;
        ++s.served;
      }
  record_detections(m, s, t + dt);
  s.vehicle_updates += s.vehicle.size();
  s.time_s = t + dt;
  ++s.step;

  // Arrivals: their records, then their slots freed (the order of the others is kept).
  s.arrived.clear();
  for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
    if (s.lane[i] != kNone) continue;
    Arrival a;
    a.vehicle = s.vehicle[i];
    a.depart_s = s.depart_s[i];
    a.arrival_s = s.time_s;
    a.route_length_m = s.route_length[i];
    a.waiting_s = s.waiting[i];
    a.time_loss_s = s.time_loss[i];
    a.depart_speed = s.depart_speed[i];
    a.depart_pos = s.depart_pos[i];
    a.arrival_speed = s.speed[i];
    a.depart_lane = s.depart_lane[i];
    a.arrival_lane = s.arrived_on[i];
    a.waiting_count = s.waiting_count[i];
    a.reroutes = static_cast<int>(s.vreroutes[s.vehicle[i]]);
    s.arrived.push_back(a);
  }
  s.arrivals += s.arrived.size();
  if (!s.arrived.empty()) detail::remove_arrived(s);
  detail::rebuild_lanes(m, s);
  if (teleport_jammed(m, s)) detail::rebuild_lanes(m, s);
  detail::strategic_lane_changes(m, s);
  insert_due_vehicles(m, s);
}

}  // namespace dpt::sim::traffic
