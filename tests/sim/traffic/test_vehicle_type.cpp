// Vehicle types: SUMO's documented defaults per class ("Vehicle Type Parameter Defaults"), the
// district's kinds, and the mapping to IDM parameters.
#include <catch2/catch.hpp>

#include <cmath>

#include "dpt/core/rng.h"
#include "dpt/sim/traffic/vehicle_type.h"

using namespace dpt::sim::traffic;

TEST_CASE("vehicle types: SUMO defaults per class", "[traffic][vtype]") {
  const VehicleType car = sumo_default_type(VehicleClass::passenger);
  CHECK(car.length == 5.0);
  CHECK(car.min_gap == 2.5);
  CHECK(car.accel == 2.6);
  CHECK(car.decel == 4.5);
  CHECK(car.emergency_decel == 9.0);
  CHECK(car.tau == 1.0);
  CHECK(car.max_speed == Approx(55.5556).epsilon(1e-4));
  CHECK(car.speed_dev == 0.1);
  const VehicleType bus = sumo_default_type(VehicleClass::bus);
  CHECK(bus.length == 12.0);
  CHECK(bus.accel == 1.2);
  CHECK(bus.decel == 4.0);
  CHECK(bus.emergency_decel == 7.0);
  CHECK(bus.max_speed == Approx(27.7778).epsilon(1e-4));
  const VehicleType truck = sumo_default_type(VehicleClass::truck);
  CHECK(truck.length == 7.1);
  CHECK(truck.accel == 1.3);
  CHECK(truck.max_speed == Approx(36.1111).epsilon(1e-4));
  CHECK(truck.speed_dev == 0.05);
  // SUMO sees hazmat and muck trucks as vClass="truck": same defaults.
  CHECK(sumo_default_type(VehicleClass::hazmat).length == 7.1);
  const VehicleType moto = sumo_default_type(VehicleClass::motorcycle);
  CHECK(moto.length == 2.2);
  CHECK(moto.accel == 6.0);
  CHECK(moto.decel == 10.0);
  CHECK(sumo_default_type(VehicleClass::delivery).length == 6.5);
}

TEST_CASE("vehicle types: the district's kinds", "[traffic][vtype]") {
  VehicleType t;
  for (const char* kind : {"car", "bus", "truck", "hazmat", "muck"}) {
    REQUIRE(district_vehicle_type(kind, t));
    CHECK(t.id == kind);
    CHECK(t.length > 0.0);
    CHECK(t.emergency_decel >= t.decel);
    CHECK(t.accel > 0.0);
  }
  REQUIRE(district_vehicle_type("hazmat", t));
  CHECK(t.cls == VehicleClass::hazmat);
  CHECK(t.max_speed == Approx(80.0 / 3.6));
  REQUIRE(district_vehicle_type("muck", t));
  CHECK(t.cls == VehicleClass::muck);
  REQUIRE(district_vehicle_type("truck", t));
  CHECK(t.max_speed == Approx(100.0 / 3.6));
  CHECK_FALSE(district_vehicle_type("tank", t));
}

TEST_CASE("vehicle types: IDM parameters", "[traffic][vtype][idm]") {
  VehicleType car = sumo_default_type(VehicleClass::passenger);
  // A 50 km/h lane, mean driver: v0 = 13.8889, T = tau, a = accel, b = decel, s0 = minGap.
  IdmParams p = idm_params(car, 50.0 / 3.6);
  CHECK(p.v0 == Approx(13.8889).epsilon(1e-4));
  CHECK(p.T == 1.0);
  CHECK(p.a == 2.6);
  CHECK(p.b == 4.5);
  CHECK(p.s0 == 2.5);
  CHECK(p.delta == 4.0);
  // A fast driver (factor 1.2) on a 120 km/h road: 40 m/s, under the car's 55.6 m/s.
  CHECK(idm_params(car, 120.0 / 3.6, 1.2).v0 == Approx(40.0));
  // The bus cannot exceed its 100 km/h on a 120 km/h road.
  CHECK(idm_params(sumo_default_type(VehicleClass::bus), 120.0 / 3.6).v0 == Approx(100.0 / 3.6));
}

TEST_CASE("vehicle types: speed factors are truncated normal draws", "[traffic][vtype]") {
  VehicleType car = sumo_default_type(VehicleClass::passenger);
  dpt::CounterRng rng(42, dpt::rng_stream("test.speed_factor"), 7, 0);
  double sum = 0.0;
  double sum2 = 0.0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double f = sample_speed_factor(car, [&] { return rng.normal(); });
    REQUIRE(f >= 0.2);
    REQUIRE(f <= 2.0);
    sum += f;
    sum2 += f * f;
  }
  const double mean = sum / n;
  const double sd = std::sqrt(sum2 / n - mean * mean);
  // Truncation at +-8 sigma changes nothing measurable: mean 1, sd 0.1 within sampling error.
  CHECK(mean == Approx(1.0).margin(0.005));
  CHECK(sd == Approx(0.1).margin(0.005));
  // A zero deviation returns the mean exactly; a draw outside the bounds is redrawn.
  car.speed_dev = 0.0;
  CHECK(sample_speed_factor(car, [] { return 3.0; }) == 1.0);
  car.speed_dev = 0.5;
  int calls = 0;
  const double f = sample_speed_factor(car, [&] { return ++calls == 1 ? 5.0 : 0.5; });
  CHECK(calls == 2);
  CHECK(f == Approx(1.25));
}
