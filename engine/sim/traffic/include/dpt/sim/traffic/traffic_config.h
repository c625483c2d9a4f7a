#pragma once
// [modules.traffic] of a scenario file → the traffic Model (keys in docs/scenarios.md):
//   network  = "FILE.net.xml" | "district"   a SUMO network, or the district's roads
//   district = "DIR"                          the district directory (network = "district")
//   traffic_lights = false                    signals at major crossings (network = "district")
//   routes   = "FILE.rou.xml"                 SUMO routes: vTypes, vehicles, trips, flows
//   od       = "FILE.toml"                    OD matrices between zones (od_demand.h); routes, od or both
//   types    = "FILE.add.xml"                 optional vTypes read before the routes
//   step     = "1s"                           the traffic step; divides the scenario's step
//   seed     = 42                             the drivers' speed factors
// Errors go to the reader's list with file and line, as every module's do.
#include <optional>

#include "dpt/core/config_reader.h"
#include "dpt/sim/common/build_context.h"
#include "dpt/sim/traffic/traffic_model.h"

namespace dpt::sim::traffic {

std::optional<TrafficModel> parse_traffic_model(TableReader& r, const BuildContext& ctx);

}  // namespace dpt::sim::traffic
