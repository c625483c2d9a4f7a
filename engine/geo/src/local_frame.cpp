#include "dpt/geo/local_frame.h"

#include <proj.h>

#include <cmath>

namespace dpt::geo {

struct LocalFrame::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;  // WGS-84 lon/lat -> projected (normalised to lon/lat, east/north axis order)
  PJ* target = nullptr;
  ~Impl() {
    if (pj) proj_destroy(pj);
    if (target) proj_destroy(target);
    if (ctx) proj_context_destroy(ctx);
  }
};

LocalFrame::LocalFrame(std::unique_ptr<Impl> impl, std::string crs) : impl_(std::move(impl)), crs_(std::move(crs)) {}
LocalFrame::LocalFrame(LocalFrame&&) noexcept = default;
LocalFrame& LocalFrame::operator=(LocalFrame&&) noexcept = default;
LocalFrame::~LocalFrame() = default;

Result<LocalFrame> LocalFrame::create(const std::string& crs, LonLat origin) {
  auto impl = std::make_unique<Impl>();
  impl->ctx = proj_context_create();
  proj_log_level(impl->ctx, PJ_LOG_NONE);
  impl->target = proj_create(impl->ctx, crs.c_str());
  if (!impl->target) {
    return Result<LocalFrame>::failure({}, "unknown CRS '" + crs + "': " +
                                               proj_context_errno_string(impl->ctx, proj_context_errno(impl->ctx)));
  }
  const PJ_TYPE type = proj_get_type(impl->target);
  if (type != PJ_TYPE_PROJECTED_CRS) {
    return Result<LocalFrame>::failure({}, "CRS '" + crs + "' is not a projected CRS; the district frame needs metres");
  }
  PJ* raw = proj_create_crs_to_crs(impl->ctx, "EPSG:4326", crs.c_str(), nullptr);
  if (!raw) return Result<LocalFrame>::failure({}, "no transformation from EPSG:4326 to '" + crs + "'");
  impl->pj = proj_normalize_for_visualization(impl->ctx, raw);
  proj_destroy(raw);
  if (!impl->pj) return Result<LocalFrame>::failure({}, "cannot normalise axis order of '" + crs + "'");

  LocalFrame f(std::move(impl), crs);
  const PJ_COORD c = proj_trans(f.impl_->pj, PJ_FWD, proj_coord(origin.lon, origin.lat, 0, 0));
  if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y))
    return Result<LocalFrame>::failure({}, "origin outside the domain of CRS '" + crs + "'");
  f.origin_e_ = c.xy.x;
  f.origin_n_ = c.xy.y;
  return f;
}

Result<Local> LocalFrame::to_local(LonLat p) const {
  const PJ_COORD c = proj_trans(impl_->pj, PJ_FWD, proj_coord(p.lon, p.lat, 0, 0));
  if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y))
    return Result<Local>::failure({}, "point outside the domain of CRS '" + crs_ + "'");
  return Local{c.xy.x - origin_e_, c.xy.y - origin_n_};
}

Result<LonLat> LocalFrame::to_lonlat(Local p) const {
  const PJ_COORD c = proj_trans(impl_->pj, PJ_INV, proj_coord(p.x + origin_e_, p.y + origin_n_, 0, 0));
  if (!std::isfinite(c.lp.lam) || !std::isfinite(c.lp.phi))
    return Result<LonLat>::failure({}, "point outside the domain of CRS '" + crs_ + "'");
  return LonLat{c.xy.x, c.xy.y};
}

std::string LocalFrame::crs_wkt() const {
  const char* wkt = proj_as_wkt(impl_->ctx, impl_->target, PJ_WKT2_2019, nullptr);
  return wkt ? wkt : "";
}

}  // namespace dpt::geo
