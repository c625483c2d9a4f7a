#pragma once
// Incidents and measures as commands to the traffic (the scenario's traffic.* commands, docs/traffic.md
// "Incidents and measures"): lane and road closures, obstructions (accidents), speed limits,
// checkpoints with a service-time distribution, reversible lanes, and signals put at a junction
// (traffic police giving each approach its turn). A command changes the State's
// list of measures; the per-lane conditions the step reads (closed, speed limit, obstruction,
// checkpoint) are derived from that list. Measures may end by themselves (`duration`). A closure
// that leaves an edge with no usable lane makes the vehicles whose routes use it reroute
// (traffic_reroute.h).
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "dpt/core/config_reader.h"
#include "dpt/sim/traffic/measure.h"
#include "dpt/sim/traffic/traffic_state.h"

namespace dpt::sim::traffic {

enum class CommandVerb : std::uint8_t { close, open, accident, speed_limit, checkpoint, reversible, signal, clear };

struct TrafficCommand {
  CommandVerb verb = CommandVerb::close;
  std::uint32_t edge = kNone;
  std::uint64_t lanes = ~std::uint64_t{0};  // bit k: lane k (default: every lane)
  double pos_m = 0.0;
  double speed_mps = 0.0;
  double service_mean_s = 0.0;
  double service_sd_s = 0.0;
  ServiceDistribution distribution = ServiceDistribution::fixed;
  double duration_s = -1.0;  // < 0: until ended by a command
  std::uint32_t junction = kNone;  // signal, and clear by junction (then edge is kNone)
  // signal: phase p's roads (bits by approach rank) in byte p of phase_roads, its green green_s[p]
  std::uint32_t phase_count = 0;
  std::uint64_t phase_roads = 0;
  double green_s[kMaxSignalPhases] = {};
  double yellow_s = 0.0;  // signal: yellow for the roads a phase's end stops
};

// Reads the arguments of command `traffic.<verb>` (keys in docs/scenarios.md); errors (unknown
// verb or edge, a lane the edge lacks, a position beyond its end, ...) go to the reader's list.
std::optional<TrafficCommand> parse_traffic_command(std::string_view verb, TableReader& args, const TrafficModel& m);

// The same, with `edges = ["L1", "L2", ...]` allowed in place of `edge`: one command per edge, the
// other keys applying to each (a road of several links closed, or its reversible lane switched, by
// one inject). An error names the edge and the command's file and line.
std::optional<std::vector<TrafficCommand>> parse_traffic_commands(std::string_view verb, TableReader& args,
                                                                  const TrafficModel& m);

// Applies a command at the state's time.
void apply_traffic_command(const TrafficModel& m, TrafficState& s, const TrafficCommand& c);

// Ends the measures whose time has come (at the start of a step).
void end_expired_measures(const TrafficModel& m, TrafficState& s);

// Rebuilds the per-lane conditions (and the junctions' signals) from the measures and the
// reversible lanes' sides.
void derive_lane_conditions(const TrafficModel& m, TrafficState& s);

// The light a signal measure at junction j shows at time t_s to the junction's link k: in phase
// p's green, 'G' on the roads it gives green to, or 'g' (green, but yield) on a link that must
// yield to a link of another of those roads (the junction's own right of way among them), 'r' on
// the others; in the yellow after it, 'y' on the roads the next phase does not keep green.
char measure_signal_state(const TrafficModel& m, const Measure& signal, std::uint32_t j, std::uint32_t k, double t_s);

// Whether no vehicle can pass the edge: every lane closed or obstructed.
bool edge_impassable(const TrafficModel& m, const TrafficState& s, std::uint32_t edge);

// The service time of vehicle `vehicle` at checkpoint `cp`, drawn from CounterRng(seed, cp.id,
// vehicle): the same whatever the order of service or the thread count.
double draw_service_time(const Measure& cp, std::uint64_t seed, std::uint32_t vehicle);

}  // namespace dpt::sim::traffic
