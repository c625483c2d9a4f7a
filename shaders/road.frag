#version 450
#include "frame_push.glsl"
#include "shading.glsl"

layout(location = 0) in vec3 v_eye_rel;
layout(location = 1) in vec4 v_colour;
layout(location = 2) in float v_across;
layout(location = 3) in float v_along;
layout(location = 0) out vec4 out_colour;

void main() {
  // A darker kerb line along both edges (the outer 12% of the half width).
  float edge = smoothstep(0.76, 0.88, abs(v_across));
  vec3 albedo = mix(v_colour.rgb, v_colour.rgb * 0.55, edge);
  // The left edge is the centre line of a two-way road: dashed, 6 m paint, 6 m gap.
  if (v_across < -0.80 && fract(v_along / 12.0) < 0.5) albedo = vec3(0.92, 0.90, 0.80);
  out_colour = vec4(fogged(lit(albedo, vec3(0.0, 0.0, 1.0)), v_eye_rel), v_colour.a);
}
