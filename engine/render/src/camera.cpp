// View and projection matrices (Vulkan clip space, reversed Z), orbit and fly controls, look
// through a district camera, frustum planes and projected sizes. See camera.h for conventions.
#include "dpt/render/camera.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace dpt::render {

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kPitchLimit = 89.9;  // keeps forward off the pole, where heading is undefined

// The camera's axes in the district frame, the same construction as world::camera_ray (sensors.cpp):
// forward from heading and pitch, level right = heading turned 90° clockwise, up = right × forward,
// then roll about forward (positive: right side down).
struct Basis {
  glm::dvec3 f, r, u;
};
Basis basis(const ViewCamera& c) {
  const double yaw = c.yaw_deg * kDeg, pitch = c.pitch_deg * kDeg, roll = c.roll_deg * kDeg;
  const double sy = std::sin(yaw), cy = std::cos(yaw), sp = std::sin(pitch), cp = std::cos(pitch);
  const glm::dvec3 f{sy * cp, cy * cp, sp};
  const glm::dvec3 r0{cy, -sy, 0.0};
  const glm::dvec3 u0{-sy * sp, -cy * sp, cp};
  const double sr = std::sin(roll), cr = std::cos(roll);
  return {f, r0 * cr - u0 * sr, u0 * cr + r0 * sr};
}

// Clip-space scales and offsets shared by the matrix, the pixel projection and the frustum:
// ndc_x = sx * x/d + shift.x, ndc_y = -sy * y/d + shift.y, with d = -z the view depth.
struct Lens {
  double sx, sy;
};
Lens lens(const ViewCamera& c, double aspect) {
  const double sy = 1.0 / std::tan(0.5 * c.fov_y_deg * kDeg);
  return {sy * c.pixel_aspect / aspect, sy};
}

// Reversed-Z depth = A + B / d: near → 1, far → 0 (solve A + B/n = 1, A + B/f = 0); with an
// infinite far plane A = 0, B = n (Reed 2015; also Lapidous & Jiao 1999).
void depth_coeffs(const ViewCamera& c, double& a, double& b) {
  const double n = c.near_m, f = c.far_m;
  if (std::isinf(f)) {
    a = 0.0;
    b = n;
  } else {
    a = -n / (f - n);
    b = n * f / (f - n);
  }
}

double wrap_degrees(double deg) {
  double w = std::fmod(deg, 360.0);
  if (w < 0.0) w += 360.0;
  return w;
}

glm::dvec4 plane(glm::dvec3 n, glm::dvec3 through) {
  const double len = glm::length(n);
  n /= len;
  return {n, -glm::dot(n, through)};
}

}  // namespace

glm::dvec3 forward(const ViewCamera& c) { return basis(c).f; }
glm::dvec3 right(const ViewCamera& c) { return basis(c).r; }
glm::dvec3 up(const ViewCamera& c) { return basis(c).u; }

glm::dmat4 view_matrix_relative_d(const ViewCamera& c) {
  const Basis b = basis(c);
  glm::dmat4 m(1.0);  // glm is column-major: m[col][row]
  for (int k = 0; k < 3; ++k) {
    m[k][0] = b.r[k];
    m[k][1] = b.u[k];
    m[k][2] = -b.f[k];
  }
  return m;
}

glm::dmat4 projection_d(const ViewCamera& c, double aspect) {
  const Lens l = lens(c, aspect);
  double a = 0.0, b = 0.0;
  depth_coeffs(c, a, b);
  glm::dmat4 p(0.0);
  // clip = (sx x - shift.x z, -sy y - shift.y z, -a z + b, -z): divided by w = -z = d this gives
  // the ndc of Lens and depth_coeffs.
  p[0][0] = l.sx;
  p[1][1] = -l.sy;
  p[2][0] = -c.lens_shift.x;
  p[2][1] = -c.lens_shift.y;
  p[2][2] = -a;
  p[3][2] = b;
  p[2][3] = -1.0;
  return p;
}

glm::mat4 view_matrix_relative(const ViewCamera& c) { return glm::mat4(view_matrix_relative_d(c)); }
glm::mat4 projection(const ViewCamera& c, double aspect) { return glm::mat4(projection_d(c, aspect)); }

double depth_at(const ViewCamera& c, double d) {
  double a = 0.0, b = 0.0;
  depth_coeffs(c, a, b);
  return a + b / d;
}

std::optional<glm::dvec2> project_to_pixel(const ViewCamera& c, glm::dvec3 world, int w, int h) {
  const Basis b = basis(c);
  const glm::dvec3 v = world - c.eye;
  const double d = glm::dot(b.f, v);
  if (!(d > 0.0)) return std::nullopt;
  const Lens l = lens(c, static_cast<double>(w) / static_cast<double>(h));
  const double ndc_x = l.sx * glm::dot(b.r, v) / d + c.lens_shift.x;
  const double ndc_y = -l.sy * glm::dot(b.u, v) / d + c.lens_shift.y;
  return glm::dvec2{0.5 * (ndc_x + 1.0) * w, 0.5 * (ndc_y + 1.0) * h};
}

ViewCamera orbit(glm::dvec3 target, double distance, double heading_deg, double pitch_deg, double fov_y_deg) {
  ViewCamera c;
  c.yaw_deg = wrap_degrees(heading_deg);
  c.pitch_deg = pitch_deg;
  c.fov_y_deg = fov_y_deg;
  c.near_m = std::max(0.1, distance / 1000.0);
  c.far_m = std::numeric_limits<double>::infinity();
  c.eye = target - distance * forward(c);
  return c;
}

