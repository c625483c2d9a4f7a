#pragma once
// Where a vehicle is in the plane: a distance along a lane turned into a point on the lane's
// shape (SUMO's lane shapes, metres in the net's projection) and the heading there.
#include <cstdint>

#include "dpt/sim/traffic/network.h"

namespace dpt::sim::traffic {

struct LanePoint {
  double x = 0.0;
  double y = 0.0;
  double dx = 0.0;  // unit heading, east
  double dy = 1.0;  // unit heading, north
};

// The point `pos` metres along lane `lane`. SUMO states a lane's length apart from its shape (an
// internal lane's length follows the curve it stands for); the position is scaled by
// shape length / lane length, as SUMO does. Clamped to the shape's ends.
LanePoint position_on_lane(const Network& net, std::uint32_t lane, double pos);

}  // namespace dpt::sim::traffic
