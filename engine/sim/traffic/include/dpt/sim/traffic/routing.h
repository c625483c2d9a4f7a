#pragma once
// Shortest routes over the normal edges of a Network by travel time (Dijkstra, binary heap).
// An edge B may follow an edge A only if some lane of A connects to some lane of B, and only if
// that connection's lanes admit the vehicle's class (Network::successors_of). Costs are per edge,
// in seconds, given by the caller (current travel times; +infinity closes an edge) or SUMO's
// default, the free-flow time length / speed limit (sumo.dlr.de/docs/Demand/Automatic_Routing.html
// "edge weights": the minimum travel time when nothing was measured).
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "dpt/sim/traffic/network.h"

namespace dpt::sim::traffic {

// Free-flow travel time of every edge: length / min(speed limit, max_speed_mps). Internal and
// other edges get +infinity (routes never use them).
std::vector<double> free_flow_times(const Network& net, double max_speed_mps = 1e9);

// The per-query scratch of the router: distances, predecessors and the heap. Reused across
// queries (no allocation once warm); one per thread for parallel routing.
struct RouterWorkspace {
  std::vector<double> dist;
  std::vector<std::uint32_t> prev;
  std::vector<std::uint32_t> stamp;  // dist/prev are valid for an edge only when stamp == generation
  std::uint32_t generation = 0;
  std::vector<std::pair<double, std::uint32_t>> heap;
  std::vector<std::uint32_t> leg;  // used by route_via
};

class Router {
 public:
  // Keeps a pointer to `net`: the Network must outlive the Router and stay where it is.
  explicit Router(const Network& net);

  // The quickest route from `from_edge` to `to_edge` for a vehicle of classes `cls` (every class
  // in the mask must be allowed; 0 admits anything): out_edges gets the edges in order, both
  // ends included. `edge_cost_s` has one cost per edge (>= 0; +infinity or NaN = closed; the
  // start edge's own cost never blocks, the vehicle is already on it); empty means
  // free_flow_times(net). Returns false (out_edges cleared) when no route exists. `cost_s`, when
  // given, receives the summed cost of all edges of the route, both ends included.
  // This overload uses the router's own workspace: one Router must not be shared between threads
  // for it. The overload with a workspace is const and thread-safe with one workspace per thread.
  bool route(std::uint32_t from_edge, std::uint32_t to_edge, ClassMask cls, std::span<const double> edge_cost_s,
             std::vector<std::uint32_t>& out_edges, double* cost_s = nullptr);
  bool route(std::uint32_t from_edge, std::uint32_t to_edge, ClassMask cls, std::span<const double> edge_cost_s,
             std::vector<std::uint32_t>& out_edges, RouterWorkspace& ws, double* cost_s = nullptr) const;

  // Through `via_edges` in order (each leg routed on its own, as SUMO does for vias); false when a
  // leg has no route.
  bool route_via(std::uint32_t from_edge, std::span<const std::uint32_t> via_edges, std::uint32_t to_edge,
                 ClassMask cls, std::span<const double> edge_cost_s, std::vector<std::uint32_t>& out_edges,
                 RouterWorkspace& ws, double* cost_s = nullptr) const;

  const Network& network() const { return *net_; }
  const std::vector<double>& default_costs() const { return free_flow_; }

 private:
  const Network* net_;
  std::vector<double> free_flow_;
  RouterWorkspace own_;
};

}  // namespace dpt::sim::traffic
