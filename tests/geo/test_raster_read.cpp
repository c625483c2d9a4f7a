// read_height_grid / write_height_grid against GDAL's own reading (gdallocationinfo), hand-computed
// bilinear interpolation and a plane z = 0.5*col + 2*row + 100 that bilinear warping reproduces.
#include <catch2/catch.hpp>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <proj.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "dpt/geo/crs.h"
#include "dpt/geo/local_frame.h"
#include "dpt/geo/raster_read.h"
#include "geo_test_util.h"

using namespace dpt::geo;
using namespace geo_test;

namespace {
const LonLat kOrigin{114.33, 22.44};
constexpr int kW = 24, kH = 18;
constexpr double kCell = 30.0;
constexpr int kHoleCol = 3, kHoleRow = 4;  // the nodata pixel
constexpr float kNoData = -9999.0f;

double plane(double col, double row) { return 0.5 * col + 2.0 * row + 100.0; }

struct Dem {
  double west = 0.0, north = 0.0;  // UTM 50N, pixel corner
};

// A float32 DEM in EPSG:32650 holding the plane at pixel centres, with one nodata pixel; placed
// around the projection of kOrigin, on a 10 m lattice. `srs` false: no CRS at all; `rotated`: a
// geotransform with a rotation term.
Dem make_dem(const fs::path& file, bool srs = true, bool rotated = false) {
  const auto utm = LocalFrame::create("EPSG:32650", kOrigin);
  Dem d;
  d.west = std::round(utm->origin_easting() / 10.0) * 10.0 - 300.0;
  d.north = std::round(utm->origin_northing() / 10.0) * 10.0 + 250.0;
  GDALAllRegister();
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), file.c_str(), kW, kH, 1, GDT_Float32, nullptr);
  double gt[6] = {d.west, kCell, rotated ? 2.0 : 0.0, d.north, 0.0, -kCell};
  GDALSetGeoTransform(ds, gt);
  if (srs) {
    OGRSpatialReferenceH s = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(s, 32650);
    GDALSetSpatialRef(ds, s);
    OSRDestroySpatialReference(s);
  }
  std::vector<float> z(kW * kH);
  for (int r = 0; r < kH; ++r)
    for (int c = 0; c < kW; ++c) z[static_cast<std::size_t>(r * kW + c)] = static_cast<float>(plane(c, r));
  z[kHoleRow * kW + kHoleCol] = kNoData;
  GDALRasterBandH b = GDALGetRasterBand(ds, 1);
  GDALSetRasterNoDataValue(b, kNoData);
  REQUIRE(GDALRasterIO(b, GF_Write, 0, 0, kW, kH, z.data(), kW, kH, GDT_Float32, 0, 0) == CE_None);
  GDALClose(ds);
  return d;
}

// What GDAL's command-line reader says is at projected (x, y).
double gdal_value_at(const fs::path& file, double x, double y) {
  char cmd[1024];
  std::snprintf(cmd, sizeof cmd, "gdallocationinfo -valonly -geoloc '%s' %.6f %.6f", file.c_str(), x, y);
  const std::string out = run(cmd);
  return out.empty() ? std::numeric_limits<double>::quiet_NaN() : std::stod(out);
}
}  // namespace

