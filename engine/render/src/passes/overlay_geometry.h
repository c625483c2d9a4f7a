#pragma once
// The CPU side of the 3-D overlays: zones, wind arrows, track trails and camera frusta turned into
// plain coloured triangles with positions relative to the eye (computed in double, stored in float,
// so centimetres hold anywhere in the district). Rebuilt every frame into a host-visible buffer by
// OverlayPass; kept free of Vulkan so that tests can check the shapes on the CPU.
#include <cstdint>
#include <vector>

#include <glm/glm.hpp>

#include "dpt/render/renderer.h"
#include "dpt/world/sensors.h"
#include "dpt/world/terrain.h"

namespace dpt::render::passes {

struct OverlayVertex {
  float x, y, z;       // m, relative to the eye
  std::uint32_t rgba;  // linear RGBA8 (the target encodes sRGB)
};
static_assert(sizeof(OverlayVertex) == 16);

// Overlay colours are given in sRGB (as a planner writes "#ff3319"); the target wants linear.
std::uint32_t pack_srgb(const glm::vec4& srgb);
// Viridis at t in [0, 1] (clamped), sRGB; the same five stops as shaders/field_overlay.frag.
glm::vec3 viridis(float t);

// The district's ground, kept by the overlay pass for draping (NaN and outside the grid: 0 m).
class Ground {
 public:
  void set(const world::Terrain& t) { terrain_ = t; }
  double at(double x, double y) const;
  double spacing() const;  // grid spacing (m), 10 m without a grid
 private:
  world::Terrain terrain_;
};

// How big a pixel is at a distance: lines keep a constant screen width.
struct ScreenScale {
  glm::dvec3 eye{0.0};
  double pixels_per_radian = 1000.0;
  double metres(double px, const glm::dvec3& at) const { return px * glm::length(at - eye) / pixels_per_radian; }
};

class OverlayMesh {
 public:
  std::vector<OverlayVertex> vertices;  // triangle list

  void clear() { vertices.clear(); }
  void triangle(const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c, std::uint32_t rgba, const glm::dvec3& eye);
  // A screen-aligned ribbon `px` wide along a polyline (district frame); colour per point.
  void polyline(const std::vector<glm::dvec3>& points, const std::vector<std::uint32_t>& rgba, double px,
                const ScreenScale& s, bool closed = false);
};

constexpr double kDrapeLiftM = 2.0;  // zones, outlines and arrows float this far above the ground

// Translucent fill draped on the ground (triangles split until no edge is longer than about two
// grid cells, each vertex at the ground + lift) and its outline. Returns false if the ring cannot
// be triangulated (fewer than 3 points, self-intersecting).
bool append_zone(const Zone& z, const Ground& g, const ScreenScale& s, OverlayMesh& out);
// Arrows centred on their samples, length metres_per_unit × |v|, coloured by speed on [lo, hi].
void append_arrows(const VectorArrows& a, float lo, float hi, const Ground& g, const glm::dvec3& eye, OverlayMesh& out);
// A trail: 3 px ribbon, alpha rising from 0.15 (oldest) to the colour's alpha (newest).
void append_trail(const Trail& t, const Ground& g, const ScreenScale& s, OverlayMesh& out);
// The view pyramid of a district camera: the corner rays cut at `reach_m` or where they meet the
// ground; translucent side faces and edges.
void append_frustum(const world::Camera& c, const Ground& g, const ScreenScale& s, OverlayMesh& out,
                    double reach_m = 60.0);
// Where a corner ray of a camera stops (exposed for tests).
glm::dvec3 frustum_corner(const world::Camera& c, double u, double v, const Ground& g, double reach_m);

}  // namespace dpt::render::passes
