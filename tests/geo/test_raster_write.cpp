// write_geotiff / write_png_rgb, read back independently through GDAL's C API.
#include <catch2/catch.hpp>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "dpt/geo/local_frame.h"
#include "dpt/geo/raster_write.h"

using namespace dpt::geo;
namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() / ("dpt_test_geo_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

struct Dataset {
  GDALDatasetH h;
  explicit Dataset(const fs::path& p) : h(GDALOpenEx(p.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)) {}
  ~Dataset() {
    if (h) GDALClose(h);
  }
};

struct QuietGdal {  // the bad-path cases make GDAL print; keep the test log readable
  QuietGdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
  ~QuietGdal() { CPLPopErrorHandler(); }
};
}  // namespace

TEST_CASE("write_geotiff: size, geotransform, EPSG:4547, band values and names survive a GDAL read") {
  GDALAllRegister();
  TempDir dir;
  const auto frame = LocalFrame::create("EPSG:4547", {114.33, 22.44});
  REQUIRE(frame.ok());
  RasterGrid g;
  g.west = frame->origin_easting();
  g.north = frame->origin_northing() + 5 * 250.0;
  g.cell = 250.0;
  g.width = 7;
  g.height = 5;
  std::vector<float> speed(35), dir_deg(35);
  for (int j = 0; j < g.height; ++j)
    for (int i = 0; i < g.width; ++i) {
      speed[static_cast<std::size_t>(j * g.width + i)] = 0.25f * static_cast<float>(i) + 10.0f * static_cast<float>(j);
      dir_deg[static_cast<std::size_t>(j * g.width + i)] = -1.5f * static_cast<float>(i * j) + 0.1f;
    }
  const fs::path file = dir.path / "wind.tif";
  const auto ok = write_geotiff(file, g, {{"wind_speed", speed}, {"wind_from_deg", dir_deg}}, frame->crs_wkt());
  INFO((ok ? "" : ok.errors().to_string()));
  REQUIRE(ok.ok());

  Dataset ds(file);
  REQUIRE(ds.h != nullptr);
  CHECK(std::string(GDALGetDriverShortName(GDALGetDatasetDriver(ds.h))) == "GTiff");
  CHECK(GDALGetRasterXSize(ds.h) == 7);
  CHECK(GDALGetRasterYSize(ds.h) == 5);
  REQUIRE(GDALGetRasterCount(ds.h) == 2);
  double gt[6] = {};
  REQUIRE(GDALGetGeoTransform(ds.h, gt) == CE_None);
  CHECK(gt[0] == g.west);
  CHECK(gt[1] == 250.0);
  CHECK(gt[2] == 0.0);
  CHECK(gt[3] == g.north);
  CHECK(gt[4] == 0.0);
  CHECK(gt[5] == -250.0);
  OGRSpatialReferenceH srs = GDALGetSpatialRef(ds.h);
  REQUIRE(srs != nullptr);
  CHECK(OSRIsProjected(srs));
  const char* auth = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  REQUIRE((auth && code));
  CHECK(std::string(auth) == "EPSG");
  CHECK(std::string(code) == "4547");

  const std::vector<float>* expect[2] = {&speed, &dir_deg};
  const char* names[2] = {"wind_speed", "wind_from_deg"};
  for (int b = 0; b < 2; ++b) {
    GDALRasterBandH band = GDALGetRasterBand(ds.h, b + 1);
    CHECK(GDALGetRasterDataType(band) == GDT_Float32);
    CHECK(std::string(GDALGetDescription(band)) == names[b]);
    std::vector<float> got(35, -999.0f);
    REQUIRE(GDALRasterIO(band, GF_Read, 0, 0, 7, 5, got.data(), 7, 5, GDT_Float32, 0, 0) == CE_None);
    CHECK(got == *expect[b]);  // float32 in, float32 out: exact
  }
  // Row 0 is the northernmost row: pixel (col 3, row 2) is centred at west + 3.5 cell, north - 2.5 cell.
  float px = 0;
  REQUIRE(GDALRasterIO(GDALGetRasterBand(ds.h, 1), GF_Read, 3, 2, 1, 1, &px, 1, 1, GDT_Float32, 0, 0) == CE_None);
  CHECK(px == 0.25f * 3 + 10.0f * 2);
}

TEST_CASE("write_geotiff refuses a band of the wrong size and an unwritable path") {
  QuietGdal quiet;
  TempDir dir;
  RasterGrid g{0.0, 100.0, 10.0, 4, 3};
  std::vector<float> short_band(11), good(12);
  const auto wrong = write_geotiff(dir.path / "a.tif", g, {{"x", short_band}}, "");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.errors().to_string().find("wrong size") != std::string::npos);
  const fs::path bad = dir.path / "no" / "such" / "dir" / "b.tif";
  const auto r = write_geotiff(bad, g, {{"x", good}}, "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors().items().front().where.file == bad.string());
}

TEST_CASE("write_png_rgb: GDAL opens the PNG with the right size and pixels") {
  GDALAllRegister();
  TempDir dir;
  const int w = 5, h = 3;
  std::vector<unsigned char> rgb(static_cast<std::size_t>(w * h * 3));
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const std::size_t k = static_cast<std::size_t>((j * w + i) * 3);
      rgb[k] = static_cast<unsigned char>(40 * i);
      rgb[k + 1] = static_cast<unsigned char>(100 * j);
      rgb[k + 2] = static_cast<unsigned char>(255 - 10 * (i + j));
    }
  const fs::path file = dir.path / "img.png";
  const auto ok = write_png_rgb(file, w, h, rgb);
  INFO((ok ? "" : ok.errors().to_string()));
  REQUIRE(ok.ok());
  Dataset ds(file);
  REQUIRE(ds.h != nullptr);
  CHECK(std::string(GDALGetDriverShortName(GDALGetDatasetDriver(ds.h))) == "PNG");
  CHECK(GDALGetRasterXSize(ds.h) == w);
  CHECK(GDALGetRasterYSize(ds.h) == h);
  REQUIRE(GDALGetRasterCount(ds.h) == 3);
  for (int b = 0; b < 3; ++b) {
    GDALRasterBandH band = GDALGetRasterBand(ds.h, b + 1);
    CHECK(GDALGetRasterDataType(band) == GDT_Byte);
    std::vector<unsigned char> got(static_cast<std::size_t>(w * h));
    REQUIRE(GDALRasterIO(band, GF_Read, 0, 0, w, h, got.data(), w, h, GDT_Byte, 0, 0) == CE_None);
    for (std::size_t p = 0; p < got.size(); ++p) {
      INFO("band " << b << " pixel " << p);
      CHECK(got[p] == rgb[p * 3 + static_cast<std::size_t>(b)]);
    }
  }
}

TEST_CASE("write_png_rgb refuses a short buffer and an unwritable path") {
  QuietGdal quiet;
  TempDir dir;
  std::vector<unsigned char> rgb(2 * 2 * 3, 7);
  CHECK_FALSE(write_png_rgb(dir.path / "a.png", 2, 3, rgb).ok());
  const fs::path bad = dir.path / "missing" / "a.png";
  const auto r = write_png_rgb(bad, 2, 2, rgb);
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors().items().front().where.file == bad.string());
  CHECK_FALSE(fs::exists(bad));
}
