// A distance along a lane to a point on its shape (lane_geometry.h).
#include "dpt/sim/traffic/lane_geometry.h"

#include <algorithm>
#include <cmath>

namespace dpt::sim::traffic {

LanePoint position_on_lane(const Network& net, std::uint32_t lane, double pos) {
  LanePoint out;
  const auto shape = net.shape(lane);
  if (shape.empty()) return out;
  if (shape.size() == 1) {
    out.x = shape[0].x, out.y = shape[0].y;
    return out;
  }
  double total = 0.0;
  for (std::size_t k = 1; k < shape.size(); ++k) total += std::hypot(shape[k].x - shape[k - 1].x, shape[k].y - shape[k - 1].y);
  const double lane_len = net.lanes[lane].length_m;
  double d = lane_len > 0.0 ? pos * total / lane_len : pos;
  d = std::clamp(d, 0.0, total);
  for (std::size_t k = 1; k < shape.size(); ++k) {
    const double sx = shape[k].x - shape[k - 1].x, sy = shape[k].y - shape[k - 1].y;
    const double seg = std::hypot(sx, sy);
    if (seg <= 0.0) continue;
    if (d <= seg || k + 1 == shape.size()) {
      const double f = std::min(d / seg, 1.0);
      out.x = shape[k - 1].x + f * sx;
      out.y = shape[k - 1].y + f * sy;
      out.dx = sx / seg;
      out.dy = sy / seg;
      return out;
    }
    d -= seg;
  }
  out.x = shape.back().x, out.y = shape.back().y;
  return out;
}

}  // namespace dpt::sim::traffic
