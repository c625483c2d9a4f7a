// read_vector / write_geopackage / parse_osm_other_tags. Inputs are made here: GeoJSON and .osm
// by hand, GeoPackage with ogr2ogr, a Shapefile with OGR's C API. Coordinates are checked
// against LocalFrame::to_local of the lon/lat written into the files.
#include <catch2/catch.hpp>
#include <gdal.h>
#include <ogr_api.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "dpt/geo/local_frame.h"
#include "dpt/geo/vector_io.h"
#include "geo_test_util.h"

using namespace dpt::geo;
using namespace geo_test;

namespace {
const LonLat kOrigin{114.33, 22.44};

// Buildings near the origin (lon/lat). The courtyard block is written clockwise on purpose.
const std::vector<LonLat> kBlock = {{114.3300, 22.4400}, {114.3300, 22.4410}, {114.3310, 22.4410}, {114.3310, 22.4400}};
const std::vector<LonLat> kCourt = {{114.3303, 22.4403}, {114.3307, 22.4403}, {114.3307, 22.4407}, {114.3303, 22.4407}};
const std::vector<LonLat> kHouse = {{114.3320, 22.4400}, {114.3324, 22.4400}, {114.3324, 22.4403}, {114.3320, 22.4403}};
const std::vector<LonLat> kShed = {{114.3330, 22.4400}, {114.3333, 22.4400}, {114.3330, 22.4404}};
const std::vector<LonLat> kBowtie = {{114.3340, 22.4400}, {114.3344, 22.4404}, {114.3344, 22.4400}, {114.3340, 22.4404}};
const std::vector<LonLat> kSliver = {{114.3350, 22.4400}, {114.3352, 22.4402}};
const std::vector<LonLat> kFlat = {{114.3360, 22.4400}, {114.3360, 22.4402}, {114.3360, 22.4404}};  // on a meridian

std::string ring_json(const std::vector<LonLat>& r) {
  std::string s = "[";
  char buf[64];
  for (std::size_t i = 0; i <= r.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s[%.7f,%.7f]", i ? "," : "", r[i % r.size()].lon, r[i % r.size()].lat);
    s += buf;
  }
  return s + "]";
}
std::string polygon_feature(const std::string& name, const std::vector<std::vector<LonLat>>& rings) {
  std::string coords;
  for (const auto& r : rings) coords += (coords.empty() ? "" : ",") + ring_json(r);
  return R"({"type":"Feature","properties":{"name":")" + name + R"(","height":12.5},"geometry":{"type":"Polygon","coordinates":[)" +
         coords + "]}}";
}
std::string buildings_geojson() {
  return R"({"type":"FeatureCollection","features":[)" + polygon_feature("block", {kBlock, kCourt}) + "," +
         polygon_feature("house", {kHouse}) + "," + polygon_feature("shed", {kShed}) + "," +
         polygon_feature("bowtie", {kBowtie}) + "," + polygon_feature("sliver", {kSliver}) + "," +
         polygon_feature("flat", {kFlat}) + "]}";
}

// Every vertex of `ring` is the district position of one of `expected` (to 1e-6 m), and vice versa.
void check_same_vertices(const Ring& ring, const std::vector<LonLat>& expected, const LocalFrame& frame) {
  REQUIRE(ring.size() == expected.size());
  for (const LonLat& ll : expected) {
    const Local want = *frame.to_local(ll);
    bool found = false;
    for (const Local& v : ring) found = found || (std::abs(v.x - want.x) < 1e-6 && std::abs(v.y - want.y) < 1e-6);
    INFO("lon " << ll.lon << " lat " << ll.lat);
    CHECK(found);
  }
}

const Feature* by_name(const VectorLayer& l, const std::string& name) {
  for (const Feature& f : l.features)
    if (f.attr("name") && *f.attr("name") == name) return &f;
  return nullptr;
}
}  // namespace

