#include "dpt/geo/raster_write.h"

#include <cpl_conv.h>
#include <gdal_priv.h>

#include <mutex>

namespace dpt::geo {
namespace {

void register_drivers() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

std::string last_gdal_error() {
  const char* msg = CPLGetLastErrorMsg();
  return msg && *msg ? msg : "unknown GDAL error";
}

}  // namespace

Result<bool> write_geotiff(const std::filesystem::path& path, const RasterGrid& grid,
                           const std::vector<RasterBand>& bands, const std::string& crs_wkt) {
  register_drivers();
  const std::size_t n = static_cast<std::size_t>(grid.width) * static_cast<std::size_t>(grid.height);
  for (const RasterBand& b : bands)
    if (b.values.size() != n) return Result<bool>::failure({path.string()}, "band '" + b.name + "' has the wrong size");
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!drv) return Result<bool>::failure({path.string()}, "GDAL has no GTiff driver");
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
  DatasetPtr ds(drv->Create(path.c_str(), grid.width, grid.height, static_cast<int>(bands.size()), GDT_Float32, opts));
  CSLDestroy(opts);
  if (!ds) return Result<bool>::failure({path.string()}, "cannot create GeoTIFF: " + last_gdal_error());
  double gt[6] = {grid.west, grid.cell, 0.0, grid.north, 0.0, -grid.cell};
  ds->SetGeoTransform(gt);
  if (!crs_wkt.empty()) ds->SetProjection(crs_wkt.c_str());
  for (std::size_t i = 0; i < bands.size(); ++i) {
    GDALRasterBand* band = ds->GetRasterBand(static_cast<int>(i) + 1);
    band->SetDescription(bands[i].name.c_str());
    if (band->RasterIO(GF_Write, 0, 0, grid.width, grid.height, const_cast<float*>(bands[i].values.data()), grid.width,
                       grid.height, GDT_Float32, 0, 0) != CE_None)
      return Result<bool>::failure({path.string()}, "cannot write band: " + last_gdal_error());
  }
  return true;
}

Result<bool> write_png_rgb(const std::filesystem::path& path, int width, int height,
                           std::span<const unsigned char> rgb) {
  register_drivers();
  if (rgb.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3)
    return Result<bool>::failure({path.string()}, "image buffer has the wrong size");
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (!mem || !png) return Result<bool>::failure({path.string()}, "GDAL lacks the MEM or PNG driver");
  DatasetPtr tmp(mem->Create("", width, height, 3, GDT_Byte, nullptr));
  if (!tmp) return Result<bool>::failure({path.string()}, "cannot create image: " + last_gdal_error());
  if (tmp->RasterIO(GF_Write, 0, 0, width, height, const_cast<unsigned char*>(rgb.data()), width, height, GDT_Byte, 3,
                    nullptr, 3, 3 * width, 1, nullptr) != CE_None)
    return Result<bool>::failure({path.string()}, "cannot fill image: " + last_gdal_error());
  DatasetPtr out(png->CreateCopy(path.c_str(), tmp.get(), FALSE, nullptr, nullptr, nullptr));
  if (!out) return Result<bool>::failure({path.string()}, "cannot write PNG: " + last_gdal_error());
  return true;
}

}  // namespace dpt::geo
