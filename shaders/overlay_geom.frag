#version 450
// Overlay geometry: unlit, translucent (alpha-blended, no depth writes), so zones read as zones
// rather than as part of the terrain.
layout(location = 0) in vec4 v_colour;
layout(location = 0) out vec4 out_colour;

void main() { out_colour = v_colour; }
