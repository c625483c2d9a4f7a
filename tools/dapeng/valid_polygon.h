#pragma once
// Simplification can make a ring touch or cross itself; GDAL/GEOS MakeValid repairs it (into
// several polygons where it must), so that what we write reads back as the same features.
#include <vector>

#include "dpt/geo/geometry.h"

namespace dapeng {

// `p` itself when valid, else the polygons of its repair (normalised orientation), in GEOS order.
std::vector<dpt::geo::Polygon> make_valid(const dpt::geo::Polygon& p);

}  // namespace dapeng
