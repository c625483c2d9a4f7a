// Georeferencing a detection's foot point: the pixel's ray cast onto terrain and buildings, and
// the first-order propagation of the pixel noise through that ray geometry into a ground-plane
// covariance. project_to_image is the exact inverse of world::camera_ray.
#include "dpt/fusion/georef.h"

#include <algorithm>
#include <cmath>

namespace dpt::fusion {

namespace {

double dot3(const double a[3], const double b[3]) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

// Surfaces steeper than this (|n_z| below it) are walls: a foot point there belongs to something
// standing at the wall's foot, so its uncertainty is spread on the horizontal plane instead.
constexpr double kWallNormalZ = 0.5;
// Below this |cos| between ray and normal (about 0.06°) the intersection is ill-conditioned; the
// Jacobian is evaluated at this grazing angle instead of dividing by (nearly) zero.
constexpr double kMinCosIncidence = 1e-3;

// Raises each principal variance of the symmetric 2x2 matrix [a b; b c] to at least s2.
void floor_covariance(double& a, double& b, double& c, double s2) {
  const double mean = 0.5 * (a + c), half_diff = 0.5 * (a - c);
  const double rad = std::sqrt(half_diff * half_diff + b * b);
  const double l1 = mean + rad, l2 = mean - rad;  // l1 >= l2
  if (l2 >= s2) return;
  // Unit eigenvector of l1 (for a diagonal matrix with a >= c: the x axis).
  double e1x = 1.0, e1y = 0.0;
  if (rad > 0.0) {
    const double vx = half_diff + rad, vy = b;  // (A - l2 I) columns span the l1 eigenspace
    const double n1 = std::hypot(vx, vy);
    if (n1 > 0.0) {
      e1x = vx / n1;
      e1y = vy / n1;
    } else {  // a < c, b = 0: l1 belongs to the y axis
      e1x = 0.0;
      e1y = 1.0;
    }
  }
  const double e2x = -e1y, e2y = e1x;
  const double d1 = std::max(0.0, s2 - l1), d2 = s2 - l2;
  a += d1 * e1x * e1x + d2 * e2x * e2x;
  b += d1 * e1x * e1y + d2 * e2x * e2y;
  c += d1 * e1y * e1y + d2 * e2y * e2y;
}

}  // namespace

CameraFrame camera_frame(const world::Camera& cam) {
  CameraFrame f;
  f.origin[0] = cam.pose.x;
  f.origin[1] = cam.pose.y;
  f.origin[2] = cam.pose.z;
  f.fx = cam.k.fx;
  f.fy = cam.k.fy;
  f.cx = cam.k.cx;
  f.cy = cam.k.cy;
  f.width = cam.k.width;
  f.height = cam.k.height;
  // camera_ray(u, v) is the normalised f + a r + b d with a = (u - cx)/fx, b = (v - cy)/fy and
  // {f, r, d} orthonormal, so the principal point gives f, and (cx + fx, cy) gives (f + r)/sqrt 2.
  double right_ray[3], down_ray[3];
  world::camera_ray(cam, cam.k.cx, cam.k.cy, f.forward);
  world::camera_ray(cam, cam.k.cx + cam.k.fx, cam.k.cy, right_ray);
  world::camera_ray(cam, cam.k.cx, cam.k.cy + cam.k.fy, down_ray);
  const double s2 = std::sqrt(2.0);
  for (int k = 0; k < 3; ++k) {
    f.right[k] = s2 * right_ray[k] - f.forward[k];
    f.down[k] = s2 * down_ray[k] - f.forward[k];
  }
  return f;
}

bool project_to_image(const CameraFrame& cam, double x, double y, double z, double& u, double& v, double* depth) {
  const double d[3] = {x - cam.origin[0], y - cam.origin[1], z - cam.origin[2]};
  const double zc = dot3(d, cam.forward);
  if (depth) *depth = zc;
  if (!(zc > 0.0)) return false;
  u = cam.cx + cam.fx * dot3(d, cam.right) / zc;
  v = cam.cy + cam.fy * dot3(d, cam.down) / zc;
  return u >= 0.0 && u < cam.width && v >= 0.0 && v < cam.height;
}

bool project_to_image(const world::Camera& cam, double x, double y, double z, double& u, double& v) {
  return project_to_image(camera_frame(cam), x, y, z, u, v);
}

GroundFix georeference_pixel(const physics::CollisionWorld& world, const CameraFrame& cam, double u, double v,
                             const GeorefParams& p) {
  GroundFix fix;
  const double a = (u - cam.cx) / cam.fx, b = (v - cam.cy) / cam.fy;
  double r[3];  // the pixel's ray, not normalised: P = O + t r
  for (int k = 0; k < 3; ++k) r[k] = cam.forward[k] + a * cam.right[k] + b * cam.down[k];
  const double r_len = std::sqrt(dot3(r, r));
  const physics::RayHit hit = world.ray_cast({cam.origin[0], cam.origin[1], cam.origin[2]}, {r[0], r[1], r[2]},
                                             p.max_range_m);
  if (!hit.hit || hit.distance > p.max_range_m) return fix;
  fix.ok = true;
  fix.x = hit.point.x;
  fix.y = hit.point.y;
  fix.z = hit.point.z;
  fix.range = hit.distance;
  fix.building = hit.building;

  // Covariance by first-order propagation of the pixel noise (sigma in u and in v, independent)
  // through the ray-plane intersection. With the surface locally the plane n.(P - P0) = 0 and
  // P = O + t r(u, v), t = n.(P0 - O) / n.r, differentiating gives
  //   dP/du = t (I - r n^T / (n.r)) dr/du,   dr/du = right / fx,   dr/dv = down / fy,
  // i.e. the ray's angular change scaled by the range and projected onto the plane along the ray.
  // Checks: at the principal point over flat ground (n = z, grazing angle g = -pitch) the
  // across-range term is range * sigma / f and the along-range term is range * sigma / (f sin g);
  // looking straight down both are h * sigma / f. The Jacobian is already in district axes, so
  // the rotation by the ray's azimuth is built in. Cov = sigma^2 (Ju Ju^T + Jv Jv^T), x-y block.
  double n[3] = {hit.normal.x, hit.normal.y, hit.normal.z};
  if (std::abs(n[2]) < kWallNormalZ) {
    n[0] = 0.0;
    n[1] = 0.0;
    n[2] = 1.0;
  }
  double nr = dot3(n, r);
  const double min_nr = kMinCosIncidence * r_len;
  if (std::abs(nr) < min_nr) nr = nr < 0.0 ? -min_nr : min_nr;
  const double t = hit.distance / r_len;
  auto project_on_plane = [&](const double w[3], double scale, double out[2]) {
    const double nw = dot3(n, w);
    out[0] = scale * (w[0] - r[0] * nw / nr);
    out[1] = scale * (w[1] - r[1] * nw / nr);
  };
  double ju[2], jv[2];
  project_on_plane(cam.right, t / cam.fx, ju);
  project_on_plane(cam.down, t / cam.fy, jv);
  const double s2 = p.pixel_sigma * p.pixel_sigma;
  fix.cxx = s2 * (ju[0] * ju[0] + jv[0] * jv[0]);
  fix.cxy = s2 * (ju[0] * ju[1] + jv[0] * jv[1]);
  fix.cyy = s2 * (ju[1] * ju[1] + jv[1] * jv[1]);
  floor_covariance(fix.cxx, fix.cxy, fix.cyy, p.min_sigma_m * p.min_sigma_m);
  return fix;
}

GroundFix georeference(const physics::CollisionWorld& world, const world::Camera& cam, const BoxDetection& box,
                       const GeorefParams& p) {
  const double u = static_cast<double>(box.x) + 0.5 * static_cast<double>(box.w);
  const double v = static_cast<double>(box.y) + static_cast<double>(box.h);
  return georeference_pixel(world, camera_frame(cam), u, v, p);
}

}  // namespace dpt::fusion
