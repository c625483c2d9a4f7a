// Vehicle class names: SUMO's vClass vocabulary (sumo.dlr.de/docs/Definition_of_Vehicles,_Vehicle_Types,_and_Routes.html
// "Abstract Vehicle Class") plus the district's hazmat and muck trucks.
#include "dpt/sim/traffic/vehicle_class.h"

#include <array>
#include <utility>

namespace dpt::sim::traffic {

const char* to_string(VehicleClass c) {
  switch (c) {
    case VehicleClass::passenger: return "passenger";
    case VehicleClass::bus: return "bus";
    case VehicleClass::truck: return "truck";
    case VehicleClass::hazmat: return "hazmat";
    case VehicleClass::muck: return "muck";
    case VehicleClass::taxi: return "taxi";
    case VehicleClass::delivery: return "delivery";
    case VehicleClass::motorcycle: return "motorcycle";
    case VehicleClass::emergency: return "emergency";
    case VehicleClass::other: return "other";
  }
  return "other";
}

const char* sumo_vclass(VehicleClass c) {
  switch (c) {
    case VehicleClass::hazmat:
    case VehicleClass::muck: return "truck";
    case VehicleClass::other: return "custom1";
    default: return to_string(c);
  }
}

bool vehicle_class_from_string(std::string_view s, VehicleClass& out) {
  static constexpr std::array<std::pair<std::string_view, VehicleClass>, 28> kNames{{
      {"passenger", VehicleClass::passenger}, {"private", VehicleClass::passenger},
      {"evehicle", VehicleClass::passenger},  {"bus", VehicleClass::bus},
      {"coach", VehicleClass::bus},           {"trolleybus", VehicleClass::bus},
      {"truck", VehicleClass::truck},         {"trailer", VehicleClass::truck},
      {"hazmat", VehicleClass::hazmat},       {"muck", VehicleClass::muck},
      {"taxi", VehicleClass::taxi},           {"delivery", VehicleClass::delivery},
      {"motorcycle", VehicleClass::motorcycle}, {"moped", VehicleClass::motorcycle},
      {"emergency", VehicleClass::emergency}, {"authority", VehicleClass::emergency},
      {"army", VehicleClass::emergency},      {"vip", VehicleClass::passenger},
      {"custom1", VehicleClass::other},       {"custom2", VehicleClass::other},
      {"bicycle", VehicleClass::other},       {"pedestrian", VehicleClass::other},
      {"tram", VehicleClass::other},          {"rail_urban", VehicleClass::other},
      {"rail", VehicleClass::other},          {"ship", VehicleClass::other},
      {"ignoring", VehicleClass::other},      {"other", VehicleClass::other},
  }};
  for (const auto& [name, cls] : kNames)
    if (name == s) {
      out = cls;
      return true;
    }
  return false;
}

}  // namespace dpt::sim::traffic
