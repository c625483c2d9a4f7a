#include "landmask.h"

#include <cpl_conv.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "valid_polygon.h"

namespace dapeng {
namespace {

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

std::string gdal_error() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? m : "unknown GDAL error";
}

// Midpoints of the edges of a closed ring: turns the pixel staircase into diagonals without
// moving the shore by more than half a pixel.
dpt::geo::Ring cut_corners(const dpt::geo::Ring& r) {
  dpt::geo::Ring out;
  out.reserve(r.size());
  for (std::size_t k = 0; k < r.size(); ++k) {
    const Local a = r[k], b = r[(k + 1) % r.size()];
    out.push_back({0.5 * (a.x + b.x), 0.5 * (a.y + b.y)});
  }
  return out;
}

// Douglas–Peucker on a closed ring: split at vertex 0 and the vertex farthest from it.
dpt::geo::Ring simplify_ring(const dpt::geo::Ring& r, double tol) {
  if (r.size() < 8) return r;
  std::size_t far = 0;
  double best = -1.0;
  for (std::size_t k = 1; k < r.size(); ++k) {
    const double d = dist(r[0], r[k]);
    if (d > best) {
      best = d;
      far = k;
    }
  }
  dpt::geo::LineString a(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(far) + 1);
  dpt::geo::LineString b(r.begin() + static_cast<std::ptrdiff_t>(far), r.end());
  b.push_back(r[0]);
  a = simplify_dp(a, tol);
  b = simplify_dp(b, tol);
  dpt::geo::Ring out(a.begin(), a.end() - 1);
  out.insert(out.end(), b.begin(), b.end() - 1);
  return out;
}

dpt::geo::Ring ring_to_local(const OGRLinearRing& ring, const dpt::geo::LocalFrame& frame) {
  dpt::geo::Ring out;
  const int n = ring.getNumPoints();
  for (int k = 0; k + 1 < n; ++k) {  // the last point repeats the first
    auto p = frame.to_local({ring.getX(k), ring.getY(k)});
    if (p.ok()) out.push_back(*p);
  }
  return out;
}

}  // namespace

bool LonLatMask::land_at(double lon, double lat) const {
  const double fi = (lon - lon0) / dlon, fj = (lat0 - lat) / dlat;
  if (fi < 0 || fj < 0) return false;
  const int i = static_cast<int>(fi), j = static_cast<int>(fj);
  if (i >= nx || j >= ny) return false;
  return v[static_cast<std::size_t>(j) * nx + i] != 0;
}

dpt::Result<LonLatMask> read_lonlat_mask(const std::filesystem::path& path) {
  GDALAllRegister();
  DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) return dpt::Result<LonLatMask>::failure({path.string()}, "cannot open the land mask: " + gdal_error());
  double gt[6];
  if (ds->GetGeoTransform(gt) != CE_None || gt[2] != 0.0 || gt[4] != 0.0 || gt[5] >= 0.0)
    return dpt::Result<LonLatMask>::failure({path.string()}, "expected a north-up geotransform in degrees");
  const OGRSpatialReference* srs = ds->GetSpatialRef();
  if (srs && !srs->IsGeographic())
    return dpt::Result<LonLatMask>::failure({path.string()}, "expected a geographic (lon/lat) land mask");
  LonLatMask m;
  m.nx = ds->GetRasterXSize();
  m.ny = ds->GetRasterYSize();
  m.lon0 = gt[0];
  m.lat0 = gt[3];
  m.dlon = gt[1];
  m.dlat = -gt[5];
  std::vector<float> buf(static_cast<std::size_t>(m.nx) * m.ny);
  if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, m.nx, m.ny, buf.data(), m.nx, m.ny, GDT_Float32, 0, 0) != CE_None)
    return dpt::Result<LonLatMask>::failure({path.string()}, "cannot read band 1: " + gdal_error());
  m.v.resize(buf.size());
  for (std::size_t k = 0; k < buf.size(); ++k) m.v[k] = buf[k] > 0.5f ? 1 : 0;
  return m;
}

void sample_land(const LonLatMask& mask, const dpt::geo::LocalFrame& frame, Cells& cells) {
  cells.land.assign(static_cast<std::size_t>(cells.nx()) * cells.ny(), 0);
  for (int j = 0; j < cells.ny(); ++j)
    for (int i = 0; i < cells.nx(); ++i) {
      auto ll = frame.to_lonlat(cells.pos(i, j));
      if (ll.ok()) cells.land[cells.idx(i, j)] = mask.land_at(ll->lon, ll->lat) ? 1 : 0;
    }
}

