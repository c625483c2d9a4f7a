// Instanced agents on lavapipe with the Khronos validation layer, over a flat synthetic district
// (ground at 10 m over x, y in [-500, 500]): a car seen from straight above lies where the camera
// projects it and is as long and as wide as its instance says; highlighted agents are yellow, a
// hazmat truck orange-red; moved agents are redrawn where they moved; a million instances are
// drawn in one frame; and a golden image of every kind. Any validation error fails the test.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "dpt/render/camera.h"
#include "render_test_util.h"

using namespace dpt::render;
using namespace render_test;

namespace {

constexpr double kGroundZ = 10.0;

dpt::world::District flat_district() {
  dpt::world::District d;
  auto& g = d.terrain.grid;
  g.nx = g.ny = 101;
  g.x0 = -500.0;
  g.y0 = 500.0;
  g.dx = g.dy = 10.0;
  g.z.assign(101 * 101, static_cast<float>(kGroundZ));
  return d;
}

AgentInstance agent(AgentKind kind, double x, double y, double heading_deg, float length, float width, float height) {
  AgentInstance a;
  a.x = static_cast<float>(x);
  a.y = static_cast<float>(y);
  a.z = static_cast<float>(kGroundZ);
  a.heading_rad = static_cast<float>(heading_deg * M_PI / 180.0);
  a.length_m = length;
  a.width_m = width;
  a.height_m = height;
  a.kind = kind;
  return a;
}

bool car_blue(const std::uint8_t* p) { return p[2] > p[0] + 60 && p[2] > p[1] + 40; }
bool yellow(const std::uint8_t* p) { return p[0] > 180 && p[1] > 150 && p[2] < 90; }
bool orange_red(const std::uint8_t* p) { return p[0] > 180 && p[1] < 150 && p[1] > 30 && p[2] < 90; }

// Length of the run of pixels satisfying `pred` through `from`, stepping (dx, dy).
template <class Pred>
int run_length(const Image& img, glm::ivec2 from, glm::ivec2 step, Pred pred) {
  int n = 0;
  for (int sgn : {1, -1}) {
    for (glm::ivec2 p = sgn > 0 ? from : from - step; p.x >= 0 && p.y >= 0 && p.x < img.width && p.y < img.height;
         p += sgn * step) {
      if (!pred(img.pixel(p.x, p.y))) break;
      ++n;
    }
  }
  return n;
}

FrameRequest top_down(double height_above_ground, int w, int h) {
  FrameRequest req;
  req.width = w;
  req.height = h;
  req.camera = orbit({0.0, 0.0, kGroundZ}, height_above_ground, 0.0, -90.0, 45.0);
  req.labels = false;
  return req;
}

}  // namespace

TEST_CASE("A car seen from above: where the camera projects it, long east-west at heading 90", "[render][gpu][agents]") {
  auto r = make_renderer(1);
  REQUIRE(r->set_district(flat_district()));
  FrameRequest req = top_down(60.0, 320, 240);
  // 4.5 m × 1.8 m × 1.5 m, heading east; the district origin is off the agents' origin on purpose.
  req.agents_origin = {100.0, -50.0, 0.0};
  const std::vector<AgentInstance> agents{agent(AgentKind::car, -100.0, 50.0, 90.0, 4.5f, 1.8f, 1.5f)};
  req.agents = agents;
  FrameStats st;
  auto img = r->render(req, &st);
  REQUIRE(img);
  (void)write_png("agents_car.png", *img);
  CHECK(st.instances == 1);
  CHECK(st.triangles > 0);

  // The roof's middle (district (0, 0), 1.5 m up) is car blue; the ground 6 m north of it is green.
  const auto centre = project_to_pixel(req.camera, {0.0, 0.0, kGroundZ + 1.5}, req.width, req.height);
  REQUIRE(centre);
  CHECK(std::abs(centre->x - 160.0) < 1.0);
  CHECK(std::abs(centre->y - 120.0) < 1.0);
  INFO("centre pixel " << int(at(*img, *centre)[0]) << " " << int(at(*img, *centre)[1]) << " " << int(at(*img, *centre)[2]));
  CHECK(car_blue(at(*img, *centre)));
  const auto north = project_to_pixel(req.camera, {0.0, 6.0, kGroundZ}, req.width, req.height);
  REQUIRE(north);
  CHECK(greenish(at(*img, *north)));

  // On screen: as long (east-west) and as wide (north-south) as the instance, within 2 pixels of
  // the projection of its ends at mid-height (the roof is a little nearer, the sides farther).
  const auto px = [&](double x, double y) { return *project_to_pixel(req.camera, {x, y, kGroundZ + 0.75}, req.width, req.height); };
  const double expect_len = px(2.25, 0.0).x - px(-2.25, 0.0).x;
  const double expect_wid = px(0.0, -0.9).y - px(0.0, 0.9).y;  // v grows southwards
  const glm::ivec2 c{static_cast<int>(centre->x), static_cast<int>(centre->y)};
  const int len = run_length(*img, c, {1, 0}, car_blue);
  const int wid = run_length(*img, c, {0, 1}, car_blue);
  INFO("on screen " << len << " x " << wid << " px; expected " << expect_len << " x " << expect_wid);
  CHECK(std::abs(len - expect_len) <= 2.0);
  CHECK(std::abs(wid - expect_wid) <= 2.0);
  CHECK(len > 2 * wid);

  SECTION("moved agents are drawn where they moved") {
    std::vector<AgentInstance> moved = agents;
    moved[0].y += 8.0f;  // 8 m north
    req.agents = moved;
    auto img2 = r->render(req, &st);
    REQUIRE(img2);
    CHECK(greenish(at(*img2, *centre)));
    CHECK(car_blue(at(*img2, px(0.0, 8.0))));
  }
  check_no_validation_errors(*r);
}

