#version 450
// Field overlay, fragment stage: samples a scalar field (one float per cell: wind speed in m/s,
// a concentration, a depth, ...) from a single-channel float texture, maps it linearly from
// [min_value, max_value] onto a colour ramp and blends it over the scene with `opacity`. Cells
// without data (NaN, or equal to the field's no-data value as GDAL writes it) are discarded so
// that the district shows through.
//
// The ramp is viridis (van der Walt and Smith, matplotlib 2.0 default colour map): perceptually
// uniform and readable for colour-blind viewers. Five stops at 0, 1/4, 1/2, 3/4, 1, from
// matplotlib's _cm_listed.py (#440154, #3b528b, #21918c, #5ec962, #fde725), interpolated linearly.

// Sampled with NEAREST filtering: a linear filter would blend no-data cells into their neighbours.
layout(set = 0, binding = 0) uniform sampler2D field;

layout(push_constant) uniform OverlayRange {
  float min_value;  // maps to the first ramp colour
  float max_value;  // maps to the last ramp colour
  float no_data;    // the field's no-data value
  float opacity;    // 0 transparent .. 1 opaque
} range;

layout(location = 0) in vec2 in_uv;
layout(location = 0) out vec4 out_colour;

const vec3 kRamp[5] = vec3[](vec3(0.267, 0.004, 0.329), vec3(0.231, 0.322, 0.545), vec3(0.129, 0.569, 0.549),
                             vec3(0.369, 0.788, 0.384), vec3(0.992, 0.906, 0.145));

vec3 ramp(float t) {
  float x = clamp(t, 0.0, 1.0) * 4.0;
  int i = min(int(x), 3);
  return mix(kRamp[i], kRamp[i + 1], x - float(i));
}

void main() {
  float v = texture(field, in_uv).r;
  if (isnan(v) || v == range.no_data) discard;
  float span = range.max_value - range.min_value;
  float t = span > 0.0 ? (v - range.min_value) / span : 0.5;
  out_colour = vec4(ramp(t), range.opacity);
}
