// Road ribbons: each link's polyline widened to its lanes, draped on the terrain, batched per tile.
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include <glm/common.hpp>

#include "dpt/render/scene_geometry.h"
#include "tile_grid.h"

namespace dpt::render {

namespace {

constexpr double kMitreLimit = 2.0;  // the mitre offset at most this many times the half width

struct Sample {
  double x, y;      // on the centreline
  double mx, my;    // offset direction (left normal, mitred): a point d to the left is p + d·m
  double along;     // m from the link's start
};

// The centreline resampled: every vertex, plus enough points that no piece exceeds kRoadSampleM.
// Interior vertices get the mitre of their two segments' normals, its length clamped.
void resample(const geo::LineString& line, std::vector<Sample>& out) {
  out.clear();
  std::vector<geo::Local> p;
  p.reserve(line.size());
  for (const geo::Local& v : line)
    if (p.empty() || std::hypot(v.x - p.back().x, v.y - p.back().y) > 1e-6) p.push_back(v);
  if (p.size() < 2) return;
  const auto seg_normal = [&p](std::size_t s, double& nx, double& ny) {
    const double dx = p[s + 1].x - p[s].x, dy = p[s + 1].y - p[s].y, len = std::hypot(dx, dy);
    nx = -dy / len;
    ny = dx / len;
  };
  double along = 0.0;
  for (std::size_t s = 0; s + 1 < p.size(); ++s) {
    double nx, ny;
    seg_normal(s, nx, ny);
    // The vertex at the segment's start: mitred with the previous segment.
    double mx = nx, my = ny;
    if (s > 0) {
      double px, py;
      seg_normal(s - 1, px, py);
      const double sx = px + nx, sy = py + ny, sl = std::hypot(sx, sy);
      if (sl > 1e-9) {
        // Unit bisector b; the offset edges meet at d / cos(θ/2) = d / (b·n) along b.
        const double bx = sx / sl, by = sy / sl;
        const double scale = std::min(1.0 / std::max(bx * nx + by * ny, 1e-9), kMitreLimit);
        mx = bx * scale;
        my = by * scale;
      }
    }
    const double len = std::hypot(p[s + 1].x - p[s].x, p[s + 1].y - p[s].y);
    const int pieces = std::max(1, static_cast<int>(std::ceil(len / kRoadSampleM)));
    out.push_back({p[s].x, p[s].y, mx, my, along});
    for (int k = 1; k < pieces; ++k) {
      const double f = static_cast<double>(k) / pieces;
      out.push_back({p[s].x + f * (p[s + 1].x - p[s].x), p[s].y + f * (p[s + 1].y - p[s].y), nx, ny, along + f * len});
    }
    along += len;
    if (s + 2 == p.size()) out.push_back({p[s + 1].x, p[s + 1].y, nx, ny, along});
  }
}

// The terrain as drawn at level 0: the triangle surface with Bullet's split (see
// terrain_mesh.cpp), not the bilinear patch, which can lie decimetres above or below it and
// would let the ribbon sink into the ground. Clamped to the grid.
double drawn_height(const geo::HeightGrid& g, double x, double y) {
  const double fx = std::clamp((x - g.x0) / g.dx, 0.0, g.nx - 1.0), fy = std::clamp((g.y0 - y) / g.dy, 0.0, g.ny - 1.0);
  const int i = std::min(static_cast<int>(fx), g.nx - 2), jn = std::min(static_cast<int>(fy), g.ny - 2);
  const double u = fx - i, v = 1.0 - (fy - jn);  // u east, v north, 0..1 in the cell
  const double sw = g.at(i, jn + 1), se = g.at(i + 1, jn + 1), nw = g.at(i, jn), ne = g.at(i + 1, jn);
  if (u + v <= 1.0) return sw + (se - sw) * u + (nw - sw) * v;
  return ne + (nw - ne) * (1.0 - u) + (se - ne) * (1.0 - v);
}

}  // namespace

RoadRibbons build_road_ribbons(const world::RoadNetwork& network, const world::Terrain& terrain, double lift_m,
                               double tile_m) {
  RoadRibbons out;
  out.tile_m = tile_m;
  const std::vector<world::RoadLink>& links = network.links();
  out.links.resize(links.size());

  // Two-way roads: a link whose reverse (same source, swapped ends) exists.
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::int64_t>;
  std::vector<Key> keys;
  keys.reserve(links.size());
  for (const world::RoadLink& l : links) keys.emplace_back(l.from, l.to, l.source_id);
  std::sort(keys.begin(), keys.end());

  std::vector<TileKey> tile_key(links.size());
  for (std::size_t k = 0; k < links.size(); ++k) {
    const geo::Box b = geo::bounds(links[k].geometry);
    tile_key[k] = tile_of({0.5 * (b.min_x + b.max_x), 0.5 * (b.min_y + b.max_y)}, tile_m);
  }
  std::vector<std::uint32_t> order, first;
  group_by_tile(tile_key, order, first);

  const auto ground = [&terrain](double x, double y) {
    const geo::HeightGrid& g = terrain.grid;
    const double z = terrain.empty() || g.nx < 2 || g.ny < 2 ? 0.0 : drawn_height(g, x, y);
    return std::isfinite(z) ? z : 0.0;
  };
  std::vector<Sample> samples;
  const std::size_t n_tiles = first.empty() ? 0 : first.size() - 1;
  for (std::size_t t = 0; t < n_tiles; ++t) {
    const TileKey tk = tile_key[order[first[t]]];
    Tile tile;
    tile.tx = tk.tx;
    tile.ty = tk.ty;
    tile.origin = tile_origin(tk, tile_m);
    tile.base_vertex = static_cast<std::uint32_t>(out.vertices.size());
    tile.indices.first = static_cast<std::uint32_t>(out.indices.size());
    glm::dvec3 lo(std::numeric_limits<double>::infinity()), hi = -lo;
    for (std::uint32_t o = first[t]; o < first[t + 1]; ++o) {
      const std::uint32_t k = order[o];
      const world::RoadLink& l = links[k];
      LinkRibbon& r = out.links[k];
      r.tile = static_cast<std::uint32_t>(t);
      r.first_vertex = static_cast<std::uint32_t>(out.vertices.size());
      r.indices.first = static_cast<std::uint32_t>(out.indices.size());
      resample(l.geometry, samples);
      const double width = std::max(l.lanes, 1) * kLaneWidthM;
      const bool two_way = std::binary_search(keys.begin(), keys.end(), Key{l.to, l.from, l.source_id});
      // Offsets to the left of the centreline: a two-way direction keeps to the right half.
      const double left = two_way ? 0.0 : 0.5 * width, right = left - width;
      const std::uint32_t rgba = road_colour(l.cls);
      for (const Sample& s : samples) {
        for (const double d : {left, right}) {
          const double x = s.x + d * s.mx, y = s.y + d * s.my, z = ground(x, y) + lift_m;
          lo = glm::min(lo, glm::dvec3(x, y, z));
          hi = glm::max(hi, glm::dvec3(x, y, z));
          const double out_d = d - 0.5 * (left + right);  // from this ribbon's centreline
          out.vertices.push_back({static_cast<float>(x - tile.origin.x), static_cast<float>(y - tile.origin.y),
                                  static_cast<float>(z - tile.origin.z), rgba, static_cast<float>(s.along),
                                  d == left ? -1.0f : 1.0f, static_cast<float>(out_d * s.mx),
                                  static_cast<float>(out_d * s.my)});
        }
      }
      // Quads between consecutive samples: vertices 2i (left), 2i+1 (right); counter-clockwise
      // from above: (R_i, R_i+1, L_i+1), (R_i, L_i+1, L_i).
      const std::uint32_t v0 = r.first_vertex - tile.base_vertex;
      for (std::uint32_t i = 0; i + 1 < samples.size(); ++i) {
        const std::uint32_t li = v0 + 2 * i, ri = li + 1, lj = li + 2, rj = li + 3;
        out.indices.insert(out.indices.end(), {ri, rj, lj, ri, lj, li});
      }
      r.vertex_count = static_cast<std::uint32_t>(out.vertices.size()) - r.first_vertex;
      r.indices.count = static_cast<std::uint32_t>(out.indices.size()) - r.indices.first;
    }
    tile.vertex_count = static_cast<std::uint32_t>(out.vertices.size()) - tile.base_vertex;
    tile.indices.count = static_cast<std::uint32_t>(out.indices.size()) - tile.indices.first;
    tile.lo = hi.x < lo.x ? tile.origin : lo;
    tile.hi = hi.x < lo.x ? tile.origin : hi;
    out.tiles.push_back(tile);
  }
  return out;
}

}  // namespace dpt::render
