#version 450
// Terrain chunks: positions relative to the chunk origin, unit normals from the height grid.
#include "frame_push.glsl"

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec3 in_normal;
layout(location = 0) out vec3 v_eye_rel;
layout(location = 1) out vec3 v_normal;
layout(location = 2) out float v_z;

void main() {
  vec3 p = in_pos + pc.offset.xyz;
  v_eye_rel = p;
  v_normal = in_normal;
  v_z = p.z + pc.offset.w;
  gl_Position = pc.view_proj * vec4(p, 1.0);
}
