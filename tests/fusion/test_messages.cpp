#include <catch2/catch.hpp>

#include "dpt/fusion/messages.h"

using namespace dpt::fusion;

TEST_CASE("object classes round-trip through their names", "[fusion][messages]") {
  for (int i = 0; i < kObjectClassCount; ++i) {
    const auto c = static_cast<ObjectClass>(i);
    ObjectClass back = ObjectClass::person;
    REQUIRE(object_class_from_string(to_string(c), back));
    CHECK(back == c);
  }
  ObjectClass out = ObjectClass::car;
  CHECK_FALSE(object_class_from_string("tank", out));
  CHECK(out == ObjectClass::car);
}

TEST_CASE("class compatibility keeps people and vehicles apart", "[fusion][messages]") {
  CHECK(class_compatible(ObjectClass::car, ObjectClass::car));
  CHECK(class_compatible(ObjectClass::unknown, ObjectClass::person));
  CHECK_FALSE(class_compatible(ObjectClass::person, ObjectClass::car));
  CHECK_FALSE(class_compatible(ObjectClass::hazmat_truck, ObjectClass::bus));
}
