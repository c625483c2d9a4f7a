#pragma once
// Versions of the GIS libraries this module links, as they report themselves at run time
// (for `dptwin info`).
#include <string>

namespace dpt::geo {

std::string gdal_version();  // GDALVersionInfo("RELEASE_NAME"): "3.6.2"
std::string proj_version();  // proj_info().version: "9.1.1"

}  // namespace dpt::geo
