#version 450
// Overlay geometry (zones, arrows, trails, camera frusta): triangles built on the CPU every frame,
// positions already relative to the eye (offset is zero), colour per vertex (linear RGBA).
#include "frame_push.glsl"

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec4 in_colour;
layout(location = 0) out vec4 v_colour;

void main() {
  v_colour = in_colour;
  gl_Position = pc.view_proj * vec4(in_pos + pc.offset.xyz, 1.0);
}