TEST_CASE("read_height_grid in the raster's own CRS copies samples exactly") {
  TempDir dir("raster");
  const fs::path file = dir.path / "dem_utm50.tif";
  const Dem dem = make_dem(file);
  const auto frame = LocalFrame::create("EPSG:32650", kOrigin);
  REQUIRE(frame.ok());
  RasterReadReport rep;
  const auto g = read_height_grid(file, *frame, 1, &rep);
  INFO((g ? "" : g.errors().to_string()));
  REQUIRE(g.ok());
  CHECK_FALSE(rep.reprojected);
  CHECK(rep.source_crs_name == "WGS 84 / UTM zone 50N (EPSG:32650)");
  CHECK(rep.nodata_cells == 1);
  REQUIRE(g->nx == kW);
  REQUIRE(g->ny == kH);
  CHECK(g->dx == kCell);
  CHECK(g->dy == kCell);
  CHECK(g->x0 == Approx(dem.west + 15.0 - frame->origin_easting()).margin(1e-9));
  CHECK(g->y0 == Approx(dem.north - 15.0 - frame->origin_northing()).margin(1e-9));
  CHECK(std::isnan(g->at(kHoleCol, kHoleRow)));
  CHECK(g->at(0, 0) == 100.0f);
  CHECK(g->at(kW - 1, kH - 1) == static_cast<float>(plane(kW - 1, kH - 1)));

  if (!have_tool("gdallocationinfo")) {
    WARN("gdallocationinfo not installed: the comparison with GDAL's own reader is skipped");
  } else {
    const int probe[][2] = {{0, 0}, {5, 2}, {kW - 1, 7}, {11, kH - 1}, {17, 9}};
    for (const auto& ij : probe) {
      const double x = g->x0 + ij[0] * g->dx + frame->origin_easting();
      const double y = g->y0 - ij[1] * g->dy + frame->origin_northing();
      INFO("pixel " << ij[0] << "," << ij[1]);
      CHECK(g->at(ij[0], ij[1]) == Approx(gdal_value_at(file, x, y)).margin(1e-3));
    }
  }

  // Between centres: bilinear by hand from the four neighbours (tx = 0.25, ty = 0.6).
  const Local p{g->x0 + 7.25 * g->dx, g->y0 - 10.6 * g->dy};
  const double a = g->at(7, 10), b = g->at(8, 10), c = g->at(7, 11), d = g->at(8, 11);
  const double by_hand = 0.75 * 0.4 * a + 0.25 * 0.4 * b + 0.75 * 0.6 * c + 0.25 * 0.6 * d;
  CHECK(g->sample(p) == Approx(by_hand).epsilon(1e-12));
  CHECK(g->sample(p) == Approx(plane(7.25, 10.6)).margin(1e-4));
  // Next to the nodata pixel the sample is nodata.
  CHECK(std::isnan(g->sample({g->x0 + 3.5 * g->dx, g->y0 - 4.5 * g->dy})));
}

TEST_CASE("read_height_grid into EPSG:4547 warps bilinearly: the plane survives within 0.05 m") {
  TempDir dir("raster");
  const fs::path file = dir.path / "dem_utm50.tif";
  const Dem dem = make_dem(file);
  const auto frame = LocalFrame::create("EPSG:4547", kOrigin);
  REQUIRE(frame.ok());
  RasterReadReport rep;
  const auto g = read_height_grid(file, *frame, 1, &rep);
  INFO((g ? "" : g.errors().to_string()));
  REQUIRE(g.ok());
  CHECK(rep.reprojected);
  CHECK(rep.source_crs_name == "WGS 84 / UTM zone 50N (EPSG:32650)");
  CHECK(g->dx == Approx(kCell).epsilon(0.05));  // about the same resolution
  CHECK(g->dy == Approx(kCell).epsilon(0.05));
  CHECK(rep.nodata_cells > 0);  // corners outside the rotated source, and the hole

  // District point → lon/lat → UTM 50N (PROJ directly) → fractional pixel → the plane.
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:32650", nullptr);
  PJ* utm = proj_normalize_for_visualization(ctx, raw);
  const double fractions[][2] = {{12.3, 9.1}, {16.5, 6.25}, {8.8, 12.7}, {19.2, 13.4}, {10.0, 4.5}};
  for (const auto& f : fractions) {
    const double e = dem.west + (f[0] + 0.5) * kCell, n = dem.north - (f[1] + 0.5) * kCell;
    const PJ_COORD ll = proj_trans(utm, PJ_INV, proj_coord(e, n, 0, 0));
    const auto local = frame->to_local({ll.xy.x, ll.xy.y});
    REQUIRE(local.ok());
    INFO("col " << f[0] << " row " << f[1]);
    CHECK(g->sample(*local) == Approx(plane(f[0], f[1])).margin(0.05));
  }
  proj_destroy(utm);
  proj_destroy(raw);
  proj_context_destroy(ctx);
}

