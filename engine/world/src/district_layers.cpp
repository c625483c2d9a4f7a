// Layer schemas of district.gpkg (docs/district.md):
//   coastline  polygon  (no attributes)
//   buildings  polygon  id integer, height real, base_z real, use text, name text, site_id text
//   roads      line     one feature per directed link: from, to integer (node index), lanes integer,
//                       speed_kmh real, class text, name text, source_id integer
//   sites      point    id, name, kind, substance text, inventory_t real, capacity integer, note text
//   site_areas polygon  site_id text (only sites that have an area)
//   cameras    point    id integer, name text, yaw, pitch, roll real, width, height integer,
//                       fx, fy, cx, cy real, placement text, site_id text, z real
//   sensors    point    id integer, name, kind text, z real, observed_property, unit, site_id text
#include "district_layers.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace dpt::world::detail {

namespace {

using geo::FieldDef;
using T = FieldDef::Type;

std::string num(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}
std::string num(std::int64_t v) { return std::to_string(v); }

// Reads typed attributes of one feature, reporting at most a few errors per layer.
class AttrReader {
 public:
  AttrReader(const std::string& file, const std::string& layer, ErrorList& errors)
      : file_(file), layer_(layer), errors_(errors) {}

  void at(const geo::Feature& f) { f_ = &f; }
  std::string text(const char* key) const {
    const std::string* v = f_->attr(key);
    return v ? *v : std::string();
  }
  double real(const char* key) {
    const std::string* v = f_->attr(key);
    double x = 0.0;
    if (v && !v->empty()) {
      const auto r = std::from_chars(v->data(), v->data() + v->size(), x);
      if (r.ec == std::errc() && r.ptr == v->data() + v->size() && std::isfinite(x)) return x;
    }
    fail(key, "a number", v);
    return 0.0;
  }
  std::int64_t integer(const char* key) {
    const std::string* v = f_->attr(key);
    std::int64_t x = 0;
    if (v && !v->empty()) {
      const auto r = std::from_chars(v->data(), v->data() + v->size(), x);
      if (r.ec == std::errc() && r.ptr == v->data() + v->size()) return x;
    }
    fail(key, "an integer", v);
    return 0;
  }
  void fail(const std::string& what) {
    if (++count_ <= kMaxErrors)
      errors_.add({file_}, "layer '" + layer_ + "', feature " + std::to_string(f_->fid) + ": " + what);
  }
  bool failed() const { return count_ > 0; }

 private:
  void fail(const char* key, const char* expected, const std::string* v) {
    fail("field '" + std::string(key) + "' must be " + expected + ", got " + (v ? "'" + *v + "'" : "nothing"));
  }
  static constexpr int kMaxErrors = 10;
  const std::string& file_;
  std::string layer_;
  ErrorList& errors_;
  const geo::Feature* f_ = nullptr;
  int count_ = 0;
};

geo::Feature polygon_feature(const geo::Polygon& p) {
  geo::Feature f;
  f.polygons.push_back(p);
  return f;
}
geo::Feature line_feature(const geo::LineString& l) {
  geo::Feature f;
  f.lines.push_back(l);
  return f;
}
geo::Feature point_feature(geo::Local p) {
  geo::Feature f;
  f.points.push_back(p);
  return f;
}
geo::Feature point_feature(geo::Local p, double z) {
  geo::Feature f = point_feature(p);
  f.point_z.push_back(z);
  return f;
}

geo::LayerToWrite layer(const char* name, geo::GeometryKind kind, std::vector<FieldDef> fields,
                        const std::vector<geo::Feature>& features) {
  geo::LayerToWrite l{name, kind, std::move(fields), {}};
  l.features.reserve(features.size());
  for (const geo::Feature& f : features) l.features.push_back(&f);
  return l;
}

}  // namespace

