#version 450
// Road ribbons draped on the terrain (positions relative to their tile origin): colour by class,
// `across` (-1 .. 1 over the width) for the edge lines; params.w > 0 draws them all in the
// closed-road colour (the overlay redraws closed links with it).
#include "frame_push.glsl"

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec4 in_colour;
layout(location = 2) in float in_along;
layout(location = 3) in float in_across;
layout(location = 4) in vec2 in_outward;
layout(location = 0) out vec3 v_eye_rel;
layout(location = 1) out vec4 v_colour;
layout(location = 2) out float v_across;
layout(location = 3) out float v_along;

void main() {
  vec3 p = in_pos + pc.offset.xyz;
  // A road narrower than about 2 px on the screen is widened to that, about its centreline, so
  // that the network stays visible in an overview (a 7 m road 40 km away is a fifth of a pixel).
  float half_m = length(in_outward);
  if (half_m > 0.0) {
    vec3 centre = p - vec3(in_outward, 0.0);
    float min_half_m = 1.0 * length(centre) / pc.screen.z;
    if (half_m < min_half_m) p = centre + vec3(in_outward * (min_half_m / half_m), 0.0);
  }
  v_eye_rel = p;
  v_colour = pc.params.w > 0.0 ? vec4(0.85, 0.10, 0.10, 1.0) : in_colour;
  v_across = in_across;
  v_along = in_along;
  gl_Position = pc.view_proj * vec4(p, 1.0);
}
