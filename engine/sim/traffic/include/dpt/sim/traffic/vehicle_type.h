#pragma once
// Vehicle types: the physical and behavioural parameters one kind of vehicle shares (SUMO's
// <vType>). Defaults per vehicle class are SUMO's (doc page "Vehicle Type Parameter Defaults";
// SUMO 1.15 SUMOVTypeParameter::VClassDefaultValues, getDefaultAccel/Decel/EmergencyDecel), so a
// routes file that leaves an attribute out means the same thing here as in SUMO. The district's
// own kinds (car, bus, truck, hazmat tanker, muck truck) are in district_vehicle_type(), with the
// source of each number next to it (vehicle_type.cpp).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "dpt/sim/traffic/idm.h"
#include "dpt/sim/traffic/mobil.h"
#include "dpt/sim/traffic/vehicle_class.h"

namespace dpt::sim::traffic {

// The car-following model a vType asks for (attribute carFollowModel or a nested
// <carFollowing-XXX/> element). Only IDM is simulated as such; the others are kept, flagged, and
// run with IDM using the vType's accel, decel, tau and minGap.
enum class CarFollowModel : std::uint8_t { idm, krauss, other };

struct VehicleType {
  std::string id;
  VehicleClass cls = VehicleClass::passenger;
  double length = 5.0;            // m
  double width = 1.8;             // m
  double min_gap = 2.5;           // m: standstill gap to the leader = IDM s0
  double max_speed = 200.0 / 3.6; // m/s: what the vehicle can do (not the speed limit)
  double accel = 2.6;             // m/s^2: IDM a
  double decel = 4.5;             // m/s^2: IDM b (comfortable)
  double emergency_decel = 9.0;   // m/s^2: hardest physical braking
  double tau = 1.0;               // s: IDM T (SUMO's desired time headway)
  double delta = 4.0;             // IDM acceleration exponent
  double stepping = 0.25;         // s: SUMO's IDM integration sub-step
  double speed_factor = 1.0;      // mean multiplier of the lane speed limit (the driver's v0)
  double speed_dev = 0.1;         // its standard deviation (SUMO: normc(mean, dev, 0.2, 2.0))
  double speed_factor_min = 0.2;
  double speed_factor_max = 2.0;
  CarFollowModel car_follow_model = CarFollowModel::idm;
  MobilParams lc;                 // lane changing
  // SUMO's LC2013 vType attributes (doc "Definition of Vehicles, Vehicle Types, and Routes",
  // "Lane-Changing Models"), as step_lane_change.cpp uses them: lcStrategic scales the strategic
  // look-ahead (higher: earlier changes), lcLookaheadLeft is its factor for changes to the left,
  // lcCooperative scales how hard (times decel) a follower brakes to let a changer in (0: never).
  double lc_strategic = 1.0;
  double lc_lookahead_left = 2.0;
  double lc_cooperative = 1.0;
};

// SUMO's defaults for a vehicle class (hazmat and muck: SUMO's truck defaults, since SUMO sees
// them as vClass="truck"). The id is left empty.
VehicleType sumo_default_type(VehicleClass cls);

// The district's kinds: "car", "bus", "truck", "hazmat", "muck". False for another name.
bool district_vehicle_type(std::string_view kind, VehicleType& out);

// IDM parameters of a vehicle of this type on a lane with speed limit `lane_speed` (m/s):
// v0 = min(lane_speed * speed_factor, max_speed), as SUMO's MSLane::getVehicleMaxSpeed, with
// `speed_factor` the vehicle's own draw (pass type.speed_factor for the mean driver).
IdmParams idm_params(const VehicleType& type, double lane_speed);
IdmParams idm_params(const VehicleType& type, double lane_speed, double speed_factor);

// SUMO's per-vehicle speed factor: normal(speed_factor, speed_dev) truncated to
// [speed_factor_min, speed_factor_max] by redrawing (SUMO's "normc" distribution; it gives up
// after 100 tries and clamps). `normal_draw` yields standard normal numbers, e.g. a
// dpt::CounterRng keyed by the vehicle.
template <class NormalDraw>
double sample_speed_factor(const VehicleType& type, NormalDraw&& normal_draw) {
  if (type.speed_dev <= 0.0) return type.speed_factor;
  for (int i = 0; i < 100; ++i) {
    const double f = type.speed_factor + type.speed_dev * normal_draw();
    if (f >= type.speed_factor_min && f <= type.speed_factor_max) return f;
  }
  return std::min(std::max(type.speed_factor, type.speed_factor_min), type.speed_factor_max);
}

}  // namespace dpt::sim::traffic
