#include "dpt/geo/versions.h"

#include <gdal.h>
#include <proj.h>

namespace dpt::geo {

std::string gdal_version() { return GDALVersionInfo("RELEASE_NAME"); }

// proj_info().release is the long form ("Rel. 9.1.1, December 1st, 2022"); .version is the number.
std::string proj_version() { return proj_info().version; }

}  // namespace dpt::geo
