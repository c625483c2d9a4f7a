#pragma once
// Georeferencing: a detection box's foot point (bottom centre) through the camera's model onto the
// district's terrain and buildings, with a ground-plane position covariance that grows with range
// (pixel noise and the ground's slope seen at a grazing angle).
#include <cstdint>

#include "dpt/fusion/messages.h"
#include "dpt/physics/collision_world.h"
#include "dpt/world/sensors.h"

namespace dpt::fusion {

struct GroundFix {
  bool ok = false;        // false: the ray left the district or rose above the horizon
  double x = 0.0, y = 0.0, z = 0.0;  // district frame, m
  double cxx = 0.0, cxy = 0.0, cyy = 0.0;  // ground-plane position covariance, m^2
  double range = 0.0;     // camera to point, m
  std::int64_t building = -1;  // the foot point landed on a roof (-1: terrain)
};

struct GeorefParams {
  double pixel_sigma = 2.0;   // foot-point noise of the detector, px (1 sigma)
  double min_sigma_m = 0.3;   // floor on the position sigma, m
  double max_range_m = 5000.0;
};

// Maps the foot point (x + w/2, y + h) of `box` seen by `cam` to the ground. Thread-safe, no
// allocation.
GroundFix georeference(const physics::CollisionWorld& world, const world::Camera& cam, const BoxDetection& box,
                       const GeorefParams& p = {});

// The inverse, for simulation and tests: where the district point (x, y, z) appears in `cam`'s
// image. False when it is behind the camera or outside the image.
bool project_to_image(const world::Camera& cam, double x, double y, double z, double& u, double& v);

}  // namespace dpt::fusion
