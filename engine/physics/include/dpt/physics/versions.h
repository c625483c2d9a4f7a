#pragma once
// The Bullet version this module is built on (for `dptwin info`).
#include <string>

namespace dpt::physics {

// btGetVersion() as "3.24", with the scalar precision: "3.24 (float)" or "3.24 (double)".
std::string bullet_version();

}  // namespace dpt::physics
