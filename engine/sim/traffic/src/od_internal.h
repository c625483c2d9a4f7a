#pragma once
// Helpers shared by the OD sources (private to the module).
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dpt/sim/traffic/od_demand.h"

namespace dpt::sim::traffic::od_detail {

inline bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0.0; }

inline double total_weight(const std::vector<ZoneEdge>& edges) {
  double w = 0.0;
  for (const ZoneEdge& e : edges) w += e.weight;
  return w;
}

// Zone id -> index (the first zone of that id, as OdDemand::find_zone): matrices may have 10^6 cells.
inline std::unordered_map<std::string_view, int> zone_index(const OdDemand& od) {
  std::unordered_map<std::string_view, int> out;
  for (std::size_t i = 0; i < od.zones.size(); ++i) out.emplace(od.zones[i].id, static_cast<int>(i));
  return out;
}
inline int lookup(const std::unordered_map<std::string_view, int>& index, const std::string& id) {
  const auto it = index.find(id);
  return it == index.end() ? -1 : it->second;
}

}  // namespace dpt::sim::traffic::od_detail
