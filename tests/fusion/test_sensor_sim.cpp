// The sensor simulator: movers follow their polylines (hand-worked positions), a visible mover's
// box sits where project_to_image puts it, a building hides it, detection and false-alarm rates
// match their parameters over many frames, and the same seed gives the same frames.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "dpt/fusion/sensor_sim.h"

namespace {

using dpt::fusion::Mover;
using dpt::fusion::MoverState;
using dpt::fusion::ObjectClass;
using dpt::fusion::SensorSim;
using dpt::fusion::SensorSimParams;
using dpt::fusion::SimFrame;
using dpt::physics::CollisionWorld;

// Flat ground at z = 2 over [-200, 200]^2; optionally a building x in [-10, 10], y in [20, 30], 25 m tall.
dpt::world::District district(bool with_building) {
  dpt::world::District d;
  auto& g = d.terrain.grid;
  g.nx = 401;
  g.ny = 401;
  g.x0 = -200.0;
  g.y0 = 200.0;
  g.dx = 1.0;
  g.dy = 1.0;
  g.z.assign(static_cast<std::size_t>(g.nx) * g.ny, 2.0f);
  if (with_building) {
    dpt::world::Building b;
    b.footprint.outer = {{-10.0, 20.0}, {10.0, 20.0}, {10.0, 30.0}, {-10.0, 30.0}};
    b.base_z = 2.0f;
    b.height = 25.0f;
    d.buildings.push_back(b);
  }
  return d;
}

// A camera 8 m up at the origin looking north, 10° down.
std::vector<dpt::world::Camera> one_camera() {
  dpt::world::Camera c;
  c.id = 7;
  c.pose = {0.0, 0.0, 10.0, 0.0, -10.0, 0.0};
  return {c};
}

Mover standing(std::int32_t id, double x, double y, ObjectClass cls = ObjectClass::person) {
  Mover m;
  m.id = id;
  m.cls = cls;
  m.path = {{x, y}};
  return m;
}

SensorSimParams exact() {
  SensorSimParams p;
  p.pixel_sigma = 0.0;
  p.p_detect = 1.0;
  p.false_alarms_per_frame = 0.0;
  return p;
}

}  // namespace

TEST_CASE("Movers follow their polylines at their speed, ping-ponging") {
  Mover m;
  m.path = {{0.0, 0.0}, {10.0, 0.0}, {10.0, 10.0}};
  m.speed = 2.0;
  m.start_us = 1'000'000;
  MoverState s = dpt::fusion::mover_at(m, 8'000'000);  // 7 s → 14 m: 4 m up the second leg
  CHECK(s.x == Approx(10.0));
  CHECK(s.y == Approx(4.0));
  CHECK(s.hx == Approx(0.0).margin(1e-12));
  CHECK(s.hy == Approx(1.0));
  CHECK(s.vy == Approx(2.0));
  s = dpt::fusion::mover_at(m, 13'000'000);  // 24 m: 20 out, 4 back → (10, 6) heading south
  CHECK(s.x == Approx(10.0));
  CHECK(s.y == Approx(6.0));
  CHECK(s.hy == Approx(-1.0));
  s = dpt::fusion::mover_at(m, 0);  // before its start: at the first point
  CHECK(s.x == Approx(0.0));
  CHECK(s.y == Approx(0.0));
  m.ping_pong = false;
  s = dpt::fusion::mover_at(m, 100'000'000);  // stopped at the end
  CHECK(s.x == Approx(10.0));
  CHECK(s.y == Approx(10.0));
  CHECK(s.vx == 0.0);
  CHECK(s.vy == 0.0);
}

TEST_CASE("A visible mover's box stands where project_to_image puts its foot and head") {
  const auto d = district(false);
  const auto w = CollisionWorld::build(d);
  const auto cams = one_camera();
  const std::vector<Mover> movers = {standing(5, 3.0, 40.0), standing(6, -8.0, 60.0, ObjectClass::car)};
  const SensorSim sim(cams, *w, d.terrain, movers, exact(), 1);
  SimFrame f;
  sim.frame(0, 3, 123, f);
  CHECK(f.frame.camera_id == 7);
  CHECK(f.frame.seq == 3);
  CHECK(f.frame.time_us == 123);
  REQUIRE(f.frame.boxes.size() == 2);
  REQUIRE(f.truth.size() == 2);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& b = f.frame.boxes[k];
    const Mover& m = movers[k];
    CHECK(f.truth[k] == m.id);
    CHECK(b.cls == m.cls);
    double uf, vf, uh, vh;
    REQUIRE(dpt::fusion::project_to_image(cams[0], m.path[0].x, m.path[0].y, 2.0, uf, vf));
    const double height = dpt::fusion::object_size(m.cls).height;
    REQUIRE(dpt::fusion::project_to_image(cams[0], m.path[0].x, m.path[0].y, 2.0 + height, uh, vh));
    CHECK(b.x + 0.5 * b.w == Approx(uf).margin(1e-3));
    CHECK(b.y + b.h == Approx(vf).margin(1e-3));
    CHECK(b.y == Approx(vh).margin(1e-3));
  }
  // The standing person (0.5 x 0.5 m, facing north) seen along a line 4.29° east of north: its
  // footprint spans 0.5 (sin a + cos a) m across the line of sight, at depth 40 cos 10° + 8 sin 10°.
  const double a = std::atan2(3.0, 40.0), deg10 = 10.0 * M_PI / 180.0;
  const double depth = 40.0 * std::cos(deg10) + 8.0 * std::sin(deg10);
  CHECK(f.frame.boxes[0].w == Approx(0.5 * (std::sin(a) + std::cos(a)) * 1000.0 / depth).epsilon(1e-4));
}

