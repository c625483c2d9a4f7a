// Cameras: view and reversed-Z projection against analytic values, look-through of a district
// camera against world::camera_ray, orbit round trips, the frustum against a brute-force check.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

#include "dpt/render/camera.h"
#include "dpt/world/sensors.h"

using namespace dpt;
using namespace dpt::render;

namespace {

glm::dvec4 apply(const glm::dmat4& m, glm::dvec3 p) { return m * glm::dvec4(p, 1.0); }

ViewCamera level_camera(double yaw) {
  ViewCamera c;
  c.eye = {1000.0, -2000.0, 50.0};
  c.yaw_deg = yaw;
  c.near_m = 0.5;
  c.far_m = 5000.0;
  return c;
}

}  // namespace

TEST_CASE("view matrix: eye to origin, 10 m ahead to -Z at depth 10") {
  const ViewCamera c = level_camera(0.0);
  const glm::dmat4 v = view_matrix_relative_d(c);
  const glm::dvec4 o = apply(v, glm::dvec3(0.0));
  CHECK(glm::length(glm::dvec3(o)) == Approx(0.0).margin(1e-12));
  const glm::dvec4 north = apply(v, glm::dvec3(0.0, 10.0, 0.0));  // relative to the eye
  CHECK(north.x == Approx(0.0).margin(1e-12));
  CHECK(north.y == Approx(0.0).margin(1e-12));
  CHECK(north.z == Approx(-10.0));
  // Up is +y, east (the right) is +x.
  CHECK(apply(v, {0.0, 0.0, 3.0}).y == Approx(3.0));
  CHECK(apply(v, {4.0, 0.0, 0.0}).x == Approx(4.0));
  // The float matrix agrees.
  const glm::vec4 nf = view_matrix_relative(c) * glm::vec4(0.0f, 10.0f, 0.0f, 1.0f);
  CHECK(nf.z == Approx(-10.0f));
}

TEST_CASE("yaw 90 looks east, pitch -90 looks down, roll turns the right side down") {
  ViewCamera c = level_camera(90.0);
  CHECK(forward(c).x == Approx(1.0));
  CHECK(apply(view_matrix_relative_d(c), {7.0, 0.0, 0.0}).z == Approx(-7.0));
  CHECK(right(c).y == Approx(-1.0));  // facing east, the right hand points south
  c.pitch_deg = -90.0;
  CHECK(forward(c).z == Approx(-1.0));
  c = level_camera(0.0);
  c.roll_deg = 90.0;
  CHECK(right(c).z == Approx(-1.0));
  // Right-handed: right × up = -forward.
  c = level_camera(33.0);
  c.pitch_deg = -21.0;
  c.roll_deg = 7.0;
  const glm::dvec3 rxu = glm::cross(right(c), up(c));
  CHECK(glm::length(rxu + forward(c)) == Approx(0.0).margin(1e-12));
}

TEST_CASE("reversed-Z projection: near → 1, far → 0, analytic depth in between; Vulkan y down") {
  const ViewCamera c = level_camera(0.0);
  const glm::dmat4 pv = projection_d(c, 16.0 / 9.0) * view_matrix_relative_d(c);
  auto ndc = [&](glm::dvec3 rel) {
    const glm::dvec4 q = pv * glm::dvec4(rel, 1.0);
    return glm::dvec3(q) / q.w;
  };
  CHECK(ndc({0.0, c.near_m, 0.0}).z == Approx(1.0));
  CHECK(ndc({0.0, c.far_m, 0.0}).z == Approx(0.0).margin(1e-12));
  for (const double d : {1.0, 10.0, 123.0, 4000.0}) {
    // z_ndc = n (f - d) / (d (f - n)).
    const double expected = c.near_m * (c.far_m - d) / (d * (c.far_m - c.near_m));
    CHECK(ndc({0.0, d, 0.0}).z == Approx(expected).epsilon(1e-12));
    CHECK(depth_at(c, d) == Approx(expected).epsilon(1e-12));
  }
  // Top of the vertical fov at depth d: y = d tan(fov/2) → ndc y = -1 (Vulkan: top is -1).
  const double t = std::tan(0.5 * c.fov_y_deg * std::acos(-1.0) / 180.0);
  CHECK(ndc({0.0, 100.0, 100.0 * t}).y == Approx(-1.0));
  CHECK(ndc({100.0 * t * 16.0 / 9.0, 100.0, 0.0}).x == Approx(1.0));

  ViewCamera inf = c;
  inf.far_m = std::numeric_limits<double>::infinity();
  const glm::dmat4 pinf = projection_d(inf, 1.0);
  const glm::dvec4 q = pinf * glm::dvec4(0.0, 0.0, -250.0, 1.0);
  CHECK(q.z / q.w == Approx(inf.near_m / 250.0));
  const glm::dvec4 qn = pinf * glm::dvec4(0.0, 0.0, -inf.near_m, 1.0);
  CHECK(qn.z / qn.w == Approx(1.0));
}

