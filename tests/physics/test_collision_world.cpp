// CollisionWorld against analytic answers: a box building on flat ground, planes on grids of
// every shape and offset (a plane is represented exactly by the height field's triangles, so the
// hit must be the analytic ray-plane intersection), a many-sided building, buildings without
// terrain, line of sight, camera pixel → ground, and thread safety. Every ray case runs twice: on
// ray_cast (our grid) and on ray_cast_bullet (Bullet's own ray tests on the same shapes).
#include <catch2/catch.hpp>
#include <tbb/parallel_for.h>

#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "dpt/core/rng.h"
#include "dpt/physics/collision_world.h"

namespace {

using dpt::physics::CollisionWorld;
using dpt::physics::RayHit;
using dpt::physics::Vec3;

enum class Engine { grid, bullet };

RayHit cast(const CollisionWorld& w, Engine e, const Vec3& o, const Vec3& d, double max_distance) {
  return e == Engine::grid ? w.ray_cast(o, d, max_distance) : w.ray_cast_bullet(o, d, max_distance);
}

// Both engines, one after the other, named in the failure messages.
#define FOR_EACH_ENGINE()                                                  \
  const Engine engine = GENERATE(Engine::grid, Engine::bullet);            \
  INFO("engine: " << (engine == Engine::grid ? "grid" : "bullet"))

// A grid of samples z = f(x, y) at x = x0 + i*dx, y = y0 - j*dy (row 0 north).
dpt::geo::HeightGrid make_grid(int nx, int ny, double x0, double y0, double dx, double dy,
                               const std::function<double(double, double)>& f) {
  dpt::geo::HeightGrid g;
  g.nx = nx;
  g.ny = ny;
  g.x0 = x0;
  g.y0 = y0;
  g.dx = dx;
  g.dy = dy;
  g.z.resize(static_cast<std::size_t>(nx) * ny);
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      g.z[static_cast<std::size_t>(j) * nx + i] = static_cast<float>(f(x0 + i * dx, y0 - j * dy));
    }
  }
  return g;
}

dpt::world::Building box_building(double x0, double y0, double x1, double y1, float base_z,
                                  float height) {
  dpt::world::Building b;
  b.footprint.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};  // counter-clockwise
  b.base_z = base_z;
  b.height = height;
  return b;
}

// Flat ground at z = 5 over [-50, 50]² and one building: x in [0, 10], y in [0, 20], 5 → 35 m.
dpt::world::District flat_with_box() {
  dpt::world::District d;
  d.terrain.grid = make_grid(101, 101, -50.0, 50.0, 1.0, 1.0, [](double, double) { return 5.0; });
  d.buildings.push_back(box_building(0.0, 0.0, 10.0, 20.0, 5.0f, 30.0f));
  return d;
}

struct Plane {  // z = a*(x - xr) + b*(y - yr) + c
  double a, b, c;
  double xr = 0.0, yr = 0.0;  // heights stay terrain-like (float samples) far from the origin
  double z(double x, double y) const { return a * (x - xr) + b * (y - yr) + c; }
};

// The grid's extent, shrunk by `margin` (m).
bool inside(const dpt::geo::HeightGrid& g, double x, double y, double margin) {
  return x >= g.x0 + margin && x <= g.x0 + (g.nx - 1) * g.dx - margin &&
         y <= g.y0 - margin && y >= g.y0 - (g.ny - 1) * g.dy + margin;
}

