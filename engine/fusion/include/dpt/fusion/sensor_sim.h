#pragma once
// The sensor simulator: virtual cameras watching simulated movers, producing the detection frames
// a video-analytics box would send — boxes with pixel noise, misses, false alarms and occlusion
// by buildings and terrain — together with the ground truth (which mover each box came from), so
// the tracker can be measured on the district itself. Deterministic: a frame's random numbers
// are keyed by (seed, camera id, frame number) (dpt/core/rng.h), whatever order frames are made in.
#include <cstdint>
#include <span>
#include <vector>

#include "dpt/fusion/georef.h"
#include "dpt/fusion/messages.h"
#include "dpt/geo/geometry.h"
#include "dpt/physics/collision_world.h"
#include "dpt/world/sensors.h"
#include "dpt/world/terrain.h"

namespace dpt::fusion {

// A class's physical size, m: width across its heading, height, length along its heading.
struct ObjectSize {
  double width = 1.0, height = 1.5, length = 1.0;
};
ObjectSize object_size(ObjectClass c);

// Ground truth: an agent walking or driving along a polyline at a constant speed, from path[0] at
// start_us; at the end it turns back (ping_pong) or stops. One point: it stands still.
struct Mover {
  std::int32_t id = 0;
  ObjectClass cls = ObjectClass::person;
  std::vector<geo::Local> path;
  double speed = 1.4;  // m/s
  std::int64_t start_us = 0;
  bool ping_pong = true;
};

struct MoverState {
  std::int32_t id = 0;
  ObjectClass cls = ObjectClass::person;
  double x = 0.0, y = 0.0, z = 0.0;  // foot point; z on the terrain
  double hx = 0.0, hy = 1.0;         // unit heading (direction of motion; north when standing)
  double vx = 0.0, vy = 0.0;         // velocity, m/s
};

// Where the mover is at `time_us` (z = 0: the simulator puts it on the terrain).
MoverState mover_at(const Mover& m, std::int64_t time_us);

// A seeded crowd of movers in `area`: people and vehicles on straight lines (waypoints = 2) or
// polylines of random waypoints, speeds uniform in the class's range, ping-ponging.
struct MoverGenParams {
  geo::Box area;
  int people = 10, vehicles = 10;
  int waypoints = 2;
  double person_speed_min = 0.8, person_speed_max = 1.8;    // m/s
  double vehicle_speed_min = 4.0, vehicle_speed_max = 12.0;  // m/s
  std::int64_t start_us = 0;
  std::int32_t first_id = 1;
};
std::vector<Mover> generate_movers(const MoverGenParams& p, std::uint64_t seed);

struct SensorSimParams {
  double pixel_sigma = 1.0;        // noise on the box's foot point, top edge and width, px
  double p_detect = 0.9;           // chance a visible mover is detected in a frame
  double false_alarms_per_frame = 0.2;  // Poisson mean, uniform over the image
  double true_score_mean = 0.8, true_score_sigma = 0.1;
  double false_score_mean = 0.4, false_score_sigma = 0.15;
  double max_range_m = 400.0;      // farther movers are too small to detect
  double min_box_height_px = 6.0;  // smaller boxes are not reported
  // A mover is visible when the camera sees the point this fraction of its height above its
  // foot (the lower body: what the georeferencing of the foot point relies on).
  double visible_height_fraction = 0.2;
};

// One simulated frame: the detections and, per box, the id of the mover it shows (-1: false alarm).
struct SimFrame {
  DetectionFrame frame;
  std::vector<std::int32_t> truth;
};

class SensorSim {
 public:
  // Keeps references: cameras, world, terrain and movers must outlive the simulator.
  SensorSim(std::span<const world::Camera> cameras, const physics::CollisionWorld& world,
            const world::Terrain& terrain, std::span<const Mover> movers, SensorSimParams p, std::uint64_t seed);

  std::size_t camera_count() const { return cameras_.size(); }
  const world::Camera& camera(std::size_t i) const { return cameras_[i]; }

  // The ground truth at `time_us`: every mover, its foot on the terrain. Reuses out's storage.
  void truth(std::int64_t time_us, std::vector<MoverState>& out) const;
  // Whether camera `camera` (index) can see mover state `s`: foot in the image and in range,
  // lower body in line of sight. Misses and noise aside, this is when it gets detected.
  bool visible(std::size_t camera, const MoverState& s) const;
  // The frame number `seq` of camera `camera` (index) at `time_us`. Reuses out's storage.
  void frame(std::size_t camera, std::uint64_t seq, std::int64_t time_us, SimFrame& out) const;

 private:
  double ground_z(double x, double y) const;

  std::span<const world::Camera> cameras_;
  std::vector<CameraFrame> frames_;
  const physics::CollisionWorld& world_;
  const world::Terrain& terrain_;
  std::span<const Mover> movers_;
  SensorSimParams p_;
  std::uint64_t seed_;
};

}  // namespace dpt::fusion
