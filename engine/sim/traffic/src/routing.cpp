// Dijkstra over the edge graph (successor lists built by index_network), with a binary heap of
// (distance, edge) pairs and lazy deletion: a popped entry whose distance is stale is skipped.
// The workspace keeps its arrays between queries; a generation stamp replaces clearing them.
#include "dpt/sim/traffic/routing.h"

#include <algorithm>
#include <functional>
#include <limits>

#include "dpt/core/assert.h"

namespace dpt::sim::traffic {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool allows(ClassMask allowed, ClassMask cls) { return (allowed & cls) == cls; }

// Greater-than on distance (then edge, for a deterministic order): std::push_heap builds a
// max-heap, so this ordering keeps the smallest distance on top.
struct HeapAfter {
  bool operator()(const std::pair<double, std::uint32_t>& a, const std::pair<double, std::uint32_t>& b) const {
    return a.first > b.first || (a.first == b.first && a.second > b.second);
  }
};

double cost_of(std::span<const double> cost, std::uint32_t e) {
  const double c = cost[e];
  if (!(c < kInf)) return kInf;  // +infinity and NaN close the edge
  return std::max(c, 0.0);
}

// The start edge's cost: counted in a route's total when known, never blocking (the vehicle is on it).
double start_cost(std::span<const double> cost, std::uint32_t e) {
  const double c = cost[e];
  return c < kInf ? std::max(c, 0.0) : 0.0;
}

}  // namespace

std::vector<double> free_flow_times(const Network& net, double max_speed_mps) {
  std::vector<double> t(net.edges.size(), kInf);
  for (std::size_t i = 0; i < net.edges.size(); ++i) {
    const Edge& e = net.edges[i];
    const double v = std::min(e.speed_mps, max_speed_mps);
    if (e.function == EdgeFunction::normal && v > 0.0) t[i] = e.length_m / v;
  }
  return t;
}

Router::Router(const Network& net) : net_(&net), free_flow_(free_flow_times(net)) {}

bool Router::route(std::uint32_t from_edge, std::uint32_t to_edge, ClassMask cls, std::span<const double> edge_cost_s,
                   std::vector<std::uint32_t>& out_edges, double* cost_s) {
  return route(from_edge, to_edge, cls, edge_cost_s, out_edges, own_, cost_s);
}

bool Router::route(std::uint32_t from_edge, std::uint32_t to_edge, ClassMask cls, std::span<const double> edge_cost_s,
                   std::vector<std::uint32_t>& out_edges, RouterWorkspace& ws, double* cost_s) const {
  const Network& net = *net_;
  const std::size_t n = net.edges.size();
  out_edges.clear();
  if (from_edge >= n || to_edge >= n) return false;
  const std::span<const double> cost = edge_cost_s.empty() ? std::span<const double>(free_flow_) : edge_cost_s;
  DPT_ASSERT(cost.size() == n, "edge_cost_s needs one cost per edge");
  if (!allows(net.edges[from_edge].allowed, cls) || !allows(net.edges[to_edge].allowed, cls)) return false;
  if (from_edge != to_edge && cost_of(cost, to_edge) == kInf) return false;

  if (ws.stamp.size() != n) {
    ws.dist.assign(n, kInf);
    ws.prev.assign(n, kNone);
    ws.stamp.assign(n, 0);
    ws.generation = 0;
  }
  if (++ws.generation == 0) {  // wrapped: stamps from 2^32 queries ago would look current
    std::fill(ws.stamp.begin(), ws.stamp.end(), 0);
    ws.generation = 1;
  }
  const std::uint32_t gen = ws.generation;
  auto dist = [&](std::uint32_t e) { return ws.stamp[e] == gen ? ws.dist[e] : kInf; };

  // Distances count the edges after the start; the start edge's own cost is added at the end.
  ws.heap.clear();
  ws.stamp[from_edge] = gen;
  ws.dist[from_edge] = 0.0;
  ws.prev[from_edge] = kNone;
  ws.heap.emplace_back(0.0, from_edge);
  bool found = from_edge == to_edge;
  while (!ws.heap.empty() && !found) {
    std::pop_heap(ws.heap.begin(), ws.heap.end(), HeapAfter{});
    const auto [d, u] = ws.heap.back();
    ws.heap.pop_back();
    if (d > dist(u)) continue;  // stale entry
    if (u == to_edge) {
      found = true;
      break;
    }
    for (const EdgeSuccessor& s : net.successors_of(u)) {
      if (!allows(s.classes, cls)) continue;
      const double c = cost_of(cost, s.edge);
      if (c == kInf) continue;
      const double nd = d + c;
      if (nd < dist(s.edge)) {
        ws.stamp[s.edge] = gen;
        ws.dist[s.edge] = nd;
        ws.prev[s.edge] = u;
        ws.heap.emplace_back(nd, s.edge);
        std::push_heap(ws.heap.begin(), ws.heap.end(), HeapAfter{});
      }
    }
  }
  if (!found) return false;
  for (std::uint32_t e = to_edge; e != kNone; e = ws.prev[e]) out_edges.push_back(e);
  std::reverse(out_edges.begin(), out_edges.end());
  if (cost_s) *cost_s = ws.dist[to_edge] + start_cost(cost, from_edge);
  return true;
}

bool Router::route_via(std::uint32_t from_edge, std::span<const std::uint32_t> via_edges, std::uint32_t to_edge,
                       ClassMask cls, std::span<const double> edge_cost_s, std::vector<std::uint32_t>& out_edges,
                       RouterWorkspace& ws, double* cost_s) const {
  out_edges.clear();
  double total = 0.0;
  std::uint32_t at = from_edge;
  for (std::size_t i = 0; i <= via_edges.size(); ++i) {
    const std::uint32_t next = i < via_edges.size() ? via_edges[i] : to_edge;
    double leg_cost = 0.0;
    if (!route(at, next, cls, edge_cost_s, ws.leg, ws, &leg_cost)) {
      out_edges.clear();
      return false;
    }
    // Legs share their joining edge: count and list it once.
    const bool first = out_edges.empty();
    if (!first) leg_cost -= start_cost(edge_cost_s.empty() ? std::span<const double>(free_flow_) : edge_cost_s, at);
    out_edges.insert(out_edges.end(), ws.leg.begin() + (first ? 0 : 1), ws.leg.end());
    total += leg_cost;
    at = next;
  }
  if (cost_s) *cost_s = total;
  return true;
}

}  // namespace dpt::sim::traffic
