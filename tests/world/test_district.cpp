// District lookups: the building under a point, and surface height (roof over ground).
#include <catch2/catch.hpp>

#include "dpt/world/district.h"

using namespace dpt::world;

TEST_CASE("district: building_at and surface_z", "[world][district]") {
  District d;
  auto& g = d.terrain.grid;
  g.nx = 3;
  g.ny = 3;
  g.x0 = 0;
  g.y0 = 100;
  g.dx = g.dy = 50;
  g.z = {10, 10, 10, 10, 10, 10, 10, 10, 10};
  Building a;
  a.footprint = {{{10, 10}, {30, 10}, {30, 30}, {10, 30}}, {{{15, 15}, {15, 25}, {25, 25}, {25, 15}}}};
  a.base_z = 10;
  a.height = 20;
  Building low;  // roof below the ground around it (a sunken footprint): ground wins
  low.footprint = {{{60, 60}, {70, 60}, {70, 70}, {60, 70}}, {}};
  low.base_z = 2;
  low.height = 3;
  d.buildings = {a, low};
  Camera c;
  c.pose.x = 50;
  c.pose.y = 50;
  d.cameras = {c};
  d.index();
  CHECK(d.building_index.size() == 2);
  CHECK(d.camera_index.size() == 1);

  CHECK(d.building_at({12, 12}) == 0);
  CHECK(d.building_at({20, 20}) == -1);  // courtyard
  CHECK(d.building_at({65, 65}) == 1);
  CHECK(d.building_at({40, 40}) == -1);
  std::int64_t b = 7;
  CHECK(d.surface_z({12, 12}, &b) == Approx(30.0));
  CHECK(b == 0);
  CHECK(d.surface_z({20, 20}, &b) == Approx(10.0));
  CHECK(b == -1);
  CHECK(d.surface_z({65, 65}) == Approx(10.0));
  CHECK(d.ground_z({12, 12}) == Approx(10.0));
}

TEST_CASE("district: layer and site lookup", "[world][district]") {
  District d;
  d.layers.push_back(LayerInfo{.name = "roads", .file = "district.gpkg", .status = "synthetic", .source = "",
                               .licence = "", .note = "", .features = 3, .skipped = 0, .repaired = 0,
                               .skipped_reasons = {}});
  Site s;
  s.id = "huaan-lpg";
  s.kind = SiteKind::hazmat;
  d.sites.push_back(s);
  REQUIRE(d.layer("roads") != nullptr);
  CHECK(d.layer("roads")->features == 3);
  CHECK(d.layer("sites") == nullptr);
  REQUIRE(d.site("huaan-lpg") != nullptr);
  CHECK(d.site("huaan-lpg")->kind == SiteKind::hazmat);
  CHECK(d.site("nope") == nullptr);
}
