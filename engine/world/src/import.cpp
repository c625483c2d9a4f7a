// `dptwin district import`: a user's DEM, buildings, roads and sites become a district.
#include "dpt/world/import.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "dpt/geo/raster_read.h"
#include "dpt/geo/vector_io.h"

namespace dpt::world {

namespace {

// Feature-level issues from the reader: counted per layer by reason and listed as warnings.
void take_issues(const std::vector<geo::VectorLayer>& layers, LayerInfo& info, ErrorList* warnings) {
  for (const geo::VectorLayer& l : layers)
    for (const geo::FeatureIssue& i : l.issues) {
      if (i.repaired) {
        ++info.repaired;
      } else {
        ++info.skipped;
        ++info.skipped_reasons[i.reason];
      }
      if (warnings)
        warnings->add({i.file}, "layer '" + i.layer + "', feature " + std::to_string(i.fid) + ": " + i.reason);
    }
}

void skip(LayerInfo& info, ErrorList* warnings, const std::string& file, std::int64_t fid, const std::string& why) {
  ++info.skipped;
  ++info.skipped_reasons[why];
  if (warnings) warnings->add({file}, "feature " + std::to_string(fid) + ": " + why);
}

int parse_int(const std::string* s) {
  if (!s) return 0;
  int v = 0;
  const auto r = std::from_chars(s->data(), s->data() + s->size(), v);
  return r.ec == std::errc() && v > 0 ? v : 0;
}
double parse_real(const std::string* s) {
  if (!s) return 0.0;
  double v = 0.0;
  const auto r = std::from_chars(s->data(), s->data() + s->size(), v);
  return r.ec == std::errc() && std::isfinite(v) ? v : 0.0;
}
std::string text(const geo::Feature& f, const char* key) {
  const std::string* v = f.attr(key);
  return v ? *v : std::string();
}

geo::Local centroid(const geo::Ring& r) {
  // Area-weighted centroid of a simple polygon (shoelace), relative to the first vertex.
  double a = 0.0, cx = 0.0, cy = 0.0;
  const geo::Local o = r[0];
  for (std::size_t i = 1; i + 1 < r.size(); ++i) {
    const double x1 = r[i].x - o.x, y1 = r[i].y - o.y, x2 = r[i + 1].x - o.x, y2 = r[i + 1].y - o.y;
    const double c = x1 * y2 - x2 * y1;
    a += c;
    cx += (x1 + x2) * c;
    cy += (y1 + y2) * c;
  }
  if (a == 0.0) return o;
  return {o.x + cx / (3.0 * a), o.y + cy / (3.0 * a)};
}

struct Extent {
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
  void add(geo::Local p) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  bool empty() const { return !(min_x <= max_x); }
};

// Reads everything in `frame`; with `extent_only` just the extent is of interest.
Result<District> read_all(const ImportRequest& req, const geo::LocalFrame& frame, ErrorList* warnings,
                          Extent* extent) {
  District d;
  ErrorList errors;
  auto add_point = [&](geo::Local p) {
    if (extent) extent->add(p);
  };
  if (req.dem) {
    geo::RasterReadReport report;
    Result<geo::HeightGrid> g = geo::read_height_grid(*req.dem, frame, 1, &report);
    if (!g) {
      errors.append(g.errors());
    } else {
      d.terrain.grid = std::move(*g);
      d.terrain.filled_holes = fill_holes(d.terrain.grid);
      const geo::Box b = d.terrain.bounds();
      add_point({b.min_x, b.min_y});
      add_point({b.max_x, b.max_y});
      LayerInfo l{"terrain", "terrain.tif", "imported", req.dem->string(), "", "", 0, 0, 0, {}};
      l.features = static_cast<std::int64_t>(d.terrain.grid.z.size());
      l.repaired = d.terrain.filled_holes;
      l.note = std::to_string(d.terrain.filled_holes) + " nodata samples filled from their neighbours" +
               (report.reprojected ? "; reprojected from " + report.source_crs_name + " (bilinear)" : "");
      d.layers.push_back(std::move(l));
    }
  }
  auto read_file = [&](const std::filesystem::path& p) -> std::vector<geo::VectorLayer> {
    Result<std::vector<geo::VectorLayer>> r = geo::read_vector(p, frame);
    if (!r) {
      errors.append(r.errors());
      return {};
    }
    return std::move(*r);
  };
  if (req.buildings) {
    const std::string file = req.buildings->string();
    const auto layers = read_file(*req.buildings);
    LayerInfo info{"buildings", "district.gpkg", "imported", file, "", "", 0, 0, 0, {}};
    take_issues(layers, info, warnings);
    for (const geo::VectorLayer& l : layers)
      for (const geo::Feature& f : l.features) {
        if (f.polygons.empty()) {
          skip(info, warnings, file, f.fid, "not a polygon");
          continue;
        }
        for (const geo::Polygon& poly : f.polygons) {
          Building b;
          b.id = f.fid;
          b.footprint = poly;
          geo::normalise_orientation(b.footprint);
          b.height = building_height_from_attrs(f.attr("height"), f.attr("building:levels"));
          b.use = building_use_from_string(text(f, "building"));
          b.name = text(f, "name");
          for (const geo::Local& p : poly.outer) add_point(p);
          d.buildings.push_back(std::move(b));
        }
      }
    if (layers.size() > 0 && d.buildings.empty()) errors.add({file}, "no building polygons in the file");
    info.features = static_cast<std::int64_t>(d.buildings.size());
    d.layers.push_back(std::move(info));
  }
  std::vector<RoadInput> roads;
  if (req.roads) {
    const std::string file = req.roads->string();
    const auto layers = read_file(*req.roads);
    LayerInfo info{"roads", "district.gpkg", "imported", file, "", "", 0, 0, 0, {}};
    take_issues(layers, info, warnings);
    for (const geo::VectorLayer& l : layers)
      for (const geo::Feature& f : l.features) {
        if (f.lines.empty()) continue;  // points and areas of an OSM extract are not roads
        const std::string* highway = f.attr("highway");
        if (!highway || highway->empty()) {
          skip(info, warnings, file, f.fid, "not a road (no highway tag)");
          continue;
        }
        RoadInput r;
        r.cls = road_class_from_osm(*highway);
        r.oneway = f.attr("oneway") ? parse_oneway(*f.attr("oneway")) : 0;
        // OSM `lanes` counts both directions on a two-way road; RoadInput wants lanes per direction.
        const int lanes = parse_int(f.attr("lanes"));
        r.lanes = r.oneway != 0 ? lanes : (lanes > 0 ? std::max(1, lanes / 2) : 0);
        r.speed_kmh = f.attr("maxspeed") ? std::max(parse_maxspeed_kmh(*f.attr("maxspeed")), 0.0) : 0.0;
        r.source_id = f.fid;
        r.name = text(f, "name");
        for (const geo::LineString& line : f.lines) {
          r.line = line;
          for (const geo::Local& p : line) add_point(p);
          roads.push_back(r);
        }
      }
    if (layers.size() > 0 && roads.empty()) errors.add({file}, "no road lines (with a highway tag) in the file");
    d.layers.push_back(std::move(info));
  }
  if (req.sites) {
    const std::string file = req.sites->string();
    const auto layers = read_file(*req.sites);
    LayerInfo info{"sites", "district.gpkg", "imported", file, "", "", 0, 0, 0, {}};
    take_issues(layers, info, warnings);
    for (const geo::VectorLayer& l : layers)
      for (const geo::Feature& f : l.features) {
        Site s;
        if (!site_kind_from_string(text(f, "kind"), s.kind)) {
          skip(info, warnings, file, f.fid, "unknown site kind '" + text(f, "kind") + "'");
          continue;
        }
        if (!f.points.empty()) {
          s.pos = f.points[0];
        } else if (!f.polygons.empty()) {
          s.area = f.polygons[0];
          s.pos = centroid(s.area.outer);
        } else {
          skip(info, warnings, file, f.fid, "site without a point or polygon");
          continue;
        }
        s.id = text(f, "id").empty() ? "site-" + std::to_string(f.fid) : text(f, "id");
        s.name = text(f, "name");
        s.substance = text(f, "substance");
        s.inventory_t = parse_real(f.attr("inventory_t"));
        s.capacity = parse_int(f.attr("capacity"));
        s.note = text(f, "note");
        add_point(s.pos);
        d.sites.push_back(std::move(s));
      }
    info.features = static_cast<std::int64_t>(d.sites.size());
    d.layers.push_back(std::move(info));
  }
  if (!errors.empty()) return errors;
  // Buildings stand on the lowest terrain under their footprint's vertices (0 without a DEM).
  if (!d.terrain.empty())
    for (Building& b : d.buildings) {
      double z = std::numeric_limits<double>::infinity();
      for (const geo::Local& p : b.footprint.outer) z = std::min(z, d.terrain.height(p));
      b.base_z = std::isfinite(z) ? static_cast<float>(z) : 0.0f;
    }
  d.roads = RoadNetwork::build(roads);
  for (LayerInfo& x : d.layers)
    if (x.name == "roads") x.features = static_cast<std::int64_t>(d.roads.links().size());
  return d;
}

}  // namespace

Result<District> import_district(const ImportRequest& request, ErrorList* warnings) {
  if (!request.dem && !request.buildings && !request.roads && !request.sites)
    return Result<District>::failure({}, "nothing to import: give a DEM, buildings, roads or sites");
  geo::LonLat origin;
  if (request.origin) {
    origin = *request.origin;
  } else {
    // The centre of the data's extent: read once in Web Mercator (defined almost everywhere) just
    // to find it, then convert it back to lon/lat.
    Result<geo::LocalFrame> probe = geo::LocalFrame::create("EPSG:3857", {0.0, 0.0});
    if (!probe) return probe.errors();
    Extent e;
    Result<District> pre = read_all(request, *probe, nullptr, &e);
    if (!pre) return pre.errors();
    if (e.empty()) return Result<District>::failure({}, "the input holds no geometry to centre the district on");
    Result<geo::LonLat> c = probe->to_lonlat({0.5 * (e.min_x + e.max_x), 0.5 * (e.min_y + e.max_y)});
    if (!c) return c.errors();
    origin = *c;
  }
  Result<geo::LocalFrame> frame = geo::LocalFrame::create(request.crs, origin);
  if (!frame) return frame.errors();
  Result<District> d = read_all(request, *frame, warnings, nullptr);
  if (!d) return d;
  d->name = request.name;
  d->crs = request.crs;
  d->origin = origin;
  d->index();
  return d;
}

}  // namespace dpt::world
