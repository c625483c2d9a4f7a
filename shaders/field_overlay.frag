#version 450
// Field overlay, fragment stage: the scalar field (one float per cell: wind speed in m/s, a
// concentration, ...) at the fragment's district-frame position, bilinear between cell centres,
// mapped linearly from [min, max] onto a colour ramp and blended over the terrain with `opacity`.
// A fragment whose nearest cell has no data (NaN), or outside the grid, is discarded so that the
// district shows through; a NaN neighbour takes the nearest cell's value (no bleeding of no-data).
//
// The ramp is viridis (van der Walt and Smith, matplotlib 2.0 default colour map): perceptually
// uniform and readable for colour-blind viewers. Five stops at 0, 1/4, 1/2, 3/4, 1, from
// matplotlib's _cm_listed.py (#440154, #3b528b, #21918c, #5ec962, #fde725), interpolated linearly
// in sRGB (the legend in overlay_geometry.cpp uses the same stops) and written linear (the
// target encodes sRGB).

layout(set = 0, binding = 0) uniform sampler2D field;  // R32_SFLOAT, row 0 south; read with texelFetch

layout(push_constant) uniform FieldPush {
  mat4 view_proj;
  vec4 offset;
  vec4 to_field;
  vec4 range;  // x: min value; y: 1 / (max - min) (0: flat); z: opacity
} pc;

layout(location = 0) in vec2 v_uv;
layout(location = 0) out vec4 out_colour;

const vec3 kRamp[5] = vec3[](vec3(0.267, 0.004, 0.329), vec3(0.231, 0.322, 0.545), vec3(0.129, 0.569, 0.549),
                             vec3(0.369, 0.788, 0.384), vec3(0.992, 0.906, 0.145));

vec3 ramp(float t) {
  float x = clamp(t, 0.0, 1.0) * 4.0;
  int i = min(int(x), 3);
  return mix(kRamp[i], kRamp[i + 1], x - float(i));
}

// IEC 61966-2-1.
vec3 to_linear(vec3 c) {
  return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}

void main() {
  if (any(lessThan(v_uv, vec2(0.0))) || any(greaterThan(v_uv, vec2(1.0)))) discard;
  ivec2 size = textureSize(field, 0);
  vec2 g = v_uv * vec2(size) - 0.5;  // cell coordinates: cell centres at integers
  ivec2 hi = size - 1;
  float nearest = texelFetch(field, clamp(ivec2(floor(g + 0.5)), ivec2(0), hi), 0).r;
  if (isnan(nearest)) discard;
  ivec2 i0 = ivec2(floor(g));
  vec2 f = g - vec2(i0);
  float v[4];
  for (int k = 0; k < 4; ++k) {
    float s = texelFetch(field, clamp(i0 + ivec2(k & 1, k >> 1), ivec2(0), hi), 0).r;
    v[k] = isnan(s) ? nearest : s;
  }
  float value = mix(mix(v[0], v[1], f.x), mix(v[2], v[3], f.x), f.y);
  float t = pc.range.y > 0.0 ? (value - pc.range.x) * pc.range.y : 0.5;
  out_colour = vec4(to_linear(ramp(t)), pc.range.z);
}
