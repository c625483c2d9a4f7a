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
  bool ok = false;        // false: no hit within max_range_m (left the district, above the horizon)
  double x = 0.0, y = 0.0, z = 0.0;  // district frame, m
  double cxx = 0.0, cxy = 0.0, cyy = 0.0;  // ground-plane position covariance, m^2
  double range = 0.0;     // camera to point, m
  std::int64_t building = -1;  // the foot point landed on a roof (-1: terrain)
};

struct GeorefParams {
  double pixel_sigma = 2.0;   // foot-point noise of the detector, px (1 sigma, in u and in v)
  double min_sigma_m = 0.3;   // floor on the position sigma (each principal axis), m
  double max_range_m = 5000.0;
};

// The camera's pose as an orthonormal basis in the district frame, taken from world::camera_ray
// itself so that projecting and casting stay exact inverses. Cheap to keep one per camera.
struct CameraFrame {
  double origin[3] = {};
  double forward[3] = {}, right[3] = {}, down[3] = {};  // unit; pixel (u,v) looks along f + a r + b d
  double fx = 1.0, fy = 1.0, cx = 0.0, cy = 0.0;
  int width = 0, height = 0;
};
CameraFrame camera_frame(const world::Camera& cam);

// Maps the foot point (x + w/2, y + h) of `box` seen by `cam` to the ground. Thread-safe, no
// allocation.
GroundFix georeference(const physics::CollisionWorld& world, const world::Camera& cam, const BoxDetection& box,
                       const GeorefParams& p = {});
// The same for a pixel (u, v) of an already built camera frame.
GroundFix georeference_pixel(const physics::CollisionWorld& world, const CameraFrame& cam, double u, double v,
                             const GeorefParams& p = {});

// The inverse, for simulation and tests: where the district point (x, y, z) appears in `cam`'s
// image. False when it is behind the camera or outside the image ([0, width) x [0, height)); u, v
// are still written for a point in front of the camera. depth: distance along the optical axis.
bool project_to_image(const world::Camera& cam, double x, double y, double z, double& u, double& v);
bool project_to_image(const CameraFrame& cam, double x, double y, double z, double& u, double& v,
                      double* depth = nullptr);

}  // namespace dpt::fusion