TEST_CASE("A highlighted agent is yellow; a hazmat truck orange-red", "[render][gpu][agents]") {
  auto r = make_renderer(1);
  REQUIRE(r->set_district(flat_district()));
  FrameRequest req = top_down(80.0, 320, 240);
  std::vector<AgentInstance> agents{agent(AgentKind::car, -10.0, 0.0, 0.0, 4.5f, 1.8f, 1.5f),
                                    agent(AgentKind::hazmat_truck, 10.0, 0.0, 0.0, 10.0f, 2.5f, 3.5f)};
  agents[0].flags = 1;
  req.agents = agents;
  FrameStats st;
  auto img = r->render(req, &st);
  REQUIRE(img);
  CHECK(st.instances == 2);
  const auto roof = [&](double x) { return *project_to_pixel(req.camera, {x, -2.0, kGroundZ + 3.5}, req.width, req.height); };
  const std::uint8_t* car = at(*img, roof(-10.0));
  const std::uint8_t* truck = at(*img, roof(10.0));
  INFO("highlighted car " << int(car[0]) << " " << int(car[1]) << " " << int(car[2]) << "; hazmat truck " << int(truck[0])
                          << " " << int(truck[1]) << " " << int(truck[2]));
  CHECK(yellow(car));
  CHECK(orange_red(truck));
  check_no_validation_errors(*r);
}

TEST_CASE("A million agents in one frame", "[render][gpu][agents]") {
  auto r = make_renderer(1);
  REQUIRE(r->set_district(flat_district()));
  FrameRequest req;
  req.width = 160;
  req.height = 90;
  req.camera = orbit({0.0, 0.0, kGroundZ}, 900.0, 30.0, -50.0, 50.0);
  req.labels = false;
  constexpr int kSide = 1000;  // 1000 × 1000 cars, 0.9 m apart, turned every which way
  std::vector<AgentInstance> agents;
  agents.reserve(kSide * kSide);
  for (int j = 0; j < kSide; ++j)
    for (int i = 0; i < kSide; ++i)
      agents.push_back(agent(AgentKind::car, (i - kSide / 2) * 0.9, (j - kSide / 2) * 0.9, (i * 37 + j * 11) % 360, 0.8f, 0.4f, 0.5f));
  req.agents = agents;
  req.terrain = req.sea = req.buildings = req.roads = false;
  FrameStats st;
  auto img = r->render(req, &st);
  REQUIRE(img);
  CHECK(st.instances == 1'000'000);
  // A car's mesh: a 5-sided profile extruded across, both sides fanned (3 + 3 triangles) and its
  // four upper edges as quads (8); the underside is left out: 14 triangles.
  CHECK(st.triangles == 14'000'000);
  // The middle of the picture looks at the crowd of cars.
  CHECK(car_blue(img->pixel(80, 45)));
  INFO("1e6 agents: frame " << st.cpu_ms << " ms");
  check_no_validation_errors(*r);
}

TEST_CASE("Golden image: a few hundred agents of every kind", "[render][gpu][golden][agents]") {
  auto r = make_renderer(4);
  REQUIRE(r->set_district(flat_district()));
  FrameRequest req;
  req.width = 480;
  req.height = 270;
  req.camera = orbit({0.0, 0.0, kGroundZ}, 120.0, 20.0, -40.0, 45.0);
  req.labels = false;
  // 300 agents on a 20 × 15 grid 7 m apart, one kind per row, turned every which way, every
  // seventh highlighted; kinds interleave in the array (the pass groups them).
  struct Size {
    float length, width, height;
  };
  constexpr Size kSizes[] = {{4.5f, 1.8f, 1.5f}, {10.0f, 2.5f, 3.2f}, {7.0f, 2.4f, 3.2f},
                             {7.5f, 2.5f, 3.3f}, {0.6f, 0.6f, 1.7f}, {3.0f, 2.0f, 1.0f}};
  std::vector<AgentInstance> agents;
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 15; ++j) {
      const Size s = kSizes[j % 6];
      AgentInstance a = agent(static_cast<AgentKind>(j % 6), -66.5 + i * 7.0, -49.0 + j * 7.0, (i * 29 + j * 53) % 360,
                              s.length, s.width, s.height);
      a.flags = ((i + j) % 7 == 3) ? 1 : 0;
      agents.push_back(a);
    }
  req.agents = agents;
  FrameStats st;
  auto img = r->render(req, &st);
  REQUIRE(img);
  CHECK(st.instances == 300);
  (void)write_png("agents_kinds.png", *img);
  compare_with_golden(*img, "agents_kinds");
  check_no_validation_errors(*r);
}
