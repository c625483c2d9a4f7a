// Georeferencing against analytic answers on a synthetic flat district: projection and the
// camera ray are exact inverses; a projected point georeferences back to itself; the covariance
// matches the hand-derived sigmas (straight down: h*sigma/f; oblique at the principal point:
// R*sigma/f across and R*sigma/(f sin g) along the range) and grows with range; a foot on a roof
// reports the building; no hit or too far is not ok.
#include <catch2/catch.hpp>

#include <cmath>

#include "dpt/core/rng.h"
#include "dpt/fusion/georef.h"

namespace {

using dpt::fusion::BoxDetection;
using dpt::fusion::GeorefParams;
using dpt::fusion::GroundFix;
using dpt::physics::CollisionWorld;

constexpr double kDeg = M_PI / 180.0;

// Flat ground at z = 5 over [-300, 300]^2 and one box building: x in [0, 10], y in [0, 20], 5 → 35 m.
dpt::world::District flat_district(bool with_building) {
  dpt::world::District d;
  auto& g = d.terrain.grid;
  g.nx = 601;
  g.ny = 601;
  g.x0 = -300.0;
  g.y0 = 300.0;
  g.dx = 1.0;
  g.dy = 1.0;
  g.z.assign(static_cast<std::size_t>(g.nx) * g.ny, 5.0f);
  if (with_building) {
    dpt::world::Building b;
    b.footprint.outer = {{0.0, 0.0}, {10.0, 0.0}, {10.0, 20.0}, {0.0, 20.0}};
    b.base_z = 5.0f;
    b.height = 30.0f;
    d.buildings.push_back(b);
  }
  return d;
}

dpt::world::Camera make_camera(double x, double y, double z, double yaw, double pitch, double roll = 0.0) {
  dpt::world::Camera c;
  c.id = 1;
  c.pose = {x, y, z, yaw, pitch, roll};
  return c;  // default intrinsics: 1920 x 1080, f = 1000, principal point at the centre
}

// A box whose foot point (x + w/2, y + h) is pixel (u, v).
BoxDetection box_with_foot(double u, double v) {
  BoxDetection b;
  b.w = 40.f;
  b.h = 100.f;
  b.x = static_cast<float>(u - 20.0);
  b.y = static_cast<float>(v - 100.0);
  b.score = 0.9f;
  return b;
}

}  // namespace

TEST_CASE("project_to_image inverts world::camera_ray, roll included") {
  dpt::CounterRng rng(1, dpt::rng_stream("test.georef.inverse"), 0, 0);
  for (int k = 0; k < 200; ++k) {
    const auto cam = make_camera(10.0, -20.0, 30.0, 360.0 * rng.uniform(), -80.0 + 100.0 * rng.uniform(),
                                 -30.0 + 60.0 * rng.uniform());
    const double u = 1920.0 * rng.uniform(), v = 1080.0 * rng.uniform();
    double dir[3];
    dpt::world::camera_ray(cam, u, v, dir);
    const double dist = 1.0 + 500.0 * rng.uniform();
    double pu = -1.0, pv = -1.0;
    REQUIRE(dpt::fusion::project_to_image(cam, 10.0 + dist * dir[0], -20.0 + dist * dir[1], 30.0 + dist * dir[2], pu, pv));
    CHECK(std::abs(pu - u) < 1e-6);
    CHECK(std::abs(pv - v) < 1e-6);
  }
  // Behind the camera, and outside the image.
  const auto cam = make_camera(0.0, 0.0, 10.0, 0.0, 0.0);
  double u, v;
  CHECK_FALSE(dpt::fusion::project_to_image(cam, 0.0, -10.0, 10.0, u, v));
  CHECK_FALSE(dpt::fusion::project_to_image(cam, 100.0, 10.0, 10.0, u, v));  // 84° right of the axis
  CHECK(dpt::fusion::project_to_image(cam, 0.0, 10.0, 10.0, u, v));
  CHECK(u == Approx(960.0));
  CHECK(v == Approx(540.0));
}

TEST_CASE("A projected ground point georeferences back to itself within 1 cm") {
  const auto d = flat_district(false);
  const auto w = CollisionWorld::build(d);
  const auto cam = make_camera(3.0, -120.0, 25.0, 20.0, -12.0, 2.0);
  dpt::CounterRng rng(2, dpt::rng_stream("test.georef.roundtrip"), 0, 0);
  int tested = 0;
  for (int k = 0; k < 300; ++k) {
    const double x = -150.0 + 300.0 * rng.uniform(), y = -110.0 + 250.0 * rng.uniform();
    double u, v;
    if (!dpt::fusion::project_to_image(cam, x, y, 5.0, u, v)) continue;
    ++tested;
    const GroundFix f = dpt::fusion::georeference(*w, cam, box_with_foot(u, v));
    INFO("point (" << x << ", " << y << ") pixel (" << u << ", " << v << ")");
    REQUIRE(f.ok);
    CHECK(std::abs(f.x - x) < 0.01);
    CHECK(std::abs(f.y - y) < 0.01);
    CHECK(std::abs(f.z - 5.0) < 0.01);
    CHECK(f.building == -1);
    CHECK(f.range == Approx(std::sqrt((x - 3.0) * (x - 3.0) + (y + 120.0) * (y + 120.0) + 400.0)).epsilon(1e-4));
  }
  CHECK(tested > 50);
}