TEST_CASE("look_through: the point hit by camera_ray projects back to its pixel (off-centre principal point)") {
  world::Camera cam;
  cam.pose = {1234.5, -678.9, 42.0, 117.0, -18.0, 4.0};
  cam.k.width = 1280;
  cam.k.height = 720;
  cam.k.fx = 1010.0;
  cam.k.fy = 990.0;
  cam.k.cx = 700.3;  // off centre (640, 360)
  cam.k.cy = 330.8;
  const ViewCamera c = look_through(cam);
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> ur(0.0, 1.0);
  double worst = 0.0;
  for (int k = 0; k < 20; ++k) {
    const double u = ur(rng) * cam.k.width, v = ur(rng) * cam.k.height, t = 5.0 + 2000.0 * ur(rng);
    double dir[3];
    world::camera_ray(cam, u, v, dir);
    const glm::dvec3 p = c.eye + t * glm::dvec3(dir[0], dir[1], dir[2]);
    const auto px = project_to_pixel(c, p, cam.k.width, cam.k.height);
    REQUIRE(px);
    worst = std::max({worst, std::abs(px->x - u), std::abs(px->y - v)});
    // The matrices (double) agree with project_to_pixel.
    const glm::dvec4 q = projection_d(c, 1280.0 / 720.0) * view_matrix_relative_d(c) * glm::dvec4(p - c.eye, 1.0);
    CHECK(0.5 * (q.x / q.w + 1.0) * cam.k.width == Approx(u).margin(1e-6));
    CHECK(0.5 * (q.y / q.w + 1.0) * cam.k.height == Approx(v).margin(1e-6));
  }
  CHECK(worst < 1e-6);
  // Behind the camera there is no pixel.
  CHECK_FALSE(project_to_pixel(c, c.eye - 10.0 * forward(c), 1280, 720));
  // Vertical fov from fy and the height: 2 atan(360 / 990).
  CHECK(c.fov_y_deg == Approx(2.0 * std::atan(360.0 / 990.0) * 180.0 / std::acos(-1.0)));
}

TEST_CASE("orbit looks at its target; to_orbit inverts it; drag, zoom and fly") {
  const glm::dvec3 target{500.0, 800.0, 12.0};
  const ViewCamera c = orbit(target, 2500.0, 210.0, -35.0, 50.0);
  CHECK(glm::length(c.eye - target) == Approx(2500.0));
  CHECK(c.eye.z > target.z);  // looking down: the eye is above
  const auto px = project_to_pixel(c, target, 800, 600);
  REQUIRE(px);
  CHECK(px->x == Approx(400.0));
  CHECK(px->y == Approx(300.0));
  const OrbitParams o = to_orbit(c, 2500.0);
  CHECK(glm::length(o.target - target) == Approx(0.0).margin(1e-9));
  CHECK(o.heading_deg == Approx(210.0));
  CHECK(o.pitch_deg == Approx(-35.0));
  const ViewCamera back = orbit(o, 50.0);
  CHECK(glm::length(back.eye - c.eye) == Approx(0.0).margin(1e-9));

  OrbitParams d = o;
  orbit_drag(d, 170.0, -80.0);
  CHECK(d.heading_deg == Approx(20.0));
  CHECK(d.pitch_deg == Approx(-89.9));
  orbit_zoom(d, 0.5);
  CHECK(d.distance == Approx(1250.0));
  orbit_zoom(d, 1e-9, 10.0);
  CHECK(d.distance == Approx(10.0));

  ViewCamera f = level_camera(0.0);
  FlyInput in;
  in.yaw_deg = 90.0;
  in.forward = 1.0;
  in.up = 0.5;
  in.speed_mps = 20.0;
  const glm::dvec3 e0 = f.eye;
  fly_step(f, in, 0.5);  // turn east, then 10 m east and 5 m up
  CHECK(f.yaw_deg == Approx(90.0));
  CHECK(f.eye.x - e0.x == Approx(10.0));
  CHECK(f.eye.y - e0.y == Approx(0.0).margin(1e-9));
  CHECK(f.eye.z - e0.z == Approx(5.0));
}

