#include <catch2/catch.hpp>

#include "dpt/sim/traffic/vehicle_class.h"

using namespace dpt::sim::traffic;

TEST_CASE("vehicle classes: SUMO names read and write back", "[traffic][vclass]") {
  VehicleClass c{};
  REQUIRE(vehicle_class_from_string("passenger", c));
  CHECK(c == VehicleClass::passenger);
  REQUIRE(vehicle_class_from_string("coach", c));
  CHECK(c == VehicleClass::bus);
  REQUIRE(vehicle_class_from_string("hazmat", c));
  CHECK(c == VehicleClass::hazmat);
  CHECK(std::string(sumo_vclass(VehicleClass::hazmat)) == "truck");
  CHECK(std::string(sumo_vclass(VehicleClass::bus)) == "bus");
  CHECK_FALSE(vehicle_class_from_string("spaceship", c));
  for (int i = 0; i < kVehicleClassCount; ++i) {
    const auto k = static_cast<VehicleClass>(i);
    VehicleClass back{};
    REQUIRE(vehicle_class_from_string(to_string(k), back));
    CHECK(back == k);
  }
  CHECK(mask_of(VehicleClass::passenger) == 1);
  CHECK((kAllClasses & mask_of(VehicleClass::other)) != 0);
}
