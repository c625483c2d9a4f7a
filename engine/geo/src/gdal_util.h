#pragma once
// Small GDAL helpers shared by the readers and writers of this module (private).
#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <memory>
#include <mutex>
#include <string>

namespace dpt::geo::detail {

inline void register_gdal_drivers() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

// While alive, GDAL's messages on this thread are not printed but kept: the readers report them
// in their own errors (GDAL's handler stack is per thread). The last failure and the last warning
// are remembered separately (GEOS reports why a geometry is invalid as a warning).
class GdalMessages {
 public:
  GdalMessages() {
    CPLErrorReset();
    CPLPushErrorHandlerEx(&GdalMessages::handler, this);
  }
  ~GdalMessages() { CPLPopErrorHandler(); }
  GdalMessages(const GdalMessages&) = delete;
  GdalMessages& operator=(const GdalMessages&) = delete;

  // The last error GDAL raised, or `fallback`.
  std::string last_error(const std::string& fallback = "unknown GDAL error") const {
    return error_.empty() ? fallback : error_;
  }
  bool has_error() const { return !error_.empty(); }
  std::string last_warning() const { return warning_; }
  void clear() {
    error_.clear();
    warning_.clear();
  }

 private:
  static void CPL_STDCALL handler(CPLErr level, CPLErrorNum, const char* msg) {
    auto* self = static_cast<GdalMessages*>(CPLGetErrorHandlerUserData());
    if (!self || !msg) return;
    if (level >= CE_Failure) self->error_ = msg;
    else if (level == CE_Warning) self->warning_ = msg;
  }
  std::string error_;
  std::string warning_;
};

// A CRS as WKT2 (for PROJ), or "" when it cannot be exported.
inline std::string srs_to_wkt2(OGRSpatialReferenceH srs) {
  char* wkt = nullptr;
  const char* const opts[] = {"FORMAT=WKT2_2019", nullptr};
  std::string out;
  if (OSRExportToWktEx(srs, &wkt, opts) == OGRERR_NONE && wkt) out = wkt;
  CPLFree(wkt);
  return out;
}

struct DatasetClose {
  void operator()(void* ds) const {
    if (ds) GDALClose(static_cast<GDALDatasetH>(ds));
  }
};
using DatasetHandle = std::unique_ptr<void, DatasetClose>;

}  // namespace dpt::geo::detail