TEST_CASE("read_vector: GeoPackage buildings in EPSG:4326 — holes, a repaired bowtie, a skipped sliver") {
  if (!have_tool("ogr2ogr")) {
    WARN("ogr2ogr not installed: GeoPackage input test skipped");
    return;
  }
  TempDir dir("vector");
  write_text(dir.path / "b.geojson", buildings_geojson());
  const fs::path gpkg = dir.path / "buildings.gpkg";
  REQUIRE(std::system(("ogr2ogr -f GPKG '" + gpkg.string() + "' '" + (dir.path / "b.geojson").string() +
                       "' -nln buildings -a_srs EPSG:4326 2>/dev/null").c_str()) == 0);
  const auto frame = LocalFrame::create("EPSG:4547", kOrigin);
  REQUIRE(frame.ok());
  const auto layers = read_vector(gpkg, *frame);
  INFO((layers ? "" : layers.errors().to_string()));
  REQUIRE(layers.ok());
  REQUIRE(layers->size() == 1);
  const VectorLayer& l = layers->front();
  CHECK(l.name == "buildings");
  CHECK(l.crs_name == "WGS 84 (EPSG:4326)");
  CHECK(l.features.size() == 4);  // block, house, shed, bowtie (repaired); sliver and flat skipped
  REQUIRE(l.issues.size() == 3);

  const Feature* block = by_name(l, "block");
  REQUIRE(block);
  CHECK(*block->attr("height") == "12.5");
  REQUIRE(block->polygons.size() == 1);
  const Polygon& p = block->polygons[0];
  REQUIRE(p.holes.size() == 1);
  check_same_vertices(p.outer, kBlock, *frame);
  check_same_vertices(p.holes[0], kCourt, *frame);
  CHECK(signed_area(p.outer) > 0.0);  // normalised: outer counter-clockwise, hole clockwise
  CHECK(signed_area(p.holes[0]) < 0.0);
  // ~103 m x 111 m block minus a ~41 m x 44 m court (1e-3 deg of longitude at 22.44 N ≈ 102.9 m).
  CHECK(area(p) == Approx(102.9 * 110.7 - 41.2 * 44.3).epsilon(0.01));

  const Feature* shed = by_name(l, "shed");
  REQUIRE(shed);
  check_same_vertices(shed->polygons.at(0).outer, kShed, *frame);

  const Feature* bowtie = by_name(l, "bowtie");
  REQUIRE(bowtie);
  CHECK(bowtie->polygons.size() == 2);  // MakeValid splits it at the crossing into two triangles
  double bow_area = 0.0;
  for (const Polygon& t : bowtie->polygons) {
    CHECK(t.outer.size() == 3);
    bow_area += area(t);
  }
  // Two triangles, each a quarter of the 0.0004 deg square.
  const Local c0 = *frame->to_local(kBowtie[0]), c1 = *frame->to_local(kBowtie[1]);
  CHECK(bow_area == Approx(0.5 * std::abs((c1.x - c0.x) * (c1.y - c0.y))).epsilon(0.01));

  for (const FeatureIssue& i : l.issues) {
    CHECK(i.file == gpkg.string());
    CHECK(i.layer == "buildings");
    INFO(i.reason);
    if (i.repaired) {
      CHECK(i.fid == 4);
      CHECK(i.reason.find("invalid geometry") != std::string::npos);
      CHECK(i.reason.find("Self-intersection") != std::string::npos);
      CHECK(i.reason.find("repaired") != std::string::npos);
    } else if (i.fid == 5) {
      CHECK(i.reason.find("fewer than 3 distinct vertices") != std::string::npos);
    } else {
      CHECK(i.fid == 6);
      CHECK(i.reason.find("zero area") != std::string::npos);
    }
  }

  VectorReadOptions strict;
  strict.repair_invalid = false;
  const auto no_repair = read_vector(gpkg, *frame, strict);
  REQUIRE(no_repair.ok());
  CHECK(no_repair->front().features.size() == 3);
  REQUIRE(no_repair->front().issues.size() == 3);
  CHECK_FALSE(no_repair->front().issues[0].repaired);
  CHECK(no_repair->front().issues[0].reason.find("skipped") != std::string::npos);
}

