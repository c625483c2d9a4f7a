#pragma once
// Versions of the libraries the runner and the recording link, as they report themselves at run
// time (for `dptwin info`).
#include <string>

namespace dpt::scenario {

std::string tbb_version();   // TBB_runtime_version(): "2021.8.0"
std::string zstd_version();  // ZSTD_versionString(): "1.5.4"

}  // namespace dpt::scenario