TEST_CASE("read_height_grid errors name the file") {
  QuietGdal quiet;
  TempDir dir("raster");
  const auto frame = LocalFrame::create("EPSG:32650", kOrigin);
  REQUIRE(frame.ok());
  auto expect_error = [&](const fs::path& file, const std::string& words, int band = 1) {
    const auto g = read_height_grid(file, *frame, band);
    REQUIRE_FALSE(g.ok());
    const std::string msg = g.errors().to_string();
    INFO(msg);
    CHECK(msg.find(file.string()) != std::string::npos);
    CHECK(msg.find(words) != std::string::npos);
  };
  expect_error(dir.path / "missing.tif", "cannot open");
  write_text(dir.path / "text.tif", "this is not a raster\n");
  expect_error(dir.path / "text.tif", "cannot open");
  make_dem(dir.path / "no_crs.tif", false);
  expect_error(dir.path / "no_crs.tif", "no CRS");
  make_dem(dir.path / "rotated.tif", true, true);
  expect_error(dir.path / "rotated.tif", "rotated");
  make_dem(dir.path / "ok.tif");
  expect_error(dir.path / "ok.tif", "band 2", 2);
  expect_error(dir.path / "ok.tif", "band 0", 0);
}

TEST_CASE("write_height_grid → read_height_grid round trip is bit-exact") {
  TempDir dir("raster");
  const auto frame = LocalFrame::create("EPSG:4547", kOrigin);
  REQUIRE(frame.ok());
  HeightGrid g;
  g.nx = 37;
  g.ny = 23;
  g.x0 = -512.5;
  g.y0 = 377.25;
  g.dx = 2.5;
  g.dy = 3.75;
  g.z.resize(static_cast<std::size_t>(g.nx * g.ny));
  for (std::size_t k = 0; k < g.z.size(); ++k) g.z[k] = static_cast<float>(std::sin(0.37 * static_cast<double>(k)) * 123.456);
  g.z[5] = std::numeric_limits<float>::quiet_NaN();
  g.z[100] = -0.0f;
  g.z[200] = 1e-30f;

  const fs::path file = dir.path / "grid.tif";
  const auto w = write_height_grid(file, g, *frame);
  INFO((w ? "" : w.errors().to_string()));
  REQUIRE(w.ok());
  RasterReadReport rep;
  const auto r = read_height_grid(file, *frame, 1, &rep);
  REQUIRE(r.ok());
  CHECK_FALSE(rep.reprojected);
  CHECK(rep.nodata_cells == 1);
  CHECK(r->nx == g.nx);
  CHECK(r->ny == g.ny);
  CHECK(r->dx == g.dx);
  CHECK(r->dy == g.dy);
  // x0, y0 travel through "plus the origin" and back: exact up to the rounding of that sum.
  CHECK(r->x0 == Approx(g.x0).margin(1e-9));
  CHECK(r->y0 == Approx(g.y0).margin(1e-9));
  REQUIRE(r->z.size() == g.z.size());
  CHECK(std::memcmp(r->z.data(), g.z.data(), g.z.size() * sizeof(float)) == 0);

  // The file says what it is: float32, deflate, floating-point predictor, NaN nodata.
  GDALDatasetH ds = GDALOpen(file.c_str(), GA_ReadOnly);
  REQUIRE(ds);
  GDALRasterBandH b = GDALGetRasterBand(ds, 1);
  CHECK(GDALGetRasterDataType(b) == GDT_Float32);
  int has = 0;
  CHECK(std::isnan(GDALGetRasterNoDataValue(b, &has)));
  CHECK(has == 1);
  const char* comp = GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE");
  CHECK(std::string(comp ? comp : "") == "DEFLATE");
  const char* pred = GDALGetMetadataItem(ds, "PREDICTOR", "IMAGE_STRUCTURE");
  CHECK(std::string(pred ? pred : "") == "3");
  GDALClose(ds);
}
