// Flattening and cleaning OGR geometries for the district frame. Validity is GEOS's (through
// OGRGeometry::IsValid / MakeValid); GEOS reports why a geometry is invalid as a warning, which
// GdalMessages keeps.
#include "vector_geometry.h"

#include <cmath>
#include <memory>

#include "gdal_util.h"

namespace dpt::geo::detail {
namespace {

// The vertices of a curve with consecutive duplicates and, for rings, the closing vertex dropped.
std::vector<Local> clean_vertices(const OGRSimpleCurve& c, bool ring) {
  std::vector<Local> pts;
  pts.reserve(static_cast<std::size_t>(c.getNumPoints()));
  for (int i = 0; i < c.getNumPoints(); ++i) {
    const Local p{c.getX(i), c.getY(i)};
    if (pts.empty() || pts.back().x != p.x || pts.back().y != p.y) pts.push_back(p);
  }
  if (ring)
    while (pts.size() > 1 && pts.front().x == pts.back().x && pts.front().y == pts.back().y) pts.pop_back();
  return pts;
}

// Why a ring is unusable, or "" when it is fine. "Zero area" means all vertices on one line, to
// 1e-6 of the ring's extent (0.1 mm across a 100 m ring: rounding, and the curvature a projection
// gives a straight lon/lat line, stay far below; any real footprint far above). Not the signed
// area: a symmetric bowtie has signed area 0 yet two real lobes, which MakeValid keeps.
std::string ring_defect(const Ring& r) {
  if (r.size() < 3) return "ring with fewer than 3 distinct vertices";
  std::size_t far = 0;
  double far_d = 0.0;
  for (std::size_t i = 1; i < r.size(); ++i) {
    const double d = std::hypot(r[i].x - r[0].x, r[i].y - r[0].y);
    if (d > far_d) far_d = d, far = i;
  }
  const double ux = (r[far].x - r[0].x) / far_d, uy = (r[far].y - r[0].y) / far_d;
  for (const Local& v : r)
    if (std::abs((v.x - r[0].x) * uy - (v.y - r[0].y) * ux) > 1e-6 * far_d) return "";
  return "ring with zero area";
}

std::unique_ptr<OGRLinearRing> to_ogr_ring(const Ring& r) {
  auto ring = std::make_unique<OGRLinearRing>();
  ring->setNumPoints(static_cast<int>(r.size()) + 1, FALSE);
  for (std::size_t i = 0; i <= r.size(); ++i) ring->setPoint(static_cast<int>(i), r[i % r.size()].x, r[i % r.size()].y);
  return ring;
}

// Cleans one polygon's rings; false (with the reason) when its outer ring is unusable.
bool clean_polygon(const OGRPolygon& poly, Polygon& out, GeometryNotes& notes) {
  if (poly.IsEmpty() || !poly.getExteriorRing()) {
    notes.reasons.emplace_back("empty polygon");
    return false;
  }
  out.outer = clean_vertices(*poly.getExteriorRing(), true);
  if (std::string d = ring_defect(out.outer); !d.empty()) {
    notes.reasons.push_back(std::move(d));
    return false;
  }
  for (int i = 0; i < poly.getNumInteriorRings(); ++i) {
    Ring hole = clean_vertices(*poly.getInteriorRing(i), true);
    if (std::string d = ring_defect(hole); !d.empty()) {
      notes.reasons.push_back("hole dropped: " + d);
      continue;
    }
    out.holes.push_back(std::move(hole));
  }
  return true;
}

void append_valid_parts(const OGRGeometry& g, std::vector<Polygon>& out, GeometryNotes& notes) {
  const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
  if (t == wkbPolygon) {
    Polygon p;
    if (clean_polygon(*g.toPolygon(), p, notes)) {
      normalise_orientation(p);
      out.push_back(std::move(p));
    }
  } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
    for (const OGRGeometry* part : *g.toGeometryCollection()) append_valid_parts(*part, out, notes);
  }
  // MakeValid may leave lines or points where a polygon collapsed: they are not polygons, drop them.
}

void append_polygon(const OGRPolygon& poly, bool repair, Feature& out, GeometryNotes& notes) {
  Polygon p;
  if (!clean_polygon(poly, p, notes)) return;
  OGRPolygon cleaned;
  cleaned.addRingDirectly(to_ogr_ring(p.outer).release());
  for (const Ring& h : p.holes) cleaned.addRingDirectly(to_ogr_ring(h).release());

  GdalMessages messages;  // GEOS says why through a warning
  if (cleaned.IsValid()) {
    normalise_orientation(p);
    out.polygons.push_back(std::move(p));
    return;
  }
  std::string why = messages.last_warning();
  if (why.empty()) why = messages.last_error("GEOS gave no reason");
  if (!repair) {
    notes.reasons.push_back("invalid geometry (" + why + "), skipped");
    return;
  }
  std::unique_ptr<OGRGeometry> valid(cleaned.MakeValid());
  if (!valid) {
    notes.reasons.push_back("invalid geometry (" + why + "), repair failed: " + messages.last_error());
    return;
  }
  const std::size_t before = out.polygons.size();
  append_valid_parts(*valid, out.polygons, notes);
  if (out.polygons.size() == before) {
    notes.reasons.push_back("invalid geometry (" + why + "), nothing left after repair");
    return;
  }
  notes.reasons.push_back("invalid geometry (" + why + "), repaired");
  notes.repaired = true;
}

}  // namespace

