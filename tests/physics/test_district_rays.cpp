// Both ray casts of CollisionWorld — ray_cast (our grid of terrain cells and building clusters) and
// ray_cast_bullet (Bullet's shape-level ray tests behind tiles, cell index, per-cell height tables
// and nearest-first windows) — against a plain Bullet reference without any culling, on the real
// default district (assets/dapeng) and the rays of `dptwin bench district`
// (engine/app/src/cmd_bench_district.cpp): camera positions through random pixels, 5 km.
// The reference is built here from Bullet alone: one btCollisionWorld with a heightfield over the
// terrain grid and ONE BVH triangle mesh over all buildings, cast with btCollisionWorld::rayTest.
// Bullet works in single precision (positions up to ~20 km from the origin), so distances are
// compared with a 0.02 m tolerance.
#include <btBulletCollisionCommon.h>
#include <BulletCollision/CollisionShapes/btHeightfieldTerrainShape.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <sstream>
#include <vector>

#include "dpt/core/rng.h"
#include "dpt/physics/collision_world.h"
#include "dpt/world/district_io.h"

namespace {

struct RefHit {
  bool hit = false;
  double distance = 0.0;
  std::int64_t building = -1;  // -1: terrain
};

// Captures the triangle index of a building hit (LocalShapeInfo is only valid inside the call).
struct ClosestWithTriangle : btCollisionWorld::ClosestRayResultCallback {
  using ClosestRayResultCallback::ClosestRayResultCallback;
  int triangle = -1;
  btScalar addSingleResult(btCollisionWorld::LocalRayResult& r, bool normal_in_world) override {
    triangle = r.m_localShapeInfo ? r.m_localShapeInfo->m_triangleIndex : -1;
    return ClosestRayResultCallback::addSingleResult(r, normal_in_world);
  }
};

// Plain Bullet: no tiles, no cell index, no custom traversal.
class ReferenceWorld {
 public:
  explicit ReferenceWorld(const dpt::world::District& d)
      : dispatcher_(&config_), world_(&dispatcher_, &broadphase_, &config_), mesh_(dpt::world::make_buildings_mesh(d.buildings)) {
    add_terrain(d.terrain.grid);
    add_buildings();
    world_.updateAabbs();
  }
  // The world's destructor touches its objects' broadphase handles: remove them first.
  ~ReferenceWorld() {
    world_.removeCollisionObject(&buildings_obj_);
    world_.removeCollisionObject(&terrain_obj_);
  }
  ReferenceWorld(const ReferenceWorld&) = delete;
  ReferenceWorld& operator=(const ReferenceWorld&) = delete;

  RefHit cast(const dpt::physics::Vec3& o, const dpt::physics::Vec3& dir, double max_distance) const {
    const double n = std::sqrt(dir.x * dir.x + dir.y * dir.y + dir.z * dir.z);
    const btVector3 from(static_cast<btScalar>(o.x), static_cast<btScalar>(o.y), static_cast<btScalar>(o.z));
    const btVector3 to(static_cast<btScalar>(o.x + dir.x / n * max_distance),
                       static_cast<btScalar>(o.y + dir.y / n * max_distance),
                       static_cast<btScalar>(o.z + dir.z / n * max_distance));
    ClosestWithTriangle cb(from, to);
    world_.rayTest(from, to, cb);
    RefHit r;
    if (!cb.hasHit()) return r;
    r.hit = true;
    // Distance from the double-precision origin to the float hit point (the fraction alone would
    // carry the float rounding of `from` and `to` twice).
    const btVector3& p = cb.m_hitPointWorld;
    r.distance = std::sqrt((p.x() - o.x) * (p.x() - o.x) + (p.y() - o.y) * (p.y() - o.y) + (p.z() - o.z) * (p.z() - o.z));
    if (cb.m_collisionObject == &buildings_obj_ && cb.triangle >= 0)
      r.building = mesh_.triangle_building[static_cast<std::size_t>(cb.triangle)];
    return r;
  }

