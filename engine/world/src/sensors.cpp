// Cameras and point sensors: names as written in files, and the pinhole ray of a pixel.
#include "dpt/world/sensors.h"

#include <array>
#include <cmath>
#include <numbers>

namespace dpt::world {

namespace {
constexpr std::array<const char*, 4> kPlacementNames = {"road", "beach", "site", "other"};
constexpr std::array<const char*, 4> kSensorKindNames = {"weather", "gas", "crowd_counter", "water_level"};

template <class E, std::size_t N>
bool from_names(const std::array<const char*, N>& names, const std::string& s, E& out) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == names[i]) {
      out = static_cast<E>(i);
      return true;
    }
  return false;
}
}  // namespace

const char* to_string(CameraPlacement p) {
  const auto i = static_cast<std::size_t>(p);
  return i < kPlacementNames.size() ? kPlacementNames[i] : "other";
}
bool camera_placement_from_string(const std::string& s, CameraPlacement& out) {
  return from_names(kPlacementNames, s, out);
}

const char* to_string(SensorKind k) {
  const auto i = static_cast<std::size_t>(k);
  return i < kSensorKindNames.size() ? kSensorKindNames[i] : "weather";
}
bool sensor_kind_from_string(const std::string& s, SensorKind& out) { return from_names(kSensorKindNames, s, out); }

void camera_ray(const Camera& c, double u, double v, double dir[3]) {
  constexpr double deg = std::numbers::pi / 180.0;
  const double yaw = c.pose.yaw_deg * deg, pitch = c.pose.pitch_deg * deg, roll = c.pose.roll_deg * deg;
  const double sy = std::sin(yaw), cy = std::cos(yaw), sp = std::sin(pitch), cp = std::cos(pitch);
  // Optical axis: heading `yaw` clockwise from north (+y), raised by `pitch`.
  const double f[3] = {sy * cp, cy * cp, sp};
  // Level right and up before roll: right is the heading turned 90° clockwise; up = right × forward.
  const double r0[3] = {cy, -sy, 0.0};
  const double u0[3] = {-sy * sp, -cy * sp, cp};
  // Roll about the optical axis, positive = right side down.
  const double sr = std::sin(roll), cr = std::cos(roll);
  double right[3], down[3];
  for (int k = 0; k < 3; ++k) {
    right[k] = r0[k] * cr - u0[k] * sr;
    down[k] = -(u0[k] * cr + r0[k] * sr);
  }
  const double a = (u - c.k.cx) / c.k.fx, b = (v - c.k.cy) / c.k.fy;
  double len2 = 0.0;
  for (int k = 0; k < 3; ++k) {
    dir[k] = f[k] + a * right[k] + b * down[k];
    len2 += dir[k] * dir[k];
  }
  const double inv = 1.0 / std::sqrt(len2);
  for (int k = 0; k < 3; ++k) dir[k] *= inv;
}

}  // namespace dpt::world