void make_layers(const District& d, LayersToWrite& out) {
  for (const geo::Polygon& p : d.land) out.coastline.push_back(polygon_feature(p));
  for (const Building& b : d.buildings) {
    geo::Feature f = polygon_feature(b.footprint);
    f.attrs = {{"id", num(b.id)},   {"height", num(static_cast<double>(b.height))},
               {"base_z", num(static_cast<double>(b.base_z))}, {"use", to_string(b.use)},
               {"name", b.name}, {"site_id", b.site_id}};
    out.buildings.push_back(std::move(f));
  }
  for (const RoadLink& l : d.roads.links()) {
    geo::Feature f = line_feature(l.geometry);
    f.attrs = {{"from", num(std::int64_t{l.from})},  {"to", num(std::int64_t{l.to})},
               {"lanes", num(std::int64_t{l.lanes})}, {"speed_kmh", num(l.speed_mps * 3.6)},
               {"class", to_string(l.cls)},           {"name", l.name},
               {"source_id", num(l.source_id)}};
    out.roads.push_back(std::move(f));
  }
  for (const Site& s : d.sites) {
    geo::Feature f = point_feature(s.pos);
    f.attrs = {{"id", s.id},           {"name", s.name}, {"kind", to_string(s.kind)}, {"substance", s.substance},
               {"inventory_t", num(s.inventory_t)}, {"capacity", num(std::int64_t{s.capacity})},
               {"note", s.note}};
    out.sites.push_back(std::move(f));
    if (!s.area.outer.empty()) {
      out.site_areas.push_back(polygon_feature(s.area));
      out.site_areas.back().attrs["site_id"] = s.id;
    }
  }
  for (const Camera& c : d.cameras) {
    geo::Feature f = point_feature({c.pose.x, c.pose.y}, c.pose.z);
    f.attrs = {{"id", num(std::int64_t{c.id})}, {"name", c.name}, {"yaw", num(c.pose.yaw_deg)},
               {"pitch", num(c.pose.pitch_deg)}, {"roll", num(c.pose.roll_deg)},
               {"width", num(std::int64_t{c.k.width})}, {"height", num(std::int64_t{c.k.height})},
               {"fx", num(c.k.fx)}, {"fy", num(c.k.fy)}, {"cx", num(c.k.cx)}, {"cy", num(c.k.cy)},
               {"placement", to_string(c.placement)}, {"site_id", c.site_id}, {"z", num(c.pose.z)}};
    out.cameras.push_back(std::move(f));
  }
  for (const Sensor& s : d.sensors) {
    geo::Feature f = point_feature({s.x, s.y}, s.z);
    f.attrs = {{"id", num(std::int64_t{s.id})}, {"name", s.name}, {"kind", to_string(s.kind)}, {"z", num(s.z)},
               {"observed_property", s.observed_property}, {"unit", s.unit}, {"site_id", s.site_id}};
    out.sensors.push_back(std::move(f));
  }
  using G = geo::GeometryKind;
  out.layers.push_back(layer("coastline", G::polygon, {}, out.coastline));
  out.layers.push_back(layer("buildings", G::polygon,
                             {{"id", T::integer}, {"height", T::real}, {"base_z", T::real}, {"use", T::text},
                              {"name", T::text}, {"site_id", T::text}},
                             out.buildings));
  out.layers.push_back(layer("roads", G::line,
                             {{"from", T::integer}, {"to", T::integer}, {"lanes", T::integer},
                              {"speed_kmh", T::real}, {"class", T::text}, {"name", T::text},
                              {"source_id", T::integer}},
                             out.roads));
  out.layers.push_back(layer("sites", G::point,
                             {{"id", T::text}, {"name", T::text}, {"kind", T::text}, {"substance", T::text},
                              {"inventory_t", T::real}, {"capacity", T::integer}, {"note", T::text}},
                             out.sites));
  out.layers.push_back(layer("site_areas", G::polygon, {{"site_id", T::text}}, out.site_areas));
  out.layers.push_back(layer("cameras", G::point,
                             {{"id", T::integer}, {"name", T::text}, {"yaw", T::real}, {"pitch", T::real},
                              {"roll", T::real}, {"width", T::integer}, {"height", T::integer},
                              {"fx", T::real}, {"fy", T::real}, {"cx", T::real}, {"cy", T::real},
                              {"placement", T::text}, {"site_id", T::text}, {"z", T::real}},
                             out.cameras));
  out.layers.push_back(layer("sensors", G::point,
                             {{"id", T::integer}, {"name", T::text}, {"kind", T::text}, {"z", T::real},
                              {"observed_property", T::text}, {"unit", T::text}, {"site_id", T::text}},
                             out.sensors));
}

