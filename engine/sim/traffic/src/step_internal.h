#pragma once
// Helpers shared by the stages of the traffic step (traffic_step.h): the route ahead of a vehicle
// and per-vehicle parameters. Inline: they run in the step's inner loops.
#include <algorithm>
#include <cmath>
#include <span>

#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"

namespace dpt::sim::traffic::detail {

inline bool is_internal_lane(const Network& n, std::uint32_t lane) {
  return n.edges[n.lanes[lane].edge].function == EdgeFunction::internal;
}

// The connection a vehicle takes from `lane` along `route` (its route: rp is the index of the last
// normal edge it entered), and the lane it leads into (the first internal lane when the
// connection has one). kNone at the end of the route, or when no connection of this lane leads to
// an open lane of the route's next edge (the vehicle is on the wrong lane). Among several
// connections to the next edge, the first whose target lane leads on to the edge after is taken.
// Lanes closed by a measure (traffic_measures.h) are not entered, and their turns pass to the
// open lanes beside them: a closed lane's connections are offered to its neighbours (after their
// own), as a lane closure or a reversible lane given to the other direction does on the road
// (without this, a turn made only from the closed lane would be lost).
inline std::uint32_t next_on_route(const TrafficModel& m, const TrafficState& s, std::span<const std::uint32_t> route,
                                   std::uint32_t lane, std::uint32_t rp, std::uint32_t& next_lane) {
  const Network& n = m.net;
  const auto out = n.outgoing(lane);
  if (is_internal_lane(n, lane)) {
    if (out.empty()) return kNone;
    const std::uint32_t c = static_cast<std::uint32_t>(&out.front() - n.connections.data());
    next_lane = out.front().via_lane != kNone ? out.front().via_lane : out.front().to_lane;
    return c;
  }
  if (rp + 1 >= route.size()) return kNone;
  const std::uint32_t next_edge = route[rp + 1];
  const std::uint32_t after = rp + 2 < route.size() ? route[rp + 2] : kNone;
  std::uint32_t best = kNone;
  bool best_leads = false;
  // Scans the connections of source lane `from`; true once one that leads on is found.
  auto scan = [&](std::uint32_t from) {
    for (const Connection& c : n.outgoing(from)) {
      if (c.to_lane == kNone || n.lanes[c.to_lane].edge != next_edge || s.lane_closed[c.to_lane]) continue;
      const std::uint32_t ci = static_cast<std::uint32_t>(&c - n.connections.data());
      if (best == kNone) best = ci;
      if (after == kNone) return true;
      for (const Connection& c2 : n.outgoing(c.to_lane))
        if (c2.to_lane != kNone && n.lanes[c2.to_lane].edge == after && !s.lane_closed[c2.to_lane]) {
          best = ci;
          best_leads = true;
          return true;
        }
    }
    return false;
  };
  if (!scan(lane)) {
    const Lane& here = n.lanes[lane];
    const Edge& e = n.edges[here.edge];
    for (const int side : {1, -1}) {  // the closed lane to the left, then to the right
      const int k = static_cast<int>(here.index) + side;
      if (k < 0 || k >= static_cast<int>(e.lanes.count)) continue;
      const std::uint32_t nb = e.lanes.first + static_cast<std::uint32_t>(k);
      if (s.lane_closed[nb] && !best_leads && scan(nb)) break;
    }
  }
  if (best == kNone) return kNone;
  const Connection& c = n.connections[best];
  next_lane = c.via_lane != kNone ? c.via_lane : c.to_lane;
  return best;
}

// The same for the vehicle in slot i, on its own route.
inline std::uint32_t next_on_route(const TrafficModel& m, const TrafficState& s, std::size_t i, std::uint32_t lane,
                                   std::uint32_t rp, std::uint32_t& next_lane) {
  return next_on_route(m, s, s.route_of(s.vehicle[i]), lane, rp, next_lane);
}

// The same, from the step's cache when `lane` and `rp` are where the vehicle is at the step's
// start (TrafficState::here_conn, filled by find_approaches); valid until move_vehicles moves it.
inline std::uint32_t next_on_route_here(const TrafficModel& m, const TrafficState& s, std::size_t i, std::uint32_t lane,
                                        std::uint32_t rp, std::uint32_t& next_lane) {
  if (lane == s.lane[i] && rp == s.route_pos[i]) {
    const std::uint32_t c = s.here_conn[i];
    if (c != kNone) next_lane = s.here_next[i];
    return c;
  }
  return next_on_route(m, s, i, lane, rp, next_lane);
}

// Whether route position rp is the route's last edge.
inline bool at_route_end(const TrafficState& s, std::size_t i, std::uint32_t rp) {
  return rp + 1 >= s.vroute[s.vehicle[i]].count;
}

// The speed this driver wants on a lane: min(limit in force * speed factor, the vehicle's top speed).
inline double desired_speed(const TrafficState& s, const VehicleType& vt, const ModelVehicle& mv, std::uint32_t lane) {
  return std::min(s.lane_speed[lane] * mv.speed_factor, vt.max_speed);
}

// Time to cover `dist` starting at speed v, accelerating at `a` up to `v_cap` (at least 0.1 m/s
// so that a stopped vehicle's time is finite). An estimate for the junction windows, as SUMO's
// arrival-time estimate in MSVehicle::planMoveInternal is.
inline double time_to_cover(double dist, double v, double a, double v_cap) {
  if (dist <= 0.0) return 0.0;
  v_cap = std::max(v_cap, 0.1);
  if (v >= v_cap || a <= 0.0) return dist / std::max(std::min(v, v_cap) > 0.1 ? std::min(v, v_cap) : 0.1, 0.1);
  const double d_acc = (v_cap * v_cap - v * v) / (2.0 * a);
  if (dist <= d_acc) return (-v + std::sqrt(v * v + 2.0 * a * dist)) / a;
  return (v_cap - v) / a + (dist - d_acc) / v_cap;
}

}  // namespace dpt::sim::traffic::detail
