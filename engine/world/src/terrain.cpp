// The ground: bounds, normals, hole filling and render chunks of the height field.
#include "dpt/world/terrain.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace dpt::world {

geo::Box Terrain::bounds() const {
  const geo::HeightGrid& g = grid;
  if (g.nx <= 0 || g.ny <= 0) return {};
  return {g.x0, g.y0 - (g.ny - 1) * g.dy, g.x0 + (g.nx - 1) * g.dx, g.y0};
}

void Terrain::normal(geo::Local p, double out[3]) const {
  // Central differences one sample spacing either side: n ∝ (-∂z/∂x, -∂z/∂y, 1).
  out[0] = 0.0;
  out[1] = 0.0;
  out[2] = 1.0;
  if (empty()) return;
  const double hx = grid.dx, hy = grid.dy;
  const double dzdx = (grid.sample({p.x + hx, p.y}) - grid.sample({p.x - hx, p.y})) / (2.0 * hx);
  const double dzdy = (grid.sample({p.x, p.y + hy}) - grid.sample({p.x, p.y - hy})) / (2.0 * hy);
  if (!std::isfinite(dzdx) || !std::isfinite(dzdy)) return;
  const double len = std::sqrt(dzdx * dzdx + dzdy * dzdy + 1.0);
  out[0] = -dzdx / len;
  out[1] = -dzdy / len;
  out[2] = 1.0 / len;
}

std::int64_t fill_holes(geo::HeightGrid& g) {
  // Breadth-first from the valid samples: each ring of holes takes the mean of its already valid
  // 8-neighbours (values of the previous ring only, so the result does not depend on scan order).
  // O(samples), unlike repeated whole-grid smoothing passes, which matters for large sea areas.
  const int nx = g.nx, ny = g.ny;
  if (nx <= 0 || ny <= 0) return 0;
  const std::size_t n = g.z.size();
  std::int64_t holes = 0;
  for (float v : g.z) holes += std::isnan(v) ? 1 : 0;
  if (holes == 0) return 0;
  if (holes == static_cast<std::int64_t>(n)) {  // nothing to spread from: sea level
    std::fill(g.z.begin(), g.z.end(), 0.0f);
    return holes;
  }
  std::vector<std::uint8_t> queued(n, 0);
  std::vector<std::uint32_t> ring, next;
  auto idx = [nx](int i, int j) { return static_cast<std::size_t>(j) * nx + i; };
  auto enqueue_hole_neighbours = [&](int i, int j, std::vector<std::uint32_t>& out) {
    for (int dj = -1; dj <= 1; ++dj)
      for (int di = -1; di <= 1; ++di) {
        const int a = i + di, b = j + dj;
        if ((di == 0 && dj == 0) || a < 0 || b < 0 || a >= nx || b >= ny) continue;
        const std::size_t k = idx(a, b);
        if (std::isnan(g.z[k]) && queued[k] == 0) {
          queued[k] = 1;
          out.push_back(static_cast<std::uint32_t>(k));
        }
      }
  };
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i)
      if (!std::isnan(g.z[idx(i, j)])) enqueue_hole_neighbours(i, j, ring);
  std::vector<float> values;
  while (!ring.empty()) {
    values.assign(ring.size(), 0.0f);
    for (std::size_t r = 0; r < ring.size(); ++r) {
      const int i = static_cast<int>(ring[r] % static_cast<std::uint32_t>(nx));
      const int j = static_cast<int>(ring[r] / static_cast<std::uint32_t>(nx));
      double sum = 0.0;
      int cnt = 0;
      for (int dj = -1; dj <= 1; ++dj)
        for (int di = -1; di <= 1; ++di) {
          const int a = i + di, b = j + dj;
          if (a < 0 || b < 0 || a >= nx || b >= ny) continue;
          const float v = g.z[idx(a, b)];
          if (!std::isnan(v)) {
            sum += v;
            ++cnt;
          }
        }
      values[r] = static_cast<float>(sum / cnt);  // cnt >= 1: queued next to a valid sample
    }
    for (std::size_t r = 0; r < ring.size(); ++r) g.z[ring[r]] = values[r];
    next.clear();
    for (std::uint32_t k : ring)
      enqueue_hole_neighbours(static_cast<int>(k % static_cast<std::uint32_t>(nx)),
                              static_cast<int>(k / static_cast<std::uint32_t>(nx)), next);
    ring.swap(next);
  }
  return holes;
}

std::vector<TerrainChunk> make_chunks(const Terrain& terrain, int size) {
  std::vector<TerrainChunk> chunks;
  const geo::HeightGrid& g = terrain.grid;
  if (terrain.empty() || size <= 0) return chunks;
  const int cells_x = std::max(g.nx - 1, 1), cells_y = std::max(g.ny - 1, 1);
  for (int j0 = 0; j0 < cells_y; j0 += size)
    for (int i0 = 0; i0 < cells_x; i0 += size) {
      TerrainChunk c;
      c.i0 = i0;
      c.j0 = j0;
      c.ni = std::min(size, g.nx - 1 - i0) + 1;
      c.nj = std::min(size, g.ny - 1 - j0) + 1;
      if (g.nx == 1) c.ni = 1;
      if (g.ny == 1) c.nj = 1;
      float lo = INFINITY, hi = -INFINITY;
      for (int j = j0; j < j0 + c.nj; ++j)
        for (int i = i0; i < i0 + c.ni; ++i) {
          const float z = g.at(i, j);
          lo = std::min(lo, z);
          hi = std::max(hi, z);
        }
      c.min_z = lo;
      c.max_z = hi;
      c.box = {g.x0 + i0 * g.dx, g.y0 - (j0 + c.nj - 1) * g.dy, g.x0 + (i0 + c.ni - 1) * g.dx, g.y0 - j0 * g.dy};
      chunks.push_back(c);
    }
  return chunks;
}

}  // namespace dpt::world