bool transform_in_place(OGRGeometry& g, const ToLocal& to_local, bool swap_xy) {
  auto move = [&](double x, double y, Local& out) {
    const Result<Local> r = swap_xy ? to_local.apply(y, x) : to_local.apply(x, y);
    if (!r) return false;
    out = *r;
    return true;
  };
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
      OGRPoint& p = *g.toPoint();
      if (p.IsEmpty()) return true;
      Local l;
      if (!move(p.getX(), p.getY(), l)) return false;
      p.setX(l.x);
      p.setY(l.y);
      return true;
    }
    case wkbLineString:
    case wkbLinearRing: {
      OGRSimpleCurve& c = *g.toSimpleCurve();
      Local l;
      for (int i = 0; i < c.getNumPoints(); ++i) {
        if (!move(c.getX(i), c.getY(i), l)) return false;
        if (c.Is3D()) c.setPoint(i, l.x, l.y, c.getZ(i));
        else c.setPoint(i, l.x, l.y);
      }
      return true;
    }
    case wkbPolygon: {
      OGRPolygon& p = *g.toPolygon();
      for (OGRLinearRing* r : p)
        if (!transform_in_place(*r, to_local, swap_xy)) return false;
      return true;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
      for (OGRGeometry* part : *g.toGeometryCollection())
        if (!transform_in_place(*part, to_local, swap_xy)) return false;
      return true;
    }
    default:
      return false;  // arcs are linearised before; surfaces and TINs are not supported
  }
}

void append_geometry(const OGRGeometry& g, bool repair, Feature& out, GeometryNotes& notes) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
      const OGRPoint& p = *g.toPoint();
      if (p.IsEmpty()) return;
      out.points.push_back({p.getX(), p.getY()});
      if (p.Is3D()) out.point_z.push_back(p.getZ());
      return;
    }
    case wkbLineString:
    case wkbLinearRing: {
      LineString l = clean_vertices(*g.toSimpleCurve(), false);
      if (l.size() < 2) notes.reasons.emplace_back("line with fewer than 2 distinct vertices");
      else out.lines.push_back(std::move(l));
      return;
    }
    case wkbPolygon:
      append_polygon(*g.toPolygon(), repair, out, notes);
      return;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g.toGeometryCollection()) append_geometry(*part, repair, out, notes);
      return;
    default:
      notes.reasons.push_back(std::string("unsupported geometry type ") + OGRGeometryTypeToName(g.getGeometryType()));
  }
}

}  // namespace dpt::geo::detail
