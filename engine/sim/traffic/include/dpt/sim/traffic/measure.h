#pragma once
// Incidents and measures in force on the roads: what a closure, an obstruction (an accident), a
// speed limit, a checkpoint or a signal put at a junction (traffic police) is, as a plain record of the traffic State (saved in snapshots).
// traffic_measures.h applies the commands that create and end them.
#include <cstdint>
#include <limits>

#include "dpt/sim/traffic/network.h"

namespace dpt::sim::traffic {

enum class MeasureKind : std::uint8_t {
  closure,      // nobody enters the lanes (links into them, insertion, lane changes onto them)
  obstruction,  // a standing obstacle at pos_m (an accident): vehicles behind it stop and change lanes
  speed_limit,  // the lanes' limit becomes speed_mps
  checkpoint,   // every vehicle stops at pos_m for a drawn service time; one vehicle per lane at a time
  signal,       // a fixed-time signal over a junction (a police officer, temporary lights): its
                // phases in turn, each giving green to some of the roads into the junction for its
                // green time, then yellow to those that lose it; it overrides the junction's own
                // right of way and lights
};

// The service time of a checkpoint: fixed at the mean, exponential with the mean, or lognormal
// with the mean and standard deviation (the usual shape of service times: positive, skewed).
enum class ServiceDistribution : std::uint8_t { fixed, exponential, lognormal };

// A signal measure's limits: phases, and roads into its junction (one bit each per phase).
constexpr std::uint32_t kMaxSignalPhases = 8;
constexpr std::uint32_t kMaxSignalRoads = 8;

// Laid out without padding (saved and hashed as bytes).
struct Measure {
  std::uint32_t id = 0;  // unique in the run; a checkpoint's draws are keyed by it
  std::uint32_t edge = kNone;
  std::uint64_t lanes = ~std::uint64_t{0};  // bit k: lane k of the edge (0 = right-most)
  double pos_m = 0.0;                       // obstruction, checkpoint: metres from the edge's start
  double speed_mps = 0.0;                   // speed limit
  double service_mean_s = 0.0;              // checkpoint
  double service_sd_s = 0.0;
  double end_s = std::numeric_limits<double>::infinity();  // ends by itself then (+inf: when told)
  // Signal (kind signal): phase p gives green to the junction's approaches (roads in, by rank:
  // TrafficModel::link_approach) whose bits are set in byte p of phase_roads, for green_s[p], then
  // yellow_s of yellow to those the next phase does not keep green. The cycle starts at start_s.
  double start_s = 0.0;
  double yellow_s = 0.0;
  std::uint64_t phase_roads = 0;
  float green_s[kMaxSignalPhases] = {};
  MeasureKind kind = MeasureKind::closure;
  ServiceDistribution distribution = ServiceDistribution::fixed;
  std::uint8_t phase_count = 0;
  std::uint8_t reserved = 0;
  std::uint32_t junction = kNone;  // signal: the junction (edge is kNone)
};
static_assert(sizeof(Measure) == 120, "Measure must have no padding");

}  // namespace dpt::sim::traffic
