// Travel times and rerouting while driving (traffic_reroute.h).
#include "dpt/sim/traffic/traffic_reroute.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "dpt/sim/traffic/traffic_measures.h"

namespace dpt::sim::traffic {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// A standing queue is not an infinite travel time: speeds are floored here when converted to times.
constexpr double kMinSpeed = 0.5;

bool is_normal(const Network& n, std::uint32_t edge) { return n.edges[edge].function == EdgeFunction::normal; }

// The edge's free-flow time under the limits in force (its fastest open lane).
double free_time(const Network& n, const TrafficState& s, std::uint32_t edge) {
  const Edge& e = n.edges[edge];
  double v = 0.0, len = 0.0;
  for (std::uint32_t l = e.lanes.first; l < e.lanes.end(); ++l) {
    len = std::max(len, n.lanes[l].length_m);
    if (!s.lane_closed[l]) v = std::max(v, s.lane_speed[l]);
  }
  return v > 0.0 ? len / v : kInf;
}

// Where in its route a vehicle in slot i can change course: the edge it is on, or the next one
// when it is inside a junction or too close to its lane's end to change lanes for another turn.
std::uint32_t replan_from(const TrafficModel& m, const TrafficState& s, std::size_t i) {
  const Network& n = m.net;
  const std::uint32_t rp = s.route_pos[i];
  const std::uint32_t lane = s.lane[i];
  if (!is_normal(n, n.lanes[lane].edge)) return rp + 1;
  const VehicleType& vt = m.types[m.vehicles[s.vehicle[i]].type];
  const double v = s.speed[i];
  const double rest = n.lanes[lane].length_m - s.pos[i];
  const auto route = s.route_of(s.vehicle[i]);
  const bool next_blocked = rp + 1 < route.size() && edge_impassable(m, s, route[rp + 1]);
  if (!next_blocked && rest < v * v / (2.0 * vt.decel) + 20.0) return rp + 1;
  return rp;
}

// Replaces the part of `vehicle`'s route from index `keep` on by `path` (whose first edge is the
// route's edge at `keep`): in place when it fits, else appended to the pool.
void replace_route_tail(TrafficState& s, std::uint32_t vehicle, std::uint32_t keep, const std::vector<std::uint32_t>& path) {
  IndexRange& r = s.vroute[vehicle];
  const std::uint32_t count = keep + static_cast<std::uint32_t>(path.size());
  s.route_live = s.route_live - r.count + count;
  if (count <= r.count) {
    std::copy(path.begin(), path.end(), s.route_pool.begin() + r.first + keep);
  } else {
    const auto first = static_cast<std::uint32_t>(s.route_pool.size());
    for (std::uint32_t k = 0; k < keep; ++k) s.route_pool.push_back(s.route_pool[r.first + k]);
    s.route_pool.insert(s.route_pool.end(), path.begin(), path.end());
    r.first = first;
  }
  r.count = count;
  ++s.vreroutes[vehicle];
  ++s.reroutes;
}

// A route that grew is appended to the pool and leaves its old place unused: when the pool is more
// than twice the routes it holds, it is rebuilt with every route in vehicle order (rare: the pool
// only grows by rerouting; deterministic, as the order is the vehicles').
void compact_route_pool(TrafficState& s) {
  if (s.route_pool.size() <= 2 * s.route_live) return;
  std::vector<std::uint32_t> pool;
  pool.reserve(s.route_live);
  for (IndexRange& r : s.vroute) {
    const auto first = static_cast<std::uint32_t>(pool.size());
    pool.insert(pool.end(), s.route_pool.begin() + r.first, s.route_pool.begin() + r.first + r.count);
    r.first = first;
  }
  s.route_pool = std::move(pool);
}

bool same_tail(std::span<const std::uint32_t> route, std::uint32_t keep, const std::vector<std::uint32_t>& path) {
  return route.size() - keep == path.size() && std::equal(path.begin(), path.end(), route.begin() + keep);
}

}  // namespace

