#pragma once
// The district frame: metres east/north of a local origin in the district's projected CRS
// (default CGCS2000 / 3-degree Gauss-Kruger CM 114E, EPSG:4547). Built on PROJ. A LocalFrame is
// not thread-safe (PROJ objects are not): convert at load time, not inside parallel stages.
#include <memory>
#include <string>

#include "dpt/core/result.h"

namespace dpt::geo {

struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
};

struct Local {
  double x = 0.0;  // east of the origin, m
  double y = 0.0;  // north of the origin, m
};

class LocalFrame {
 public:
  // `crs`: anything PROJ accepts ("EPSG:4547", WKT, a PROJ string); the origin is in WGS-84 lon/lat.
  static Result<LocalFrame> create(const std::string& crs, LonLat origin);

  LocalFrame(LocalFrame&&) noexcept;
  LocalFrame& operator=(LocalFrame&&) noexcept;
  ~LocalFrame();

  Result<Local> to_local(LonLat p) const;
  Result<LonLat> to_lonlat(Local p) const;

  const std::string& crs() const { return crs_; }
  // The origin in the projected CRS (easting, northing), for writing georeferenced rasters.
  double origin_easting() const { return origin_e_; }
  double origin_northing() const { return origin_n_; }
  // The CRS as WKT, for GDAL.
  std::string crs_wkt() const;

 private:
  struct Impl;
  LocalFrame(std::unique_ptr<Impl> impl, std::string crs);
  std::unique_ptr<Impl> impl_;
  std::string crs_;
  double origin_e_ = 0.0;
  double origin_n_ = 0.0;
};

}  // namespace dpt::geo
