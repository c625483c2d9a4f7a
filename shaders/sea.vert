#version 450
// The sea: a flat grid lifted to the water level (params.x), which the storm surge raises; with
// params.w > 0 the same grid is the opaque deep-sea floor 40 m down, drawn first so that the water
// beyond the terrain's extent has something under it.
#include "frame_push.glsl"

layout(location = 0) in vec3 in_pos;
layout(location = 0) out vec3 v_eye_rel;

void main() {
  vec3 p = in_pos + pc.offset.xyz;
  p.z = (pc.params.w > 0.0 ? -40.0 : pc.params.x) - pc.offset.w;
  v_eye_rel = p;
  gl_Position = pc.view_proj * vec4(p, 1.0);
}
