#include <catch2/catch.hpp>

#include <string>

#include "dpt/core/units.h"

using namespace dpt;

namespace {
double q(const char* text, Dimension dim) {
  auto r = parse_quantity(text, dim);
  INFO("parse_quantity(\"" << text << "\")" << (r ? "" : ": " + r.errors().to_string()));
  REQUIRE(r.ok());
  return *r;
}
std::string error_of(const char* text, Dimension dim) {
  auto r = parse_quantity(text, dim);
  INFO("parse_quantity(\"" << text << "\") should fail");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors().size() == 1);
  return r.errors().items().front().message;
}
}  // namespace

TEST_CASE("lengths in m and km") {
  CHECK(q("500 m", Dimension::length) == 500.0);
  CHECK(q("2 km", Dimension::length) == 2000.0);
  CHECK(q("0.25 km", Dimension::length) == 250.0);
  CHECK(q("12m", Dimension::length) == 12.0);
  CHECK(q("  7   m  ", Dimension::length) == 7.0);
  CHECK(q("1e3 m", Dimension::length) == 1000.0);
  CHECK(q("-3 m", Dimension::length) == -3.0);
}

TEST_CASE("speeds in m/s, km/h, kn, kt and mph") {
  CHECK(q("12 m/s", Dimension::speed) == 12.0);
  CHECK(q("45 km/h", Dimension::speed) == Approx(12.5).epsilon(1e-15));
  CHECK(q("1 kn", Dimension::speed) == Approx(1852.0 / 3600.0).epsilon(1e-15));
  CHECK(q("20 kn", Dimension::speed) == Approx(10.2889).epsilon(1e-5));
  CHECK(q("1 kt", Dimension::speed) == q("1 kn", Dimension::speed));
  CHECK(q("1 mph", Dimension::speed) == Approx(1609.344 / 3600.0).epsilon(1e-15));
  CHECK(q("3.6 km/h", Dimension::speed) == Approx(1.0).epsilon(1e-15));
}

TEST_CASE("diffusivities in m2/s, m^2/s and m²/s") {
  CHECK(q("10 m2/s", Dimension::diffusivity) == 10.0);
  CHECK(q("10 m^2/s", Dimension::diffusivity) == 10.0);
  CHECK(q("10 m\xC2\xB2/s", Dimension::diffusivity) == 10.0);
  CHECK(q("0.5 m2/s", Dimension::diffusivity) == 0.5);
}

TEST_CASE("pressures in Pa, hPa and kPa") {
  CHECK(q("1013 hPa", Dimension::pressure) == Approx(101300.0).epsilon(1e-15));
  CHECK(q("101.3 kPa", Dimension::pressure) == Approx(101300.0).epsilon(1e-15));
  CHECK(q("101300 Pa", Dimension::pressure) == 101300.0);
}

TEST_CASE("a quantity without its unit is rejected") {
  CHECK_THAT(error_of("12", Dimension::speed), Catch::Contains("no unit") && Catch::Contains("45 km/h"));
  CHECK_THAT(error_of("500   ", Dimension::length), Catch::Contains("no unit"));
  CHECK_THAT(error_of("1013", Dimension::pressure), Catch::Contains("pressure"));
}

TEST_CASE("a unit of another dimension or an unknown unit is rejected") {
  const std::string e = error_of("12 m", Dimension::speed);
  CHECK_THAT(e, Catch::Contains("'m' is not a unit of speed"));
  CHECK_THAT(e, Catch::Contains("m/s, km/h, kn, kt, mph"));
  CHECK_THAT(error_of("5 km/h", Dimension::length), Catch::Contains("not a unit of length"));
  CHECK_THAT(error_of("5 miles", Dimension::length), Catch::Contains("'miles'"));
  CHECK_FALSE(parse_quantity("5 KM", Dimension::length).ok());      // units are case-sensitive
  CHECK_FALSE(parse_quantity("5 m / s", Dimension::speed).ok());
  CHECK_FALSE(parse_quantity("10 m2/s", Dimension::pressure).ok());
}

TEST_CASE("garbage is rejected") {
  const char* bad[] = {"", "   ", "m", "fast", "km 5", "five m", "+-5 m", "0x10 m", "nan m", "inf m", "1e999 m"};
  for (const char* text : bad) {
    INFO("text: \"" << text << "\"");
    CHECK_FALSE(parse_quantity(text, Dimension::length).ok());
  }
  CHECK_THAT(error_of("fast", Dimension::speed), Catch::Contains("bad speed 'fast'"));
  CHECK_THAT(error_of("nan m", Dimension::length), Catch::Contains("not finite"));
}

TEST_CASE("dimension names and unit lists for messages") {
  CHECK(dimension_name(Dimension::length) == "length");
  CHECK(dimension_name(Dimension::speed) == "speed");
  CHECK(dimension_name(Dimension::diffusivity) == "diffusivity");
  CHECK(dimension_name(Dimension::pressure) == "pressure");
  CHECK(units_of(Dimension::length) == "m, km");
  CHECK(units_of(Dimension::speed) == "m/s, km/h, kn, kt, mph");
  CHECK(units_of(Dimension::diffusivity) == "m2/s, m^2/s, m\xC2\xB2/s");
  CHECK(units_of(Dimension::pressure) == "Pa, hPa, kPa");
}
