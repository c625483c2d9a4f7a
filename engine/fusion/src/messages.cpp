#include "dpt/fusion/messages.h"

#include <array>
#include <string_view>

namespace dpt::fusion {

namespace {
constexpr std::array<const char*, kObjectClassCount> kClassNames = {
    "person", "bicycle", "car", "bus", "truck", "hazmat_truck", "muck_truck", "unknown"};
}

const char* to_string(ObjectClass c) {
  const auto i = static_cast<std::size_t>(c);
  return i < kClassNames.size() ? kClassNames[i] : "unknown";
}

bool object_class_from_string(std::string_view s, ObjectClass& out) {
  for (std::size_t i = 0; i < kClassNames.size(); ++i) {
    if (s == kClassNames[i]) {
      out = static_cast<ObjectClass>(i);
      return true;
    }
  }
  return false;
}

bool class_compatible(ObjectClass a, ObjectClass b) {
  if (a == ObjectClass::unknown || b == ObjectClass::unknown) return true;
  return a == b;
}

}  // namespace dpt::fusion
