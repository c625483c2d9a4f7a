#pragma once
// What a domain needs from the scenario to build its Model: the district frame and extent, the
// scenario's folder (relative file names), start and step.
#include <filesystem>

#include "dpt/core/time.h"
#include "dpt/geo/local_frame.h"

namespace dpt::sim {

struct DistrictExtent {
  double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;  // district frame, m
  bool contains(double x, double y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
};

struct BuildContext {
  const geo::LocalFrame* frame = nullptr;
  DistrictExtent extent;
  std::filesystem::path base_dir;
  Instant start;
  Duration step;
  Duration duration;
};

}  // namespace dpt::sim
