#pragma once
// The traffic Model (DESIGN.md "The shape of a simulation"): everything a run reads and never
// changes — the road network, the vehicle types, and every vehicle that will depart, with its
// route resolved to edge indices and its own draws (speed factor) made once, keyed by the seed.
// Built from a SUMO network and routes file (`dptwin sumo`) or from the district's roads
// (traffic_config.h).
#include <cstdint>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/sim/traffic/demand.h"
#include "dpt/sim/traffic/network.h"
#include "dpt/sim/traffic/vehicle_type.h"

namespace dpt::sim::traffic {

struct TrafficOptions {
  double step_length_s = 1.0;   // SUMO's --step-length
  double begin_s = 0.0;         // SUMO's --begin
  double end_s = -1.0;          // SUMO's --end (-1: until every vehicle has arrived)
  std::uint64_t seed = 42;      // SUMO's --seed default; draws here use CounterRng, not SUMO's generator
  bool ballistic = false;       // SUMO's --step-method.ballistic
  // Junctions: a vehicle on a link that must yield lets a prioritised vehicle pass when their
  // occupation times come closer than this (SUMO's junction model parameter jmTimegapMinor, 1 s).
  double junction_time_gap_s = 1.0;
  double waiting_speed_mps = 0.1;  // below this a vehicle counts as waiting (SUMO's tripinfo)
  // Rerouting (traffic_reroute.h): every vehicle re-plans its route on the current travel times
  // this often, and when it departs (SUMO's rerouting device, device.rerouting.period); 0: never
  // (routes change only when a closure blocks them).
  double reroute_period_s = 0.0;
  // A vehicle that has stood this long at the front of its lane, before a junction link it may
  // not enter, is moved across the junction onto the lane the link leads to, once that lane has
  // room at its start (SUMO's --time-to-teleport, 300 s by default; SUMO moves it further along
  // its route where needed). Breaks the jams SUMO breaks so, e.g. a left turn starved by an
  // oncoming queue that never leaves a gap. <= 0: never.
  double time_to_teleport_s = 300.0;
  // Impatience (SUMO's --time-to-impatience, 180 s): a vehicle waiting at a link that must yield
  // grows impatient over this many seconds of standing, and assumes in proportion that the
  // prioritised vehicles will brake for it (their arrival time if they braked at their decel,
  // MSLink::blockedByFoe). <= 0: never.
  double time_to_impatience_s = 180.0;
  // The travel time of each edge is smoothed from the speeds measured on it every this many
  // seconds, with this time constant (SUMO averages over device.rerouting.adaptation-steps 180
  // steps of 1 s).
  double travel_time_interval_s = 10.0;
  double travel_time_window_s = 180.0;
  // Actuated signals (SUMO's tlLogic type="actuated", gap based; signals.cpp): SUMO's defaults of
  // the parameters max-gap, detector-gap and passing-time.
  double actuated_max_gap_s = 3.0;
  double actuated_detector_gap_s = 2.0;
  double actuated_passing_time_s = 1.9;
};

// A reversible lane: one strip of road modelled as a lane of each direction's edge, exactly one of
// them open at a time (traffic.reversible switches it).
struct ReversibleLane {
  std::uint32_t lane[2] = {kNone, kNone};  // lane[0] is open at the start
};

// One vehicle that will depart: a vehicle, a routed trip, or a member of a flow.
struct ModelVehicle {
  std::string id;
  std::uint32_t type = 0;   // into TrafficModel::types
  double depart_s = 0.0;    // desired departure
  IndexRange route;         // into TrafficModel::route_edges (normal edges, in order)
  DepartAttrs attrs;
  double speed_factor = 1.0;  // this driver's multiplier of the speed limit (SUMO's normc draw)
};

struct TrafficModel {
  Network net;
  std::vector<VehicleType> types;
  std::vector<ModelVehicle> vehicles;     // sorted by depart_s, as SUMO inserts them
  std::vector<std::uint32_t> route_edges;
  std::vector<ReversibleLane> reversible;
  TrafficOptions options;
  std::vector<std::string> warnings;      // e.g. trips without a route (dropped, as SUMO does)

  // Derived from the network for the step (built by build_traffic_model):
  // the junction link (a connection from a normal lane into a junction) each internal lane
  // belongs to, kNone for normal lanes;
  std::vector<std::uint32_t> internal_lane_link;
  // the connection of each junction link: link_conn[junction_link_first[j] + k] for link k of j.
  std::vector<std::uint32_t> junction_link_first;
  std::vector<std::uint32_t> link_conn;
  // the approach of each junction link (same layout as link_conn): the rank of its incoming edge
  // among the junction's, in link order; kNone for a link without a connection. A signal put at
  // the junction by a measure gives each approach its own green (traffic_measures.h).
  std::vector<std::uint32_t> link_approach;
  std::vector<std::uint32_t> junction_approaches;  // per junction: how many
  // Actuated signals: each program's phases in the flat phase tables start at
  // signal_phase_base[program]; the incoming lanes green in flat phase f are
  // phase_lanes[phase_lanes_first[f] .. phase_lanes_first[f + 1]); detector_pos per lane (m from
  // the lane's start; -1 where there is no detector).
  std::vector<std::uint32_t> signal_phase_base;
  std::vector<std::uint32_t> phase_lanes_first;
  std::vector<std::uint32_t> phase_lanes;
  std::vector<double> detector_pos;
  bool has_actuated = false;
};

// Resolves the demand against the network: vehicle types, routes (edge ids → indices, checked to
// be connected), trips routed on free-flow travel times (SUMO's default when no weights are
// given), flows expanded up to options.end_s (or `until_s` when end is -1). Errors name the routes
// file and line; trips with no route are dropped with a warning, as SUMO does.
Result<TrafficModel> build_traffic_model(Network net, const Demand& demand, const TrafficOptions& options,
                                         double until_s = 86400.0);

// Fills the derived tables of a model whose network is complete (build_traffic_model calls it;
// tests that build a model by hand call it once).
void index_traffic_model(TrafficModel& m);

}  // namespace dpt::sim::traffic
