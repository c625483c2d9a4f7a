#version 450
// Screen-space text and 2-D overlay quads: pixel positions (y down) converted to clip space with
// the target's size; glyph coverage from the font atlas (R8) times the quad's colour.
layout(push_constant) uniform TextPush {
  vec2 target_size;  // pixels
} pc;

layout(location = 0) in vec2 in_pos;  // pixels, y down
layout(location = 1) in vec2 in_uv;
layout(location = 2) in vec4 in_colour;
layout(location = 0) out vec2 v_uv;
layout(location = 1) out vec4 v_colour;

void main() {
  v_uv = in_uv;
  v_colour = in_colour;
  gl_Position = vec4(in_pos / pc.target_size * 2.0 - 1.0, 0.0, 1.0);
}
