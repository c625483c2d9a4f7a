#version 450
// Field overlay, vertex stage: draws one triangle that covers the whole viewport (no vertex
// buffer; the three corners come from gl_VertexIndex) and hands the fragment stage the texture
// coordinate of each pixel. The overlay pass draws it with vkCmdDraw(cmd, 3, 1, 0, 0) to lay a
// scalar field (wind speed, concentration, ...) over the district view.
//
// Corners (-1,-1), (3,-1), (-1,3) in clip space: the part inside [-1,1]^2 is the viewport, with
// uv running 0..1 across it. Vulkan's clip space has y pointing down, so uv (0,0) is the top-left
// pixel, which matches a north-up raster whose first row is the northern edge.

layout(location = 0) out vec2 out_uv;

void main() {
  out_uv = vec2(float((gl_VertexIndex << 1) & 2), float(gl_VertexIndex & 2));
  gl_Position = vec4(out_uv * 2.0 - 1.0, 0.0, 1.0);
}