 private:
  void add_terrain(const dpt::geo::HeightGrid& g) {
    // Bullet's row jj grows with +y; our rows grow south: Bullet row jj = our row ny-1-jj.
    float zmin = INFINITY, zmax = -INFINITY;
    for (float v : g.z) {
      if (std::isfinite(v)) zmin = std::min(zmin, v), zmax = std::max(zmax, v);
    }
    heights_.resize(g.z.size());
    for (int jj = 0; jj < g.ny; ++jj)
      for (int i = 0; i < g.nx; ++i) {
        const float v = g.at(i, g.ny - 1 - jj);
        heights_[static_cast<std::size_t>(jj) * g.nx + i] = std::isfinite(v) ? v : zmin;
      }
    terrain_ = std::make_unique<btHeightfieldTerrainShape>(g.nx, g.ny, heights_.data(), zmin, zmax, 2, false);
    terrain_->setLocalScaling(btVector3(static_cast<btScalar>(g.dx), static_cast<btScalar>(g.dy), 1));
    // Bullet centres the field on its AABB.
    const double cx = g.x0 + 0.5 * (g.nx - 1) * g.dx;
    const double cy = g.y0 - (g.ny - 1) * g.dy + 0.5 * (g.ny - 1) * g.dy;
    terrain_obj_.setCollisionShape(terrain_.get());
    terrain_obj_.setWorldTransform(btTransform(btMatrix3x3::getIdentity(),
                                               btVector3(static_cast<btScalar>(cx), static_cast<btScalar>(cy), 0.5f * (zmin + zmax))));
    world_.addCollisionObject(&terrain_obj_);
  }

  void add_buildings() {
    btIndexedMesh m;
    m.m_numTriangles = static_cast<int>(mesh_.triangle_count());
    m.m_triangleIndexBase = reinterpret_cast<const unsigned char*>(mesh_.indices.data());
    m.m_triangleIndexStride = static_cast<int>(3 * sizeof(std::uint32_t));
    m.m_numVertices = static_cast<int>(mesh_.positions.size() / 3);
    m.m_vertexBase = reinterpret_cast<const unsigned char*>(mesh_.positions.data());
    m.m_vertexStride = static_cast<int>(3 * sizeof(float));
    m.m_indexType = PHY_INTEGER;
    m.m_vertexType = PHY_FLOAT;
    arrays_.addIndexedMesh(m, PHY_INTEGER);
    buildings_ = std::make_unique<btBvhTriangleMeshShape>(&arrays_, /*useQuantizedAabbCompression=*/true);
    buildings_obj_.setCollisionShape(buildings_.get());
    world_.addCollisionObject(&buildings_obj_);
  }

  btDefaultCollisionConfiguration config_;
  btCollisionDispatcher dispatcher_;
  btDbvtBroadphase broadphase_;
  mutable btCollisionWorld world_;
  dpt::world::Mesh mesh_;
  std::vector<float> heights_;
  std::unique_ptr<btHeightfieldTerrainShape> terrain_;
  btTriangleIndexVertexArray arrays_;
  std::unique_ptr<btBvhTriangleMeshShape> buildings_;
  btCollisionObject terrain_obj_, buildings_obj_;
};

}  // namespace