void update_travel_times(const TrafficModel& m, TrafficState& s) {
  const Network& n = m.net;
  const std::size_t edges = n.edges.size();
  if (s.edge_time.size() != edges) {  // first call: free-flow times
    s.edge_time.resize(edges);
    for (std::uint32_t e = 0; e < edges; ++e) s.edge_time[e] = is_normal(n, e) ? free_time(n, s, e) : kInf;
  }
  s.edge_speed_sum.assign(edges, 0.0);
  s.edge_count.assign(edges, 0);
  for (std::size_t i = 0; i < s.vehicle.size(); ++i) {
    const std::uint32_t e = n.lanes[s.lane[i]].edge;
    s.edge_speed_sum[e] += s.speed[i];
    ++s.edge_count[e];
  }
  const double w = 1.0 - std::exp(-m.options.travel_time_interval_s / std::max(m.options.travel_time_window_s, 1e-9));
  for (std::uint32_t e = 0; e < edges; ++e) {
    if (!is_normal(n, e)) continue;
    const double ff = free_time(n, s, e);
    double measured = ff;
    if (s.edge_count[e] > 0 && std::isfinite(ff)) {
      const double v = std::max(kMinSpeed, s.edge_speed_sum[e] / s.edge_count[e]);
      measured = std::max(ff, n.lanes[n.edges[e].lanes.first].length_m / v);
    }
    const double old = s.edge_time[e];
    s.edge_time[e] = std::isfinite(old) && std::isfinite(measured) ? old + w * (measured - old) : measured;
  }
}

void routing_costs(const TrafficModel& m, const TrafficState& s, std::vector<double>& costs) {
  const std::size_t edges = m.net.edges.size();
  costs.resize(edges);
  for (std::uint32_t e = 0; e < edges; ++e) {
    const double t = e < s.edge_time.size() ? s.edge_time[e] : free_time(m.net, s, e);
    costs[e] = is_normal(m.net, e) && !edge_impassable(m, s, e) ? t : kInf;
  }
}

bool route_ahead_blocked(const TrafficModel& m, const TrafficState& s, std::size_t i) {
  const auto route = s.route_of(s.vehicle[i]);
  for (std::size_t k = s.route_pos[i] + 1; k < route.size(); ++k)
    if (edge_impassable(m, s, route[k])) return true;
  return false;
}

std::size_t reroute_vehicles(const TrafficModel& m, TrafficState& s, bool only_blocked) {
  const std::size_t count = s.vehicle.size();
  if (count == 0) return 0;
  routing_costs(m, s, s.edge_cost);
  const Router router(m.net);
  tbb::enumerable_thread_specific<RouterWorkspace> workspaces;
  // Decided in parallel (each slot its own result), committed in slot order.
  std::vector<std::vector<std::uint32_t>> paths(count);
  std::vector<std::uint32_t> keep(count, kNone);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 16), [&](const auto& r) {
    RouterWorkspace& ws = workspaces.local();
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      if (only_blocked && !route_ahead_blocked(m, s, i)) continue;
      const auto route = s.route_of(s.vehicle[i]);
      const std::uint32_t from = replan_from(m, s, i);
      if (from + 1 >= route.size()) continue;  // on (or committed to) its last edge
      const ModelVehicle& mv = m.vehicles[s.vehicle[i]];
      std::vector<std::uint32_t>& path = paths[i];
      if (!router.route(route[from], route.back(), mask_of(m.types[mv.type].cls), s.edge_cost, path, ws)) continue;
      if (same_tail(route, from, path)) continue;
      keep[i] = from;
    }
  });
  std::size_t changed = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (keep[i] == kNone) continue;
    replace_route_tail(s, s.vehicle[i], keep[i], paths[i]);
    ++changed;
  }
  compact_route_pool(s);
  return changed;
}

bool route_blocked(const TrafficModel& m, const TrafficState& s, std::uint32_t vehicle) {
  for (std::uint32_t e : s.route_of(vehicle))
    if (edge_impassable(m, s, e)) return true;
  return false;
}

bool reroute_before_departure(const TrafficModel& m, TrafficState& s, const Router& router, std::uint32_t vehicle) {
  const auto route = s.route_of(vehicle);
  if (route.size() < 2) return false;
  const ModelVehicle& mv = m.vehicles[vehicle];
  if (!router.route(route.front(), route.back(), mask_of(m.types[mv.type].cls), s.edge_cost, s.route_scratch, s.router_ws))
    return false;
  if (same_tail(route, 0, s.route_scratch)) return false;
  replace_route_tail(s, vehicle, 0, s.route_scratch);
  compact_route_pool(s);
  return true;
}

}  // namespace dpt::sim::traffic
