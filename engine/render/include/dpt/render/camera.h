#pragma once
// Cameras for the renderer, CPU side: pose in the district frame (x east, y north, z up, metres,
// double), matrices in float relative to the eye (camera-relative rendering keeps float precision
// near the viewer however far the eye is from the district origin), Vulkan clip space with
// reversed Z, orbit and fly controls, and "look through" a district camera.
//
// Conventions (the same as dpt/world/sensors.h, so a district camera maps one to one):
//   yaw_deg   heading of the view axis, degrees clockwise from north (90 looks east)
//   pitch_deg degrees above the horizon (negative looks down, -90 straight down)
//   roll_deg  about the view axis, positive turns the camera's right side down
//   camera space: x right, y up, looking along -Z (right-handed, OpenGL/glTF style)
//   clip space: Vulkan — NDC x right, y DOWN, depth 0..1 — with REVERSED Z: the near plane maps
//     to depth 1, the far plane (or infinity) to 0; clear depth to 0 and test with GREATER.
//     Reversed Z spreads float precision evenly in log distance (Reed, "Depth Precision
//     Visualized", NVIDIA 2015), which a 40 km district viewed from 1 m away needs.
#include <optional>

#include <glm/glm.hpp>

#include "dpt/world/sensors.h"

namespace dpt::render {

struct ViewCamera {
  glm::dvec3 eye{0.0};        // district frame, m
  double yaw_deg = 0.0;       // clockwise from north
  double pitch_deg = 0.0;     // up +
  double roll_deg = 0.0;      // right side down +
  double fov_y_deg = 45.0;    // full vertical field of view
  double near_m = 1.0;        // > 0
  double far_m = 1.0e6;       // > near_m, or +infinity for an infinite far plane
  // Principal point off the image centre, in NDC units (Vulkan: +x right, +y down): 0 for a
  // symmetric frustum; 2*cx/W - 1, 2*cy/H - 1 for a pinhole camera (see look_through).
  glm::dvec2 lens_shift{0.0};
  // fx / fy of a pinhole camera (non-square pixels); 1 for the viewer.
  double pixel_aspect = 1.0;
};

// Unit axes of the camera in the district frame.
glm::dvec3 forward(const ViewCamera& c);
glm::dvec3 right(const ViewCamera& c);
glm::dvec3 up(const ViewCamera& c);

// World-relative-to-eye (p - eye) → camera space: rows right, up, -forward.
glm::mat4 view_matrix_relative(const ViewCamera& c);
// Camera space → Vulkan clip space, reversed Z (near → 1, far → 0; infinite far when far_m is
// +inf). `aspect` is the viewport's width / height.
glm::mat4 projection(const ViewCamera& c, double aspect);
// The same two in double precision (for CPU-side checks and picking).
glm::dmat4 view_matrix_relative_d(const ViewCamera& c);
glm::dmat4 projection_d(const ViewCamera& c, double aspect);

// Analytic reversed-Z depth of a point at view depth d (distance along the view axis).
double depth_at(const ViewCamera& c, double d);

// The continuous pixel position (pixel centres at +0.5, v down) of a world point in a w × h
// image; nullopt when the point is at or behind the eye plane.
std::optional<glm::dvec2> project_to_pixel(const ViewCamera& c, glm::dvec3 world, int w, int h);

// --- orbit camera -------------------------------------------------------------------------
struct OrbitParams {
  glm::dvec3 target{0.0};
  double distance = 1000.0;   // eye to target, m
  double heading_deg = 0.0;   // the camera's yaw (it looks toward the target along this heading)
  double pitch_deg = -45.0;   // the camera's pitch (negative: eye above the target)
};
// The eye `distance` behind the target along the view direction (heading, pitch), looking at it.
// near_m = max(0.1, distance / 1000); far at infinity.
ViewCamera orbit(glm::dvec3 target, double distance, double heading_deg, double pitch_deg, double fov_y_deg);
ViewCamera orbit(const OrbitParams& o, double fov_y_deg);
// The inverse: the orbit whose target is `distance` in front of the eye (roll is dropped).
OrbitParams to_orbit(const ViewCamera& c, double distance);

// Mouse drag: heading += dx_deg, pitch += dy_deg (pitch kept in [-89.9, 89.9]).
void orbit_drag(OrbitParams& o, double dx_deg, double dy_deg);
// Wheel: distance *= factor (kept in [min_m, max_m]).
void orbit_zoom(OrbitParams& o, double factor, double min_m = 1.0, double max_m = 1.0e6);

// --- fly camera ---------------------------------------------------------------------------
struct FlyInput {
  double forward = 0.0;    // -1..1 (W/S): along the view axis
  double right = 0.0;      // -1..1 (D/A): along the camera's right
  double up = 0.0;         // -1..1 (E/Q): along world up
  double yaw_deg = 0.0;    // mouse: added to the heading
  double pitch_deg = 0.0;  // mouse: added to the pitch (kept in [-89.9, 89.9])
  double speed_mps = 50.0;
};
// Turns first, then moves speed × dt along the (new) camera axes; yaw wrapped to [0, 360).
void fly_step(ViewCamera& c, const FlyInput& in, double dt_s);

// --- district cameras ---------------------------------------------------------------------
// The pose and intrinsics of a district camera: vertical fov from fy and the image height,
// lens shift from (cx, cy), pixel aspect fx / fy. Rendered at the camera's width × height,
// a world point lands on the pixel that world::camera_ray maps back to it (off-centre principal
// points included). near 0.5 m, far at infinity.
ViewCamera look_through(const world::Camera& cam);

// --- culling and level of detail -------------------------------------------------------------
// Six planes in the district frame (double), normals pointing inward: a point p is inside when
// dot(xyz, p) + w >= 0 for all six. Order: left, right, bottom, top, near, far (an infinite far
// plane is stored as (0, 0, 0, 1), which every point satisfies).
struct Frustum {
  glm::dvec4 planes[6];
};
Frustum make_frustum(const ViewCamera& c, double aspect);
bool contains(const Frustum& f, glm::dvec3 p);
// Conservative box test (p-vertex, Greene 1994 / Akenine-Möller "Real-Time Rendering" §22.14):
// false only when the box lies wholly outside one plane; a box outside the frustum near a corner
// may still answer true (never a false negative).
bool intersects(const Frustum& f, glm::dvec3 box_lo, glm::dvec3 box_hi);

// Screen-space diameter, in pixels of a viewport `height_px` tall, of a sphere seen at its
// distance from the eye (as if on the view axis: the silhouette's angular radius asin(r/d)
// projected with the vertical focal length). +inf when the eye is inside the sphere.
double projected_size_px(const ViewCamera& c, int height_px, glm::dvec3 centre, double radius);
// The same for a box, through its bounding sphere.
double projected_size_px(const ViewCamera& c, int height_px, glm::dvec3 box_lo, glm::dvec3 box_hi);

}  // namespace dpt::render
