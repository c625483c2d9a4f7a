#pragma once
// Reader for SUMO routes files (.rou.xml). What it reads and what it rejects:
//  - <vType>: id, vClass, length, width, minGap, maxSpeed, accel, decel, emergencyDecel, tau,
//    speedFactor (a number or "normc(mean,dev[,min,max])"), speedDev, carFollowModel (IDM is
//    simulated; others are kept and flagged in VehicleType::car_follow_model), the IDM's delta and
//    stepping, as attributes or in a nested <carFollowing-IDM/> element.
//  - <route>: id, edges (at least one).
//  - <vehicle>: id, type, depart (seconds; "triggered", "containerTriggered", "now", "split" and
//    "begin" are rejected), departLane, departPos, departSpeed, arrivalPos, route by reference or
//    nested <route edges=.../>.
//  - <trip>: id, type, depart, from, to, via, the depart attributes; fromTaz / toTaz rejected.
//  - <flow>: id, type, begin, end, one of vehsPerHour | period | probability, number, route (by
//    reference or nested) or from / to / via.
//  - anything else that makes vehicles (person, container, vTypeDistribution, routeDistribution,
//    ...) is rejected as "not supported yet"; <param> children and purely visual attributes
//    (color, ...) are ignored.
// Every error names the file, the line and what was expected, and all errors are reported at once.
#include <filesystem>
#include <string_view>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/sim/traffic/demand.h"

namespace dpt::sim::traffic {

Result<Demand> read_rou_xml(const std::filesystem::path& path);
// Several files into one demand, as SUMO's `-r a.rou.xml,b.rou.xml`: read in order, a later file
// may use the vTypes and routes of an earlier one; vehicle ids must be unique over all of them.
Result<Demand> read_rou_xml_files(const std::vector<std::filesystem::path>& paths);
// The same from text in memory; `file_name` is used in error messages.
Result<Demand> read_rou_xml_string(std::string_view xml, std::string_view file_name);

}  // namespace dpt::sim::traffic
