#pragma once
// The district's objects as GeoPackage features and back (district.gpkg layer schemas,
// docs/district.md). Private to world/.
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/geo/vector_io.h"
#include "dpt/world/district.h"

namespace dpt::world::detail {

// Features and the layer definitions that point at them (the features must outlive `layers`).
struct LayersToWrite {
  std::vector<geo::Feature> coastline, buildings, roads, sites, site_areas, cameras, sensors;
  std::vector<geo::LayerToWrite> layers;
};
void make_layers(const District& d, LayersToWrite& out);

// Fills `d` from the layers read from district.gpkg; problems go into `errors` naming the file,
// layer, feature id and field.
void read_layers(const std::vector<geo::VectorLayer>& layers, const std::string& file, District& d,
                 ErrorList& errors);

}  // namespace dpt::world::detail
