// The sea: a flat grid at z = 0 around the district (the renderer lifts it to the water level)
// and the terrain heights as a texture for its depth tint.
#include <algorithm>
#include <cmath>

#include "dpt/render/scene_geometry.h"

namespace dpt::render {

SeaMesh build_sea(const world::Terrain& terrain, double margin_m, double cell_m, int max_texture_dim) {
  SeaMesh s;
  if (terrain.empty() || !(cell_m > 0.0)) return s;
  const geo::HeightGrid& g = terrain.grid;
  const geo::Box b = terrain.bounds();
  s.origin = {0.5 * (b.min_x + b.max_x), 0.5 * (b.min_y + b.max_y), 0.0};
  s.lo = {b.min_x - margin_m, b.min_y - margin_m, 0.0};
  s.hi = {b.max_x + margin_m, b.max_y + margin_m, 0.0};

  // Whole cells of at most cell_m (the grid spans the box exactly).
  const int cx = std::max(1, static_cast<int>(std::ceil((s.hi.x - s.lo.x) / cell_m)));
  const int cy = std::max(1, static_cast<int>(std::ceil((s.hi.y - s.lo.y) / cell_m)));
  s.vertices.reserve(static_cast<std::size_t>(cx + 1) * (cy + 1));
  for (int j = 0; j <= cy; ++j) {
    const double y = s.lo.y + (s.hi.y - s.lo.y) * j / cy;  // j = 0 south
    for (int i = 0; i <= cx; ++i) {
      const double x = s.lo.x + (s.hi.x - s.lo.x) * i / cx;
      s.vertices.push_back({static_cast<float>(x - s.origin.x), static_cast<float>(y - s.origin.y), 0.0f});
    }
  }
  s.indices.reserve(static_cast<std::size_t>(cx) * cy * 6);
  for (int j = 0; j < cy; ++j) {
    for (int i = 0; i < cx; ++i) {
      const auto sw = static_cast<std::uint32_t>(j * (cx + 1) + i), se = sw + 1;
      const auto nw = sw + static_cast<std::uint32_t>(cx + 1), ne = nw + 1;
      s.indices.insert(s.indices.end(), {sw, se, nw, se, ne, nw});  // counter-clockwise from above
    }
  }

  // Height texture: every step-th sample, step the smallest that fits max_texture_dim.
  const int dim = std::max(max_texture_dim, 1);
  const int step = std::max({1, (g.nx + dim - 1) / dim, (g.ny + dim - 1) / dim});
  s.width = (g.nx - 1) / step + 1;
  s.height_rows = (g.ny - 1) / step + 1;
  s.height.reserve(static_cast<std::size_t>(s.width) * s.height_rows);
  for (int r = 0; r < s.height_rows; ++r)
    for (int c = 0; c < s.width; ++c) s.height.push_back(g.at(c * step, r * step));
  // Texel (c, r) samples (x0 + c·step·dx, y0 - r·step·dy); its centre is at u = (c + 0.5) / width:
  // u = (x - x0) / (step·dx·width) + 0.5 / width, v = (y0 - y) / (step·dy·rows) + 0.5 / rows.
  const double sx = step * g.dx * s.width, sy = step * g.dy * s.height_rows;
  s.uv_scale[0] = 1.0 / sx;
  s.uv_offset[0] = -g.x0 / sx + 0.5 / s.width;
  s.uv_scale[1] = -1.0 / sy;
  s.uv_offset[1] = g.y0 / sy + 0.5 / s.height_rows;
  return s;
}

}  // namespace dpt::render
