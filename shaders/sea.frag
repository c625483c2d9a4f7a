#version 450
// Translucent water: the terrain below shows its depth tint through it; a Fresnel-like term
// (Schlick's approximation, n = 1.33) makes it more opaque and sky-coloured at grazing angles.
#include "frame_push.glsl"
#include "shading.glsl"

layout(location = 0) in vec3 v_eye_rel;
layout(location = 0) out vec4 out_colour;

void main() {
  if (pc.params.w > 0.0) {  // the deep-sea floor
    out_colour = vec4(fogged(lit(vec3(0.05, 0.16, 0.30), vec3(0.0, 0.0, 1.0)), v_eye_rel), 1.0);
    return;
  }
  vec3 view = normalize(-v_eye_rel);
  float cos_t = clamp(view.z, 0.0, 1.0);
  const float r0 = 0.02;  // ((1 - 1.33) / (1 + 1.33))^2
  float fresnel = r0 + (1.0 - r0) * pow(1.0 - cos_t, 5.0);
  vec3 water = vec3(0.10, 0.28, 0.42);
  vec3 c = mix(water, kSkyColour, fresnel);
  out_colour = vec4(fogged(c, v_eye_rel), mix(0.55, 0.95, fresnel));
}
