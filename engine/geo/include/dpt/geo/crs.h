#pragma once
// Coordinate reference systems and transforms between them, with PROJ. Axis order is always the
// traditional GIS one (x = easting or longitude, y = northing or latitude), whatever the
// authority says (proj_normalize_for_visualization).
#include <memory>
#include <string>

#include "dpt/core/result.h"
#include "dpt/geo/local_frame.h"

namespace dpt::geo {

// Parses "EPSG:4547", WKT (1 or 2) or a PROJ string. The error says what PROJ said.
Result<std::string> crs_to_wkt(const std::string& crs);
// Short human name of a CRS ("CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547)").
std::string crs_name(const std::string& crs);
// True when two CRS definitions describe the same system (PROJ's equivalence test, after both
// are put in traditional axis order: EPSG:4547 and its east/north WKT1 from a GeoTIFF are the same).
bool same_crs(const std::string& a, const std::string& b);

// From a source CRS into the district frame (metres from the frame's origin). Not thread-safe.
class ToLocal {
 public:
  static Result<ToLocal> create(const std::string& source_crs, const LocalFrame& frame);
  ToLocal(ToLocal&&) noexcept;
  ToLocal& operator=(ToLocal&&) noexcept;
  ~ToLocal();

  // x, y in the source CRS (traditional axis order) → district frame; fails on non-finite output.
  Result<Local> apply(double x, double y) const;
  bool is_identity_projection() const { return identity_; }  // source CRS == district CRS

 private:
  struct Impl;
  explicit ToLocal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  bool identity_ = false;
};

}  // namespace dpt::geo