TEST_CASE("read_vector: an .osm file gives a road with its tags and a building with building:levels") {
  TempDir dir("vector");
  const fs::path osm = dir.path / "tiny.osm";
  write_text(osm, R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="1" version="1" lat="22.4400" lon="114.3300"/>
  <node id="2" version="1" lat="22.4410" lon="114.3320"/>
  <node id="3" version="1" lat="22.4415" lon="114.3345"/>
  <node id="4" version="1" lat="22.4420" lon="114.3300"/>
  <node id="5" version="1" lat="22.4420" lon="114.3304"/>
  <node id="6" version="1" lat="22.4423" lon="114.3304"/>
  <node id="7" version="1" lat="22.4423" lon="114.3300"/>
  <node id="8" version="1" lat="22.4430" lon="114.3310"><tag k="amenity" v="cafe"/><tag k="name" v="Kiosk"/></node>
  <way id="100" version="1">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="primary"/><tag k="lanes" v="2"/><tag k="maxspeed" v="60"/><tag k="oneway" v="yes"/>
    <tag k="name" v="Dapeng Road"/>
  </way>
  <way id="200" version="1">
    <nd ref="4"/><nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="4"/>
    <tag k="building" v="yes"/><tag k="building:levels" v="4"/>
  </way>
</osm>
)");
  const auto frame = LocalFrame::create("EPSG:4547", kOrigin);
  REQUIRE(frame.ok());
  const auto layers = read_vector(osm, *frame);
  INFO((layers ? "" : layers.errors().to_string()));
  REQUIRE(layers.ok());
  REQUIRE(layers->size() == 3);
  CHECK((*layers)[0].name == "points");
  CHECK((*layers)[1].name == "lines");
  CHECK((*layers)[2].name == "multipolygons");

  const VectorLayer& points = (*layers)[0];
  REQUIRE(points.features.size() == 1);
  CHECK(*points.features[0].attr("name") == "Kiosk");
  CHECK(*points.features[0].attr("amenity") == "cafe");
  const Local kiosk = *frame->to_local({114.3310, 22.4430});
  CHECK(points.features[0].points.at(0).x == Approx(kiosk.x).margin(1e-6));
  CHECK(points.features[0].points.at(0).y == Approx(kiosk.y).margin(1e-6));

  const VectorLayer& lines = (*layers)[1];
  REQUIRE(lines.features.size() == 1);
  const Feature& road = lines.features[0];
  CHECK(road.fid == 100);
  CHECK(*road.attr("highway") == "primary");
  CHECK(*road.attr("lanes") == "2");
  CHECK(*road.attr("maxspeed") == "60");
  CHECK(*road.attr("oneway") == "yes");
  CHECK(*road.attr("name") == "Dapeng Road");
  CHECK(road.attr("other_tags") == nullptr);  // expanded, not kept raw
  REQUIRE(road.lines.size() == 1);
  REQUIRE(road.lines[0].size() == 3);
  const Local mid = *frame->to_local({114.3320, 22.4410});
  CHECK(road.lines[0][1].x == Approx(mid.x).margin(1e-6));
  CHECK(road.lines[0][1].y == Approx(mid.y).margin(1e-6));

  const VectorLayer& polys = (*layers)[2];
  REQUIRE(polys.features.size() == 1);
  const Feature& house = polys.features[0];
  CHECK(*house.attr("building") == "yes");
  CHECK(*house.attr("building:levels") == "4");
  REQUIRE(house.polygons.size() == 1);
  check_same_vertices(house.polygons[0].outer, {{114.3300, 22.4420}, {114.3304, 22.4420}, {114.3304, 22.4423}, {114.3300, 22.4423}},
                      *frame);

  VectorReadOptions only_lines;
  only_lines.layers = {"lines"};
  const auto just = read_vector(osm, *frame, only_lines);
  REQUIRE(just.ok());
  REQUIRE(just->size() == 1);
  CHECK(just->front().features.size() == 1);
}