// Rays from random origins (some outside the terrain's box, above and below the plane) towards
// random points of the plane inside the grid: the ray meets the plane once, at the target.
void check_plane_targets(const dpt::geo::HeightGrid& g, const Plane& p, std::uint32_t entity, Engine engine) {
  dpt::world::District d;
  d.terrain.grid = g;
  const auto w = CollisionWorld::build(d);
  dpt::CounterRng rng(7, dpt::rng_stream("test.physics.targets"), entity, 0);
  const double w_x = (g.nx - 1) * g.dx, w_y = (g.ny - 1) * g.dy;
  const double nl = std::sqrt(p.a * p.a + p.b * p.b + 1.0);
  int outside_origins = 0;
  for (int k = 0; k < 1000; ++k) {
    const double tx = g.x0 + 0.05 * w_x + 0.9 * w_x * rng.uniform();
    const double ty = g.y0 - 0.05 * w_y - 0.9 * w_y * rng.uniform();
    const Vec3 target{tx, ty, p.z(tx, ty)};
    // Origins over twice the grid's extent, 20-150 m above or below the plane there.
    const double ox = g.x0 - 0.5 * w_x + 2.0 * w_x * rng.uniform();
    const double oy = g.y0 + 0.5 * w_y - 2.0 * w_y * rng.uniform();
    const double side = rng.uniform() < 0.8 ? 1.0 : -1.0;
    const Vec3 o{ox, oy, p.z(ox, oy) + side * (20.0 + 130.0 * rng.uniform())};
    if (!inside(g, ox, oy, 0.0)) ++outside_origins;
    const Vec3 dir{target.x - o.x, target.y - o.y, target.z - o.z};
    const double dist = std::sqrt(dir.x * dir.x + dir.y * dir.y + dir.z * dir.z);
    const RayHit h = cast(*w, engine, o, dir, dist + 100.0);
    INFO("ray " << k << " from (" << o.x << ", " << o.y << ", " << o.z << ") to (" << target.x
                << ", " << target.y << ", " << target.z << ")");
    REQUIRE(h.hit);
    CHECK(h.building == -1);
    CHECK(std::abs(h.point.x - target.x) < 0.01);
    CHECK(std::abs(h.point.y - target.y) < 0.01);
    CHECK(std::abs(h.point.z - target.z) < 0.01);
    CHECK(std::abs(h.distance - dist) < 0.01);
    // The normal faces the origin: up from above, down from below.
    CHECK(std::abs(h.normal.x - side * -p.a / nl) < 1e-4);
    CHECK(std::abs(h.normal.y - side * -p.b / nl) < 1e-4);
    CHECK(std::abs(h.normal.z - side * 1.0 / nl) < 1e-4);
  }
  CHECK(outside_origins > 300);  // the case is really exercised
}

}  // namespace

TEST_CASE("A box building on flat ground: roof, wall and ground hits") {
  FOR_EACH_ENGINE();
  const auto d = flat_with_box();
  const auto w = CollisionWorld::build(d);
  REQUIRE(w->triangle_count() >= 2u * 100u * 100u + 10u);

  SECTION("straight down onto the roof") {
    const RayHit h = cast(*w, engine, {5.0, 10.0, 100.0}, {0.0, 0.0, -1.0}, 200.0);
    REQUIRE(h.hit);
    CHECK(h.building == 0);
    CHECK(std::abs(h.point.z - 35.0) < 0.01);
    CHECK(std::abs(h.distance - 65.0) < 0.01);
    CHECK(std::abs(h.normal.z - 1.0) < 1e-6);
  }
  SECTION("horizontally into the west wall") {
    const RayHit h = cast(*w, engine, {-20.0, 10.0, 10.0}, {3.0, 0.0, 0.0}, 100.0);  // dir not unit
    REQUIRE(h.hit);
    CHECK(h.building == 0);
    CHECK(std::abs(h.point.x - 0.0) < 0.01);
    CHECK(std::abs(h.point.z - 10.0) < 1e-9);
    CHECK(std::abs(h.distance - 20.0) < 0.01);
    CHECK(std::abs(h.normal.x + 1.0) < 1e-6);
  }
  SECTION("beside the building: the ground") {
    const RayHit h = cast(*w, engine, {20.0, 10.0, 100.0}, {0.0, 0.0, -1.0}, 200.0);
    REQUIRE(h.hit);
    CHECK(h.building == -1);
    CHECK(std::abs(h.point.z - 5.0) < 0.01);
    CHECK(std::abs(h.normal.z - 1.0) < 1e-6);
  }
  SECTION("slanted past the building's corner onto the ground") {
    // From just east of the roof outward: ground at z = 5 after 30 m of drop.
    const RayHit h = cast(*w, engine, {11.0, 11.0, 35.0}, {1.0, 1.0, -1.0}, 200.0);
    REQUIRE(h.hit);
    CHECK(h.building == -1);
    CHECK(std::abs(h.point.x - 41.0) < 0.01);
    CHECK(std::abs(h.point.y - 41.0) < 0.01);
    CHECK(std::abs(h.distance - 30.0 * std::sqrt(3.0)) < 0.01);
  }
  SECTION("max distance and misses") {
    CHECK_FALSE(cast(*w, engine, {5.0, 10.0, 100.0}, {0.0, 0.0, -1.0}, 64.9).hit);
    CHECK(cast(*w, engine, {5.0, 10.0, 100.0}, {0.0, 0.0, -1.0}, 65.1).hit);
    CHECK_FALSE(cast(*w, engine, {-20.0, 10.0, 10.0}, {-1.0, 0.0, 0.0}, 1000.0).hit);
    CHECK_FALSE(cast(*w, engine, {5.0, 10.0, 100.0}, {0.0, 0.0, 1.0}, 1000.0).hit);
    CHECK_FALSE(cast(*w, engine, {5.0, 10.0, 100.0}, {0.0, 0.0, 0.0}, 1000.0).hit);
  }
}

