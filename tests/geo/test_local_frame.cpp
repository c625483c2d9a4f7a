// LocalFrame against the published definition of EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger
// CM 114E: transverse Mercator, lon_0 = 114, k_0 = 1, false easting 500 000 m with no zone prefix,
// GRS80 ellipsoid) and against geodesic distances computed independently (Karney's algorithm in
// PROJ's geodesic.h, and the haversine formula).
#include <catch2/catch.hpp>
#include <geodesic.h>
#include <proj.h>

#include <cmath>
#include <string>

#include "dpt/geo/local_frame.h"

using namespace dpt::geo;

namespace {
constexpr double kA = 6378137.0;            // GRS80 semi-major axis, m
constexpr double kInvF = 298.257222101;     // GRS80 inverse flattening
constexpr double kDeg = 3.14159265358979323846 / 180.0;
const double kE2 = (2.0 - 1.0 / kInvF) / kInvF;  // first eccentricity squared

// Meridian arc from the equator to latitude phi (deg) on GRS80: integral of the meridional radius
// of curvature M = a (1 - e^2) / (1 - e^2 sin^2 phi)^1.5 (Simpson's rule). With k_0 = 1 and
// y_0 = 0 this is the Gauss-Kruger northing of a point on the central meridian.
double meridian_arc(double phi_deg) {
  const int n = 2000;
  const double h = phi_deg * kDeg / n;
  auto m = [](double p) { return kA * (1 - kE2) / std::pow(1 - kE2 * std::sin(p) * std::sin(p), 1.5); };
  double s = m(0) + m(phi_deg * kDeg);
  for (int i = 1; i < n; ++i) s += (i % 2 ? 4.0 : 2.0) * m(i * h);
  return s * h / 3.0;
}

double geodesic(LonLat a, LonLat b) {
  geod_geodesic g;
  geod_init(&g, kA, 1.0 / kInvF);
  double s12 = 0, az1 = 0, az2 = 0;
  geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &s12, &az1, &az2);
  return s12;
}

double haversine(LonLat a, LonLat b) {
  const double r = 6371008.8;  // IUGG mean Earth radius
  const double dphi = (b.lat - a.lat) * kDeg, dlam = (b.lon - a.lon) * kDeg;
  const double h = std::pow(std::sin(dphi / 2), 2) + std::cos(a.lat * kDeg) * std::cos(b.lat * kDeg) * std::pow(std::sin(dlam / 2), 2);
  return 2 * r * std::asin(std::sqrt(h));
}

LocalFrame make(const std::string& crs, LonLat origin) {
  auto f = LocalFrame::create(crs, origin);
  INFO((f ? "" : f.errors().to_string()));
  REQUIRE(f.ok());
  return std::move(f).value();
}
}  // namespace

TEST_CASE("EPSG:4547 as PROJ defines it: TM, lon_0 114, k 1, FE 500000 (no zone prefix), GRS80") {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* crs = proj_create(ctx, "EPSG:4547");
  REQUIRE(crs != nullptr);
  CHECK(proj_get_type(crs) == PJ_TYPE_PROJECTED_CRS);
  CHECK(std::string(proj_get_name(crs)) == "CGCS2000 / 3-degree Gauss-Kruger CM 114E");
  PJ* op = proj_crs_get_coordoperation(ctx, crs);
  REQUIRE(op != nullptr);
  auto param = [&](const char* name) {
    const int i = proj_coordoperation_get_param_index(ctx, op, name);
    REQUIRE(i >= 0);
    double value = 0, conv = 0;
    proj_coordoperation_get_param(ctx, op, i, nullptr, nullptr, nullptr, &value, nullptr, &conv, nullptr, nullptr, nullptr, nullptr);
    return value;
  };
  CHECK(param("Longitude of natural origin") == 114.0);
  CHECK(param("Latitude of natural origin") == 0.0);
  CHECK(param("Scale factor at natural origin") == 1.0);
  CHECK(param("False easting") == 500000.0);
  CHECK(param("False northing") == 0.0);
  PJ* ell = proj_get_ellipsoid(ctx, crs);
  double a = 0, b = 0, inv_f = 0;
  int computed = 0;
  proj_ellipsoid_get_parameters(ctx, ell, &a, &b, &computed, &inv_f);
  CHECK(a == kA);
  CHECK(inv_f == Approx(kInvF).epsilon(1e-12));
  proj_destroy(ell);
  proj_destroy(op);
  proj_destroy(crs);
  proj_context_destroy(ctx);
}

