// The district directory: write → load gives back the same district; manifest problems are
// reported with the file, line and layer.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dpt/world/district_io.h"

using namespace dpt::world;
using dpt::Result;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("dpt_test_world_" + name);
  fs::remove_all(p);
  return p;
}

District sample_district() {
  District d;
  d.name = "test \"district\"";
  d.description = "two lines\nof text";
  d.crs = "EPSG:4547";
  d.origin = {114.5, 22.6};
  auto& g = d.terrain.grid;
  g.nx = 20;
  g.ny = 15;
  g.x0 = -475.0;
  g.y0 = 350.0;
  g.dx = g.dy = 50.0;
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) g.z.push_back(static_cast<float>(0.25 * i - 0.5 * j + 3.0));
  d.terrain.filled_holes = 4;
  d.land.push_back({{{-400, -300}, {400, -300}, {400, 300}, {-400, 300}}, {}});
  Building b1;
  b1.id = 101;
  b1.footprint = {{{10.125, 20.5}, {40.25, 20.5}, {40.25, 50.75}, {10.125, 50.75}},
                  {{{20, 30}, {20, 40}, {30, 40}, {30, 30}}}};
  b1.base_z = 3.5f;
  b1.height = 24.0f;
  b1.use = BuildingUse::residential;
  b1.name = "Block A";
  Building b2;
  b2.id = 102;
  b2.footprint = {{{-100, -100}, {-80, -100}, {-80, -90}, {-100, -90}}, {}};
  b2.height = 9.0f;
  b2.use = BuildingUse::hazmat;
  b2.site_id = "huaan-lpg";
  d.buildings = {b1, b2};
  std::vector<RoadInput> roads(3);
  roads[0].line = {{-200, 0}, {0, 0}, {200, 0}};
  roads[0].cls = RoadClass::primary;
  roads[0].source_id = 1;
  roads[0].name = "Kuichong Rd";
  roads[1].line = {{0, -200}, {0, 0}, {0, 100}, {30, 200}};
  roads[1].cls = RoadClass::residential;
  roads[1].source_id = 2;
  roads[2].line = {{200, 0}, {250, 50}};
  roads[2].oneway = 1;
  roads[2].speed_kmh = 25;
  roads[2].source_id = 3;
  d.roads = RoadNetwork::build(roads);
  Site s;
  s.id = "huaan-lpg";
  s.name = "Huaan LPG depot";
  s.kind = SiteKind::hazmat;
  s.pos = {-90, -95};
  s.area = {{{-110, -110}, {-70, -110}, {-70, -80}, {-110, -80}}, {}};
  s.substance = "LPG";
  s.inventory_t = 1234.5;
  s.note = "approximate";
  Site beach;
  beach.id = "xichong";
  beach.kind = SiteKind::beach;
  beach.pos = {150, -150};
  beach.capacity = 20000;
  d.sites = {s, beach};
  Camera c;
  c.id = 1;
  c.name = "cam-1";
  c.pose = {5, 6, 17.5, 135, -20, 1.5};
  c.k = {1280, 720, 900, 905, 640.5, 360.5};
  c.placement = CameraPlacement::beach;
  c.site_id = "xichong";
  d.cameras = {c};
  Sensor w;
  w.id = 3;
  w.name = "wind-1";
  w.kind = SensorKind::weather;
  w.x = -20;
  w.y = 30;
  w.z = 12;
  w.observed_property = "wind_speed";
  w.unit = "m/s";
  d.sensors = {w};
  LayerInfo bl;
  bl.name = "buildings";
  bl.status = "synthetic";
  bl.source = "generator";
  bl.licence = "CC0";
  bl.note = "test";
  bl.skipped = 2;
  bl.skipped_reasons = {{"no geometry", 1}, {"ring with fewer than 3 distinct vertices", 1}};
  d.layers = {bl};
  return d;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("district write → load round trip", "[world][district_io]") {
  const District d = sample_district();
  const fs::path dir = temp_dir("roundtrip");
  const auto w = write_district(d, dir);
  INFO((w.ok() ? std::string() : w.errors().to_string()));
  REQUIRE(w.ok());
  CHECK(fs::exists(dir / "district.toml"));
  CHECK(fs::exists(dir / "terrain.tif"));
  CHECK(fs::exists(dir / "district.gpkg"));

  const Result<District> r = load_district(dir);
  INFO((r.ok() ? std::string() : r.errors().to_string()));
  REQUIRE(r.ok());
  const District& e = *r;
  CHECK(e.name == d.name);
  CHECK(e.description == d.description);
  CHECK(e.crs == d.crs);
  CHECK(e.origin.lon == d.origin.lon);
  CHECK(e.origin.lat == d.origin.lat);

  // Terrain exactly (same CRS: no resampling).
  REQUIRE(e.terrain.grid.nx == 20);
  REQUIRE(e.terrain.grid.ny == 15);
  CHECK(e.terrain.grid.x0 == Approx(-475.0).margin(1e-6));
  CHECK(e.terrain.grid.y0 == Approx(350.0).margin(1e-6));
  CHECK(e.terrain.grid.z == d.terrain.grid.z);
  CHECK(e.terrain.filled_holes == 4);

  CHECK(e.land.size() == 1);
  REQUIRE(e.buildings.size() == 2);
  const Building& b = e.buildings[0];
  CHECK(b.id == 101);
  CHECK(b.height == 24.0f);
  CHECK(b.base_z == 3.5f);
  CHECK(b.use == BuildingUse::residential);
  CHECK(b.name == "Block A");
  REQUIRE(b.footprint.holes.size() == 1);
  CHECK(dpt::geo::area(b.footprint) == Approx(dpt::geo::area(d.buildings[0].footprint)).epsilon(1e-9));
  // Every vertex of the written footprint is within 1 mm of a vertex read back.
  for (const auto& p : d.buildings[0].footprint.outer) {
    double best = 1e9;
    for (const auto& q : b.footprint.outer) best = std::min(best, std::hypot(p.x - q.x, p.y - q.y));
    CHECK(best < 1e-3);
  }
  CHECK(e.buildings[1].site_id == "huaan-lpg");
  CHECK(e.buildings[1].use == BuildingUse::hazmat);

  // The road graph is identical: same nodes, same links in the same order.
  REQUIRE(e.roads.nodes().size() == d.roads.nodes().size());
  REQUIRE(e.roads.links().size() == d.roads.links().size());
  for (std::size_t k = 0; k < d.roads.nodes().size(); ++k) {
    CHECK(e.roads.nodes()[k].pos.x == Approx(d.roads.nodes()[k].pos.x).margin(1e-6));
    CHECK(e.roads.nodes()[k].pos.y == Approx(d.roads.nodes()[k].pos.y).margin(1e-6));
  }
  for (std::size_t k = 0; k < d.roads.links().size(); ++k) {
    const RoadLink& x = d.roads.links()[k];
    const RoadLink& y = e.roads.links()[k];
    CHECK(y.from == x.from);
    CHECK(y.to == x.to);
    CHECK(y.lanes == x.lanes);
    CHECK(y.speed_mps == Approx(x.speed_mps).epsilon(1e-12));
    CHECK(y.length_m == Approx(x.length_m).margin(1e-6));
    CHECK(y.cls == x.cls);
    CHECK(y.source_id == x.source_id);
    CHECK(y.name == x.name);
    CHECK(y.geometry.size() == x.geometry.size());
  }
  const Connectivity c0 = d.roads.connectivity(), c1 = e.roads.connectivity();
  CHECK(c1.components == c0.components);
  CHECK(c1.weak_components == c0.weak_components);

  REQUIRE(e.sites.size() == 2);
  CHECK(e.sites[0].id == "huaan-lpg");
  CHECK(e.sites[0].kind == SiteKind::hazmat);
  CHECK(e.sites[0].substance == "LPG");
  CHECK(e.sites[0].inventory_t == 1234.5);
  CHECK(dpt::geo::area(e.sites[0].area) == Approx(1200.0));
  CHECK(e.sites[1].capacity == 20000);
  CHECK(e.sites[1].area.outer.empty());
  REQUIRE(e.cameras.size() == 1);
  const Camera& cam = e.cameras[0];
  CHECK(cam.pose.x == Approx(5.0).margin(1e-6));
  CHECK(cam.pose.z == 17.5);
  CHECK(cam.pose.yaw_deg == 135.0);
  CHECK(cam.pose.pitch_deg == -20.0);
  CHECK(cam.pose.roll_deg == 1.5);
  CHECK(cam.k.width == 1280);
  CHECK(cam.k.fy == 905.0);
  CHECK(cam.k.cx == 640.5);
  CHECK(cam.placement == CameraPlacement::beach);
  CHECK(cam.site_id == "xichong");
  REQUIRE(e.sensors.size() == 1);
  CHECK(e.sensors[0].kind == SensorKind::weather);
  CHECK(e.sensors[0].z == 12.0);
  CHECK(e.sensors[0].unit == "m/s");

  const LayerInfo* bl = e.layer("buildings");
  REQUIRE(bl != nullptr);
  CHECK(bl->features == 2);
  CHECK(bl->status == "synthetic");
  CHECK(bl->skipped_reasons.at("no geometry") == 1);
  REQUIRE(e.layer("roads") != nullptr);
  CHECK(e.layer("roads")->features == static_cast<std::int64_t>(d.roads.links().size()));
  // Indexed on load.
  CHECK(e.building_at({12, 22}) == 0);
  CHECK(e.surface_z({12, 22}) == Approx(27.5));
}

