// Camera ray conventions (sensors.h): yaw clockwise from north, pitch up positive, roll right side
// down; camera frame x right, y down, z forward.
#include <catch2/catch.hpp>

#include <cmath>

#include "dpt/world/sensors.h"
#include "dpt/world/sites.h"

using dpt::world::Camera;

namespace {
Camera cam(double yaw, double pitch, double roll) {
  Camera c;
  c.pose.yaw_deg = yaw;
  c.pose.pitch_deg = pitch;
  c.pose.roll_deg = roll;
  return c;  // 1920 × 1080, f = 1000, centre (960, 540)
}
double heading_deg(const double d[3]) { return std::atan2(d[0], d[1]) * 180.0 / M_PI; }
}  // namespace

TEST_CASE("camera ray: centre pixel follows yaw and pitch", "[world][sensors]") {
  double d[3];
  dpt::world::camera_ray(cam(0, 0, 0), 960, 540, d);
  CHECK(d[0] == Approx(0).margin(1e-12));
  CHECK(d[1] == Approx(1));
  CHECK(d[2] == Approx(0).margin(1e-12));
  dpt::world::camera_ray(cam(90, 0, 0), 960, 540, d);  // looks east
  CHECK(d[0] == Approx(1));
  CHECK(d[1] == Approx(0).margin(1e-12));
  CHECK(d[2] == Approx(0).margin(1e-12));
  dpt::world::camera_ray(cam(37, -90, 0), 960, 540, d);  // straight down whatever the yaw
  CHECK(d[2] == Approx(-1));
  dpt::world::camera_ray(cam(180, 30, 0), 960, 540, d);  // south, 30° up
  CHECK(d[1] == Approx(-std::cos(M_PI / 6)));
  CHECK(d[2] == Approx(0.5));
}

TEST_CASE("camera ray: pixels right of centre turn clockwise, pixels below look down", "[world][sensors]") {
  double d[3];
  // 1000 px right of centre with f = 1000: 45° clockwise of the axis.
  dpt::world::camera_ray(cam(90, 0, 0), 1960, 540, d);
  CHECK(heading_deg(d) == Approx(135.0));
  CHECK(d[2] == Approx(0).margin(1e-12));
  dpt::world::camera_ray(cam(0, 0, 0), 960, 1540, d);  // 1000 px below centre: 45° down
  CHECK(d[2] == Approx(-std::sqrt(0.5)));
  CHECK(d[1] == Approx(std::sqrt(0.5)));
  // Unit length.
  dpt::world::camera_ray(cam(12, -20, 7), 100, 900, d);
  CHECK(d[0] * d[0] + d[1] * d[1] + d[2] * d[2] == Approx(1.0));
}

TEST_CASE("camera ray: roll 90 turns the image right side down", "[world][sensors]") {
  double d[3];
  // Right side down: a pixel right of centre now looks below the axis, a pixel above looks right.
  dpt::world::camera_ray(cam(0, 0, 90), 1960, 540, d);
  CHECK(d[2] == Approx(-std::sqrt(0.5)));
  CHECK(d[0] == Approx(0).margin(1e-12));
  dpt::world::camera_ray(cam(0, 0, 90), 960, -460, d);
  CHECK(d[0] == Approx(std::sqrt(0.5)));
  CHECK(d[2] == Approx(0).margin(1e-12));
}

TEST_CASE("sensor, placement and site names round-trip", "[world][sensors]") {
  using namespace dpt::world;
  for (auto k : {SensorKind::weather, SensorKind::gas, SensorKind::crowd_counter, SensorKind::water_level}) {
    SensorKind out{};
    CHECK(sensor_kind_from_string(to_string(k), out));
    CHECK(out == k);
  }
  for (auto p : {CameraPlacement::road, CameraPlacement::beach, CameraPlacement::site, CameraPlacement::other}) {
    CameraPlacement out{};
    CHECK(camera_placement_from_string(to_string(p), out));
    CHECK(out == p);
  }
  for (auto k : {SiteKind::hazmat, SiteKind::beach, SiteKind::shelter, SiteKind::hospital, SiteKind::checkpoint,
                 SiteKind::industrial, SiteKind::place}) {
    SiteKind out{};
    CHECK(site_kind_from_string(to_string(k), out));
    CHECK(out == k);
  }
  SensorKind sk{};
  CHECK_FALSE(sensor_kind_from_string("radar", sk));
}
