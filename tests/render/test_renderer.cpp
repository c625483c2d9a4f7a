// The renderer on lavapipe with the Khronos validation layer: a synthetic district whose picture is
// known (flat ground, one tall box, sea on one side) checked pixel by pixel against projections of
// the geometry, then golden images of the default district compared with a tolerance. Any
// validation error fails the test.
//
// Golden images live in tests/render/golden/. When a change to the renderer changes them on
// purpose, rerun with DPT_UPDATE_GOLDEN=1 and look at the new files before committing them; a
// failing comparison writes <name>.actual.png and <name>.diff.png into the test's working folder.
#include <catch2/catch.hpp>
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "dpt/render/camera.h"
#include "dpt/render/image.h"
#include "dpt/render/renderer.h"
#include "dpt/render/views.h"
#include "dpt/world/district_io.h"
#include "render_test_util.h"

using namespace dpt::render;
using namespace render_test;

namespace {

// Flat ground at 10 m over x, y in [-500, 500] with sea (ground at -20 m) west of x = -200, and a
// 60 m tall box building over x in [0, 40], y in [100, 140].
dpt::world::District synthetic_district() {
  dpt::world::District d;
  auto& g = d.terrain.grid;
  g.nx = g.ny = 101;
  g.x0 = -500.0;
  g.y0 = 500.0;
  g.dx = g.dy = 10.0;
  g.z.resize(101 * 101);
  for (int j = 0; j < 101; ++j)
    for (int i = 0; i < 101; ++i) g.z[static_cast<std::size_t>(j) * 101 + i] = g.x0 + i * g.dx < -200.0 ? -20.0f : 10.0f;
  dpt::world::Building b;
  b.footprint.outer = {{0.0, 100.0}, {40.0, 100.0}, {40.0, 140.0}, {0.0, 140.0}};
  b.base_z = 10.0f;
  b.height = 60.0f;
  d.buildings.push_back(b);
  return d;
}

}  // namespace

TEST_CASE("A synthetic district: sky, ground, sea and the building where the camera puts them", "[render][gpu]") {
  auto r = make_renderer(1);
  const auto d = synthetic_district();
  REQUIRE(r->set_district(d));
  FrameRequest req;
  req.width = 320;
  req.height = 240;
  // From the south-east, looking north-north-west and down at the building, with the sea beyond.
  req.camera = orbit({20.0, 120.0, 40.0}, 400.0, -30.0, -25.0, 50.0);
  const auto inside = [&](const std::optional<glm::dvec2>& px) {
    return px && px->x >= 0 && px->y >= 0 && px->x < req.width && px->y < req.height;
  };
  FrameStats st;
  auto img = r->render(req, &st);
  REQUIRE(img);
  (void)write_png("synthetic.png", *img);  // left in the test's folder, to look at
  REQUIRE(img->width == 320);
  REQUIRE(img->height == 240);
  CHECK(st.triangles > 0);
  CHECK(st.building_tiles == 1);

  // The middle of the building's south and east walls and of its roof: building grey.
  for (const glm::dvec3 p : {glm::dvec3{20.0, 100.0, 40.0}, glm::dvec3{40.0, 120.0, 40.0}, glm::dvec3{20.0, 120.0, 70.0}}) {
    const auto px = project_to_pixel(req.camera, p, req.width, req.height);
    REQUIRE(inside(px));
    INFO("building point (" << p.x << ", " << p.y << ", " << p.z << ") at pixel (" << px->x << ", " << px->y << ")");
    CHECK(greyish(at(*img, *px)));
  }
  // Ground south of the building: green. Sea west of x = -200: blue.
  const auto ground = project_to_pixel(req.camera, {20.0, 30.0, 10.0}, req.width, req.height);
  REQUIRE(inside(ground));
  CHECK(greenish(at(*img, *ground)));
  const auto sea = project_to_pixel(req.camera, {-250.0, 150.0, 0.0}, req.width, req.height);
  REQUIRE(inside(sea));
  INFO("sea pixel (" << sea->x << ", " << sea->y << "): " << int(at(*img, *sea)[0]) << " " << int(at(*img, *sea)[1]) << " "
                     << int(at(*img, *sea)[2]));
  CHECK(bluish(at(*img, *sea)));
  // The top row is sky (pale blue).
  CHECK(bluish(img->pixel(req.width / 2, 0)));

  // Raising the water level floods the ground (10 m) but not the building's roof.
  req.water_level_m = 15.0;
  auto flooded = r->render(req, &st);
  REQUIRE(flooded);
  CHECK(bluish(at(*flooded, *ground)));
  const auto roof = project_to_pixel(req.camera, {20.0, 120.0, 70.0}, req.width, req.height);
  CHECK(greyish(at(*flooded, *roof)));

  const auto m = r->messages();
  INFO("validation messages: " << (m.messages.empty() ? std::string("none") : m.messages.front()));
  CHECK(m.errors == 0);
}

TEST_CASE("Golden images of the default district on lavapipe", "[render][gpu][golden]") {
  const std::filesystem::path dir = std::filesystem::path(DPT_SOURCE_DIR) / "assets/dapeng";
  auto d = dpt::world::load_district(dir);
  REQUIRE(d);
  auto views = load_district_views(*d, dir);
  REQUIRE(views);
  auto r = make_renderer(4);
  REQUIRE(r->set_district(*d));
  r->set_place_labels(place_labels(*views));
  const auto render_view = [&](const std::string& view, auto&& configure) {
    const NamedView* v = find_view(*views, view);
    REQUIRE(v);
    FrameRequest req;
    req.camera = to_camera(*v);
    req.width = 480;
    req.height = 270;
    configure(req);
    FrameStats st;
    auto img = r->render(req, &st);
    REQUIRE(img);
    return std::make_pair(std::move(*img), st);
  };
  SECTION("terrain and sea alone: the overview") {
    auto [img, st] = render_view("overview", [](FrameRequest& q) {
      q.buildings = q.roads = q.labels = false;
    });
    CHECK(st.terrain_chunks > 100);
    compare_with_golden(img, "overview_terrain");
  }
  SECTION("buildings and roads: Kuichong") {
    auto [img, st] = render_view("kuichong", [](FrameRequest& q) { q.labels = false; });
    CHECK(st.building_tiles > 0);
    CHECK(st.road_tiles > 0);
    compare_with_golden(img, "kuichong_buildings");
  }
  SECTION("labels over the overview") {
    auto [img, st] = render_view("overview", [](FrameRequest&) {});
    CHECK(st.labels >= 3);  // 480 × 270 has room for a few: the rest are decluttered
    compare_with_golden(img, "overview_labels");
  }
  SECTION("a storm surge of 4 m") {
    auto [img, st] = render_view("xichong-beach", [](FrameRequest& q) {
      q.labels = false;
      q.water_level_m = 4.0;
    });
    compare_with_golden(img, "xichong_surge_4m");
  }
  const auto m = r->messages();
  INFO("validation messages: " << (m.messages.empty() ? std::string("none") : m.messages.front()));
  CHECK(m.errors == 0);
}
