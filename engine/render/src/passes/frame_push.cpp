#include "frame_push.h"

#include <algorithm>
#include <cmath>

namespace dpt::render::passes {

FrameContext make_frame_context(const ViewCamera& camera, int width, int height, double water_level_m) {
  FrameContext f;
  f.camera = camera;
  f.width = width;
  f.height = height;
  f.aspect = static_cast<double>(width) / static_cast<double>(height);
  f.pixels_per_radian = height / (2.0 * std::tan(0.5 * camera.fov_y_deg * M_PI / 180.0));
  f.frustum = make_frustum(camera, f.aspect);
  f.push.view_proj = projection(camera, f.aspect) * view_matrix_relative(camera);
  // The sun from the north-west, 45° up: the cartographic hill-shading convention, which makes
  // relief read as relief rather than as valleys (Imhof, "Cartographic Relief Presentation").
  const double az = 315.0 * M_PI / 180.0, el = 45.0 * M_PI / 180.0;
  f.push.sun = glm::vec4(static_cast<float>(std::sin(az) * std::cos(el)), static_cast<float>(std::cos(az) * std::cos(el)),
                         static_cast<float>(std::sin(el)), 0.28f);
  // Haze: visibility about 60 km on a clear day on the coast, but an overview from high above
  // looks down through thinner air: the fog distance grows with the eye's height.
  const double fog_m = std::max(60000.0, 5.0 * camera.eye.z);
  f.push.params = glm::vec4(static_cast<float>(water_level_m), static_cast<float>(fog_m), 0.0f, 0.0f);
  f.push.screen = glm::vec4(static_cast<float>(width), static_cast<float>(height), static_cast<float>(f.pixels_per_radian), 0.0f);
  return f;
}

double distance_to_box(const glm::dvec3& eye, const glm::dvec3& lo, const glm::dvec3& hi) {
  const glm::dvec3 nearest = glm::clamp(eye, lo, hi);
  return glm::length(eye - nearest);
}

}  // namespace dpt::render::passes
