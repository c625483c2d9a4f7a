// Building the traffic Model from a network and a demand: types, routes resolved and checked,
// trips and from/to flows routed (in parallel, one router workspace per thread), each driver's
// speed factor drawn from a counter-based generator keyed by (seed, vehicle index).
#include "dpt/sim/traffic/traffic_model.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "dpt/core/rng.h"
#include "dpt/sim/traffic/routing.h"

namespace dpt::sim::traffic {

namespace {

constexpr std::uint32_t kSpeedFactorStream = 0x7A1F;  // CounterRng stream of the speed-factor draws

// What a departure asks the router for, or its fixed route.
struct RouteRequest {
  int route = -1;                  // a route of the demand, or -1
  const std::string* from = nullptr;
  const std::string* to = nullptr;
  const std::vector<std::string>* via = nullptr;
  int line = 0;
};

RouteRequest request_of(const Demand& d, const Departure& dep) {
  RouteRequest r;
  if (dep.route >= 0) {
    r.route = dep.route;
    r.line = d.routes[static_cast<std::size_t>(dep.route)].line;
  } else if (dep.trip >= 0) {
    const TripDef& t = d.trips[static_cast<std::size_t>(dep.trip)];
    r.from = &t.from, r.to = &t.to, r.via = &t.via, r.line = t.line;
  } else if (dep.flow >= 0) {
    const FlowDef& f = d.flows[static_cast<std::size_t>(dep.flow)];
    r.from = &f.from, r.to = &f.to, r.via = &f.via, r.line = f.line;
  }
  return r;
}

bool is_successor(const Network& net, std::uint32_t a, std::uint32_t b) {
  for (const EdgeSuccessor& s : net.successors_of(a))
    if (s.edge == b) return true;
  return false;
}

}  // namespace

namespace {

bool is_actuated(const SignalProgram& p) { return p.type == SignalType::actuated; }
bool phase_actuated(const SignalPhase& ph) { return ph.min_dur_s >= 0.0 && ph.max_dur_s >= 0.0 && ph.min_dur_s != ph.max_dur_s; }

// The loops of the actuated programs, placed and assigned to phases as SUMO does
// (MSActuatedTrafficLightLogic::init; sumo.dlr.de/docs/Simulation/Traffic_Lights.html "Based on
// Time Gaps"):
//  - one loop on every incoming lane that is green in some actuated phase, at min(detector-gap x
//    speed limit, (minDur / passing-time + 0.5) x 7.5 m) before the stop line (the second bound, with
//    the smallest minDur of the lane's actuated phases, keeps the queue between loop and line short
//    enough to clear in minDur); at the lane's start when the lane is shorter (SUMO moves it onto the
//    lane before);
//  - a loop controls a phase when every link from its lane is green in it: 'G', or 'g' when the
//    lane's edge has one lane, or when the link is never 'G' in the program (or is a turnaround) and
//    another link from the same lane is 'G' in this phase.
void index_actuated_signals(TrafficModel& m) {
  constexpr double kLengthWithGap = 7.5;  // SUMO's DEFAULT_LENGTH_WITH_GAP
  const Network& net = m.net;
  m.signal_phase_base.assign(net.signals.size() + 1, 0);
  for (std::size_t p = 0; p < net.signals.size(); ++p)
    m.signal_phase_base[p + 1] = m.signal_phase_base[p] + static_cast<std::uint32_t>(net.signals[p].phases.size());
  m.detector_pos.assign(net.lanes.size(), -1.0);
  m.has_actuated = false;
  std::vector<std::vector<std::uint32_t>> lanes_of(m.signal_phase_base.back());
  // Connections per program (their tl_link), grouped by incoming lane.
  for (std::uint32_t p = 0; p < net.signals.size(); ++p) {
    const SignalProgram& prog = net.signals[p];
    if (!is_actuated(prog)) continue;
    std::vector<const Connection*> links;
    for (const Connection& c : net.connections)
      if (c.tl == p && c.from_lane != kNone && c.tl_link < prog.link_count) links.push_back(&c);
    if (links.empty()) continue;
    m.has_actuated = true;
    std::vector<bool> ever_major(prog.link_count, false);
    for (const SignalPhase& ph : prog.phases)
      for (std::uint32_t i = 0; i < ph.state.size() && i < prog.link_count; ++i) ever_major[i] = ever_major[i] || ph.state[i] == 'G';
    // Loop positions.
    for (const Connection* c : links) {
      double min_dur = std::numeric_limits<double>::infinity();
      for (const SignalPhase& ph : prog.phases)
        if (phase_actuated(ph) && (ph.state[c->tl_link] == 'G' || ph.state[c->tl_link] == 'g')) min_dur = std::min(min_dur, ph.min_dur_s);
      if (!std::isfinite(min_dur)) continue;
      const Lane& in = net.lanes[c->from_lane];
      const double back = std::min(m.options.actuated_detector_gap_s * in.speed_mps,
                                   (min_dur / m.options.actuated_passing_time_s + 0.5) * kLengthWithGap);
      m.detector_pos[c->from_lane] = std::max(0.0, in.length_m - back);
    }
    // Loops per phase.
    for (std::uint32_t k = 0; k < prog.phases.size(); ++k) {
      const std::string& st = prog.phases[k].state;
      if (!phase_actuated(prog.phases[k])) continue;
      auto& lanes = lanes_of[m.signal_phase_base[p] + k];
      for (const Connection* c : links) {
        const std::uint32_t lane = c->from_lane;
        if (m.detector_pos[lane] < 0.0 || std::find(lanes.begin(), lanes.end(), lane) != lanes.end()) continue;
        bool lane_has_major = false;
        for (const Connection* o : links) lane_has_major = lane_has_major || (o->from_lane == lane && st[o->tl_link] == 'G');
        const bool one_lane = net.edges[net.lanes[lane].edge].lanes.count == 1;
        bool usable = true;
        for (const Connection* o : links) {
          if (o->from_lane != lane) continue;
          const char c2 = st[o->tl_link];
          const bool turnaround = o->dir == LinkDirection::turn;
          const bool green = c2 == 'G' || (c2 == 'g' && (((!ever_major[o->tl_link] || turnaround) && lane_has_major) || one_lane));
          usable = usable && green;
        }
        if (usable) lanes.push_back(lane);
      }
    }
  }
  m.phase_lanes_first.assign(lanes_of.size() + 1, 0);
  m.phase_lanes.clear();
  for (std::size_t f = 0; f < lanes_of.size(); ++f) {
    m.phase_lanes.insert(m.phase_lanes.end(), lanes_of[f].begin(), lanes_of[f].end());
    m.phase_lanes_first[f + 1] = static_cast<std::uint32_t>(m.phase_lanes.size());
  }
}

}  // namespace

void index_traffic_model(TrafficModel& m) {
  const Network& net = m.net;
  m.internal_lane_link.assign(net.lanes.size(), kNone);
  m.junction_link_first.assign(net.junctions.size() + 1, 0);
  for (std::size_t j = 0; j < net.junctions.size(); ++j)
    m.junction_link_first[j + 1] = m.junction_link_first[j] + net.junctions[j].link_count;
  m.link_conn.assign(m.junction_link_first.back(), kNone);
  for (std::uint32_t c = 0; c < net.connections.size(); ++c) {
    const Connection& con = net.connections[c];
    if (con.link_index == kNone || con.junction == kNone) continue;
    if (con.link_index < net.junctions[con.junction].link_count)
      m.link_conn[m.junction_link_first[con.junction] + con.link_index] = c;
    // Every internal lane on the way through belongs to this link.
    std::uint32_t lane = con.via_lane;
    for (int guard = 0; lane != kNone && guard < 16; ++guard) {
      m.internal_lane_link[lane] = c;
      const auto out = net.outgoing(lane);
      if (out.empty()) break;
      const std::uint32_t next = out.front().to_lane;
      if (next == kNone || net.edges[net.lanes[next].edge].function != EdgeFunction::internal) break;
      lane = next;
    }
  }
  // The approaches of each junction, for signals a measure puts there (traffic.signal): a link's
  // approach is the rank of its incoming edge among the junction's, in link order (SUMO numbers
  // links along the junction's incoming lanes, so this is the incLanes order).
  m.link_approach.assign(m.link_conn.size(), kNone);
  m.junction_approaches.assign(net.junctions.size(), 0);
  std::vector<std::uint32_t> edges;  // the junction's incoming edges so far, by approach
  for (std::size_t j = 0; j < net.junctions.size(); ++j) {
    edges.clear();
    for (std::uint32_t k = m.junction_link_first[j]; k < m.junction_link_first[j + 1]; ++k) {
      const std::uint32_t c = m.link_conn[k];
      if (c == kNone || net.connections[c].from_lane == kNone) continue;
      const std::uint32_t edge = net.lanes[net.connections[c].from_lane].edge;
      const auto it = std::find(edges.begin(), edges.end(), edge);
      m.link_approach[k] = static_cast<std::uint32_t>(it - edges.begin());
      if (it == edges.end()) edges.push_back(edge);
    }
    m.junction_approaches[j] = static_cast<std::uint32_t>(edges.size());
  }
  index_actuated_signals(m);
}

Result<TrafficModel> build_traffic_model(Network net, const Demand& demand, const TrafficOptions& options,
                                         double until_s) {
  TrafficModel m;
  m.net = std::move(net);
  m.options = options;
  ErrorList errors;
  const SourceLoc file{demand.file, 0, 0};
  if (!(options.step_length_s > 0.0)) errors.add(file, "step length: expected > 0 s");
  for (const VTypeDef& t : demand.vtypes) m.types.push_back(t.type);

  // Fixed routes: every edge known and each followed by a successor.
  std::vector<std::vector<std::uint32_t>> fixed(demand.routes.size());
  std::vector<bool> fixed_ok(demand.routes.size(), true);
  for (std::size_t r = 0; r < demand.routes.size(); ++r) {
    const RouteDef& rd = demand.routes[r];
    for (const std::string& e : rd.edges) {
      const std::uint32_t idx = m.net.find_edge(e);
      if (idx == kNone) {
        errors.add(SourceLoc{demand.file, rd.line, 0}, "route " + rd.id + ": edge '" + e + "' is not in the network");
        fixed_ok[r] = false;
        break;
      }
      if (!fixed[r].empty() && !is_successor(m.net, fixed[r].back(), idx)) {
        errors.add(SourceLoc{demand.file, rd.line, 0}, "route " + rd.id + ": no connection from edge '" +
                                                           m.net.edges[fixed[r].back()].id + "' to edge '" + e + "'");
        fixed_ok[r] = false;
        break;
      }
      fixed[r].push_back(idx);
    }
  }
  const double horizon = options.end_s >= 0.0 ? options.end_s : until_s;
  const auto departures = expand_demand(demand, options.seed, Duration::micros(std::llround(options.step_length_s * 1e6)),
                                        Duration::micros(std::llround(horizon * 1e6)));

  // Route the trips and from/to flows, in parallel; results kept by departure, so the order of
  // the model does not depend on the threads.
  Router router(m.net);
  std::vector<std::vector<std::uint32_t>> routed(departures.size());
  std::vector<std::uint8_t> status(departures.size(), 0);  // 0 ok, 1 no route, 2 unknown edge
  tbb::enumerable_thread_specific<RouterWorkspace> workspaces;
  tbb::parallel_for(std::size_t{0}, departures.size(), [&](std::size_t i) {
    const RouteRequest rq = request_of(demand, departures[i]);
    if (rq.route >= 0 || rq.from == nullptr) return;
    const std::uint32_t from = m.net.find_edge(*rq.from), to = m.net.find_edge(*rq.to);
    std::vector<std::uint32_t> via;
    bool known = from != kNone && to != kNone;
    for (const std::string& v : *rq.via) {
      via.push_back(m.net.find_edge(v));
      known = known && via.back() != kNone;
    }
    if (!known) {
      status[i] = 2;
      return;
    }
    const VehicleType& type = m.types[static_cast<std::size_t>(departures[i].type)];
    const bool ok = router.route_via(from, via, to, mask_of(type.cls), {}, routed[i], workspaces.local());
    if (!ok) status[i] = 1;
  });

  for (std::size_t i = 0; i < departures.size(); ++i) {
    const Departure& dep = departures[i];
    const RouteRequest rq = request_of(demand, dep);
    const std::vector<std::uint32_t>* edges = nullptr;
    if (rq.route >= 0) {
      if (!fixed_ok[static_cast<std::size_t>(rq.route)]) continue;  // already reported
      edges = &fixed[static_cast<std::size_t>(rq.route)];
    } else if (status[i] == 2) {
      errors.add(SourceLoc{demand.file, rq.line, 0}, "vehicle " + dep.id + ": an edge of from/to/via is not in the network");
      continue;
    } else if (status[i] == 1) {
      m.warnings.push_back("vehicle " + dep.id + ": no route from '" + *rq.from + "' to '" + *rq.to + "'; dropped");
      continue;
    } else {
      edges = &routed[i];
    }
    if (edges->empty()) continue;
    ModelVehicle v;
    v.id = dep.id;
    v.type = static_cast<std::uint32_t>(dep.type);
    v.depart_s = dep.depart.to_seconds();
    v.attrs = dep.attrs;
    v.route = IndexRange{static_cast<std::uint32_t>(m.route_edges.size()), static_cast<std::uint32_t>(edges->size())};
    m.route_edges.insert(m.route_edges.end(), edges->begin(), edges->end());
    CounterRng rng(options.seed, kSpeedFactorStream, static_cast<std::uint32_t>(m.vehicles.size()), 0);
    v.speed_factor = sample_speed_factor(m.types[v.type], [&rng] { return rng.normal(); });
    m.vehicles.push_back(std::move(v));
  }
  if (!errors.empty()) return errors;
  index_traffic_model(m);
  return m;
}

}  // namespace dpt::sim::traffic
