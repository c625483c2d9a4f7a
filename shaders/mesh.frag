#version 450
#include "frame_push.glsl"
#include "shading.glsl"

layout(location = 0) in vec3 v_eye_rel;
layout(location = 1) in vec3 v_normal;
layout(location = 2) in vec4 v_colour;
layout(location = 0) out vec4 out_colour;

void main() {
  vec3 n = normalize(v_normal);
  out_colour = vec4(fogged(lit(v_colour.rgb, n), v_eye_rel), v_colour.a);
}
