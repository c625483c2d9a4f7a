#pragma once
// Sensors: video cameras (pose + intrinsics) and point sensors (weather, gas, crowd counters,
// water level).
#include <cstdint>
#include <string>
#include <vector>

#include "dpt/geo/geometry.h"

namespace dpt::world {

// Pinhole intrinsics in pixels (no distortion: detections upstream are on rectified frames).
struct CameraIntrinsics {
  int width = 1920;
  int height = 1080;
  double fx = 1000.0, fy = 1000.0;
  double cx = 960.0, cy = 540.0;
};

// Pose in the district frame (x east, y north, z up). yaw: heading of the optical axis, degrees
// clockwise from north (90 looks east); pitch: degrees above the horizon (negative looks down,
// -90 straight down); roll: degrees about the optical axis, positive turning the camera's right
// side down (clockwise as seen from behind the camera, like an aircraft's right wing down).
// The camera frame is x right, y down, z forward (OpenCV): pixel (u, v) looks along
// ((u - cx) / fx, (v - cy) / fy, 1) in that frame, so a pixel right of centre looks clockwise
// (seen from above) of the optical axis when roll is 0.
struct CameraPose {
  double x = 0.0, y = 0.0, z = 0.0;  // z above mean sea level, m
  double yaw_deg = 0.0, pitch_deg = 0.0, roll_deg = 0.0;
};

enum class CameraPlacement : std::uint8_t { road, beach, site, other };
const char* to_string(CameraPlacement p);
bool camera_placement_from_string(const std::string& s, CameraPlacement& out);

struct Camera {
  std::int32_t id = 0;  // 1-based, stable; feeds refer to it
  std::string name;
  CameraPose pose;
  CameraIntrinsics k;
  CameraPlacement placement = CameraPlacement::other;
  std::string site_id;  // beach or site it watches, if any
};

// The ray through pixel (u, v) (pixel centres at +0.5) in the district frame: unit direction.
void camera_ray(const Camera& c, double u, double v, double dir[3]);

enum class SensorKind : std::uint8_t { weather, gas, crowd_counter, water_level };
const char* to_string(SensorKind k);
bool sensor_kind_from_string(const std::string& s, SensorKind& out);

struct Sensor {
  std::int32_t id = 0;
  std::string name;
  SensorKind kind = SensorKind::weather;
  double x = 0.0, y = 0.0, z = 0.0;
  std::string observed_property;  // SensorThings name: "wind_speed", "gas_concentration", ...
  std::string unit;               // "m/s", "ppm", "people", "m"
  std::string site_id;
};

}  // namespace dpt::world