TEST_CASE("read_vector errors: no CRS, empty layer, unreadable file, missing layer") {
  QuietGdal quiet;
  TempDir dir("vector");
  const auto frame = LocalFrame::create("EPSG:4547", kOrigin);
  REQUIRE(frame.ok());
  auto error_of = [&](const fs::path& file, const VectorReadOptions& o = {}) {
    const auto r = read_vector(file, *frame, o);
    REQUIRE_FALSE(r.ok());
    const std::string msg = r.errors().to_string();
    CHECK(msg.find(file.string()) != std::string::npos);
    return msg;
  };

  // GeoJSON without a crs member is WGS 84 by RFC 7946: fine.
  const fs::path gj = dir.path / "one.geojson";
  write_text(gj, R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"k":"v"},)"
                 R"("geometry":{"type":"Point","coordinates":[114.331,22.441,7.5]}}]})");
  const auto ok = read_vector(gj, *frame);
  REQUIRE(ok.ok());
  REQUIRE(ok->front().features.size() == 1);
  const Feature& pt = ok->front().features[0];
  CHECK(*pt.attr("k") == "v");
  REQUIRE(pt.point_z.size() == 1);
  CHECK(pt.point_z[0] == 7.5);
  const Local want = *frame->to_local({114.331, 22.441});
  CHECK(pt.points[0].x == Approx(want.x).margin(1e-6));
  CHECK(pt.points[0].y == Approx(want.y).margin(1e-6));

  // A Shapefile without its .prj.
  {
    GDALAllRegister();
    const fs::path shp = dir.path / "noprj.shp";
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("ESRI Shapefile"), shp.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    REQUIRE(ds);
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "noprj", nullptr, wkbPoint, nullptr);
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(g, 0, 500000.0, 2480000.0);
    OGR_F_SetGeometryDirectly(f, g);
    REQUIRE(OGR_L_CreateFeature(layer, f) == OGRERR_NONE);
    OGR_F_Destroy(f);
    GDALClose(ds);
    CHECK_FALSE(fs::exists(dir.path / "noprj.prj"));
    const std::string msg = error_of(shp);
    INFO(msg);
    CHECK(msg.find("layer 'noprj' has no CRS (a .prj / crs member is needed)") != std::string::npos);
  }

  const fs::path empty = dir.path / "empty.geojson";
  write_text(empty, R"({"type":"FeatureCollection","features":[]})");
  CHECK(error_of(empty).find("empty layer") != std::string::npos);

  CHECK(error_of(dir.path / "missing.gpkg").find("cannot open") != std::string::npos);
  write_text(dir.path / "garbage.geojson", "{ this is not json");
  CHECK(error_of(dir.path / "garbage.geojson").find("cannot open") != std::string::npos);

  VectorReadOptions roads;
  roads.layers = {"roads"};
  CHECK(error_of(gj, roads).find("no layer 'roads'") != std::string::npos);
}

TEST_CASE("parse_osm_other_tags: quotes, escapes, commas and => inside values") {
  const auto t = parse_osm_other_tags(R"("lanes"=>"2","name"=>"A \"quoted\", road","path"=>"C:\\dir","k,x"=>"a=>b", "empty"=>"")");
  REQUIRE(t.size() == 5);
  CHECK(t.at("lanes") == "2");
  CHECK(t.at("name") == "A \"quoted\", road");
  CHECK(t.at("path") == "C:\\dir");
  CHECK(t.at("k,x") == "a=>b");
  CHECK(t.at("empty").empty());
  CHECK(parse_osm_other_tags("").empty());
  // Malformed tails stop the parse but keep what came before.
  const auto partial = parse_osm_other_tags(R"("a"=>"1","b"=>"unterminated)");
  CHECK(partial.size() == 1);
  CHECK(partial.at("a") == "1");
}

