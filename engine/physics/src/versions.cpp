#include "dpt/physics/versions.h"

#include <LinearMath/btScalar.h>

namespace dpt::physics {

// btGetVersion() is inline in btScalar.h: the version of the headers, which Debian ships with the
// library they belong to. The precision matters: `bullet` is float, `bullet-float64` double.
std::string bullet_version() {
  const int v = btGetVersion();
  const char* precision = sizeof(btScalar) == sizeof(double) ? "double" : "float";
  return std::to_string(v / 100) + "." + std::to_string(v % 100) + " (" + precision + ")";
}

}  // namespace dpt::physics
