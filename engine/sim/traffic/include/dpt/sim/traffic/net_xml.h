#pragma once
// Reading SUMO road networks (.net.xml, sumo.dlr.de/docs/Networks/SUMO_Road_Networks.html).
#include <filesystem>
#include <string_view>

#include "dpt/core/result.h"
#include "dpt/sim/traffic/network.h"

namespace dpt::sim::traffic {

// Reads edges (with their lanes), junctions (with their request tables), connections, traffic
// light programs and the location; <roundabout>, <type>, <param> and other elements are skipped.
// Every problem found is reported with the file and line: a missing or malformed attribute, a
// reference to an unknown edge, lane, junction or traffic light, a request table of the wrong
// size. The result is indexed (index_network) and ready for the step and the router.
Result<Network> read_net_xml(const std::filesystem::path& file);

// The same from text in memory; `name` stands for the file in error messages.
Result<Network> read_net_xml_text(std::string_view text, const std::string& name);

// A lane's permissions from SUMO's allow / disallow lists (space-separated vClass names, or
// "all"); nullptr for an absent attribute. SUMO's "truck" (and "trailer") also covers the
// district's hazmat and muck trucks; names with no class of ours map to VehicleClass::other.
ClassMask permissions_from_sumo(const char* allow, const char* disallow);

}  // namespace dpt::sim::traffic
