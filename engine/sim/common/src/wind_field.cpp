#include "dpt/sim/common/wind_field.h"

namespace dpt::sim {

TerrainCategory terrain_category(char name) {
  // GB 50009-2012 table 8.2.1 / clause 8.2.1 (alpha) and the constant-profile heights of its
  // exposure-factor table (5 m, 10 m, 15 m, 30 m).
  switch (name) {
    case 'A': return {'A', 0.12, 5.0};
    case 'C': return {'C', 0.22, 15.0};
    case 'D': return {'D', 0.30, 30.0};
    default: return {'B', 0.15, 10.0};
  }
}

}  // namespace dpt::sim