dpt::Result<std::vector<dpt::geo::Polygon>> land_polygons(const LonLatMask& mask, const dpt::geo::LocalFrame& frame,
                                                          double w, double e, double s, double n, double simplify_m,
                                                          double min_area_m2, CoastlineStats* stats) {
  using R = dpt::Result<std::vector<dpt::geo::Polygon>>;
  GDALAllRegister();
  const int i0 = std::max(0, static_cast<int>(std::floor((w - mask.lon0) / mask.dlon)));
  const int i1 = std::min(mask.nx, static_cast<int>(std::ceil((e - mask.lon0) / mask.dlon)));
  const int j0 = std::max(0, static_cast<int>(std::floor((mask.lat0 - n) / mask.dlat)));
  const int j1 = std::min(mask.ny, static_cast<int>(std::ceil((mask.lat0 - s) / mask.dlat)));
  const int wx = i1 - i0, wy = j1 - j0;
  if (wx <= 0 || wy <= 0) return R::failure({}, "the land mask does not cover the district extent");

  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  DatasetPtr ds(mem->Create("", wx, wy, 1, GDT_Byte, nullptr));
  if (!ds) return R::failure({}, "cannot create the in-memory mask: " + gdal_error());
  double gt[6] = {mask.lon0 + i0 * mask.dlon, mask.dlon, 0.0, mask.lat0 - j0 * mask.dlat, 0.0, -mask.dlat};
  ds->SetGeoTransform(gt);
  std::vector<std::uint8_t> win(static_cast<std::size_t>(wx) * wy);
  for (int j = 0; j < wy; ++j)
    for (int i = 0; i < wx; ++i)
      win[static_cast<std::size_t>(j) * wx + i] = mask.v[static_cast<std::size_t>(j + j0) * mask.nx + (i + i0)];
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (band->RasterIO(GF_Write, 0, 0, wx, wy, win.data(), wx, wy, GDT_Byte, 0, 0) != CE_None)
    return R::failure({}, "cannot fill the in-memory mask: " + gdal_error());

  GDALDriver* memv = GetGDALDriverManager()->GetDriverByName("Memory");
  DatasetPtr vds(memv->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = vds->CreateLayer("land", nullptr, wkbPolygon, nullptr);
  OGRFieldDefn field("value", OFTInteger);
  layer->CreateField(&field);
  // The band is its own mask: only land (1) becomes polygons.
  if (GDALPolygonize(GDALRasterBand::ToHandle(band), GDALRasterBand::ToHandle(band), OGRLayer::ToHandle(layer), 0,
                     nullptr, nullptr, nullptr) != CE_None)
    return R::failure({}, "GDALPolygonize failed: " + gdal_error());

  std::vector<dpt::geo::Polygon> out;
  CoastlineStats st;
  layer->ResetReading();
  // Features come in the polygonizer's scan order, which is deterministic for the same raster.
  for (auto& feat : *layer) {
    const OGRGeometry* g = feat->GetGeometryRef();
    if (!g || wkbFlatten(g->getGeometryType()) != wkbPolygon) continue;
    const auto* poly = g->toPolygon();
    ++st.polygons_raw;
    dpt::geo::Polygon p;
    p.outer = simplify_ring(cut_corners(ring_to_local(*poly->getExteriorRing(), frame)), simplify_m);
    if (p.outer.size() < 3 || std::abs(dpt::geo::signed_area(p.outer)) < min_area_m2) {
      ++st.dropped_small;
      continue;
    }
    for (int h = 0; h < poly->getNumInteriorRings(); ++h) {
      dpt::geo::Ring hole = simplify_ring(cut_corners(ring_to_local(*poly->getInteriorRing(h), frame)), simplify_m);
      if (hole.size() < 3 || std::abs(dpt::geo::signed_area(hole)) < min_area_m2) {
        ++st.holes_dropped;
        continue;
      }
      p.holes.push_back(std::move(hole));
    }
    dpt::geo::normalise_orientation(p);
    std::vector<dpt::geo::Polygon> parts = make_valid(p);
    if (parts.size() != 1) ++st.repaired;
    for (auto& part : parts) {
      if (std::abs(dpt::geo::signed_area(part.outer)) < min_area_m2) {
        ++st.dropped_small;
        continue;
      }
      st.vertices += static_cast<std::int64_t>(part.outer.size());
      for (const auto& h : part.holes) st.vertices += static_cast<std::int64_t>(h.size());
      out.push_back(std::move(part));
    }
  }
  if (stats) *stats = st;
  return out;
}

}  // namespace dapeng
