// The push constants every 3-D pass of the renderer shares (128 bytes: all Vulkan guarantees).
// Positions reach the GPU relative to their chunk's or tile's origin; `offset` moves them to be
// relative to the eye (both in double on the CPU), so float keeps millimetres anywhere in the
// district. The renderer's C++ mirror is FramePush in engine/render/src/passes/frame_push.h.
layout(push_constant) uniform FramePush {
  mat4 view_proj;  // eye-relative world -> Vulkan clip space (reversed Z)
  vec4 offset;     // xyz: origin - eye (m); w: the eye's absolute z (m)
  vec4 sun;        // xyz: unit direction towards the sun; w: ambient light 0..1
  vec4 params;     // x: water level (m); y: fog distance (m, 0 = none); z: time (s); w: pass-specific
  vec4 screen;     // x, y: target size (px); z: pixels per radian at the centre; w: unused
} pc;