TEST_CASE("district load: count mismatch names the layer and line", "[world][district_io]") {
  const fs::path dir = temp_dir("mismatch");
  REQUIRE(write_district(sample_district(), dir).ok());
  std::string text = read_text(dir / "district.toml");
  const auto pos = text.find("name = \"cameras\"");
  REQUIRE(pos != std::string::npos);
  const auto f = text.find("features = 1", pos);
  text.replace(f, 12, "features = 5");
  std::ofstream(dir / "district.toml") << text;
  const Result<District> r = load_district(dir);
  REQUIRE_FALSE(r.ok());
  const std::string msg = r.errors().to_string();
  INFO(msg);
  CHECK(msg.find("cameras") != std::string::npos);
  CHECK(msg.find("district.toml:") != std::string::npos);
  CHECK(msg.find("5") != std::string::npos);
}

TEST_CASE("district load: missing manifest, bad keys and missing files are errors", "[world][district_io]") {
  const fs::path dir = temp_dir("bad");
  const Result<District> none = load_district(dir);
  REQUIRE_FALSE(none.ok());
  CHECK(none.errors().to_string().find("district.toml") != std::string::npos);

  REQUIRE(write_district(sample_district(), dir).ok());
  std::string text = read_text(dir / "district.toml");
  text.replace(text.find("format = 1"), 10, "format = 1\nfromat = 2");
  std::ofstream(dir / "district.toml") << text;
  const Result<District> typo = load_district(dir);
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.errors().to_string().find("district.toml:") != std::string::npos);
  CHECK(typo.errors().to_string().find("fromat") != std::string::npos);

  REQUIRE(write_district(sample_district(), dir).ok());
  fs::remove(dir / "district.gpkg");
  const Result<District> nogpkg = load_district(dir);
  REQUIRE_FALSE(nogpkg.ok());
  CHECK(nogpkg.errors().to_string().find("district.gpkg") != std::string::npos);
  // Terrain only still loads.
  const Result<District> terrain_only = load_district(dir, LoadOptions{.terrain = true, .vectors = false});
  INFO((terrain_only.ok() ? std::string() : terrain_only.errors().to_string()));
  CHECK(terrain_only.ok());
}