TEST_CASE("frustum: boxes inside, outside and straddling each plane; no false negatives on random boxes") {
  ViewCamera c = level_camera(30.0);
  c.pitch_deg = -20.0;
  c.roll_deg = 5.0;
  c.lens_shift = {0.1, -0.05};
  const double aspect = 1.5;
  const Frustum f = make_frustum(c, aspect);
  const glm::dvec3 F = forward(c), R = right(c), U = up(c);
  const glm::dvec3 centre = c.eye + 100.0 * F;
  const glm::dvec3 half{1.0};
  CHECK(intersects(f, centre - half, centre + half));
  CHECK_FALSE(intersects(f, c.eye - 50.0 * F - half, c.eye - 50.0 * F + half));   // behind the near plane
  CHECK_FALSE(intersects(f, c.eye + 6000.0 * F - half, c.eye + 6000.0 * F + half));  // beyond the far plane
  CHECK(intersects(f, c.eye + 5000.0 * F - half, c.eye + 5000.0 * F + half));      // straddles the far plane
  CHECK_FALSE(intersects(f, centre + 500.0 * R - half, centre + 500.0 * R + half));  // right
  CHECK_FALSE(intersects(f, centre - 500.0 * R - half, centre - 500.0 * R + half));  // left
  CHECK_FALSE(intersects(f, centre + 500.0 * U - half, centre + 500.0 * U + half));  // top
  CHECK_FALSE(intersects(f, centre - 500.0 * U - half, centre - 500.0 * U + half));  // bottom
  CHECK(contains(f, centre));
  // Straddling each side plane and the near plane: from inside to well outside.
  for (const glm::dvec3 out : {centre + 500.0 * R, centre - 500.0 * R, centre + 500.0 * U, centre - 500.0 * U,
                               c.eye - 50.0 * F}) {
    CHECK(intersects(f, glm::min(centre, out) - half, glm::max(centre, out) + half));
  }

  // Brute force: project a lattice of points of each box with the double matrices. A lattice point
  // inside the clip volume means the box is visible (intersects must say so); all 8 corners beyond
  // one clip plane means it is not (the p-vertex test is exact for one separating plane).
  const glm::dmat4 pv = projection_d(c, aspect) * view_matrix_relative_d(c);
  auto clip = [&](glm::dvec3 p) { return pv * glm::dvec4(p - c.eye, 1.0); };
  auto inside = [](const glm::dvec4& q) {
    return q.w > 0.0 && std::abs(q.x) <= q.w && std::abs(q.y) <= q.w && q.z >= 0.0 && q.z <= q.w;
  };
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> pos(-3000.0, 3000.0), size(1.0, 800.0);
  int visible = 0, culled = 0;
  for (int k = 0; k < 3000; ++k) {
    const glm::dvec3 lo = c.eye + glm::dvec3(pos(rng), pos(rng), 0.3 * pos(rng));
    const glm::dvec3 hi = lo + glm::dvec3(size(rng), size(rng), size(rng));
    const bool test = intersects(f, lo, hi);
    bool any_inside = false;
    constexpr int n = 6;
    for (int i = 0; i <= n && !any_inside; ++i)
      for (int j = 0; j <= n && !any_inside; ++j)
        for (int l = 0; l <= n && !any_inside; ++l)
          any_inside = inside(clip(lo + (hi - lo) * glm::dvec3(i, j, l) / double(n)));
    if (any_inside) {
      ++visible;
      CHECK(test);
    }
    // Outside one plane of the clip volume (x < -w, x > w, y ..., z < 0 i.e. beyond far, z > w i.e. before near).
    int out[6] = {0, 0, 0, 0, 0, 0};
    for (int q = 0; q < 8; ++q) {
      const glm::dvec4 v = clip({(q & 1) ? hi.x : lo.x, (q & 2) ? hi.y : lo.y, (q & 4) ? hi.z : lo.z});
      out[0] += v.x < -v.w;
      out[1] += v.x > v.w;
      out[2] += v.y < -v.w;
      out[3] += v.y > v.w;
      out[4] += v.z > v.w;  // closer than the near plane (and behind the eye, where w < 0)
      out[5] += v.z < 0.0 && v.w > 0.0;
    }
    bool separated = false;
    for (int q = 0; q < 6; ++q) separated = separated || out[q] == 8;
    if (separated) {
      ++culled;
      CHECK_FALSE(test);
    }
  }
  CHECK(visible > 100);
  CHECK(culled > 100);
}

TEST_CASE("projected size: a sphere on the axis spans its analytic pixel size") {
  ViewCamera c = level_camera(0.0);
  c.fov_y_deg = 60.0;
  const int h = 1000;
  const double d = 200.0, r = 10.0;
  const glm::dvec3 centre = c.eye + d * forward(c);
  const double f_px = 500.0 / std::tan(std::acos(-1.0) / 6.0);
  CHECK(projected_size_px(c, h, centre, r) == Approx(2.0 * f_px * r / std::sqrt(d * d - r * r)));
  // The tangent point of the silhouette (at angle asin(r/d) off the axis) projects to that radius.
  const double a = std::asin(r / d);
  const auto top = project_to_pixel(c, c.eye + glm::dvec3(0.0, std::cos(a), std::sin(a)), h, h);
  REQUIRE(top);
  CHECK(2.0 * (500.0 - top->y) == Approx(projected_size_px(c, h, centre, r)));
  CHECK(std::isinf(projected_size_px(c, h, c.eye, 1.0)));
  // A box uses its bounding sphere; halving the distance about doubles the size.
  const double s1 = projected_size_px(c, h, centre - glm::dvec3(5.0), centre + glm::dvec3(5.0));
  const double s2 = projected_size_px(c, h, c.eye + 0.5 * d * forward(c) - glm::dvec3(5.0),
                                      c.eye + 0.5 * d * forward(c) + glm::dvec3(5.0));
  CHECK(s2 / s1 == Approx(2.0).epsilon(0.01));
}