ViewCamera orbit(const OrbitParams& o, double fov_y_deg) {
  return orbit(o.target, o.distance, o.heading_deg, o.pitch_deg, fov_y_deg);
}

OrbitParams to_orbit(const ViewCamera& c, double distance) {
  OrbitParams o;
  o.target = c.eye + distance * forward(c);
  o.distance = distance;
  o.heading_deg = wrap_degrees(c.yaw_deg);
  o.pitch_deg = c.pitch_deg;
  return o;
}

void orbit_drag(OrbitParams& o, double dx_deg, double dy_deg) {
  o.heading_deg = wrap_degrees(o.heading_deg + dx_deg);
  o.pitch_deg = std::clamp(o.pitch_deg + dy_deg, -kPitchLimit, kPitchLimit);
}

void orbit_zoom(OrbitParams& o, double factor, double min_m, double max_m) {
  o.distance = std::clamp(o.distance * factor, min_m, max_m);
}

void fly_step(ViewCamera& c, const FlyInput& in, double dt_s) {
  c.yaw_deg = wrap_degrees(c.yaw_deg + in.yaw_deg);
  c.pitch_deg = std::clamp(c.pitch_deg + in.pitch_deg, -kPitchLimit, kPitchLimit);
  const Basis b = basis(c);
  const double step = in.speed_mps * dt_s;
  c.eye += step * (in.forward * b.f + in.right * b.r + in.up * glm::dvec3{0.0, 0.0, 1.0});
}

ViewCamera look_through(const world::Camera& cam) {
  ViewCamera c;
  c.eye = {cam.pose.x, cam.pose.y, cam.pose.z};
  c.yaw_deg = cam.pose.yaw_deg;
  c.pitch_deg = cam.pose.pitch_deg;
  c.roll_deg = cam.pose.roll_deg;
  const double w = cam.k.width, h = cam.k.height;
  // Pinhole: tan(fov_y / 2) = (h / 2) / fy; u = cx + fx x/d ⇒ ndc_x = 2u/w - 1 = (2 fx / w) x/d +
  // (2 cx / w - 1), and likewise for v (down) — hence the lens shift and pixel aspect fx / fy.
  c.fov_y_deg = 2.0 * std::atan(0.5 * h / cam.k.fy) / kDeg;
  c.lens_shift = {2.0 * cam.k.cx / w - 1.0, 2.0 * cam.k.cy / h - 1.0};
  c.pixel_aspect = cam.k.fx / cam.k.fy;
  c.near_m = 0.5;
  c.far_m = std::numeric_limits<double>::infinity();
  return c;
}

Frustum make_frustum(const ViewCamera& c, double aspect) {
  const Basis b = basis(c);
  const Lens l = lens(c, aspect);
  // x/d and y/d (x right, y up) at the image edges, from ndc = ±1 (see Lens).
  const double left = (-1.0 - c.lens_shift.x) / l.sx, rgt = (1.0 - c.lens_shift.x) / l.sx;
  const double bottom = (c.lens_shift.y - 1.0) / l.sy, top = (c.lens_shift.y + 1.0) / l.sy;
  Frustum fr;
  fr.planes[0] = plane(b.r - left * b.f, c.eye);    // x/d >= left
  fr.planes[1] = plane(rgt * b.f - b.r, c.eye);     // x/d <= right
  fr.planes[2] = plane(b.u - bottom * b.f, c.eye);  // y/d >= bottom
  fr.planes[3] = plane(top * b.f - b.u, c.eye);     // y/d <= top
  fr.planes[4] = plane(b.f, c.eye + c.near_m * b.f);
  fr.planes[5] = std::isinf(c.far_m) ? glm::dvec4{0.0, 0.0, 0.0, 1.0} : plane(-b.f, c.eye + c.far_m * b.f);
  return fr;
}

bool contains(const Frustum& f, glm::dvec3 p) {
  for (const glm::dvec4& pl : f.planes)
    if (glm::dot(glm::dvec3(pl), p) + pl.w < 0.0) return false;
  return true;
}

bool intersects(const Frustum& f, glm::dvec3 box_lo, glm::dvec3 box_hi) {
  for (const glm::dvec4& pl : f.planes) {
    // The p-vertex: the box corner farthest along the plane's normal.
    const glm::dvec3 p{pl.x >= 0.0 ? box_hi.x : box_lo.x, pl.y >= 0.0 ? box_hi.y : box_lo.y,
                       pl.z >= 0.0 ? box_hi.z : box_lo.z};
    if (glm::dot(glm::dvec3(pl), p) + pl.w < 0.0) return false;
  }
  return true;
}

double projected_size_px(const ViewCamera& c, int height_px, glm::dvec3 centre, double radius) {
  const double d = glm::length(centre - c.eye);
  if (d <= radius) return std::numeric_limits<double>::infinity();
  // Focal length in pixels: f = (H / 2) / tan(fov_y / 2); the silhouette of a sphere on the axis
  // has half-angle asin(r / d), so its image radius is f tan(asin(r/d)) = f r / sqrt(d² - r²).
  const double f_px = 0.5 * height_px / std::tan(0.5 * c.fov_y_deg * kDeg);
  return 2.0 * f_px * radius / std::sqrt(d * d - radius * radius);
}

double projected_size_px(const ViewCamera& c, int height_px, glm::dvec3 box_lo, glm::dvec3 box_hi) {
  return projected_size_px(c, height_px, 0.5 * (box_lo + box_hi), 0.5 * glm::length(box_hi - box_lo));
}

}  // namespace dpt::render
