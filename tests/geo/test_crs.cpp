// crs_to_wkt / crs_name / same_crs / ToLocal against PROJ used directly and LocalFrame.
#include <catch2/catch.hpp>
#include <proj.h>

#include <limits>
#include <string>

#include "dpt/geo/crs.h"
#include "dpt/geo/local_frame.h"

using namespace dpt::geo;

namespace {
const LonLat kOrigin{114.33, 22.44};  // Dapeng peninsula, Shenzhen
const LonLat kPoints[] = {{114.33, 22.44}, {114.25, 22.51}, {114.52, 22.58}, {114.41, 22.47}, {114.61, 22.39}};

// 4326 lon/lat → UTM zone 50N easting/northing, with PROJ alone (traditional axis order).
struct WgsToUtm50 {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* pj = nullptr;
  WgsToUtm50() {
    PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:32650", nullptr);
    pj = proj_normalize_for_visualization(ctx, raw);
    proj_destroy(raw);
  }
  ~WgsToUtm50() {
    proj_destroy(pj);
    proj_context_destroy(ctx);
  }
  PJ_XY operator()(LonLat p) const { return proj_trans(pj, PJ_FWD, proj_coord(p.lon, p.lat, 0, 0)).xy; }
};
}  // namespace

TEST_CASE("crs_to_wkt / same_crs: EPSG code and its WKT are the same system, others are not") {
  const auto wkt = crs_to_wkt("EPSG:4547");
  REQUIRE(wkt.ok());
  CHECK(wkt->find("PROJCRS") == 0);
  CHECK(wkt->find("4547") != std::string::npos);
  CHECK(same_crs("EPSG:4547", *wkt));
  CHECK(same_crs(*wkt, "EPSG:4547"));
  // The WKT1 dialect GDAL writes into GeoTIFFs describes it too.
  {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* pj = proj_create(ctx, "EPSG:4547");
    const std::string wkt1 = proj_as_wkt(ctx, pj, PJ_WKT1_GDAL, nullptr);
    proj_destroy(pj);
    proj_context_destroy(ctx);
    CHECK(wkt1.find("PROJCS") == 0);
    CHECK(same_crs(wkt1, "EPSG:4547"));
  }
  // A PROJ string names only the ellipsoid, not the CGCS2000 datum: PROJ does not call it the same.
  CHECK_FALSE(same_crs("EPSG:4547", "+proj=tmerc +lon_0=114 +k=1 +x_0=500000 +ellps=GRS80 +units=m +type=crs"));
  CHECK_FALSE(same_crs("EPSG:4547", "EPSG:32650"));
  CHECK_FALSE(same_crs("EPSG:4547", "EPSG:4326"));
  CHECK_FALSE(same_crs("EPSG:4547", "garbage"));
  // Geographic CRS: axis order is not a difference (EPSG:4326 is lat/lon, OGC:CRS84 lon/lat).
  CHECK(same_crs("EPSG:4326", "OGC:CRS84"));
  CHECK(crs_name("EPSG:4547") == "CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547)");
  CHECK(crs_name("EPSG:32650") == "WGS 84 / UTM zone 50N (EPSG:32650)");
}

TEST_CASE("crs_to_wkt: an invalid definition is an error that quotes it and PROJ's reason") {
  for (const std::string bad : {"EPSG:999999", "not a crs at all", "+proj=nonexistent +type=crs"}) {
    const auto r = crs_to_wkt(bad);
    REQUIRE_FALSE(r.ok());
    const std::string msg = r.errors().to_string();
    INFO(msg);
    CHECK(msg.find(bad) != std::string::npos);
    CHECK(msg.size() > bad.size() + 20);  // PROJ's own words follow
  }
  CHECK_FALSE(ToLocal::create("not a crs at all", *LocalFrame::create("EPSG:4547", kOrigin)).ok());
}

TEST_CASE("ToLocal from EPSG:4326 (lon, lat order) agrees with LocalFrame::to_local to 1e-6 m") {
  const auto frame = LocalFrame::create("EPSG:4547", kOrigin);
  REQUIRE(frame.ok());
  for (const std::string src : {"EPSG:4326", "OGC:CRS84"}) {
    auto t = ToLocal::create(src, *frame);
    INFO(src << (t ? "" : t.errors().to_string()));
    REQUIRE(t.ok());
    CHECK_FALSE(t->is_identity_projection());
    for (const LonLat& p : kPoints) {
      const auto a = t->apply(p.lon, p.lat);
      const auto b = frame->to_local(p);
      REQUIRE(a.ok());
      REQUIRE(b.ok());
      CHECK(a->x == Approx(b->x).margin(1e-6));
      CHECK(a->y == Approx(b->y).margin(1e-6));
    }
  }
  // The origin maps to (0, 0).
  const auto t = ToLocal::create("EPSG:4326", *frame);
  const auto o = t->apply(kOrigin.lon, kOrigin.lat);
  CHECK(o->x == Approx(0.0).margin(1e-6));
  CHECK(o->y == Approx(0.0).margin(1e-6));
}

TEST_CASE("ToLocal from UTM 50N agrees with the chain 4326 → 32650 done by PROJ to 1e-4 m") {
  const auto frame = LocalFrame::create("EPSG:4547", kOrigin);
  REQUIRE(frame.ok());
  auto t = ToLocal::create("EPSG:32650", *frame);
  REQUIRE(t.ok());
  CHECK_FALSE(t->is_identity_projection());
  const WgsToUtm50 utm;
  REQUIRE(utm.pj != nullptr);
  for (const LonLat& p : kPoints) {
    const PJ_XY en = utm(p);
    INFO("lon " << p.lon << " lat " << p.lat << " E " << en.x << " N " << en.y);
    REQUIRE(en.x > 100000.0);  // easting, not latitude: traditional order
    const auto a = t->apply(en.x, en.y);
    const auto b = frame->to_local(p);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->x == Approx(b->x).margin(1e-4));
    CHECK(a->y == Approx(b->y).margin(1e-4));
  }
}

TEST_CASE("ToLocal from the district CRS itself is the identity minus the origin (exactly)") {
  const auto frame = LocalFrame::create("EPSG:4547", kOrigin);
  REQUIRE(frame.ok());
  auto t = ToLocal::create(*crs_to_wkt("EPSG:4547"), *frame);
  REQUIRE(t.ok());
  CHECK(t->is_identity_projection());
  const double e = frame->origin_easting() + 1234.5, n = frame->origin_northing() - 987.25;
  const auto l = t->apply(e, n);
  REQUIRE(l.ok());
  CHECK(l->x == e - frame->origin_easting());
  CHECK(l->y == n - frame->origin_northing());
  CHECK_FALSE(t->apply(std::numeric_limits<double>::infinity(), 0.0).ok());
}
