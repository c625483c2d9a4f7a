#pragma once
// The per-ray Bullet callback: keeps the nearest triangle a shape's performRaycast reports. It
// lives on the caller's stack, so concurrent ray casts share nothing.
#include <BulletCollision/NarrowPhaseCollision/btRaycastCallback.h>

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

}  // namespace dpt::physics::detail
