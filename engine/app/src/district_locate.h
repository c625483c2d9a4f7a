#pragma once
// Where the default district is: $DPTWIN_DISTRICT, else ./assets/dapeng, else the repository's
// assets/dapeng next to the build folder (the binary sits in build/<preset>/).
#include <filesystem>
#include <string>

namespace dpt::app {

std::filesystem::path default_district_dir();

}  // namespace dpt::app
