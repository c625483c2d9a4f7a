#version 450
// Terrain colour by elevation and slope (a hypsometric tint: beach sand at the waterline, lowland
// green, darker forest on the hills, bare rock on steep slopes and the peaks), the sea floor by
// depth below the water level, then sun, sky light and fog.
#include "frame_push.glsl"
#include "shading.glsl"

layout(location = 0) in vec3 v_eye_rel;
layout(location = 1) in vec3 v_normal;
layout(location = 2) in float v_z;
layout(location = 0) out vec4 out_colour;

vec3 land(float z, float steep) {
  const vec3 sand = vec3(0.80, 0.74, 0.58);
  const vec3 lowland = vec3(0.42, 0.55, 0.30);
  const vec3 forest = vec3(0.22, 0.38, 0.20);
  const vec3 upland = vec3(0.40, 0.44, 0.28);
  const vec3 rock = vec3(0.50, 0.47, 0.42);
  vec3 c = mix(lowland, forest, smoothstep(20.0, 250.0, z));
  c = mix(c, upland, smoothstep(450.0, 800.0, z));
  c = mix(c, rock, smoothstep(0.35, 0.75, steep));
  return mix(sand, c, smoothstep(1.0, 6.0, z));
}

void main() {
  vec3 n = normalize(v_normal);
  float water = pc.params.x;
  vec3 albedo;
  if (v_z < water) {
    float depth = water - v_z;
    albedo = mix(vec3(0.55, 0.62, 0.55), vec3(0.05, 0.16, 0.30), smoothstep(0.0, 25.0, depth));
  } else {
    albedo = land(v_z - water, 1.0 - n.z);
  }
  out_colour = vec4(fogged(lit(albedo, n), v_eye_rel), 1.0);
}
