#version 450
// Field overlay, vertex stage: the terrain chunks drawn again (same vertices, same LOD as the
// terrain pass) so that the field lies on the relief. Positions are relative to the chunk origin;
// `to_field` carries the chunk origin relative to the field's south-west corner (computed in
// double on the CPU) and the reciprocal of the field's extent, giving each vertex its field uv.

layout(push_constant) uniform FieldPush {
  mat4 view_proj;  // eye-relative world -> Vulkan clip space (reversed Z)
  vec4 offset;     // xyz: chunk origin - eye (m)
  vec4 to_field;   // xy: chunk origin - field corner (m); zw: 1 / (nx dx), 1 / (ny dy)
  vec4 range;      // x: min value; y: 1 / (max - min) (0: flat); z: opacity
} pc;

layout(location = 0) in vec3 in_pos;
layout(location = 0) out vec2 v_uv;

void main() {
  v_uv = (in_pos.xy + pc.to_field.xy) * pc.to_field.zw;
  gl_Position = pc.view_proj * vec4(in_pos + pc.offset.xyz, 1.0);
}
