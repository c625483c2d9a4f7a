// Writing district layers into a GeoPackage (GDAL's GPKG driver) in the frame's CRS, with
// absolute projected coordinates, reproducibly (OGR_CURRENT_DATE pinned while writing).
#include <ogrsf_frmts.h>

#include <cerrno>
#include <cstdlib>
#include <memory>

#include "dpt/geo/vector_io.h"
#include "gdal_util.h"

namespace dpt::geo {
namespace {

// Sets OGR_CURRENT_DATE for this thread while alive (GPKG stamps gpkg_contents.last_change with
// it), so that the same layers give the same bytes.
class PinnedDate {
 public:
  PinnedDate() {
    const char* old = CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    if (old) old_ = old;
    had_ = old != nullptr;
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
  }
  ~PinnedDate() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", had_ ? old_.c_str() : nullptr); }
  PinnedDate(const PinnedDate&) = delete;
  PinnedDate& operator=(const PinnedDate&) = delete;

 private:
  std::string old_;
  bool had_ = false;
};

OGRFieldType ogr_type(FieldDef::Type t) {
  switch (t) {
    case FieldDef::Type::integer: return OFTInteger64;
    case FieldDef::Type::real: return OFTReal;
    case FieldDef::Type::text: return OFTString;
  }
  return OFTString;
}

// The layer's geometry type: the multi- type as soon as one feature has several parts.
OGRwkbGeometryType layer_type(const LayerToWrite& l) {
  std::size_t most = 0;
  for (const Feature* f : l.features) {
    const std::size_t parts = l.kind == GeometryKind::point  ? f->points.size()
                              : l.kind == GeometryKind::line ? f->lines.size()
                                                             : f->polygons.size();
    most = std::max(most, parts);
  }
  switch (l.kind) {
    case GeometryKind::point: return most > 1 ? wkbMultiPoint : wkbPoint;
    case GeometryKind::line: return most > 1 ? wkbMultiLineString : wkbLineString;
    case GeometryKind::polygon: return most > 1 ? wkbMultiPolygon : wkbPolygon;
  }
  return wkbUnknown;
}

template <class Curve>
void fill_curve(Curve& c, const std::vector<Local>& pts, bool close, double e, double n) {
  const std::size_t count = pts.size() + (close && !pts.empty() ? 1 : 0);
  c.setNumPoints(static_cast<int>(count), FALSE);
  for (std::size_t i = 0; i < count; ++i) {
    const Local& p = pts[i % pts.size()];
    c.setPoint(static_cast<int>(i), p.x + e, p.y + n);
  }
}

std::unique_ptr<OGRGeometry> make_geometry(const Feature& f, OGRwkbGeometryType type, double e, double n) {
  switch (type) {
    case wkbPoint: {
      if (f.points.empty()) return nullptr;
      return std::make_unique<OGRPoint>(f.points[0].x + e, f.points[0].y + n);
    }
    case wkbMultiPoint: {
      auto mp = std::make_unique<OGRMultiPoint>();
      for (const Local& p : f.points) mp->addGeometryDirectly(new OGRPoint(p.x + e, p.y + n));
      return mp;
    }
    case wkbLineString:
    case wkbMultiLineString: {
      auto ml = std::make_unique<OGRMultiLineString>();
      for (const LineString& l : f.lines) {
        auto ls = std::make_unique<OGRLineString>();
        fill_curve(*ls, l, false, e, n);
        if (type == wkbLineString) return ls;
        ml->addGeometryDirectly(ls.release());
      }
      if (type == wkbLineString) return nullptr;
      return ml;
    }
    case wkbPolygon:
    case wkbMultiPolygon: {
      auto mp = std::make_unique<OGRMultiPolygon>();
      for (const Polygon& p : f.polygons) {
        auto poly = std::make_unique<OGRPolygon>();
        auto outer = std::make_unique<OGRLinearRing>();
        fill_curve(*outer, p.outer, true, e, n);
        poly->addRingDirectly(outer.release());
        for (const Ring& h : p.holes) {
          auto hole = std::make_unique<OGRLinearRing>();
          fill_curve(*hole, h, true, e, n);
          poly->addRingDirectly(hole.release());
        }
        if (type == wkbPolygon) return poly;
        mp->addGeometryDirectly(poly.release());
      }
      if (type == wkbPolygon) return nullptr;
      return mp;
    }
    default: return nullptr;
  }
}

// Sets field `idx` from text; false when the text is not a number of the field's type.
bool set_field(OGRFeature& out, int idx, FieldDef::Type type, const std::string& text) {
  char* end = nullptr;
  errno = 0;
  switch (type) {
    case FieldDef::Type::integer: {
      const long long v = std::strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || errno != 0) return false;
      out.SetField(idx, static_cast<GIntBig>(v));
      return true;
    }
    case FieldDef::Type::real: {
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0' || errno != 0) return false;
      out.SetField(idx, v);
      return true;
    }
    case FieldDef::Type::text: out.SetField(idx, text.c_str()); return true;
  }
  return false;
}

}  // namespace