// Load time of a district of the default district's size. Hidden: run with
//   test_world "[.perf]"
TEST_CASE("district load time at full size", "[.perf][world][district_io]") {
  District d = sample_district();
  auto& g = d.terrain.grid;
  g.nx = 1300;
  g.ny = 1100;
  g.dx = g.dy = 25.0;
  g.x0 = -16000;
  g.y0 = 14000;
  g.z.assign(static_cast<std::size_t>(g.nx) * g.ny, 0.0f);
  for (std::size_t k = 0; k < g.z.size(); ++k) g.z[k] = static_cast<float>(std::sin(0.001 * static_cast<double>(k)) * 300.0);
  d.buildings.clear();
  for (int k = 0; k < 20000; ++k) {
    Building b;
    b.id = k;
    const double x = -15000 + (k % 200) * 150.0, y = -12000 + (k / 200) * 150.0;
    b.footprint = {{{x, y}, {x + 20, y}, {x + 20, y + 12}, {x + 10, y + 15}, {x, y + 12}}, {}};
    b.height = 12.0f;
    d.buildings.push_back(std::move(b));
  }
  std::vector<RoadInput> roads;
  for (int j = 0; j < 100; ++j)
    for (int i = 0; i < 75; ++i) {
      RoadInput r;
      const double x = -15000 + i * 300.0, y = -12000 + j * 250.0;
      r.line = {{x, y}, {x + 150, y + 5}, {x + 300, y}};
      r.source_id = j * 100 + i;
      roads.push_back(r);
      RoadInput v;
      v.line = {{x, y}, {x, y + 250}};
      roads.push_back(v);
    }
  d.roads = RoadNetwork::build(roads);
  d.cameras.clear();
  for (int k = 0; k < 7000; ++k) {
    Camera c;
    c.id = k + 1;
    c.pose.x = -15000 + (k % 100) * 300.0;
    c.pose.y = -12000 + (k / 100) * 300.0;
    d.cameras.push_back(c);
  }
  const fs::path dir = temp_dir("perf");
  REQUIRE(write_district(d, dir).ok());
  const auto t0 = std::chrono::steady_clock::now();
  const Result<District> r = load_district(dir);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(r.ok());
  WARN("load_district: " << r->buildings.size() << " buildings, " << r->cameras.size() << " cameras, "
                         << r->roads.links().size() << " links, " << g.nx << "x" << g.ny << " terrain in " << s << " s");
  CHECK(r->roads.links().size() >= 30000);
  CHECK(s < 3.0);
}