namespace {

void read_buildings(const geo::VectorLayer& l, AttrReader& a, District& d) {
  d.buildings.reserve(l.features.size());
  for (const geo::Feature& f : l.features) {
    a.at(f);
    if (f.polygons.size() != 1) {
      a.fail("expected one polygon, got " + std::to_string(f.polygons.size()));
      continue;
    }
    Building b;
    b.id = a.integer("id");
    b.footprint = f.polygons[0];
    b.height = static_cast<float>(a.real("height"));
    b.base_z = static_cast<float>(a.real("base_z"));
    b.use = building_use_from_string(a.text("use"));
    b.name = a.text("name");
    b.site_id = a.text("site_id");
    d.buildings.push_back(std::move(b));
  }
}

void read_roads(const geo::VectorLayer& l, AttrReader& a, District& d) {
  // The stored links are the graph: nodes are recovered from the link end points, not re-snapped.
  std::vector<RoadLink> links;
  links.reserve(l.features.size());
  const std::int64_t max_node = 2 * static_cast<std::int64_t>(l.features.size());
  for (const geo::Feature& f : l.features) {
    a.at(f);
    if (f.lines.size() != 1 || f.lines[0].size() < 2) {
      a.fail("expected one line string of at least 2 points");
      continue;
    }
    RoadLink link;
    const std::int64_t from = a.integer("from"), to = a.integer("to");
    if (from < 0 || to < 0 || from >= max_node || to >= max_node) {
      a.fail("node index out of range (from " + std::to_string(from) + ", to " + std::to_string(to) + ")");
      continue;
    }
    link.from = static_cast<std::uint32_t>(from);
    link.to = static_cast<std::uint32_t>(to);
    link.lanes = static_cast<int>(a.integer("lanes"));
    link.speed_mps = a.real("speed_kmh") / 3.6;
    if (!road_class_from_string(a.text("class"), link.cls)) a.fail("unknown road class '" + a.text("class") + "'");
    link.name = a.text("name");
    link.source_id = a.integer("source_id");
    link.geometry = f.lines[0];
    link.length_m = geo::length(link.geometry);
    links.push_back(std::move(link));
  }
  std::uint32_t n = 0;
  for (const RoadLink& k : links) n = std::max({n, k.from + 1, k.to + 1});
  std::vector<RoadNode> nodes(n);
  std::vector<std::uint8_t> seen(n, 0);
  for (const RoadLink& k : links) {
    if (!seen[k.from]) nodes[k.from].pos = k.geometry.front();
    if (!seen[k.to]) nodes[k.to].pos = k.geometry.back();
    seen[k.from] = seen[k.to] = 1;
  }
  for (std::uint32_t k = 0; k < n; ++k)
    if (!seen[k]) {
      a.fail("road node " + std::to_string(k) + " has no link (node indices must be dense)");
      return;
    }
  d.roads = RoadNetwork::from_parts(std::move(nodes), std::move(links));
}

void read_sites(const geo::VectorLayer& l, AttrReader& a, District& d) {
  for (const geo::Feature& f : l.features) {
    a.at(f);
    if (f.points.size() != 1) {
      a.fail("expected one point");
      continue;
    }
    Site s;
    s.id = a.text("id");
    s.name = a.text("name");
    if (!site_kind_from_string(a.text("kind"), s.kind)) a.fail("unknown site kind '" + a.text("kind") + "'");
    s.pos = f.points[0];
    s.substance = a.text("substance");
    s.inventory_t = a.real("inventory_t");
    s.capacity = static_cast<int>(a.integer("capacity"));
    s.note = a.text("note");
    d.sites.push_back(std::move(s));
  }
}

void read_site_areas(const geo::VectorLayer& l, AttrReader& a, District& d) {
  std::map<std::string, Site*> by_id;
  for (Site& s : d.sites) by_id[s.id] = &s;
  for (const geo::Feature& f : l.features) {
    a.at(f);
    const auto it = by_id.find(a.text("site_id"));
    if (it == by_id.end() || f.polygons.size() != 1) {
      a.fail("expected one polygon of a known site_id, got '" + a.text("site_id") + "'");
      continue;
    }
    it->second->area = f.polygons[0];
  }
}

void read_cameras(const geo::VectorLayer& l, AttrReader& a, District& d) {
  for (const geo::Feature& f : l.features) {
    a.at(f);
    if (f.points.size() != 1) {
      a.fail("expected one point");
      continue;
    }
    Camera c;
    c.id = static_cast<std::int32_t>(a.integer("id"));
    c.name = a.text("name");
    c.pose = {f.points[0].x, f.points[0].y, a.real("z"), a.real("yaw"), a.real("pitch"), a.real("roll")};
    c.k = {static_cast<int>(a.integer("width")), static_cast<int>(a.integer("height")), a.real("fx"),
           a.real("fy"), a.real("cx"), a.real("cy")};
    if (!camera_placement_from_string(a.text("placement"), c.placement))
      a.fail("unknown camera placement '" + a.text("placement") + "'");
    c.site_id = a.text("site_id");
    d.cameras.push_back(std::move(c));
  }
}

void read_sensors(const geo::VectorLayer& l, AttrReader& a, District& d) {
  for (const geo::Feature& f : l.features) {
    a.at(f);
    if (f.points.size() != 1) {
      a.fail("expected one point");
      continue;
    }
    Sensor s;
    s.id = static_cast<std::int32_t>(a.integer("id"));
    s.name = a.text("name");
    if (!sensor_kind_from_string(a.text("kind"), s.kind)) a.fail("unknown sensor kind '" + a.text("kind") + "'");
    s.x = f.points[0].x;
    s.y = f.points[0].y;
    s.z = a.real("z");
    s.observed_property = a.text("observed_property");
    s.unit = a.text("unit");
    s.site_id = a.text("site_id");
    d.sensors.push_back(std::move(s));
  }
}

}  // namespace

