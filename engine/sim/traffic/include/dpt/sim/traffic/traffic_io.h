#pragma once
// The traffic State in and out of a snapshot (save / load) and into the run's state digest, for
// the scenario runner's replay and branching (docs/recording.md). What a step only uses as
// scratch is not saved; the lanes' occupancy is rebuilt on load.
#include "dpt/core/bytes.h"
#include "dpt/core/digest.h"
#include "dpt/sim/traffic/traffic_model.h"
#include "dpt/sim/traffic/traffic_state.h"

namespace dpt::sim::traffic {

void digest(const TrafficState& s, Hasher& h);
void save(const TrafficState& s, ByteWriter& w);
// False when the bytes do not make a state of this model (truncated, or indices out of range).
bool load(const TrafficModel& m, TrafficState& s, ByteReader& r);

}  // namespace dpt::sim::traffic
