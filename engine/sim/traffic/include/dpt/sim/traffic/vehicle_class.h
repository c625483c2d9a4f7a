#pragma once
// The kinds of vehicle the traffic model tells apart. SUMO names vehicle classes with `vClass`
// (passenger, bus, truck, ...); a lane's allow/disallow lists use the same names. The district
// adds two kinds SUMO does not have: hazmat tankers and muck (spoil) trucks, which the alert rules
// and closures treat apart. In a SUMO file they are vClass="truck" with our own vType ids.
#include <cstdint>
#include <string_view>

namespace dpt::sim::traffic {

enum class VehicleClass : std::uint8_t {
  passenger,
  bus,
  truck,
  hazmat,  // SUMO vClass "truck" (a tanker: our vType "hazmat")
  muck,    // SUMO vClass "truck" (our vType "muck")
  taxi,
  delivery,
  motorcycle,
  emergency,
  other,   // any other SUMO class (tram, rail, bicycle, pedestrian, ...): kept, not simulated as cars
};
inline constexpr int kVehicleClassCount = 10;

const char* to_string(VehicleClass c);
// SUMO's vClass names (and ours, "hazmat", "muck"); false for an unknown name. "private",
// "custom1" and other SUMO classes that are not road motor vehicles map to `other`.
bool vehicle_class_from_string(std::string_view s, VehicleClass& out);
// The SUMO vClass to write for a class (hazmat and muck are trucks to SUMO).
const char* sumo_vclass(VehicleClass c);

// A set of classes, as a lane's permissions: bit i = VehicleClass i.
using ClassMask = std::uint16_t;
inline constexpr ClassMask kAllClasses = (ClassMask{1} << kVehicleClassCount) - 1;
constexpr ClassMask mask_of(VehicleClass c) { return static_cast<ClassMask>(ClassMask{1} << static_cast<int>(c)); }

}  // namespace dpt::sim::traffic
