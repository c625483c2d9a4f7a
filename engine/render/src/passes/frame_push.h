#pragma once
// The C++ mirror of shaders/frame_push.glsl (std430 push-constant layout: 128 bytes), and what
// every 3-D pass needs to fill it for one draw.
#include <glm/glm.hpp>

#include "dpt/render/camera.h"

namespace dpt::render::passes {

struct FramePush {
  glm::mat4 view_proj;
  glm::vec4 offset;  // origin - eye; w = eye z
  glm::vec4 sun;     // towards the sun; w = ambient
  glm::vec4 params;  // water level, fog distance, time, pass-specific
  glm::vec4 screen;  // width, height (px), pixels per radian, 0
};
static_assert(sizeof(FramePush) == 128);  // the most push-constant space Vulkan guarantees

// The per-frame part, computed once; per draw only `offset` changes (with_origin).
struct FrameContext {
  ViewCamera camera;
  double aspect = 1.0;
  int width = 0, height = 0;
  double pixels_per_radian = 1.0;  // height / (2 tan(fov/2))
  glm::vec4 hud_inset{0.0f};       // left, top, right, bottom pixels covered by the console
  Frustum frustum;
  FramePush push{};

  FramePush with_origin(const glm::dvec3& origin, float pass_param = 0.0f) const {
    FramePush p = push;
    const glm::dvec3 d = origin - camera.eye;
    p.offset = glm::vec4(glm::vec3(d), static_cast<float>(camera.eye.z));
    p.params.w = pass_param;
    return p;
  }
};

FrameContext make_frame_context(const ViewCamera& camera, int width, int height, double water_level_m);

// Distance (m) from the eye to the nearest point of a box.
double distance_to_box(const glm::dvec3& eye, const glm::dvec3& lo, const glm::dvec3& hi);

}  // namespace dpt::render::passes
