#version 450
// Instanced agents (vehicles, pedestrians, tracks): a unit mesh per kind, placed, scaled and turned
// by the 32-byte AgentInstance of engine/render/include/dpt/render/renderer.h read as per-instance
// vertex attributes. Unit mesh frame: x right, y forward, z up; x, y in [-0.5, 0.5], z in [0, 1].
#include "frame_push.glsl"

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_pos_heading;  // x, y, z relative to agents_origin (m); heading (rad, clockwise from north)
layout(location = 3) in vec3 in_size;         // length, width, height (m)
layout(location = 4) in uvec2 in_kind_flags;  // AgentKind; flags (bit 0: highlighted)
layout(location = 0) out vec3 v_eye_rel;
layout(location = 1) out vec3 v_normal;
layout(location = 2) flat out vec3 v_colour;

// Albedo per AgentKind (linear: the target is sRGB): car blue, bus teal, truck brown, hazmat
// truck orange-red, pedestrian magenta, track white. Highlighted agents are bright yellow.
const vec3 kKindColour[6] = vec3[](vec3(0.10, 0.25, 0.70), vec3(0.03, 0.42, 0.38), vec3(0.40, 0.27, 0.13),
                                   vec3(1.00, 0.16, 0.02), vec3(0.85, 0.08, 0.42), vec3(0.92, 0.92, 0.95));
const vec3 kHighlight = vec3(1.0, 0.85, 0.0);

void main() {
  float s = sin(in_pos_heading.w), c = cos(in_pos_heading.w);
  vec2 fwd = vec2(s, c);  // heading 0 faces north (+y), 90° east (+x)
  vec2 rgt = vec2(c, -s);
  vec3 scale = max(vec3(in_size.y, in_size.x, in_size.z), vec3(1.0e-3));
  vec3 m = in_pos * scale;
  vec3 p = vec3(m.x * rgt + m.y * fwd, m.z) + in_pos_heading.xyz + pc.offset.xyz;
  // Normals of a non-uniformly scaled mesh transform by the inverse scale (then the rotation).
  vec3 n = in_normal / scale;
  v_normal = vec3(n.x * rgt + n.y * fwd, n.z);
  v_eye_rel = p;
  v_colour = (in_kind_flags.y & 1u) != 0u ? kHighlight : kKindColour[min(in_kind_flags.x, 5u)];
  gl_Position = pc.view_proj * vec4(p, 1.0);
}