Result<bool> write_geopackage(const std::filesystem::path& path, const std::vector<LayerToWrite>& layers,
                              const LocalFrame& frame) {
  detail::register_gdal_drivers();
  detail::GdalMessages messages;
  PinnedDate pinned;
  const std::string file = path.string();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!drv) return Result<bool>::failure({file}, "GDAL has no GPKG driver");
  std::error_code ec;
  std::filesystem::remove(path, ec);  // overwrite: GPKG would otherwise add to the old file
  GDALDatasetUniquePtr ds(drv->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) return Result<bool>::failure({file}, "cannot create GeoPackage: " + messages.last_error());

  OGRSpatialReference srs;
  if (srs.SetFromUserInput(frame.crs().c_str()) != OGRERR_NONE && srs.importFromWkt(frame.crs_wkt().c_str()) != OGRERR_NONE)
    return Result<bool>::failure({file}, "GDAL does not understand the district CRS '" + frame.crs() + "'");
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const double e = frame.origin_easting(), n = frame.origin_northing();

  for (const LayerToWrite& l : layers) {
    const OGRwkbGeometryType type = layer_type(l);
    OGRLayer* layer = ds->CreateLayer(l.name.c_str(), &srs, type, nullptr);
    if (!layer) return Result<bool>::failure({file}, "cannot create layer '" + l.name + "': " + messages.last_error());
    for (const FieldDef& fd : l.fields) {
      OGRFieldDefn defn(fd.name.c_str(), ogr_type(fd.type));
      if (layer->CreateField(&defn) != OGRERR_NONE)
        return Result<bool>::failure({file}, "layer '" + l.name + "': cannot create field '" + fd.name + "'");
    }
    if (layer->StartTransaction() != OGRERR_NONE)
      return Result<bool>::failure({file}, "layer '" + l.name + "': cannot start a transaction");
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (std::size_t k = 0; k < l.features.size(); ++k) {
      const Feature& f = *l.features[k];
      OGRFeature out(defn);
      for (std::size_t fi = 0; fi < l.fields.size(); ++fi) {
        const std::string* v = f.attr(l.fields[fi].name);
        if (v && !set_field(out, static_cast<int>(fi), l.fields[fi].type, *v))
          return Result<bool>::failure({file}, "layer '" + l.name + "', feature " + std::to_string(k) + ": field '" +
                                                   l.fields[fi].name + "' expects a number, got '" + *v + "'");
      }
      std::unique_ptr<OGRGeometry> g = make_geometry(f, type, e, n);
      if (!g)
        return Result<bool>::failure({file}, "layer '" + l.name + "', feature " + std::to_string(k) +
                                                 ": no geometry of the layer's kind");
      out.SetGeometryDirectly(g.release());
      if (layer->CreateFeature(&out) != OGRERR_NONE)
        return Result<bool>::failure({file}, "layer '" + l.name + "', feature " + std::to_string(k) + ": " +
                                                 messages.last_error());
    }
    if (layer->CommitTransaction() != OGRERR_NONE)
      return Result<bool>::failure({file}, "layer '" + l.name + "': cannot commit: " + messages.last_error());
  }
  messages.clear();
  ds.reset();
  if (messages.has_error()) return Result<bool>::failure({file}, "cannot finish GeoPackage: " + messages.last_error());
  return true;
}

}  // namespace dpt::geo
