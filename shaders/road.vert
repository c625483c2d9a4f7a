#version 450
// Road ribbons draped on the terrain (positions relative to their tile origin): colour by class,
// `across` (-1 .. 1 over the width) for the edge lines; params.w > 0 draws them all in the
// closed-road colour (the overlay redraws closed links with it).
#include "frame_push.glsl"

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec4 in_colour;
layout(location = 2) in float in_along;
layout(location = 3) in float in_across;
layout(location = 0) out vec3 v_eye_rel;
layout(location = 1) out vec4 v_colour;
layout(location = 2) out float v_across;
layout(location = 3) out float v_along;

void main() {
  vec3 p = in_pos + pc.offset.xyz;
  v_eye_rel = p;
  v_colour = pc.params.w > 0.0 ? vec4(0.85, 0.10, 0.10, 1.0) : in_colour;
  v_across = in_across;
  v_along = in_along;
  gl_Position = pc.view_proj * vec4(p, 1.0);
}