TEST_CASE("Random downward rays onto a sloped plane hit the analytic intersection") {
  FOR_EACH_ENGINE();
  const Plane p{0.1, 0.05, 20.0};
  dpt::world::District d;
  d.terrain.grid = make_grid(100, 80, 10.0, 200.0, 2.0, 2.0, [&](double x, double y) { return p.z(x, y); });
  const auto& g = d.terrain.grid;
  const auto w = CollisionWorld::build(d);
  dpt::CounterRng rng(42, dpt::rng_stream("test.physics.slope"), 0, 0);
  const double nl = std::sqrt(p.a * p.a + p.b * p.b + 1.0);
  int hits = 0, misses = 0;
  for (int k = 0; k < 1000; ++k) {
    const double ox = g.x0 + (g.nx - 1) * g.dx * rng.uniform();
    const double oy = g.y0 - (g.ny - 1) * g.dy * rng.uniform();
    const Vec3 o{ox, oy, p.z(ox, oy) + 200.0};
    const double theta = 0.8 * rng.uniform();  // up to 46° off vertical
    const double phi = 2.0 * M_PI * rng.uniform();
    const Vec3 dir{std::sin(theta) * std::cos(phi), std::sin(theta) * std::sin(phi), -std::cos(theta)};
    // Analytic: o.z + t·d.z = a(o.x + t·d.x) + b(o.y + t·d.y) + c.
    const double t = (p.z(o.x, o.y) - o.z) / (dir.z - p.a * dir.x - p.b * dir.y);  // p.z linear
    const double hx = o.x + t * dir.x, hy = o.y + t * dir.y;
    const RayHit h = cast(*w, engine, o, dir, 1000.0);
    INFO("ray " << k << " expected (" << hx << ", " << hy << ") t " << t);
    if (inside(g, hx, hy, 0.01)) {
      ++hits;
      REQUIRE(h.hit);
      CHECK(std::abs(h.distance - t) < 0.01);
      CHECK(std::abs(h.point.x - hx) < 0.01);
      CHECK(std::abs(h.point.y - hy) < 0.01);
      CHECK(std::abs(h.point.z - p.z(hx, hy)) < 0.01);
      CHECK(std::abs(h.normal.x + p.a / nl) < 1e-4);
      CHECK(std::abs(h.normal.y + p.b / nl) < 1e-4);
      CHECK(std::abs(h.normal.z - 1.0 / nl) < 1e-4);
    } else if (!inside(g, hx, hy, -0.01)) {
      ++misses;
      CHECK_FALSE(h.hit);  // the plane is met once, outside the terrain
    }
  }
  CHECK(hits > 300);
  CHECK(misses > 100);

  // Straight down onto the four corner samples and the middle of each edge.
  const double xe = g.x0 + (g.nx - 1) * g.dx, ys = g.y0 - (g.ny - 1) * g.dy;
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{
           {g.x0, g.y0}, {xe, g.y0}, {g.x0, ys}, {xe, ys}, {0.5 * (g.x0 + xe), g.y0},
           {0.5 * (g.x0 + xe), ys}, {g.x0, 0.5 * (g.y0 + ys)}, {xe, 0.5 * (g.y0 + ys)}}) {
    const RayHit h = cast(*w, engine, {x, y, 500.0}, {0.0, 0.0, -1.0}, 1000.0);
    INFO("edge point (" << x << ", " << y << ")");
    REQUIRE(h.hit);
    CHECK(std::abs(h.point.z - p.z(x, y)) < 0.01);
  }
}

