#pragma once
// The per-ray Bullet callback: keeps the nearest triangle a shape's performRaycast reports. It
// lives on the caller's stack, so concurrent ray casts share nothing.
#include <BulletCollision/NarrowPhaseCollision/btRaycastCallback.h>

#include <cmath>

#include "ray_math.h"

namespace dpt::physics::detail {

class NearestTriangle final : public btTriangleRaycastCallback {
 public:
  // from/to in the shape's local frame. Both faces count (kF_None): buildings are closed and the
  // terrain may be seen from below by a ray that starts under it. Bullet flips the normal to face
  // the ray's origin.
  NearestTriangle(const btVector3& from, const btVector3& to)
      : btTriangleRaycastCallback(from, to, kF_None) {}

  btScalar reportHit(const btVector3& normal, btScalar fraction, int /*part*/,
                     int triangle) override {
    hit_ = true;
    normal_ = normal;
    fraction_ = fraction;
    triangle_ = triangle;
    return fraction;  // Bullet then only accepts nearer triangles (m_hitFraction)
  }

  bool hit() const { return hit_; }
  const btVector3& normal() const { return normal_; }
  btScalar fraction() const { return fraction_; }  // along from → to
  int triangle() const { return triangle_; }

 private:
  bool hit_ = false;
  btVector3 normal_{0, 0, 0};
  btScalar fraction_ = 1;
  int triangle_ = -1;
};

// Takes cb's hit into `hit` when it is nearer: the callback ran over the ray's piece [a, b]
// (metres along the ray); `building` is -1 for the terrain. Returns whether `hit` changed.
inline bool take_nearer(const NearestTriangle& cb, double a, double b, long long building, Hit& hit) {
  if (!cb.hit()) return false;
  const double t = a + static_cast<double>(cb.fraction()) * (b - a);
  if (t >= hit.t) return false;
  const btVector3& n = cb.normal();
  const double len = std::sqrt(double(n.x()) * n.x() + double(n.y()) * n.y() + double(n.z()) * n.z());
  hit.t = t;
  hit.n[0] = n.x() / len;
  hit.n[1] = n.y() / len;
  hit.n[2] = n.z() / len;
  hit.building = building;
  return true;
}

}  // namespace dpt::physics::detail
