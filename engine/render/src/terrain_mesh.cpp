// Terrain chunks for the renderer: per-chunk vertices with skirts, shared LOD index buffers, the
// per-level geometric error, and the chunked-LOD selection.
#include <algorithm>
#include <cmath>

#include "dpt/core/assert.h"
#include "dpt/render/scene_geometry.h"

namespace dpt::render {

namespace {

// Edge order of the skirt blocks after the grid: north (b = 0), south (b = n), west (a = 0), east (a = n).
enum Edge { kNorth = 0, kSouth = 1, kWest = 2, kEast = 3 };

// Grid vertex (a, b) of a chunk: a east, b south.
std::uint32_t grid_vertex(int n, int a, int b) { return static_cast<std::uint32_t>(b * (n + 1) + a); }
// Skirt vertex k (0..n, along the edge: west→east for north/south, north→south for west/east).
std::uint32_t skirt_vertex(int n, Edge e, int k) {
  return static_cast<std::uint32_t>((n + 1) * (n + 1) + static_cast<int>(e) * (n + 1) + k);
}

// Appends the indices of one level: grid cells at `stride`, then the skirt quads of its edges.
void append_level(int n, int stride, std::vector<std::uint32_t>& out) {
  const auto tri = [&out](std::uint32_t p, std::uint32_t q, std::uint32_t r) {
    out.push_back(p);
    out.push_back(q);
    out.push_back(r);
  };
  for (int b = 0; b < n; b += stride) {
    for (int a = 0; a < n; a += stride) {
      const std::uint32_t nw = grid_vertex(n, a, b), ne = grid_vertex(n, a + stride, b);
      const std::uint32_t sw = grid_vertex(n, a, b + stride), se = grid_vertex(n, a + stride, b + stride);
      // Bullet's split, counter-clockwise from above: A = (SW, SE, NW), B = (SE, NE, NW).
      tri(sw, se, nw);
      tri(se, ne, nw);
    }
  }
  // Skirts: a quad per edge segment between the top (grid) and bottom (skirt) vertices, facing
  // out of the chunk. Going along an edge with the outside on the right, (top0, bottom0, bottom1)
  // and (top0, bottom1, top1) are counter-clockwise seen from outside.
  for (int k = 0; k < n; k += stride) {
    const int k1 = k + stride;
    // North edge, outside = +y: walk east→west keeps the outside on the right.
    {
      const std::uint32_t t0 = grid_vertex(n, k1, 0), t1 = grid_vertex(n, k, 0);
      const std::uint32_t b0 = skirt_vertex(n, kNorth, k1), b1 = skirt_vertex(n, kNorth, k);
      tri(t0, b0, b1);
      tri(t0, b1, t1);
    }
    // South edge, outside = -y: walk west→east.
    {
      const std::uint32_t t0 = grid_vertex(n, k, n), t1 = grid_vertex(n, k1, n);
      const std::uint32_t b0 = skirt_vertex(n, kSouth, k), b1 = skirt_vertex(n, kSouth, k1);
      tri(t0, b0, b1);
      tri(t0, b1, t1);
    }
    // West edge, outside = -x: walk south→north (b decreasing).
    {
      const std::uint32_t t0 = grid_vertex(n, 0, k1), t1 = grid_vertex(n, 0, k);
      const std::uint32_t b0 = skirt_vertex(n, kWest, k1), b1 = skirt_vertex(n, kWest, k);
      tri(t0, b0, b1);
      tri(t0, b1, t1);
    }
    // East edge, outside = +x: walk north→south.
    {
      const std::uint32_t t0 = grid_vertex(n, n, k), t1 = grid_vertex(n, n, k1);
      const std::uint32_t b0 = skirt_vertex(n, kEast, k), b1 = skirt_vertex(n, kEast, k1);
      tri(t0, b0, b1);
      tri(t0, b1, t1);
    }
  }
}

// Largest |z0 - z_k| over the chunk's real samples, z_k the level-k surface (stride s) with the
// same diagonal split; clamped coarse cells at the grid's end are stretched onto the real samples.
float level_error(const geo::HeightGrid& g, const TerrainChunk& c, int n, int s) {
  const int last_a = c.ni - 1, last_b = c.nj - 1;
  float worst = 0.0f;
  for (int b0 = 0; b0 < n; b0 += s) {
    const int bn = std::min(b0, last_b), bs = std::min(b0 + s, last_b);
    if (bs == bn) continue;
    for (int a0 = 0; a0 < n; a0 += s) {
      const int aw = std::min(a0, last_a), ae = std::min(a0 + s, last_a);
      if (ae == aw) continue;
      const double znw = g.at(c.i0 + aw, c.j0 + bn), zne = g.at(c.i0 + ae, c.j0 + bn);
      const double zsw = g.at(c.i0 + aw, c.j0 + bs), zse = g.at(c.i0 + ae, c.j0 + bs);
      for (int b = bn; b <= bs; ++b) {
        const double v = static_cast<double>(bs - b) / (bs - bn);  // 0 south .. 1 north
        for (int a = aw; a <= ae; ++a) {
          const double u = static_cast<double>(a - aw) / (ae - aw);  // 0 west .. 1 east
          // As in cast_terrain_cell: A (u + v <= 1) from SW; B from NE.
          const double z = u + v <= 1.0 ? zsw + (zse - zsw) * u + (znw - zsw) * v
                                        : zne + (znw - zne) * (1.0 - u) + (zse - zne) * (1.0 - v);
          worst = std::max(worst, static_cast<float>(std::abs(g.at(c.i0 + a, c.j0 + b) - z)));
        }
      }
    }
  }
  return worst;
}

}  // namespace

TerrainMesh build_terrain_mesh(const world::Terrain& terrain, int chunk_cells) {
  TerrainMesh m;
  const geo::HeightGrid& g = terrain.grid;
  if (terrain.empty() || g.nx < 2 || g.ny < 2 || chunk_cells < 1) return m;
  const int n = chunk_cells;
  m.chunk_cells = n;
  while (m.levels < kMaxTerrainLods && n % (1 << m.levels) == 0 && (1 << m.levels) <= n) ++m.levels;
  for (int k = 0; k < m.levels; ++k) {
    m.lod[static_cast<std::size_t>(k)].first = static_cast<std::uint32_t>(m.indices.size());
    append_level(n, 1 << k, m.indices);
    m.lod[static_cast<std::size_t>(k)].count =
        static_cast<std::uint32_t>(m.indices.size()) - m.lod[static_cast<std::size_t>(k)].first;
  }
  m.vertices_per_chunk = static_cast<std::uint32_t>((n + 1) * (n + 1) + 4 * (n + 1));

  // Normals by central differences on the grid (one-sided at its border): n ∝ (-dz/dx, -dz/dy, 1),
  // rows run south so dz/dy = (z(row-1) - z(row+1)) / (2 dy).
  const auto normal = [&g](int i, int j, float out[3]) {
    const int il = std::max(i - 1, 0), ir = std::min(i + 1, g.nx - 1);
    const int jn = std::max(j - 1, 0), js = std::min(j + 1, g.ny - 1);
    const double dzdx = (static_cast<double>(g.at(ir, j)) - g.at(il, j)) / ((ir - il) * g.dx);
    const double dzdy = (static_cast<double>(g.at(i, jn)) - g.at(i, js)) / ((js - jn) * g.dy);
    const double inv = 1.0 / std::sqrt(dzdx * dzdx + dzdy * dzdy + 1.0);
    out[0] = static_cast<float>(-dzdx * inv);
    out[1] = static_cast<float>(-dzdy * inv);
    out[2] = static_cast<float>(inv);
  };

  const std::vector<world::TerrainChunk> blocks = world::make_chunks(terrain, n);
  m.chunks.reserve(blocks.size());
  m.vertices.reserve(blocks.size() * m.vertices_per_chunk);
  for (const world::TerrainChunk& w : blocks) {
    TerrainChunk c;
    c.i0 = w.i0;
    c.j0 = w.j0;
    c.ni = w.ni;
    c.nj = w.nj;
    c.origin = {0.5 * (w.box.min_x + w.box.max_x), 0.5 * (w.box.min_y + w.box.max_y), 0.0};
    c.lo = {w.box.min_x, w.box.min_y, w.min_z};
    c.hi = {w.box.max_x, w.box.max_y, w.max_z};
    c.base_vertex = static_cast<std::uint32_t>(m.vertices.size());
    const auto vertex_at = [&](int a, int b, double drop) {
      const int i = c.i0 + std::min(a, c.ni - 1), j = c.j0 + std::min(b, c.nj - 1);
      TerrainVertex v{};
      v.px = static_cast<float>(g.x0 + i * g.dx - c.origin.x);
      v.py = static_cast<float>(g.y0 - j * g.dy - c.origin.y);
      v.pz = static_cast<float>(static_cast<double>(g.at(i, j)) - drop);
      float nrm[3];
      normal(i, j, nrm);
      v.nx = nrm[0];
      v.ny = nrm[1];
      v.nz = nrm[2];
      return v;
    };
    for (int b = 0; b <= n; ++b)
      for (int a = 0; a <= n; ++a) m.vertices.push_back(vertex_at(a, b, 0.0));
    for (int k = 0; k <= n; ++k) m.vertices.push_back(vertex_at(k, 0, kTerrainSkirtM));
    for (int k = 0; k <= n; ++k) m.vertices.push_back(vertex_at(k, n, kTerrainSkirtM));
    for (int k = 0; k <= n; ++k) m.vertices.push_back(vertex_at(0, k, kTerrainSkirtM));
    for (int k = 0; k <= n; ++k) m.vertices.push_back(vertex_at(n, k, kTerrainSkirtM));
    for (int k = 1; k < m.levels; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      c.error[kk] = std::max(c.error[kk - 1], level_error(g, c, n, 1 << k));
    }
    m.chunks.push_back(c);
  }
  DPT_ASSERT(m.vertices.size() == m.chunks.size() * m.vertices_per_chunk, "fixed vertex block per chunk");
  return m;
}

int choose_lod(const TerrainChunk& chunk, int levels, glm::dvec3 eye, double pixels_per_radian, double max_error_px) {
  // Distance from the eye to the nearest point of the chunk's box.
  double d2 = 0.0;
  for (int a = 0; a < 3; ++a) {
    const double e = eye[a];
    const double gap = e < chunk.lo[a] ? chunk.lo[a] - e : (e > chunk.hi[a] ? e - chunk.hi[a] : 0.0);
    d2 += gap * gap;
  }
  const double d = std::sqrt(d2);
  if (d <= 0.0) return 0;
  int best = 0;
  for (int k = 1; k < std::min(levels, kMaxTerrainLods); ++k) {
    if (chunk.error[static_cast<std::size_t>(k)] * pixels_per_radian / d <= max_error_px)
      best = k;
    else
      break;  // errors are non-decreasing in k
  }
  return best;
}

}  // namespace dpt::render
