// Lighting shared by the 3-D passes: Lambert diffuse from the sun plus an ambient term and a
// little sky light from above, then aerial perspective as exponential fog towards the sky colour.
const vec3 kSkyColour = vec3(0.66, 0.76, 0.86);

vec3 lit(vec3 albedo, vec3 n) {
  float diffuse = max(dot(n, pc.sun.xyz), 0.0);
  float sky = 0.5 + 0.5 * n.z;
  return albedo * (pc.sun.w * sky + (1.0 - pc.sun.w) * diffuse);
}

vec3 fogged(vec3 colour, vec3 eye_rel) {
  if (pc.params.y <= 0.0) return colour;
  float f = 1.0 - exp(-length(eye_rel) / pc.params.y);
  return mix(colour, kSkyColour, clamp(f, 0.0, 1.0));
}
