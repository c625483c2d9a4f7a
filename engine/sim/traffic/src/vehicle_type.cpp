// Vehicle type defaults. SUMO's numbers come from SUMO 1.15 (doc "Vehicle Type Parameter
// Defaults"; SUMOVTypeParameter.cpp: VClassDefaultValues, getDefaultVehicleLength,
// getDefaultAccel, getDefaultDecel, getDefaultEmergencyDecel). The district's kinds cite theirs.
#include "dpt/sim/traffic/vehicle_type.h"

#include <algorithm>

namespace dpt::sim::traffic {

VehicleType sumo_default_type(VehicleClass cls) {
  VehicleType t;  // passenger: 5 m, minGap 2.5, 200 km/h, accel 2.6, decel 4.5, emergency 9
  t.cls = cls;
  switch (cls) {
    case VehicleClass::passenger: t.speed_dev = 0.1; break;
    case VehicleClass::taxi: t.speed_dev = 0.05; break;
    case VehicleClass::bus:
      t.length = 12.0;
      t.width = 2.5;
      t.max_speed = 100.0 / 3.6;
      t.accel = 1.2;
      t.decel = 4.0;
      t.emergency_decel = 7.0;
      t.speed_dev = 0.0;  // SUMO sets no deviation for buses (they keep to their schedule)
      break;
    case VehicleClass::truck:
    case VehicleClass::hazmat:
    case VehicleClass::muck:
      t.length = 7.1;
      t.width = 2.4;
      t.max_speed = 130.0 / 3.6;
      t.accel = 1.3;
      t.decel = 4.0;
      t.emergency_decel = 7.0;
      t.speed_dev = 0.05;
      break;
    case VehicleClass::delivery:
      t.length = 6.5;
      t.width = 2.16;
      t.speed_dev = 0.05;
      break;
    case VehicleClass::emergency:
      t.length = 6.5;
      t.width = 2.16;
      t.speed_dev = 0.0;
      break;
    case VehicleClass::motorcycle:
      t.length = 2.2;
      t.width = 0.9;
      t.accel = 6.0;
      t.decel = 10.0;
      t.emergency_decel = 10.0;
      t.speed_dev = 0.1;
      break;
    case VehicleClass::other: break;
  }
  return t;
}

bool district_vehicle_type(std::string_view kind, VehicleType& out) {
  if (kind == "car") {
    out = sumo_default_type(VehicleClass::passenger);
  } else if (kind == "bus") {
    // A 12 m city bus: GB 1589-2016 table 2 caps a two-axle bus at 12 m; SUMO's bus is the same.
    out = sumo_default_type(VehicleClass::bus);
  } else if (kind == "truck") {
    // SUMO's truck, but capped at 100 km/h: the Road Traffic Safety Law implementing regulations
    // (2004) art. 78 limit goods vehicles on expressways to 100 km/h.
    out = sumo_default_type(VehicleClass::truck);
    out.max_speed = 100.0 / 3.6;
  } else if (kind == "hazmat") {
    // A rigid LPG / fuel tanker. Length 12 m: GB 1589-2016 caps a rigid goods vehicle at 12 m,
    // tankers are built to it. Speed: the Ministry of Transport's rules for road transport of
    // dangerous goods limit them to 80 km/h on expressways (60 km/h elsewhere; the lane limit
    // does that part). Accel 0.8 m/s^2: a loaded 25 t tanker is weaker than SUMO's 12 t truck
    // (1.3); an assumption to revisit with the depot's fleet data. Longer headway (tau 1.5 s)
    // and gap (3 m): tanker drivers are trained to keep more distance - also an assumption.
    out = sumo_default_type(VehicleClass::hazmat);
    out.length = 12.0;
    out.width = 2.5;
    out.max_speed = 80.0 / 3.6;
    out.accel = 0.8;
    out.tau = 1.5;
    out.min_gap = 3.0;
  } else if (kind == "muck") {
    // A four-axle (8x4) dump truck carrying spoil, the usual Shenzhen "muck truck": about 9.5 m
    // (GB 1589-2016 allows 12 m for a rigid four-axle truck; common 8x4 dump bodies are 9-10 m),
    // 31 t gross (GB 1589-2016 table 3). Loaded it accelerates slowly (0.7 m/s^2, an assumption)
    // and Shenzhen fits muck trucks with speed limiters; 60 km/h is used here (to be confirmed).
    out = sumo_default_type(VehicleClass::muck);
    out.length = 9.5;
    out.width = 2.55;
    out.max_speed = 60.0 / 3.6;
    out.accel = 0.7;
  } else {
    return false;
  }
  out.id = std::string(kind);
  return true;
}

IdmParams idm_params(const VehicleType& type, double lane_speed, double speed_factor) {
  IdmParams p;
  p.v0 = std::min(lane_speed * speed_factor, type.max_speed);
  p.T = type.tau;
  p.a = type.accel;
  p.b = type.decel;
  p.s0 = type.min_gap;
  p.delta = type.delta;
  return p;
}

IdmParams idm_params(const VehicleType& type, double lane_speed) {
  return idm_params(type, lane_speed, type.speed_factor);
}

}  // namespace dpt::sim::traffic