TEST_CASE("Default district camera rays agree with a plain Bullet reference", "[physics][district]") {
  const std::filesystem::path dir = std::filesystem::path(DPT_SOURCE_DIR) / "assets/dapeng";
  if (!std::filesystem::exists(dir / "district.toml")) {
    WARN("assets/dapeng is absent: skipped");
    SUCCEED();
    return;
  }
  auto d = dpt::world::load_district(dir);
  REQUIRE(d);
  REQUIRE(!d->cameras.empty());
  const auto world = dpt::physics::CollisionWorld::build(*d);
  const ReferenceWorld ref(*d);

  constexpr std::size_t kRays = 3000;
  constexpr double kMaxDistance = 5000.0;
  constexpr double kDistanceTol = 0.02;  // m: Bullet's float at ~20 km is ~2 mm
  for (const bool bullet : {false, true}) {
    std::size_t agree = 0, far_apart = 0, n_terrain = 0, n_building = 0;
    double worst = 0.0, worst_cos = 0.0;  // largest distance difference, and cos(incidence) there
    std::int64_t worst_ray = -1, worst_building = -1;
    std::ostringstream examples;
    int shown = 0;
    for (std::size_t i = 0; i < kRays; ++i) {
      // The same rays as `dptwin bench district` (make_camera_rays there).
      dpt::CounterRng rng(20261130, 1, static_cast<std::uint32_t>(i), 0);
      const auto& cam = d->cameras[static_cast<std::size_t>(rng.uniform() * static_cast<double>(d->cameras.size())) %
                                   d->cameras.size()];
      double v[3];
      dpt::world::camera_ray(cam, rng.uniform() * cam.k.width, rng.uniform() * cam.k.height, v);
      const dpt::physics::Vec3 o{cam.pose.x, cam.pose.y, cam.pose.z}, dv{v[0], v[1], v[2]};

      const dpt::physics::RayHit a = bullet ? world->ray_cast_bullet(o, dv, kMaxDistance) : world->ray_cast(o, dv, kMaxDistance);
      const RefHit b = ref.cast(o, dv, kMaxDistance);
      const bool same_class = a.hit == b.hit && (!a.hit || a.building == b.building);
      const double diff = a.hit && b.hit ? std::abs(a.distance - b.distance) : 0.0;
      if (same_class) {
        ++agree;
        if (diff > worst) {
          worst = diff;
          worst_ray = static_cast<std::int64_t>(i);
          worst_building = a.building;
          const double n = std::sqrt(dv.x * dv.x + dv.y * dv.y + dv.z * dv.z);
          worst_cos = std::abs(a.normal.x * dv.x + a.normal.y * dv.y + a.normal.z * dv.z) / n;
        }
        if (diff > kDistanceTol) ++far_apart;
      }
      if (b.hit) ++(b.building >= 0 ? n_building : n_terrain);
      if ((!same_class || diff > kDistanceTol) && shown < 8) {
        ++shown;
        examples.precision(10);
        examples << "  ray " << i << " o=(" << o.x << ", " << o.y << ", " << o.z << ") d=(" << dv.x << ", " << dv.y << ", "
                 << dv.z << "): world hit=" << a.hit << " b=" << a.building << " t=" << a.distance
                 << " | ref hit=" << b.hit << " b=" << b.building << " t=" << b.distance << "\n";
      }
    }
    const std::size_t disagree = kRays - agree;
    std::ostringstream summary;
    summary << (bullet ? "ray_cast_bullet" : "ray_cast") << ", district rays: " << kRays << ", class disagree " << disagree << ", distance > " << kDistanceTol
            << " m among agreeing " << far_apart << " (worst " << worst << " m: ray " << worst_ray << ", building "
            << worst_building << ", cos incidence " << worst_cos << ")\n  reference hits: terrain " << n_terrain
            << ", building " << n_building << ", none " << (kRays - n_terrain - n_building) << "\n"
            << examples.str();
    WARN(summary.str());  // always: the agreement numbers are the point of this test
    INFO(summary.str());
    CHECK(static_cast<double>(agree) >= 0.998 * kRays);
    CHECK(far_apart == 0);
    CHECK(static_cast<double>(n_building) > 0.10 * kRays);
    CHECK(static_cast<double>(n_terrain) > 0.30 * kRays);
  }
}

