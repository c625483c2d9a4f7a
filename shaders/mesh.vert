#version 450
// Lit, coloured triangle meshes: building batches and road ribbons (positions relative to their
// tile origin, flat normals, RGBA8 colours).
#include "frame_push.glsl"

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_colour;
layout(location = 0) out vec3 v_eye_rel;
layout(location = 1) out vec3 v_normal;
layout(location = 2) out vec4 v_colour;

void main() {
  vec3 p = in_pos + pc.offset.xyz;
  v_eye_rel = p;
  v_normal = in_normal;
  v_colour = in_colour;
  gl_Position = pc.view_proj * vec4(p, 1.0);
}
