// Import of a user's GIS files (GeoJSON in WGS-84 here): attribute mapping, skipped features with
// reasons, road graph, origin at the centre of the data.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "dpt/world/import.h"

using namespace dpt::world;
namespace fs = std::filesystem;

namespace {
void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
// lon/lat of a point dx, dy degrees from Dapeng (114.5 E, 22.6 N).
std::string ll(double dx, double dy) {
  return "[" + std::to_string(114.5 + dx) + ", " + std::to_string(22.6 + dy) + "]";
}
std::string square(double x, double y, double s) {
  return "[[" + ll(x, y) + "," + ll(x + s, y) + "," + ll(x + s, y + s) + "," + ll(x, y + s) + "," + ll(x, y) + "]]";
}
}  // namespace

TEST_CASE("import GeoJSON buildings, roads and sites", "[world][import]") {
  const fs::path dir = fs::temp_directory_path() / "dpt_test_world_import";
  fs::remove_all(dir);
  fs::create_directories(dir);
  write(dir / "buildings.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"building":"apartments","height":"12 m","name":"A"},
     "geometry":{"type":"Polygon","coordinates":)" + square(0, 0, 0.0002) + R"(}},
    {"type":"Feature","properties":{"building":"yes","building:levels":"4"},
     "geometry":{"type":"Polygon","coordinates":)" + square(0.001, 0.001, 0.0001) + R"(}},
    {"type":"Feature","properties":{"building":"yes"},"geometry":{"type":"Point","coordinates":)" + ll(0, 0) + R"(}}]})");
  write(dir / "roads.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"highway":"primary","name":"Main","maxspeed":"50","lanes":"4"},
     "geometry":{"type":"LineString","coordinates":[)" + ll(-0.002, 0) + "," + ll(0, 0) + "," + ll(0.002, 0) + R"(]}},
    {"type":"Feature","properties":{"highway":"residential","oneway":"yes"},
     "geometry":{"type":"LineString","coordinates":[)" + ll(0, -0.002) + "," + ll(0, 0) + R"(]}},
    {"type":"Feature","properties":{"waterway":"stream"},
     "geometry":{"type":"LineString","coordinates":[)" + ll(0, 0.001) + "," + ll(0.001, 0.002) + R"(]}}]})");
  write(dir / "sites.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id":"depot","kind":"hazmat","substance":"LPG","inventory_t":"500"},
     "geometry":{"type":"Point","coordinates":)" + ll(0.001, -0.001) + R"(}},
    {"type":"Feature","properties":{"kind":"volcano"},"geometry":{"type":"Point","coordinates":)" + ll(0, 0) + R"(}}]})");

  ImportRequest req;
  req.crs = "EPSG:4547";
  req.buildings = dir / "buildings.geojson";
  req.roads = dir / "roads.geojson";
  req.sites = dir / "sites.geojson";
  dpt::ErrorList warnings;
  const dpt::Result<District> r = import_district(req, &warnings);
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  const District& d = *r;
  // Origin: centre of the extent (x from -0.002 to 0.002, y from -0.002 to 0.0012 degrees).
  CHECK(d.origin.lon == Approx(114.5).margin(1e-6));
  CHECK(d.origin.lat == Approx(22.6 - 0.0004).margin(2e-6));

  REQUIRE(d.buildings.size() == 2);
  CHECK(d.buildings[0].height == 12.0f);
  CHECK(d.buildings[0].use == BuildingUse::residential);
  CHECK(d.buildings[0].name == "A");
  CHECK(d.buildings[1].height == 12.0f);  // 4 levels × 3 m
  CHECK(d.buildings[0].base_z == 0.0f);   // no DEM
  // 0.0002° square at 22.6 N: about 20.5 m east-west × 22.1 m north-south.
  CHECK(dpt::geo::area(d.buildings[0].footprint) == Approx(20.54 * 22.12).epsilon(0.01));
  const LayerInfo* bl = d.layer("buildings");
  REQUIRE(bl != nullptr);
  CHECK(bl->features == 2);
  CHECK(bl->skipped == 1);
  CHECK(bl->skipped_reasons.at("not a polygon") == 1);

  // Roads: primary cut at the shared vertex (2 pieces × 2 directions) + oneway residential.
  CHECK(d.roads.nodes().size() == 4);
  CHECK(d.roads.links().size() == 5);
  const LayerInfo* rl = d.layer("roads");
  REQUIRE(rl != nullptr);
  CHECK(rl->features == 5);
  CHECK(rl->skipped_reasons.at("not a road (no highway tag)") == 1);
  for (const RoadLink& l : d.roads.links()) {
    if (l.cls == RoadClass::primary) {
      CHECK(l.lanes == 2);  // 4 lanes both ways
      CHECK(l.speed_mps == Approx(50.0 / 3.6));
      CHECK(l.name == "Main");
      CHECK(l.length_m == Approx(205.5).epsilon(0.01));
    } else {
      CHECK(l.cls == RoadClass::residential);
      CHECK(l.speed_mps == Approx(30.0 / 3.6));
    }
  }

  REQUIRE(d.sites.size() == 1);
  CHECK(d.sites[0].id == "depot");
  CHECK(d.sites[0].inventory_t == 500.0);
  CHECK(d.layer("sites")->skipped == 1);
  // Every skipped feature is also a warning naming the file.
  CHECK(warnings.size() == 3);
  CHECK(warnings.to_string().find("roads.geojson") != std::string::npos);
}

TEST_CASE("import: unreadable files and empty requests are errors", "[world][import]") {
  ImportRequest req;
  req.crs = "EPSG:4547";
  CHECK_FALSE(import_district(req).ok());
  req.buildings = fs::temp_directory_path() / "dpt_no_such_file.geojson";
  const auto r = import_district(req);
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors().to_string().find("dpt_no_such_file") != std::string::npos);
}