TEST_CASE("ray_cast and ray_cast_bullet agree on the district: camera rays and long rays from the air",
          "[physics][district]") {
  const std::filesystem::path dir = std::filesystem::path(DPT_SOURCE_DIR) / "assets/dapeng";
  if (!std::filesystem::exists(dir / "district.toml")) {
    WARN("assets/dapeng is absent: skipped");
    SUCCEED();
    return;
  }
  auto d = dpt::world::load_district(dir);
  REQUIRE(d);
  const auto world = dpt::physics::CollisionWorld::build(*d);
  const auto& g = d->terrain.grid;
  constexpr std::size_t kRays = 60000;
  // Bullet's float positions are good to about 2 mm here; along a grazing ray that becomes
  // 2 mm / cos(incidence): the tolerance is max(2 cm, 2 mm / cos).
  constexpr double kDistanceTol = 0.02, kPositionTol = 0.002;
  std::size_t class_disagree = 0, far_apart = 0, hits = 0, building_hits = 0, long_hits = 0;
  double worst = 0.0;
  std::ostringstream examples;
  for (std::size_t i = 0; i < kRays; ++i) {
    dpt::physics::Vec3 o, dv;
    if (i % 2 == 0) {  // a camera ray, as in the benchmark but from another stream
      dpt::CounterRng rng(20261130, 2, static_cast<std::uint32_t>(i), 0);
      const auto& cam = d->cameras[static_cast<std::size_t>(rng.uniform() * static_cast<double>(d->cameras.size())) %
                                   d->cameras.size()];
      double v[3];
      dpt::world::camera_ray(cam, rng.uniform() * cam.k.width, rng.uniform() * cam.k.height, v);
      o = {cam.pose.x, cam.pose.y, cam.pose.z};
      dv = {v[0], v[1], v[2]};
    } else {  // from 20-1,500 m above the district's box, 2-60° below the horizon: long walks
      dpt::CounterRng rng(20261130, 3, static_cast<std::uint32_t>(i), 0);
      o = {g.x0 + (g.nx - 1) * g.dx * rng.uniform(), g.y0 - (g.ny - 1) * g.dy * rng.uniform(),
           20.0 + 1500.0 * rng.uniform()};
      const double dip = (2.0 + 58.0 * rng.uniform()) * M_PI / 180.0, az = 2.0 * M_PI * rng.uniform();
      dv = {std::cos(dip) * std::sin(az), std::cos(dip) * std::cos(az), -std::sin(dip)};
    }
    const auto a = world->ray_cast(o, dv, 20000.0);
    const auto b = world->ray_cast_bullet(o, dv, 20000.0);
    const bool same = a.hit == b.hit && (!a.hit || a.building == b.building);
    const double diff = a.hit && b.hit ? std::abs(a.distance - b.distance) : 0.0;
    if (!same) ++class_disagree;
    const double cos_inc = a.hit ? std::abs(a.normal.x * dv.x + a.normal.y * dv.y + a.normal.z * dv.z) /
                                       std::sqrt(dv.x * dv.x + dv.y * dv.y + dv.z * dv.z)
                                 : 1.0;
    const double tol = std::max(kDistanceTol, kPositionTol / std::max(cos_inc, 1e-3));
    if (same && diff > tol) ++far_apart;
    worst = std::max(worst, same ? diff : 0.0);
    hits += a.hit;
    building_hits += a.hit && a.building >= 0;
    long_hits += a.hit && a.distance > 1000.0;
    if ((!same || diff > tol) && examples.tellp() < 2000) {
      examples.precision(10);
      examples << "  ray " << i << " o=(" << o.x << ", " << o.y << ", " << o.z << ") d=(" << dv.x << ", " << dv.y << ", "
               << dv.z << "): grid " << a.hit << " b=" << a.building << " t=" << a.distance << " | bullet " << b.hit
               << " b=" << b.building << " t=" << b.distance << "\n";
    }
  }
  std::ostringstream summary;
  summary << "grid vs bullet, " << kRays << " rays: class disagree " << class_disagree << ", distance beyond tolerance " << far_apart << " (worst " << worst << " m); hits " << hits << ", on buildings " << building_hits
          << ", farther than 1 km " << long_hits << "\n"
          << examples.str();
  WARN(summary.str());
  INFO(summary.str());
  CHECK(static_cast<double>(class_disagree) <= 0.001 * kRays);
  CHECK(far_apart == 0);
  CHECK(building_hits > kRays / 20);
  CHECK(long_hits > kRays / 20);
}
