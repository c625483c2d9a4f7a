#pragma once
// Provenance of every layer (LayerInfo: status, source, licence, note) and the generation report
// (assets/dapeng/generation-report.txt: the counts the manifest quotes; no timings, so the file
// is byte-identical on a rerun).
#include <string>
#include <vector>

#include "building_synth.h"
#include "dpt/world/district.h"
#include "landmask.h"
#include "road_synth.h"
#include "terrain_synth.h"

namespace dapeng {

std::vector<dpt::world::LayerInfo> make_layers(const dpt::world::District& d, const std::string& mask_source,
                                               const RoadReport& roads, const TerrainReport& terrain);

void write_report(const dpt::world::District& d, const RoadReport& roads, const TerrainReport& terrain,
                  const CoastlineStats& coast, const BuildingReport& buildings, const std::string& path);

}  // namespace dapeng
