// Reading rasters into the district frame with GDAL (exact copy when the CRS is the district's,
// bilinear warp otherwise), writing HeightGrids back as GeoTIFF, and bilinear sampling.
#include "dpt/geo/raster_read.h"

#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "dpt/geo/crs.h"
#include "gdal_util.h"

namespace dpt::geo {
namespace {

using detail::DatasetHandle;
using detail::GdalMessages;

// Warps every band of `src` into `dst_wkt` (bilinear, source nodata respected, exact transform,
// float32 with NaN as nodata) into an in-memory dataset. gdalwarp picks a resolution that keeps
// about the same number of pixels across the extent (GDALSuggestedWarpOutput2).
DatasetHandle warp_to(GDALDatasetH src, const std::string& dst_wkt) {
  const char* argv[] = {"-of", "MEM", "-r", "bilinear", "-t_srs", dst_wkt.c_str(), "-ot", "Float32",
                        "-dstnodata", "nan", "-et", "0", nullptr};
  GDALWarpAppOptions* opts = GDALWarpAppOptionsNew(const_cast<char**>(argv), nullptr);
  if (!opts) return nullptr;
  int usage_error = 0;
  GDALDatasetH in[] = {src};
  DatasetHandle out(GDALWarp("", nullptr, 1, in, opts, &usage_error));
  GDALWarpAppOptionsFree(opts);
  return out;
}

// Copies band `band_no` of `ds` (north-up or south-up, not rotated) into a grid in the frame.
Result<HeightGrid> copy_band(GDALDatasetH ds, int band_no, const double gt[6], const LocalFrame& frame,
                             const std::string& file, std::int64_t& nodata_cells) {
  HeightGrid g;
  g.nx = GDALGetRasterXSize(ds);
  g.ny = GDALGetRasterYSize(ds);
  g.dx = gt[1];
  g.dy = std::abs(gt[5]);
  if (!(g.dx > 0.0) || !(g.dy > 0.0) || g.nx <= 0 || g.ny <= 0)
    return Result<HeightGrid>::failure({file}, "raster has a degenerate geotransform or size");
  const bool south_up = gt[5] > 0.0;
  g.x0 = gt[0] + 0.5 * gt[1] - frame.origin_easting();
  // Sample (i, 0) is the northernmost row: for a south-up raster that is the last stored row.
  g.y0 = (south_up ? gt[3] + (g.ny - 0.5) * gt[5] : gt[3] + 0.5 * gt[5]) - frame.origin_northing();

  GDALRasterBandH band = GDALGetRasterBand(ds, band_no);
  g.z.resize(static_cast<std::size_t>(g.nx) * static_cast<std::size_t>(g.ny));
  if (GDALRasterIO(band, GF_Read, 0, 0, g.nx, g.ny, g.z.data(), g.nx, g.ny, GDT_Float32, 0, 0) != CE_None)
    return Result<HeightGrid>::failure({file}, "cannot read band " + std::to_string(band_no) + ": " +
                                                   CPLGetLastErrorMsg());
  if (south_up)
    for (int j = 0; j < g.ny / 2; ++j)
      std::swap_ranges(g.z.begin() + static_cast<std::ptrdiff_t>(j) * g.nx,
                       g.z.begin() + static_cast<std::ptrdiff_t>(j + 1) * g.nx,
                       g.z.begin() + static_cast<std::ptrdiff_t>(g.ny - 1 - j) * g.nx);

  int has_nodata = 0;
  const double nodata = GDALGetRasterNoDataValue(band, &has_nodata);
  // Compared as float: the value went through the same conversion as the samples.
  const float nodata_f = static_cast<float>(nodata);
  const bool check = has_nodata && !std::isnan(nodata);
  nodata_cells = 0;
  for (float& v : g.z) {
    if (check && v == nodata_f) v = std::numeric_limits<float>::quiet_NaN();
    if (std::isnan(v)) ++nodata_cells;
  }
  return g;
}

}  // namespace

double HeightGrid::sample(Local p) const {
  if (nx <= 0 || ny <= 0) return std::numeric_limits<double>::quiet_NaN();
  // Fractional sample coordinates; clamped so that points beyond the edge take the edge value.
  const double fi = std::clamp((p.x - x0) / dx, 0.0, static_cast<double>(nx - 1));
  const double fj = std::clamp((y0 - p.y) / dy, 0.0, static_cast<double>(ny - 1));
  const int i = std::min(static_cast<int>(fi), std::max(nx - 2, 0));
  const int j = std::min(static_cast<int>(fj), std::max(ny - 2, 0));
  const double tx = nx > 1 ? fi - i : 0.0;
  const double ty = ny > 1 ? fj - j : 0.0;
  const int i1 = std::min(i + 1, nx - 1);
  const int j1 = std::min(j + 1, ny - 1);
  const double a = at(i, j), b = at(i1, j), c = at(i, j1), d = at(i1, j1);
  return (a * (1.0 - tx) + b * tx) * (1.0 - ty) + (c * (1.0 - tx) + d * tx) * ty;
}

Result<HeightGrid> read_height_grid(const std::filesystem::path& path, const LocalFrame& frame, int band,
                                    RasterReadReport* report) {
  detail::register_gdal_drivers();
  GdalMessages messages;
  const std::string file = path.string();
  DatasetHandle ds(GDALOpenEx(file.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds)
    return Result<HeightGrid>::failure({file}, "cannot open as a raster (unreadable, or not a raster GDAL knows): " +
                                                   messages.last_error("no such file or unknown format"));
  GDALDatasetH h = ds.get();
  const int bands = GDALGetRasterCount(h);
  if (band < 1 || band > bands)
    return Result<HeightGrid>::failure({file}, "band " + std::to_string(band) + " requested, the raster has " +
                                                   std::to_string(bands));
  OGRSpatialReferenceH srs = GDALGetSpatialRef(h);
  if (!srs) return Result<HeightGrid>::failure({file}, "raster has no CRS (georeference it, e.g. gdal_translate -a_srs)");
  const std::string src_wkt = detail::srs_to_wkt2(srs);
  if (src_wkt.empty()) return Result<HeightGrid>::failure({file}, "raster CRS cannot be exported as WKT");
  double gt[6] = {};
  if (GDALGetGeoTransform(h, gt) != CE_None)
    return Result<HeightGrid>::failure({file}, "raster has no geotransform");
  if (gt[2] != 0.0 || gt[4] != 0.0)
    return Result<HeightGrid>::failure({file}, "raster has a rotated geotransform; warp it north-up first (gdalwarp)");

  RasterReadReport rep;
  rep.source_crs_name = crs_name(src_wkt);
  rep.reprojected = !same_crs(src_wkt, frame.crs());
  Result<HeightGrid> grid = [&]() -> Result<HeightGrid> {
    if (!rep.reprojected) return copy_band(h, band, gt, frame, file, rep.nodata_cells);
    DatasetHandle warped = warp_to(h, frame.crs_wkt());
    if (!warped)
      return Result<HeightGrid>::failure({file}, "cannot warp into " + crs_name(frame.crs()) + ": " +
                                                     messages.last_error());
    double wgt[6] = {};
    GDALGetGeoTransform(warped.get(), wgt);
    return copy_band(warped.get(), band, wgt, frame, file, rep.nodata_cells);
  }();
  if (grid.ok() && report) *report = rep;
  return grid;
}

Result<bool> write_height_grid(const std::filesystem::path& path, const HeightGrid& grid, const LocalFrame& frame) {
  detail::register_gdal_drivers();
  GdalMessages messages;
  const std::string file = path.string();
  if (grid.nx <= 0 || grid.ny <= 0 || grid.z.size() != static_cast<std::size_t>(grid.nx) * grid.ny)
    return Result<bool>::failure({file}, "height grid size does not match its samples");
  GDALDriverH drv = GDALGetDriverByName("GTiff");
  if (!drv) return Result<bool>::failure({file}, "GDAL has no GTiff driver");
  const char* const opts[] = {"COMPRESS=DEFLATE", "PREDICTOR=3", nullptr};
  DatasetHandle ds(GDALCreate(drv, file.c_str(), grid.nx, grid.ny, 1, GDT_Float32, const_cast<char**>(opts)));
  if (!ds) return Result<bool>::failure({file}, "cannot create GeoTIFF: " + messages.last_error());
  // Pixel corners: the samples sit at the pixel centres (read_height_grid inverts this).
  double gt[6] = {grid.x0 - 0.5 * grid.dx + frame.origin_easting(),  grid.dx, 0.0,
                  grid.y0 + 0.5 * grid.dy + frame.origin_northing(), 0.0,     -grid.dy};
  if (GDALSetGeoTransform(ds.get(), gt) != CE_None || GDALSetProjection(ds.get(), frame.crs_wkt().c_str()) != CE_None)
    return Result<bool>::failure({file}, "cannot georeference GeoTIFF: " + messages.last_error());
  GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
  GDALSetRasterNoDataValue(band, std::numeric_limits<double>::quiet_NaN());
  if (GDALRasterIO(band, GF_Write, 0, 0, grid.nx, grid.ny, const_cast<float*>(grid.z.data()), grid.nx, grid.ny,
                   GDT_Float32, 0, 0) != CE_None)
    return Result<bool>::failure({file}, "cannot write samples: " + messages.last_error());
  messages.clear();
  ds.reset();  // flushes and compresses
  if (messages.has_error()) return Result<bool>::failure({file}, "cannot finish GeoTIFF: " + messages.last_error());
  return true;
}

}  // namespace dpt::geo
