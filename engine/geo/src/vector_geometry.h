#pragma once
// OGR geometries → the district frame's Feature lists (private to the vector reader).
#include <ogr_geometry.h>

#include <string>
#include <vector>

#include "dpt/geo/crs.h"
#include "dpt/geo/vector_io.h"

namespace dpt::geo::detail {

// Moves every vertex of `g` (linear geometry only: no arcs) into the district frame, in place.
// `swap_xy`: the data stores (northing, easting) / (lat, lon). False if a vertex fails.
bool transform_in_place(OGRGeometry& g, const ToLocal& to_local, bool swap_xy);

// What happened to one feature's geometry on the way in.
struct GeometryNotes {
  std::vector<std::string> reasons;  // every part dropped or repaired, in words
  bool repaired = false;             // an invalid polygon was made valid
};

// Appends the parts of `g` (already in the district frame) to `out`: polygons cleaned (closing
// and repeated vertices dropped, degenerate rings dropped, invalid ones repaired with MakeValid
// when `repair`, orientation normalised), lines and points flattened from their collections.
void append_geometry(const OGRGeometry& g, bool repair, Feature& out, GeometryNotes& notes);

}  // namespace dpt::geo::detail
