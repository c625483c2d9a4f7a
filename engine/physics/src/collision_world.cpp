#include "dpt/physics/collision_world.h"

#include <algorithm>
#include <cmath>

#include "building_tiles.h"
#include "ray_grid.h"
#include "terrain_shape.h"

namespace dpt::physics {

namespace {
// Side of the building tiles (m). Each tile is one Bullet BVH. On the benchmark's synthetic
// district (tests/bench/bench_district.cpp, callgrind) the building part of a camera ray costs
// about 2,300 / 1,800 / 1,400 / 1,200 instructions with 1 km / 500 m / 250 m / 125 m tiles;
// 250 m keeps a few hundred buildings per tile in a dense town.
constexpr double kTileSizeM = 250.0;
// Length of the first ray window searched (m): camera rays mostly hit within 100 m.
constexpr double kFirstWindowM = 100.0;
constexpr double kLineOfSightSlackM = 0.05;  // end points excepted from line_of_sight
constexpr double kPixelRangeM = 5000.0;
}  // namespace

// The collision world holds no btCollisionWorld: Bullet's ray tests call the shapes' own
// performRaycast with a callback on the caller's stack, which reads only immutable data
// (thread-safe, and no allocation per call), where btCollisionWorld::rayTest would go through the
// shared broadphase. ray_cast itself goes through the RayGrid over the same triangles.
struct CollisionWorld::Impl {
  const world::District* district = nullptr;
  detail::RayGrid grid;
  detail::TerrainShape terrain;
  detail::BuildingTiles buildings;
  bool has_box = false;  // lo/hi: union of the terrain's and the buildings' boxes
  double lo[3] = {}, hi[3] = {};
};

CollisionWorld::CollisionWorld(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CollisionWorld::~CollisionWorld() = default;

std::unique_ptr<CollisionWorld> CollisionWorld::build(const world::District& district) {
  auto impl = std::make_unique<Impl>();
  impl->district = &district;
  world::Mesh mesh = world::make_buildings_mesh(district.buildings);
  impl->grid.build(district.terrain.grid, mesh);
  impl->terrain.build(district.terrain.grid);
  impl->buildings.build(std::move(mesh), kTileSizeM);
  const auto add_box = [&](const double* lo, const double* hi) {
    for (int a = 0; a < 3; ++a) {
      impl->lo[a] = impl->has_box ? std::min(impl->lo[a], lo[a]) : lo[a];
      impl->hi[a] = impl->has_box ? std::max(impl->hi[a], hi[a]) : hi[a];
    }
    impl->has_box = true;
  };
  if (!impl->terrain.empty()) add_box(impl->terrain.lo(), impl->terrain.hi());
  if (impl->buildings.tile_count() > 0) add_box(impl->buildings.lo(), impl->buildings.hi());
  return std::unique_ptr<CollisionWorld>(new CollisionWorld(std::move(impl)));
}

namespace {
// The unit ray, or false for a zero direction or a non-positive range.
bool make_ray(const Vec3& origin, const Vec3& dir, double max_distance, detail::Ray& r) {
  const double len = std::sqrt(dir.x * dir.x + dir.y * dir.y + dir.z * dir.z);
  if (!(len > 0.0) || !(max_distance > 0.0)) return false;
  r = detail::Ray{{origin.x, origin.y, origin.z}, {dir.x / len, dir.y / len, dir.z / len}, {}};
  for (int a = 0; a < 3; ++a) r.inv[a] = 1.0 / r.d[a];  // ±inf on a zero component: handled
  return true;
}

RayHit to_ray_hit(const detail::Ray& r, const detail::Hit& hit, double max_distance) {
  RayHit out;
  if (!(hit.t <= max_distance)) return out;
  out.hit = true;
  out.distance = hit.t;
  out.point = {r.o[0] + hit.t * r.d[0], r.o[1] + hit.t * r.d[1], r.o[2] + hit.t * r.d[2]};
  out.normal = {hit.n[0], hit.n[1], hit.n[2]};
  out.building = hit.building;
  return out;
}
}  // namespace

RayHit CollisionWorld::ray_cast(const Vec3& origin, const Vec3& dir, double max_distance) const {
  detail::Ray r;
  if (!make_ray(origin, dir, max_distance, r)) return {};
  detail::Hit hit;
  impl_->grid.ray_cast(r, 0.0, max_distance, hit);
  return to_ray_hit(r, hit, max_distance);
}

RayHit CollisionWorld::ray_cast_bullet(const Vec3& origin, const Vec3& dir, double max_distance) const {
  detail::Ray r;
  if (!make_ray(origin, dir, max_distance, r)) return {};
  detail::Hit hit;
  double t0 = 0.0, t1 = max_distance;
  // Nothing to hit outside the box of the terrain and the buildings (rays into the sky end here).
  if (!impl_->has_box || !detail::clip_to_box(r, impl_->lo, impl_->hi, t0, t1)) return {};
  // The ray in windows, nearest first, so that a hit ends the search: neither the terrain's walk
  // nor the buildings' BVHs look past the window of the first hit (in each window the terrain's
  // hit also bounds the buildings' segment). Windows double in length: near hits (most camera
  // rays) stay cheap, far ones pay a few restarts only.
  for (double window = kFirstWindowM;; window *= 2.0) {
    const double w1 = std::min(t1, t0 + window);
    impl_->terrain.ray_cast(r, t0, w1, hit);
    impl_->buildings.ray_cast(r, t0, w1, hit);
    if (hit.t <= w1 || w1 >= t1) break;
    t0 = w1;
  }
  return to_ray_hit(r, hit, max_distance);
}

bool CollisionWorld::line_of_sight(const Vec3& a, const Vec3& b) const {
  const Vec3 d{b.x - a.x, b.y - a.y, b.z - a.z};
  const double len = std::sqrt(d.x * d.x + d.y * d.y + d.z * d.z);
  if (len <= 2.0 * kLineOfSightSlackM) return true;
  const double s = kLineOfSightSlackM / len;
  const Vec3 start{a.x + s * d.x, a.y + s * d.y, a.z + s * d.z};
  return !ray_cast(start, d, len - 2.0 * kLineOfSightSlackM).hit;
}

RayHit CollisionWorld::pixel_to_ground(const world::Camera& c, double u, double v) const {
  double dir[3];
  world::camera_ray(c, u, v, dir);
  return ray_cast({c.pose.x, c.pose.y, c.pose.z}, {dir[0], dir[1], dir[2]}, kPixelRangeM);
}

std::size_t CollisionWorld::triangle_count() const {
  return impl_->terrain.triangle_count() + impl_->buildings.triangle_count();
}

}  // namespace dpt::physics
