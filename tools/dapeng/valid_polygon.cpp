#include "valid_polygon.h"

#include <ogr_geometry.h>

#include <memory>

namespace dapeng {
namespace {

OGRLinearRing to_ogr(const dpt::geo::Ring& r) {
  OGRLinearRing out;
  for (const auto& p : r) out.addPoint(p.x, p.y);
  if (!r.empty()) out.addPoint(r.front().x, r.front().y);
  return out;
}

dpt::geo::Ring from_ogr(const OGRLinearRing& r) {
  dpt::geo::Ring out;
  for (int k = 0; k + 1 < r.getNumPoints(); ++k) out.push_back({r.getX(k), r.getY(k)});
  return out;
}

void collect(const OGRGeometry* g, std::vector<dpt::geo::Polygon>& out) {
  if (!g) return;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon: {
      const OGRPolygon* poly = g->toPolygon();
      if (!poly->getExteriorRing()) return;
      dpt::geo::Polygon p;
      p.outer = from_ogr(*poly->getExteriorRing());
      for (int h = 0; h < poly->getNumInteriorRings(); ++h) p.holes.push_back(from_ogr(*poly->getInteriorRing(h)));
      if (p.outer.size() < 3) return;
      dpt::geo::normalise_orientation(p);
      out.push_back(std::move(p));
      break;
    }
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g->toGeometryCollection()) collect(part, out);
      break;
    default: break;  // lines and points of a degenerate repair: nothing to keep
  }
}

}  // namespace

std::vector<dpt::geo::Polygon> make_valid(const dpt::geo::Polygon& p) {
  OGRPolygon poly;
  OGRLinearRing outer = to_ogr(p.outer);
  poly.addRing(&outer);  // addRing copies
  for (const auto& h : p.holes) {
    OGRLinearRing r = to_ogr(h);
    poly.addRing(&r);
  }
  if (poly.IsValid()) return {p};
  std::vector<dpt::geo::Polygon> out;
  std::unique_ptr<OGRGeometry> fixed(poly.MakeValid());
  collect(fixed.get(), out);
  return out;
}

}  // namespace dapeng