TEST_CASE("Non-square grids with dx != dy far from the origin: orientation and outside origins") {
  FOR_EACH_ENGINE();
  SECTION("x0 = -12,345.5, y0 = 23,456.25, 37 × 53 samples, 3.5 m × 1.25 m") {
    const Plane p{0.12, -0.2, 300.0, -12345.5, 23456.25};  // tilted both ways: no flip can pass
    check_plane_targets(make_grid(37, 53, -12345.5, 23456.25, 3.5, 1.25,
                                  [&](double x, double y) { return p.z(x, y); }),
                        p, 1, engine);
  }
  SECTION("x0 = 8,000, y0 = -9,500, 90 × 21 samples, 1.5 m × 6 m (more chunks east than north)") {
    const Plane p{-0.3, 0.07, -60.0, 8000.0, -9500.0};
    check_plane_targets(make_grid(90, 21, 8000.0, -9500.0, 1.5, 6.0,
                                  [&](double x, double y) { return p.z(x, y); }),
                        p, 2, engine);
  }
  SECTION("a long, low ridge: a ray's first hit is on the near slope") {
    // z = 30 - |x - 50| over x in [0, 100]: a ray from the west at z = 25 hits x = 45.
    dpt::world::District d;
    d.terrain.grid = make_grid(101, 11, 0.0, 10.0, 1.0, 1.0,
                               [](double x, double) { return 30.0 - std::abs(x - 50.0); });
    const auto w = CollisionWorld::build(d);
    const RayHit h = cast(*w, engine, {-100.0, 5.0, 25.0}, {1.0, 0.0, 0.0}, 1000.0);
    REQUIRE(h.hit);
    CHECK(std::abs(h.point.x - 45.0) < 0.01);
    CHECK(std::abs(h.distance - 145.0) < 0.01);
    CHECK(std::abs(h.normal.x + std::sqrt(0.5)) < 1e-4);
    CHECK(std::abs(h.normal.z - std::sqrt(0.5)) < 1e-4);
    const RayHit back = cast(*w, engine, {200.0, 5.0, 25.0}, {-1.0, 0.0, 0.0}, 1000.0);
    REQUIRE(back.hit);
    CHECK(std::abs(back.point.x - 55.0) < 0.01);
  }
}

TEST_CASE("A 60-sided tower (several triangle clusters): analytic hits, and both engines agree") {
  // A regular 60-gon of circumradius 40 m centred at (500, -300), 12 → 92 m, on flat ground at 12 m:
  // 236 triangles, cut into clusters of at most 32 by the grid.
  constexpr int kSides = 60;
  constexpr double kR = 40.0, kCx = 500.0, kCy = -300.0, kBase = 12.0, kTop = 92.0;
  dpt::world::District d;
  d.terrain.grid = make_grid(61, 61, 200.0, 0.0, 10.0, 10.0, [](double, double) { return kBase; });
  dpt::world::Building b;
  for (int k = 0; k < kSides; ++k) {
    const double a = 2.0 * M_PI * k / kSides;
    b.footprint.outer.push_back({kCx + kR * std::cos(a), kCy + kR * std::sin(a)});
  }
  b.base_z = static_cast<float>(kBase);
  b.height = static_cast<float>(kTop - kBase);
  d.buildings.push_back(b);
  const auto w = CollisionWorld::build(d);
  REQUIRE(w->triangle_count() == 2u * 60u * 60u + 2u * 58u + 2u * 60u);
  const double apothem = kR * std::cos(M_PI / kSides);

  SECTION("horizontal rays at the middle of each side hit it at the apothem") {
    FOR_EACH_ENGINE();
    for (int k = 0; k < kSides; ++k) {
      const double a = 2.0 * M_PI * (k + 0.5) / kSides;  // towards the middle of side k
      const Vec3 o{kCx + 200.0 * std::cos(a), kCy + 200.0 * std::sin(a), 50.0};
      const RayHit h = cast(*w, engine, o, {-std::cos(a), -std::sin(a), 0.0}, 1000.0);
      INFO("side " << k);
      REQUIRE(h.hit);
      CHECK(h.building == 0);
      CHECK(std::abs(h.distance - (200.0 - apothem)) < 0.01);
      CHECK(std::abs(h.normal.x - std::cos(a)) < 1e-4);
      CHECK(std::abs(h.normal.y - std::sin(a)) < 1e-4);
    }
  }
  SECTION("rays straight down: the roof inside the apothem, the ground outside the circumradius") {
    FOR_EACH_ENGINE();
    dpt::CounterRng rng(11, dpt::rng_stream("test.physics.tower"), 0, 0);
    for (int k = 0; k < 500; ++k) {
      const double rho = 60.0 * rng.uniform(), a = 2.0 * M_PI * rng.uniform();
      if (rho > apothem - 0.01 && rho < kR + 0.01) continue;  // between: depends on the side
      const RayHit h = cast(*w, engine, {kCx + rho * std::cos(a), kCy + rho * std::sin(a), 300.0}, {0, 0, -1}, 1000.0);
      INFO("rho " << rho << " angle " << a);
      REQUIRE(h.hit);
      CHECK(h.building == (rho < kR ? 0 : -1));
      CHECK(std::abs(h.point.z - (rho < kR ? kTop : kBase)) < 0.01);
    }
  }
  SECTION("random rays through the tower's box: the grid gives Bullet's answer") {
    dpt::CounterRng rng(12, dpt::rng_stream("test.physics.tower"), 1, 0);
    int building = 0, terrain = 0;
    for (int k = 0; k < 5000; ++k) {
      const Vec3 o{kCx - 150.0 + 300.0 * rng.uniform(), kCy - 150.0 + 300.0 * rng.uniform(), 13.0 + 150.0 * rng.uniform()};
      // Not from inside the tower: there its floor and the ground coincide, a tie either may win.
      if (std::hypot(o.x - kCx, o.y - kCy) < kR + 0.5 && o.z < kTop + 0.5) continue;
      const Vec3 target{kCx - 45.0 + 90.0 * rng.uniform(), kCy - 45.0 + 90.0 * rng.uniform(), 12.0 + 85.0 * rng.uniform()};
      const Vec3 dir{target.x - o.x, target.y - o.y, target.z - o.z};
      const RayHit a = w->ray_cast(o, dir, 1000.0);
      const RayHit r = w->ray_cast_bullet(o, dir, 1000.0);
      INFO("ray " << k << " from (" << o.x << ", " << o.y << ", " << o.z << ")");
      REQUIRE(a.hit == r.hit);
      if (!a.hit) continue;
      CHECK(a.building == r.building);
      CHECK(std::abs(a.distance - r.distance) < 0.005);
      ++(a.building == 0 ? building : terrain);
    }
    CHECK(building > 1500);
    CHECK(terrain > 200);
  }
}