void read_layers(const std::vector<geo::VectorLayer>& layers, const std::string& file, District& d,
                 ErrorList& errors) {
  auto find = [&](const char* name) -> const geo::VectorLayer* {
    for (const geo::VectorLayer& l : layers)
      if (l.name == name) return &l;
    return nullptr;
  };
  // site_areas is optional (no site has an area); the others must be there, even if empty.
  const char* required[] = {"coastline", "buildings", "roads", "sites", "cameras", "sensors"};
  for (const char* name : required)
    if (find(name) == nullptr) errors.add({file}, std::string("missing layer '") + name + "'");
  for (const geo::VectorLayer& l : layers)
    for (const geo::FeatureIssue& i : l.issues)
      if (!i.repaired) errors.add({file}, "layer '" + l.name + "', feature " + std::to_string(i.fid) + ": " + i.reason);
  if (!errors.empty()) return;

  for (const geo::Feature& f : find("coastline")->features)
    for (const geo::Polygon& p : f.polygons) d.land.push_back(p);
  struct Step {
    const char* name;
    void (*read)(const geo::VectorLayer&, AttrReader&, District&);
  };
  const Step steps[] = {{"buildings", read_buildings}, {"roads", read_roads},     {"sites", read_sites},
                        {"site_areas", read_site_areas}, {"cameras", read_cameras}, {"sensors", read_sensors}};
  for (const Step& s : steps) {
    const geo::VectorLayer* l = find(s.name);
    if (l == nullptr) continue;
    AttrReader a(file, s.name, errors);
    s.read(*l, a, d);
  }
}

}  // namespace dpt::world::detail
