#pragma once
// The square tiles that batch buildings and roads: tile (tx, ty) covers
// [tx·tile_m, (tx+1)·tile_m) × [ty·tile_m, (ty+1)·tile_m) in the district frame.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include <glm/vec3.hpp>

#include "dpt/geo/geometry.h"

namespace dpt::render {

struct TileKey {
  int tx = 0, ty = 0;
  bool operator<(const TileKey& o) const { return ty != o.ty ? ty < o.ty : tx < o.tx; }
  bool operator==(const TileKey& o) const { return tx == o.tx && ty == o.ty; }
};

inline TileKey tile_of(geo::Local p, double tile_m) {
  return {static_cast<int>(std::floor(p.x / tile_m)), static_cast<int>(std::floor(p.y / tile_m))};
}

// The tile square's centre, z = 0.
inline glm::dvec3 tile_origin(TileKey k, double tile_m) {
  return {(k.tx + 0.5) * tile_m, (k.ty + 0.5) * tile_m, 0.0};
}

// Items grouped by tile (south row first, west first; stable within a tile): tile t holds
// order[first[t] .. first[t + 1]). `first` is empty when there are no items.
inline void group_by_tile(const std::vector<TileKey>& key, std::vector<std::uint32_t>& order,
                          std::vector<std::uint32_t>& first) {
  order.resize(key.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&key](std::uint32_t a, std::uint32_t b) { return key[a] < key[b]; });
  first.clear();
  for (std::size_t o = 0; o < order.size(); ++o)
    if (o == 0 || !(key[order[o]] == key[order[o - 1]])) first.push_back(static_cast<std::uint32_t>(o));
  if (!order.empty()) first.push_back(static_cast<std::uint32_t>(order.size()));
}

}  // namespace dpt::render