TEST_CASE("Covariance looking straight down is isotropic, sigma = h * sigma_px / f") {
  const auto d = flat_district(false);
  const auto w = CollisionWorld::build(d);
  const auto cam = make_camera(0.0, 0.0, 105.0, 37.0, -90.0);  // 100 m above the ground
  GeorefParams p;
  p.pixel_sigma = 2.0;
  p.min_sigma_m = 0.01;
  const GroundFix f = dpt::fusion::georeference_pixel(*w, dpt::fusion::camera_frame(cam), 960.0, 540.0, p);
  REQUIRE(f.ok);
  const double s = 100.0 * 2.0 / 1000.0;  // 0.2 m
  CHECK(f.cxx == Approx(s * s).epsilon(1e-6));
  CHECK(f.cyy == Approx(s * s).epsilon(1e-6));
  CHECK(std::abs(f.cxy) < 1e-9);
  CHECK(f.range == Approx(100.0).epsilon(1e-6));
}

TEST_CASE("Covariance at an oblique principal ray: R s/f across, R s/(f sin g) along, rotated by the azimuth") {
  const auto d = flat_district(false);
  const auto w = CollisionWorld::build(d);
  // 20 m above the ground, looking 30° down, heading 30° east of north: range 40 m.
  const double yaw = 30.0, g = 30.0 * kDeg;
  const auto cam = make_camera(0.0, 0.0, 25.0, yaw, -30.0);
  GeorefParams p;
  p.pixel_sigma = 2.0;
  p.min_sigma_m = 0.01;
  const GroundFix f = dpt::fusion::georeference_pixel(*w, dpt::fusion::camera_frame(cam), 960.0, 540.0, p);
  REQUIRE(f.ok);
  CHECK(f.range == Approx(40.0).epsilon(1e-6));
  const double s_across = 40.0 * 2.0 / 1000.0;                 // 0.08 m
  const double s_along = 40.0 * 2.0 / (1000.0 * std::sin(g));  // 0.16 m
  const double ax = std::sin(yaw * kDeg), ay = std::cos(yaw * kDeg);  // along the range (azimuth)
  const double cx = ay, cy = -ax;                                      // across it
  const double exx = s_along * s_along * ax * ax + s_across * s_across * cx * cx;
  const double exy = s_along * s_along * ax * ay + s_across * s_across * cx * cy;
  const double eyy = s_along * s_along * ay * ay + s_across * s_across * cy * cy;
  CHECK(f.cxx == Approx(exx).epsilon(1e-6));
  CHECK(f.cxy == Approx(exy).epsilon(1e-6));
  CHECK(f.cyy == Approx(eyy).epsilon(1e-6));
}

TEST_CASE("Covariance grows with range, and the floor holds") {
  const auto d = flat_district(false);
  const auto w = CollisionWorld::build(d);
  const auto cam = make_camera(0.0, -250.0, 15.0, 0.0, -5.0);
  const auto cf = dpt::fusion::camera_frame(cam);
  GeorefParams p;
  p.min_sigma_m = 0.01;
  double last_range = 0.0, last_trace = 0.0;
  int n = 0;
  // Up the image's centre column: farther and farther, at ever more grazing angles.
  for (double v = 1079.0; v > 540.0; v -= 20.0) {
    const GroundFix f = dpt::fusion::georeference_pixel(*w, cf, 960.0, v, p);
    if (!f.ok) break;
    CHECK(f.range > last_range);
    CHECK(f.cxx + f.cyy > last_trace);
    last_range = f.range;
    last_trace = f.cxx + f.cyy;
    ++n;
  }
  CHECK(n > 10);
  // A floor of 1 m lifts both principal variances to at least 1 m^2.
  p.min_sigma_m = 1.0;
  const GroundFix f = dpt::fusion::georeference_pixel(*w, cf, 900.0, 1000.0, p);
  REQUIRE(f.ok);
  const double mean = 0.5 * (f.cxx + f.cyy), rad = std::hypot(0.5 * (f.cxx - f.cyy), f.cxy);
  CHECK(mean - rad >= 1.0 - 1e-9);
}

TEST_CASE("A box foot on a roof reports the building; no hit or too far is not ok") {
  const auto d = flat_district(true);
  const auto w = CollisionWorld::build(d);
  const auto cam = make_camera(5.0, -30.0, 60.0, 0.0, -45.0);
  double u, v;
  REQUIRE(dpt::fusion::project_to_image(cam, 4.0, 12.0, 35.0, u, v));
  const GroundFix roof = dpt::fusion::georeference(*w, cam, box_with_foot(u, v));
  REQUIRE(roof.ok);
  CHECK(roof.building == 0);
  CHECK(std::abs(roof.z - 35.0) < 0.01);
  CHECK(std::abs(roof.x - 4.0) < 0.01);
  CHECK(std::abs(roof.y - 12.0) < 0.01);
  // The ground in front of the building is terrain.
  REQUIRE(dpt::fusion::project_to_image(cam, 5.0, -10.0, 5.0, u, v));
  const GroundFix ground = dpt::fusion::georeference(*w, cam, box_with_foot(u, v));
  REQUIRE(ground.ok);
  CHECK(ground.building == -1);
  // Above the horizon: nothing to hit.
  const auto level = make_camera(-100.0, -100.0, 20.0, 180.0, 0.0);  // looking south, away from the building
  CHECK_FALSE(dpt::fusion::georeference(*w, level, box_with_foot(960.0, 300.0)).ok);
  // Beyond max_range_m.
  GeorefParams near;
  near.max_range_m = 30.0;
  REQUIRE(dpt::fusion::project_to_image(cam, 5.0, -10.0, 5.0, u, v));  // about 61 m away
  CHECK_FALSE(dpt::fusion::georeference(*w, cam, box_with_foot(u, v), near).ok);
}
