#pragma once
// The road network: real GPX geometry first, then synthetic arterials (least-cost paths), street
// grids and tracks; one strongly connected network at the end.
#include <filesystem>
#include <string>
#include <vector>

#include "dpt/core/result.h"
#include "dpt/world/roads.h"
#include "gpx_roads.h"
#include "least_cost_roads.h"
#include "street_grids.h"

namespace dapeng {

// A place the network must reach (a key site gate, a beach, a checkpoint).
struct RoadTarget {
  Local p;
  dpt::world::RoadClass cls;
  std::string name;
};

struct RoadReport {
  GpxReport gpx;
  ArterialReport arterials;
  StreetReport streets;
  std::size_t components_before = 0;  // weak components of the first build
  int connectors = 0;                 // roads added to join components
  std::size_t links_removed = 0;      // by keep_largest_component
  double real_km = 0.0;               // centreline km of links from the GPX tracks
  double centreline_km = 0.0, total_km = 0.0;
  std::size_t nodes = 0, links = 0, strong_components = 0;
};

// Source ids: the GPX ride number (995778, 1041365) for real roads; synthetic ranges from 2,000,000.
constexpr std::int64_t kArterialIds = 2000000, kStreetIds = 3000000, kConnectorIds = 9000000;
bool is_real_road(std::int64_t source_id);

dpt::Result<dpt::world::RoadNetwork> synth_roads(const Context& ctx, const std::vector<std::filesystem::path>& gpx,
                                                 const std::vector<RoadTarget>& targets,
                                                 const std::vector<dpt::geo::Polygon>& keep_out, RoadReport& report);

}  // namespace dapeng
