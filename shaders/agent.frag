#version 450
// Instanced agents: lit and fogged like the building meshes (mesh.frag), one colour per instance.
#include "frame_push.glsl"
#include "shading.glsl"

layout(location = 0) in vec3 v_eye_rel;
layout(location = 1) in vec3 v_normal;
layout(location = 2) flat in vec3 v_colour;
layout(location = 0) out vec4 out_colour;

void main() {
  out_colour = vec4(fogged(lit(v_colour, normalize(v_normal)), v_eye_rel), 1.0);
}
