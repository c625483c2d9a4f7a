#pragma once
// Planar geometry in the district frame (metres east/north of the district origin, double).
#include <cstdint>
#include <vector>

#include "dpt/geo/local_frame.h"

namespace dpt::geo {

// A closed ring without the repeated closing vertex. Outer rings are counter-clockwise, holes
// clockwise, once a loader has normalised them (see normalise_orientation).
using Ring = std::vector<Local>;
using LineString = std::vector<Local>;

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

struct Box {
  double min_x = 0.0, min_y = 0.0, max_x = 0.0, max_y = 0.0;
  bool contains(Local p) const { return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y; }
  bool intersects(const Box& o) const {
    return min_x <= o.max_x && o.min_x <= max_x && min_y <= o.max_y && o.min_y <= max_y;
  }
};

double signed_area(const Ring& r);           // > 0 counter-clockwise
double area(const Polygon& p);               // outer minus holes, >= 0
double length(const LineString& l);
Box bounds(const std::vector<Local>& points);  // of a ring or a line string
bool point_in_ring(const Ring& r, Local p);  // even-odd rule
bool point_in_polygon(const Polygon& p, Local p_);
// Makes the outer ring counter-clockwise and the holes clockwise.
void normalise_orientation(Polygon& p);

}  // namespace dpt::geo