TEST_CASE("A mover behind a building is missed; beside it, seen") {
  const auto d = district(true);
  const auto w = CollisionWorld::build(d);
  const auto cams = one_camera();
  const std::vector<Mover> movers = {standing(1, 0.0, 50.0), standing(2, 40.0, 60.0)};
  const SensorSim sim(cams, *w, d.terrain, movers, exact(), 1);
  std::vector<MoverState> truth;
  sim.truth(0, truth);
  REQUIRE(truth.size() == 2);
  CHECK(truth[0].z == Approx(2.0));
  double u, v;
  REQUIRE(dpt::fusion::project_to_image(cams[0], 0.0, 50.0, 2.0, u, v));  // in the image...
  CHECK_FALSE(sim.visible(0, truth[0]));                                  // ...but behind the building
  CHECK(sim.visible(0, truth[1]));
  SimFrame f;
  sim.frame(0, 0, 0, f);
  REQUIRE(f.truth.size() == 1);
  CHECK(f.truth[0] == 2);
}

TEST_CASE("Detection and false-alarm rates match their parameters over many frames") {
  const auto d = district(false);
  const auto w = CollisionWorld::build(d);
  const auto cams = one_camera();
  const std::vector<Mover> movers = {standing(1, 0.0, 50.0)};
  SensorSimParams p;
  p.p_detect = 0.7;
  p.false_alarms_per_frame = 2.0;
  const SensorSim sim(cams, *w, d.terrain, movers, p, 99);
  constexpr int n = 4000;
  int detected = 0, false_alarms = 0;
  SimFrame f;
  for (int k = 0; k < n; ++k) {
    sim.frame(0, static_cast<std::uint64_t>(k), k * 200'000, f);
    for (std::size_t b = 0; b < f.truth.size(); ++b) {
      if (f.truth[b] == 1) {
        ++detected;
      } else {
        ++false_alarms;
        CHECK(f.frame.boxes[b].y + f.frame.boxes[b].h <= 1080.f);
        CHECK(f.frame.boxes[b].x + 0.5f * f.frame.boxes[b].w >= 0.f);
        CHECK(f.frame.boxes[b].x + 0.5f * f.frame.boxes[b].w <= 1920.f);
      }
    }
  }
  // Binomial: sd = sqrt(n p (1-p)) = 29; Poisson: sd of the total = sqrt(n mean) = 89. 4 sd each.
  CHECK(std::abs(detected - 0.7 * n) < 4.0 * std::sqrt(n * 0.7 * 0.3));
  CHECK(std::abs(false_alarms - 2.0 * n) < 4.0 * std::sqrt(2.0 * n));
}

TEST_CASE("Same seed, same frames; another seed, other frames") {
  const auto d = district(false);
  const auto w = CollisionWorld::build(d);
  const auto cams = one_camera();
  dpt::fusion::MoverGenParams gp;
  gp.area = {-60.0, 20.0, 60.0, 150.0};
  gp.people = 15;
  gp.vehicles = 5;
  const auto movers = dpt::fusion::generate_movers(gp, 5);
  REQUIRE(movers.size() == 20);
  const auto again = dpt::fusion::generate_movers(gp, 5);
  for (std::size_t k = 0; k < movers.size(); ++k) {
    CHECK(movers[k].path[0].x == again[k].path[0].x);
    CHECK(movers[k].speed == again[k].speed);
  }
  SensorSimParams p;
  p.false_alarms_per_frame = 1.0;
  const SensorSim a(cams, *w, d.terrain, movers, p, 42), b(cams, *w, d.terrain, movers, p, 42),
      c(cams, *w, d.terrain, movers, p, 43);
  SimFrame fa, fb, fc;
  int differ = 0, boxes = 0;
  for (int k = 0; k < 20; ++k) {
    a.frame(0, static_cast<std::uint64_t>(k), k * 200'000, fa);
    b.frame(0, static_cast<std::uint64_t>(k), k * 200'000, fb);
    c.frame(0, static_cast<std::uint64_t>(k), k * 200'000, fc);
    REQUIRE(fa.frame.boxes.size() == fb.frame.boxes.size());
    CHECK(fa.truth == fb.truth);
    boxes += static_cast<int>(fa.frame.boxes.size());
    for (std::size_t i = 0; i < fa.frame.boxes.size(); ++i) {
      CHECK(fa.frame.boxes[i].x == fb.frame.boxes[i].x);
      CHECK(fa.frame.boxes[i].y == fb.frame.boxes[i].y);
      CHECK(fa.frame.boxes[i].h == fb.frame.boxes[i].h);
      CHECK(fa.frame.boxes[i].score == fb.frame.boxes[i].score);
    }
    if (fa.frame.boxes.size() != fc.frame.boxes.size() ||
        (!fa.frame.boxes.empty() && fa.frame.boxes[0].x != fc.frame.boxes[0].x))
      ++differ;
  }
  CHECK(boxes > 50);
  CHECK(differ > 10);
}
