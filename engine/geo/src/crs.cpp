// CRS parsing, naming and equivalence, and the source-CRS → district-frame transform, with PROJ.
// Every object owns its own PJ_CONTEXT: PROJ objects are not thread-safe, but separate contexts
// may be used from separate threads.
#include "dpt/geo/crs.h"

#include <proj.h>

#include <cmath>

namespace dpt::geo {
namespace {

// A PJ_CONTEXT with logging off (the caller reports PROJ's error itself) and the PJ objects made
// with it; destroyed in the right order.
struct Proj {
  PJ_CONTEXT* ctx = proj_context_create();
  Proj() { proj_log_level(ctx, PJ_LOG_NONE); }
  ~Proj() { proj_context_destroy(ctx); }
  Proj(const Proj&) = delete;
  Proj& operator=(const Proj&) = delete;
  std::string error() const {
    const char* msg = proj_context_errno_string(ctx, proj_context_errno(ctx));
    return msg && *msg ? msg : "PROJ could not parse it";
  }
};

struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

PjPtr make_crs(const Proj& proj, const std::string& crs) {
  PjPtr pj(proj_create(proj.ctx, crs.c_str()));
  if (!pj) return pj;
  // A bound CRS (WKT1 with TOWGS84) or a plain CRS are both fine; a coordinate operation is not.
  if (!proj_is_crs(pj.get())) return nullptr;
  return pj;
}

// Equal systems, whatever the axis order: the district always uses the traditional GIS order,
// and EPSG:4547 itself is (northing, easting) while its WKT1 (GeoTIFF, .prj) is (easting, northing).
bool equivalent(const Proj& proj, PJ* a, PJ* b) {
  PjPtr na(proj_normalize_for_visualization(proj.ctx, a));
  PjPtr nb(proj_normalize_for_visualization(proj.ctx, b));
  return proj_is_equivalent_to_with_ctx(proj.ctx, na ? na.get() : a, nb ? nb.get() : b,
                                        PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0;
}

}  // namespace

Result<std::string> crs_to_wkt(const std::string& crs) {
  Proj proj;
  PjPtr pj(proj_create(proj.ctx, crs.c_str()));
  if (!pj) return Result<std::string>::failure({}, "unknown CRS '" + crs + "': " + proj.error());
  if (!proj_is_crs(pj.get())) return Result<std::string>::failure({}, "'" + crs + "' is not a coordinate reference system");
  const char* wkt = proj_as_wkt(proj.ctx, pj.get(), PJ_WKT2_2019, nullptr);
  if (!wkt) return Result<std::string>::failure({}, "CRS '" + crs + "' cannot be written as WKT: " + proj.error());
  return std::string(wkt);
}

std::string crs_name(const std::string& crs) {
  Proj proj;
  PjPtr pj = make_crs(proj, crs);
  if (!pj) return crs;
  std::string name = proj_get_name(pj.get()) ? proj_get_name(pj.get()) : crs;
  const char* auth = proj_get_id_auth_name(pj.get(), 0);
  const char* code = proj_get_id_code(pj.get(), 0);
  if (auth && code) name += std::string(" (") + auth + ":" + code + ")";
  return name;
}

bool same_crs(const std::string& a, const std::string& b) {
  if (a == b) return true;
  Proj proj;
  PjPtr pa = make_crs(proj, a);
  PjPtr pb = make_crs(proj, b);
  if (!pa || !pb) return false;
  return equivalent(proj, pa.get(), pb.get());
}

struct ToLocal::Impl {
  Proj proj;
  PjPtr op;  // source CRS → district CRS, traditional axis order; null for the identity
  double origin_e = 0.0;
  double origin_n = 0.0;
};

ToLocal::ToLocal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ToLocal::ToLocal(ToLocal&&) noexcept = default;
ToLocal& ToLocal::operator=(ToLocal&&) noexcept = default;
ToLocal::~ToLocal() = default;

Result<ToLocal> ToLocal::create(const std::string& source_crs, const LocalFrame& frame) {
  auto impl = std::make_unique<Impl>();
  impl->origin_e = frame.origin_easting();
  impl->origin_n = frame.origin_northing();
  PjPtr src = make_crs(impl->proj, source_crs);
  if (!src) return Result<ToLocal>::failure({}, "unknown source CRS '" + source_crs + "': " + impl->proj.error());
  PjPtr dst = make_crs(impl->proj, frame.crs());
  if (!dst) return Result<ToLocal>::failure({}, "unknown district CRS '" + frame.crs() + "': " + impl->proj.error());

  const bool identity = equivalent(impl->proj, src.get(), dst.get());
  if (!identity) {
    PjPtr raw(proj_create_crs_to_crs_from_pj(impl->proj.ctx, src.get(), dst.get(), nullptr, nullptr));
    if (!raw)
      return Result<ToLocal>::failure({}, "no transformation from '" + crs_name(source_crs) + "' to '" +
                                              crs_name(frame.crs()) + "': " + impl->proj.error());
    // x = easting/longitude, y = northing/latitude whatever the authority's axis order.
    impl->op.reset(proj_normalize_for_visualization(impl->proj.ctx, raw.get()));
    if (!impl->op) return Result<ToLocal>::failure({}, "cannot normalise the axis order of '" + source_crs + "'");
  }
  ToLocal t(std::move(impl));
  t.identity_ = identity;
  return t;
}

Result<Local> ToLocal::apply(double x, double y) const {
  double e = x, n = y;
  if (impl_->op) {
    const PJ_COORD c = proj_trans(impl_->op.get(), PJ_FWD, proj_coord(x, y, 0, 0));
    e = c.xy.x;
    n = c.xy.y;
  }
  if (!std::isfinite(e) || !std::isfinite(n))
    return Result<Local>::failure({}, "point (" + std::to_string(x) + ", " + std::to_string(y) +
                                          ") cannot be transformed into the district CRS");
  return Local{e - impl_->origin_e, n - impl_->origin_n};
}

}  // namespace dpt::geo
