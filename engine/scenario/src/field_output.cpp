#include "dpt/scenario/field_output.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "dpt/geo/raster_write.h"

namespace dpt::scenario {
namespace {

// A perceptually ordered ramp (dark blue -> teal -> yellow), linear between five stops.
std::array<unsigned char, 3> ramp(double t) {
  static constexpr double kStops[5][3] = {
      {48, 18, 59}, {40, 110, 190}, {30, 180, 150}, {180, 220, 60}, {250, 235, 40}};
  t = std::clamp(t, 0.0, 1.0) * 4.0;
  const int i = std::min(static_cast<int>(t), 3);
  const double f = t - i;
  std::array<unsigned char, 3> c{};
  for (int k = 0; k < 3; ++k) c[k] = static_cast<unsigned char>(kStops[i][k] * (1 - f) + kStops[i + 1][k] * f + 0.5);
  return c;
}

}  // namespace

Result<std::vector<std::filesystem::path>> write_field(const std::filesystem::path& stem, const sim::Grid2D& grid,
                                                       const std::vector<FieldBand>& bands, const geo::LocalFrame& frame) {
  std::vector<std::filesystem::path> written;
  // GeoTIFF rows run north to south; the grid's run south to north.
  std::vector<std::vector<float>> flipped(bands.size());
  std::vector<geo::RasterBand> rb;
  for (std::size_t b = 0; b < bands.size(); ++b) {
    flipped[b].resize(grid.size());
    for (int j = 0; j < grid.ny; ++j)
      std::copy_n(bands[b].values.begin() + static_cast<std::ptrdiff_t>(grid.index(0, j)), grid.nx,
                  flipped[b].begin() + static_cast<std::ptrdiff_t>(grid.index(0, grid.ny - 1 - j)));
    rb.push_back({bands[b].name, flipped[b]});
  }
  geo::RasterGrid rg{frame.origin_easting() + grid.x0, frame.origin_northing() + grid.y1(), grid.cell, grid.nx, grid.ny};
  std::filesystem::path tif = stem;
  tif += ".tif";
  if (auto ok = geo::write_geotiff(tif, rg, rb, frame.crs_wkt()); !ok) return ok.errors();
  written.push_back(tif);

  if (bands.empty()) return written;
  // Preview: each cell drawn as a square block, at least 600 pixels across.
  const int scale = std::max(1, 600 / std::max(grid.nx, 1));
  const int w = grid.nx * scale, h = grid.ny * scale;
  const std::vector<float>& v = flipped[0];
  const float vmax = std::max(1e-6f, *std::max_element(v.begin(), v.end()));
  std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const float val = v[static_cast<std::size_t>(y / scale) * grid.nx + x / scale];
      const auto c = ramp(std::isfinite(val) ? val / vmax : 0.0);
      std::copy(c.begin(), c.end(), rgb.begin() + (static_cast<std::ptrdiff_t>(y) * w + x) * 3);
    }
  std::filesystem::path png = stem;
  png += ".png";
  if (auto ok = geo::write_png_rgb(png, w, h, rgb); !ok) return ok.errors();
  written.push_back(png);
  return written;
}

}  // namespace dpt::scenario