TEST_CASE("LocalFrame EPSG:4547: the central meridian maps to easting 500000 m, northing = meridian arc") {
  const LocalFrame f = make("EPSG:4547", {114.0, 22.5});
  CHECK(f.crs() == "EPSG:4547");
  CHECK(f.origin_easting() == Approx(500000.0).margin(1e-3));
  CHECK(f.origin_northing() == Approx(meridian_arc(22.5)).margin(1e-3));
  // Further up the central meridian: still x = 0, and y grows by the meridian arc.
  const auto p = f.to_local({114.0, 22.6});
  REQUIRE(p.ok());
  CHECK(p->x == Approx(0.0).margin(1e-3));
  CHECK(p->y == Approx(meridian_arc(22.6) - meridian_arc(22.5)).margin(1e-3));
  // Dapeng (114.5E) lies east of the CM: easting 500 km + ~51 km, not a zone-prefixed 38 500 000.
  const auto q = f.to_local({114.5, 22.5});
  REQUIRE(q.ok());
  CHECK(f.origin_easting() + q->x > 540000.0);
  CHECK(f.origin_easting() + q->x < 560000.0);
  const std::string wkt = f.crs_wkt();
  CHECK(wkt.find("ID[\"EPSG\",4547]") != std::string::npos);
  CHECK(wkt.find("Transverse Mercator") != std::string::npos);
}

TEST_CASE("LocalFrame round trip over the district is below 1 mm") {
  const LocalFrame f = make("EPSG:4547", {114.33, 22.44});
  double worst = 0;
  for (int i = 0; i <= 6; ++i)
    for (int j = 0; j <= 6; ++j) {
      const LonLat p{114.33 + 0.05 * i, 22.44 + 0.04 * j};
      const auto l = f.to_local(p);
      REQUIRE(l.ok());
      const auto back = f.to_lonlat(*l);
      REQUIRE(back.ok());
      const double dx = (back->lon - p.lon) * kDeg * kA * std::cos(p.lat * kDeg), dy = (back->lat - p.lat) * kDeg * kA;
      worst = std::max(worst, std::hypot(dx, dy));
      const auto again = f.to_local(*back);
      REQUIRE(again.ok());
      worst = std::max(worst, std::hypot(again->x - l->x, again->y - l->y));
    }
  CHECK(worst < 1e-3);
}

TEST_CASE("LocalFrame distances agree with the geodesic; the Gauss-Kruger scale is 1 + E^2 / 2R^2") {
  const LocalFrame f = make("EPSG:4547", {114.33, 22.44});
  const LonLat pairs[][2] = {{{114.40, 22.50}, {114.45, 22.53}}, {{114.55, 22.60}, {114.50, 22.48}},
                             {{114.33, 22.44}, {114.63, 22.67}}, {{114.00, 22.45}, {114.00, 22.55}},
                             {{114.60, 22.55}, {114.61, 22.55}}};
  for (const auto& pr : pairs) {
    const auto a = f.to_local(pr[0]);
    const auto b = f.to_local(pr[1]);
    REQUIRE((a.ok() && b.ok()));
    const double grid = std::hypot(b->x - a->x, b->y - a->y);
    const double s = geodesic(pr[0], pr[1]);
    INFO("grid " << grid << " m, geodesic " << s << " m, haversine " << haversine(pr[0], pr[1]) << " m");
    CHECK(std::abs(grid / s - 1) < 1e-3);
    CHECK(std::abs(grid / haversine(pr[0], pr[1]) - 1) < 5e-3);  // a sphere is off by up to ~0.5% here
    // Line scale factor of TM with k_0 = 1: 1 + (E1^2 + E1 E2 + E2^2) / (6 R^2), E = offsets from the CM.
    const double e1 = f.origin_easting() + a->x - 500000.0, e2 = f.origin_easting() + b->x - 500000.0;
    const double phi = 0.5 * (pr[0].lat + pr[1].lat) * kDeg;
    const double w = 1 - kE2 * std::sin(phi) * std::sin(phi);
    const double r2 = (kA * (1 - kE2) / std::pow(w, 1.5)) * (kA / std::sqrt(w));  // M N
    CHECK(grid / s == Approx(1 + (e1 * e1 + e1 * e2 + e2 * e2) / (6 * r2)).epsilon(1e-8));
  }
}

TEST_CASE("LocalFrame EPSG:4547 equals the explicit PROJ definition of the same projection") {
  const LocalFrame a = make("EPSG:4547", {114.4, 22.5});
  const LocalFrame b = make("+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +type=crs",
                            {114.4, 22.5});
  CHECK(a.origin_easting() == Approx(b.origin_easting()).margin(1e-3));
  CHECK(a.origin_northing() == Approx(b.origin_northing()).margin(1e-3));
  const auto pa = a.to_local({114.6, 22.65});
  const auto pb = b.to_local({114.6, 22.65});
  REQUIRE((pa.ok() && pb.ok()));
  CHECK(std::hypot(pa->x - pb->x, pa->y - pb->y) < 1e-3);
}

TEST_CASE("LocalFrame rejects a geographic CRS and an unknown one with an error") {
  const auto geographic = LocalFrame::create("EPSG:4326", {114.4, 22.5});
  REQUIRE_FALSE(geographic.ok());
  CHECK(geographic.errors().to_string().find("not a projected CRS") != std::string::npos);
  for (const char* bad : {"this is not a CRS", "EPSG:999999", ""}) {
    const auto r = LocalFrame::create(bad, {114.4, 22.5});
    INFO(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors().size() == 1);
  }
}