TEST_CASE("Buildings without terrain, and buildings beyond the terrain's edge") {
  FOR_EACH_ENGINE();
  SECTION("no terrain at all") {
    dpt::world::District d;
    d.buildings.push_back(box_building(1000.0, 2000.0, 1030.0, 2010.0, -3.0f, 21.0f));
    d.buildings.push_back(box_building(1100.0, 2000.0, 1110.0, 2010.0, 0.0f, 50.0f));
    const auto w = CollisionWorld::build(d);
    RayHit h = cast(*w, engine, {1015.0, 2005.0, 100.0}, {0.0, 0.0, -1.0}, 200.0);
    REQUIRE(h.hit);
    CHECK(h.building == 0);
    CHECK(std::abs(h.point.z - 18.0) < 0.01);
    // Along x at 30 m: over the first (18 m), into the second's west wall.
    h = cast(*w, engine, {900.0, 2005.0, 30.0}, {1.0, 0.0, 0.0}, 500.0);
    REQUIRE(h.hit);
    CHECK(h.building == 1);
    CHECK(std::abs(h.distance - 200.0) < 0.01);
    CHECK_FALSE(cast(*w, engine, {1050.0, 2005.0, 100.0}, {0.0, 0.0, -1.0}, 500.0).hit);  // between them
  }
  SECTION("a building half outside the terrain") {
    dpt::world::District d;
    d.terrain.grid = make_grid(11, 11, 0.0, 100.0, 10.0, 10.0, [](double, double) { return 2.0; });
    d.buildings.push_back(box_building(90.0, 40.0, 130.0, 60.0, 2.0f, 10.0f));  // x 90..130, terrain ends at 100
    const auto w = CollisionWorld::build(d);
    for (double x : {95.0, 110.0, 129.0}) {
      const RayHit h = cast(*w, engine, {x, 50.0, 100.0}, {0.0, 0.0, -1.0}, 200.0);
      INFO("x " << x);
      REQUIRE(h.hit);
      CHECK(h.building == 0);
      CHECK(std::abs(h.point.z - 12.0) < 0.01);
    }
    const RayHit h = cast(*w, engine, {200.0, 50.0, 5.0}, {-1.0, 0.0, 0.0}, 500.0);  // from the east
    REQUIRE(h.hit);
    CHECK(h.building == 0);
    CHECK(std::abs(h.distance - 70.0) < 0.01);
    CHECK_FALSE(cast(*w, engine, {120.0, 80.0, 100.0}, {0.0, 0.0, -1.0}, 500.0).hit);  // no ground there
  }
}

