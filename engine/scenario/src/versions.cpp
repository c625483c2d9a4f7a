#include "dpt/scenario/versions.h"

#include <oneapi/tbb/version.h>
#include <zstd.h>

namespace dpt::scenario {

std::string tbb_version() { return TBB_runtime_version(); }

std::string zstd_version() { return ZSTD_versionString(); }

}  // namespace dpt::scenario