TEST_CASE("write_geopackage → read_vector keeps coordinates (1e-6 m) and attributes; bytes are reproducible") {
  TempDir dir("vector");
  const auto frame = LocalFrame::create("EPSG:4547", kOrigin);
  REQUIRE(frame.ok());
  Feature b1, b2, s1;
  b1.polygons.push_back({{{0, 0}, {40.5, 0}, {40.5, 30.25}, {0, 30.25}}, {{{10, 10}, {10, 20}, {20, 20}, {20, 10}}}});
  b1.attrs = {{"name", "hall"}, {"levels", "4"}, {"height", "14.25"}};
  b2.polygons.push_back({{{-120.125, 55.5}, {-100, 55.5}, {-110, 75.75}}, {}});
  b2.attrs = {{"name", "kiosk"}, {"levels", "1"}};  // no height: written as null
  s1.points = {{1234.5678, -987.654321}};
  s1.attrs = {{"kind", "camera"}};
  const std::vector<LayerToWrite> layers = {
      {"buildings", GeometryKind::polygon,
       {{"name", FieldDef::Type::text}, {"levels", FieldDef::Type::integer}, {"height", FieldDef::Type::real}},
       {&b1, &b2}},
      {"sensors", GeometryKind::point, {{"kind", FieldDef::Type::text}}, {&s1}}};

  const fs::path a = dir.path / "a.gpkg", b = dir.path / "b.gpkg";
  REQUIRE(write_geopackage(a, layers, *frame).ok());
  REQUIRE(write_geopackage(a, layers, *frame).ok());  // overwrites, does not append
  REQUIRE(write_geopackage(b, layers, *frame).ok());
  auto bytes = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  CHECK(bytes(a) == bytes(b));

  const auto back = read_vector(a, *frame);
  INFO((back ? "" : back.errors().to_string()));
  REQUIRE(back.ok());
  REQUIRE(back->size() == 2);
  const VectorLayer& bl = (*back)[0];
  CHECK(bl.crs_name == "CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547)");
  REQUIRE(bl.features.size() == 2);
  CHECK(bl.issues.empty());
  const Feature& r1 = bl.features[0];
  CHECK(*r1.attr("name") == "hall");
  CHECK(*r1.attr("levels") == "4");
  CHECK(*r1.attr("height") == "14.25");
  REQUIRE(r1.polygons.size() == 1);
  REQUIRE(r1.polygons[0].outer.size() == 4);
  REQUIRE(r1.polygons[0].holes.size() == 1);
  for (std::size_t k = 0; k < 4; ++k) {
    CHECK(r1.polygons[0].outer[k].x == Approx(b1.polygons[0].outer[k].x).margin(1e-6));
    CHECK(r1.polygons[0].outer[k].y == Approx(b1.polygons[0].outer[k].y).margin(1e-6));
  }
  CHECK(area(r1.polygons[0]) == Approx(40.5 * 30.25 - 100.0).margin(1e-5));
  const Feature& r2 = bl.features[1];
  CHECK(*r2.attr("levels") == "1");
  CHECK(r2.attr("height") == nullptr);
  CHECK(r2.polygons.at(0).outer.at(0).x == Approx(-120.125).margin(1e-6));

  const VectorLayer& sl = (*back)[1];
  REQUIRE(sl.features.size() == 1);
  CHECK(*sl.features[0].attr("kind") == "camera");
  CHECK(sl.features[0].points.at(0).x == Approx(1234.5678).margin(1e-6));
  CHECK(sl.features[0].points.at(0).y == Approx(-987.654321).margin(1e-6));

  // A non-numeric value for an integer field is an error naming layer, feature and field.
  Feature bad;
  bad.points = {{0, 0}};
  bad.attrs = {{"n", "four"}};
  const auto err = write_geopackage(dir.path / "bad.gpkg", {{"x", GeometryKind::point, {{"n", FieldDef::Type::integer}}, {&bad}}}, *frame);
  REQUIRE_FALSE(err.ok());
  CHECK(err.errors().to_string().find("field 'n' expects a number, got 'four'") != std::string::npos);
}