TEST_CASE("Line of sight: blocked by the building, clear over it") {
  const auto d = flat_with_box();
  const auto w = CollisionWorld::build(d);
  CHECK_FALSE(w->line_of_sight({-20.0, 10.0, 10.0}, {30.0, 10.0, 10.0}));
  CHECK_FALSE(w->line_of_sight({30.0, 10.0, 10.0}, {-20.0, 10.0, 10.0}));
  CHECK(w->line_of_sight({-20.0, 10.0, 36.0}, {30.0, 10.0, 36.0}));
  CHECK(w->line_of_sight({-20.0, -5.0, 10.0}, {30.0, -5.0, 10.0}));  // passes south of it
  // End points on surfaces themselves do not block: ground to wall.
  CHECK(w->line_of_sight({-20.0, 10.0, 5.0}, {0.0, 10.0, 20.0}));
  CHECK_FALSE(w->line_of_sight({-20.0, 10.0, 5.0}, {0.2, 10.0, 20.0}));  // 0.2 m inside the wall
  // Through the ground: blocked.
  CHECK_FALSE(w->line_of_sight({-20.0, 10.0, 6.0}, {-10.0, 10.0, -4.0}));
}

TEST_CASE("pixel_to_ground: a camera 10 m above flat ground looking down 45°") {
  dpt::world::District d;
  d.terrain.grid = make_grid(201, 201, -100.0, 100.0, 1.0, 1.0, [](double, double) { return 5.0; });
  const auto w = CollisionWorld::build(d);
  for (double yaw : {0.0, 90.0, 200.0}) {
    dpt::world::Camera c;
    c.pose = {3.0, -4.0, 15.0, yaw, -45.0, 0.0};
    const RayHit h = w->pixel_to_ground(c, c.k.cx, c.k.cy);
    INFO("yaw " << yaw);
    REQUIRE(h.hit);
    CHECK(std::abs(h.point.z - 5.0) < 0.01);
    CHECK(std::abs(std::hypot(h.point.x - 3.0, h.point.y + 4.0) - 10.0) < 0.01);
    // Yaw is clockwise from north.
    const double rad = yaw * M_PI / 180.0;
    CHECK(std::abs(h.point.x - (3.0 + 10.0 * std::sin(rad))) < 0.01);
    CHECK(std::abs(h.point.y - (-4.0 + 10.0 * std::cos(rad))) < 0.01);
  }
}

TEST_CASE("Ray casts from many threads give the serial results") {
  FOR_EACH_ENGINE();
  const Plane p{0.02, -0.03, 10.0};
  dpt::world::District d;
  d.terrain.grid = make_grid(300, 250, -600.0, 500.0, 4.0, 4.0, [&](double x, double y) { return p.z(x, y); });
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 8; ++j) {
      const double x = -500.0 + 130.0 * i, y = -400.0 + 110.0 * j;
      d.buildings.push_back(box_building(x, y, x + 20.0, y + 30.0,
                                         static_cast<float>(p.z(x, y) - 1.0), 10.0f + 3.0f * static_cast<float>(i + j)));
    }
  }
  const auto w = CollisionWorld::build(d);
  constexpr std::size_t n = 100000;
  std::vector<Vec3> origins(n), dirs(n);
  dpt::CounterRng rng(3, dpt::rng_stream("test.physics.threads"), 0, 0);
  for (std::size_t k = 0; k < n; ++k) {
    origins[k] = {-600.0 + 1196.0 * rng.uniform(), -496.0 + 996.0 * rng.uniform(), 20.0 + 60.0 * rng.uniform()};
    dirs[k] = {rng.uniform() - 0.5, rng.uniform() - 0.5, -0.05 - 0.5 * rng.uniform()};
  }
  std::vector<RayHit> serial(n), parallel(n);
  for (std::size_t k = 0; k < n; ++k) serial[k] = cast(*w, engine, origins[k], dirs[k], 2000.0);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t k) { parallel[k] = cast(*w, engine, origins[k], dirs[k], 2000.0); });
  std::size_t same = 0, building_hits = 0, terrain_hits = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const RayHit& a = serial[k];
    const RayHit& b = parallel[k];
    same += a.hit == b.hit && a.distance == b.distance && a.building == b.building &&
            a.point.x == b.point.x && a.point.y == b.point.y && a.point.z == b.point.z &&
            a.normal.x == b.normal.x && a.normal.y == b.normal.y && a.normal.z == b.normal.z;
    building_hits += a.building >= 0;
    terrain_hits += a.hit && a.building < 0;
  }
  CHECK(same == n);
  CHECK(building_hits > 1000);  // both kinds of surface are in the comparison
  CHECK(terrain_hits > 10000);
}
