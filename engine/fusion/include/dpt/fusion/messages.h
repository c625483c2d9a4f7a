#pragma once
// The messages of the live data path (docs/feeds.md gives their wire format): a video-analytics
// detection frame (one camera, one frame time, the boxes found in it) and a sensor observation
// (named after the OGC SensorThings API Observation: phenomenonTime, result, observedProperty,
// unitOfMeasurement). Times are microseconds since the Unix epoch (UTC), as dpt::Instant.
#include <cstdint>
#include <string>
#include <vector>

namespace dpt::fusion {

// What a detector says it saw. Tracks keep their class; association never mixes classes that
// cannot be the same object (class_compatible).
enum class ObjectClass : std::uint8_t {
  person,
  bicycle,
  car,
  bus,
  truck,
  hazmat_truck,  // dangerous-goods tanker (alerts: permitted route, forbidden zones)
  muck_truck,    // construction spoil truck (alerts: permitted route, forbidden zones)
  unknown,
};
inline constexpr int kObjectClassCount = 8;
const char* to_string(ObjectClass c);
bool object_class_from_string(std::string_view s, ObjectClass& out);
// person only with person; any vehicle class with the same class or with `unknown`;
// `unknown` with anything.
bool class_compatible(ObjectClass a, ObjectClass b);

// A box in pixels: (x, y) its top-left corner, as MOTChallenge writes it.
struct BoxDetection {
  float x = 0.f, y = 0.f, w = 0.f, h = 0.f;
  float score = 0.f;  // detector confidence, 0..1
  ObjectClass cls = ObjectClass::unknown;
};

// One camera frame's detections. `seq` counts the camera's frames (de-duplication key with
// camera_id); a repeated (camera_id, seq) is a duplicate.
struct DetectionFrame {
  std::int32_t camera_id = 0;
  std::int64_t time_us = 0;  // frame time, UTC microseconds since the Unix epoch
  std::uint64_t seq = 0;
  std::vector<BoxDetection> boxes;
};

// One sensor reading (SensorThings Observation).
struct Observation {
  std::int32_t sensor_id = 0;
  std::int64_t time_us = 0;  // phenomenonTime
  std::uint64_t seq = 0;
  std::string observed_property;  // "wind_speed", "gas_concentration", "water_level", "people_count"
  double result = 0.0;
  std::string unit;  // unitOfMeasurement symbol: "m/s", "ppm", "m", "people"
};

enum class MessageKind : std::uint8_t { detections, observation };

// A decoded message: exactly one of the two payloads is meaningful, as `kind` says. A plain
// struct rather than a variant so that a decoder can reuse its vectors' storage.
struct Message {
  MessageKind kind = MessageKind::detections;
  DetectionFrame detections;
  Observation observation;

  std::int64_t time_us() const { return kind == MessageKind::detections ? detections.time_us : observation.time_us; }
};

}  // namespace dpt::fusion
